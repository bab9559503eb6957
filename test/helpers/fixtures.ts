// Fixtures are bundled by Vite's import.meta.glob, so the same tests run in Node and in Chromium.
const fixtures = import.meta.glob<unknown>('../fixtures/*.json', { eager: true, import: 'default' });

/** Returns a JSON fixture from test/fixtures (parsed once, shared: don't mutate it). */
export function loadFixture<T>(name: string): T {
  const v = fixtures[`../fixtures/${name}`];
  if (v === undefined) throw new Error(`no fixture test/fixtures/${name}`);
  return v as T;
}

/** |a − b| ≤ tol · max(1, |b|): relative for large values, absolute near 0. */
export function closeRel(a: number, b: number, tol: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

/**
 * Exact sum of doubles (Shewchuk's algorithm, as Python's math.fsum): a list of non-overlapping partials, rounded
 * once at the end.
 */
export function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let total = 0;
  for (let k = partials.length - 1; k >= 0; k--) total += partials[k];
  return total;
}
