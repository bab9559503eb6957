// Loops of the MIML layer: bit packing, popcounts and pair counting over codes. No allocation, no validation,
// no throwing; the callers own every buffer.

/**
 * Number of set bits of a 32-bit integer (SWAR: pairs, nibbles, then one multiply to add the bytes).
 *
 * @returns the population count in [0, 32]
 */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Packs the N binary codes `codes[perm[i]]` (or `codes[i]` when `perm` is null) into `out[offset …]`, bit i of the
 * result being 1 when the code is 1. Words past the last sample are zero. `out` must hold ⌈N/32⌉ words from
 * `offset`.
 *
 * @returns the number of ones packed; 0 for N ≤ 0
 */
export function packBits(N: number, codes: Int32Array, perm: Int32Array | null, out: Uint32Array, offset: number): number {
  const W = (N + 31) >>> 5;
  let ones = 0;
  for (let w = 0; w < W; w++) {
    const start = w << 5;
    const end = Math.min(32, N - start);
    let word = 0;
    if (perm === null) {
      for (let b = 0; b < end; b++) word |= (codes[start + b] & 1) << b;
    } else {
      for (let b = 0; b < end; b++) word |= (codes[perm[start + b]] & 1) << b;
    }
    out[offset + w] = word;
    ones += popcount32(word);
  }
  return ones;
}

/**
 * popcount(a & b) over W words: a from `bits[offA …]`, b from `other[offB …]`. Popcounts are summed in the byte
 * lanes of eight words before one horizontal add, which keeps the loop at a few operations per word.
 *
 * @returns the number of positions where both bit sets are 1; 0 for W ≤ 0
 */
export function andPopcount(W: number, bits: Uint32Array, offA: number, other: Uint32Array, offB: number): number {
  let total = 0;
  let w = 0;
  // After the nibble step each byte lane holds ≤ 8, so eight words sum to ≤ 64 per byte; the horizontal add is done
  // in 16-bit lanes (a multiply would overflow at 256 when all 256 bits are set).
  for (; w + 8 <= W; w += 8) {
    let acc = 0;
    for (let u = 0; u < 8; u++) {
      let x = bits[offA + w + u] & other[offB + w + u];
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      acc += (x + (x >>> 4)) & 0x0f0f0f0f;
    }
    acc = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
    total += (acc & 0xffff) + (acc >>> 16);
  }
  for (; w < W; w++) total += popcount32(bits[offA + w] & other[offB + w]);
  return total;
}

/**
 * Counts the N paired codes into four interleaved dense row-major integer tables of `cells` entries each (sample i
 * goes to table i mod 4 at `x[i]·ky + y[i]`), so that consecutive increments of the same cell do not wait on each
 * other; the caller adds the four tables. `counts` must hold 4·cells entries and is not cleared first.
 *
 * @returns nothing; N ≤ 0 leaves the tables as they are
 */
export function countPairs4(N: number, x: Int32Array, y: Int32Array, ky: number, cells: number, counts: Int32Array): void {
  const c2 = 2 * cells;
  const c3 = 3 * cells;
  let i = 0;
  for (; i + 4 <= N; i += 4) {
    counts[x[i] * ky + y[i]]++;
    counts[cells + x[i + 1] * ky + y[i + 1]]++;
    counts[c2 + x[i + 2] * ky + y[i + 2]]++;
    counts[c3 + x[i + 3] * ky + y[i + 3]]++;
  }
  for (; i < N; i++) counts[x[i] * ky + y[i]]++;
}

/**
 * Writes `out[i] = codes[perm[i]]` for i < N.
 *
 * @returns nothing; N ≤ 0 writes nothing
 */
export function gather(N: number, codes: Int32Array, perm: Int32Array, out: Int32Array): void {
  for (let i = 0; i < N; i++) out[i] = codes[perm[i]];
}
