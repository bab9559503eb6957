/**
 * "Did you mean …?" for names a user typed: the closest candidate by edit distance (Levenshtein: insertions,
 * deletions, substitutions), compared case-insensitively. Kept small: it ships with every function that takes
 * options. (A swap of two adjacent letters counts two edits; the threshold below still admits it in any name.)
 */

/** Levenshtein distance between a and b, one row of the table at a time. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    let diag = row[0]++;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(up + 1, row[j - 1] + 1, diag + (a[i] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
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
