/**
 * "Did you mean …?" for names a user typed: the closest candidate by optimal-string-alignment distance (edits,
 * with a swap of two adjacent letters counting as one), compared case-insensitively. Kept small: it ships with every
 * function that takes options.
 */

/** Optimal-string-alignment distance between a and b (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([i]);
    for (let j = 1; j <= b.length; j++) {
      d[i][j] =
        i === 0
          ? j
          : Math.min(
              d[i - 1][j] + 1,
              d[i][j - 1] + 1,
              d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
              i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? d[i - 2][j - 2] + 1 : Infinity,
            );
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `name`, or undefined when none is close: within max(2, ⌊length/3⌋) edits, ignoring
 * case. Ties go to the earlier candidate.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
