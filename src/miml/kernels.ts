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
 * Packs N bits taken from a packed bit set through a permutation: bit i of `out[offOut …]` is bit perm[i] of
 * `bits[offBits …]`. Words past the last sample are zero. `out` must hold ⌈N/32⌉ words from `offOut`.
 *
 * @returns nothing; N ≤ 0 writes nothing
 */
export function permuteBits(N: number, bits: Uint32Array, offBits: number, perm: Int32Array, out: Uint32Array, offOut: number): void {
  const W = (N + 31) >>> 5;
  for (let w = 0; w < W; w++) {
    const start = w << 5;
    const end = Math.min(32, N - start);
    let word = 0;
    for (let b = 0; b < end; b++) {
      const p = perm[start + b];
      word |= ((bits[offBits + (p >>> 5)] >>> (p & 31)) & 1) << b;
    }
    out[offOut + w] = word;
  }
}

/**
 * popcount(a & b) over W words: a from `bits[offA …]`, b from `other[offB …]`. Blocks of eight words go through a
 * Harley–Seal carry-save adder tree (ones, twos, fours, eights), so only one word in eight is popcounted; the tail is
 * popcounted word by word.
 *
 * @returns the number of positions where both bit sets are 1; 0 for W ≤ 0
 */
export function andPopcount(W: number, bits: Uint32Array, offA: number, other: Uint32Array, offB: number): number {
  let eightsTotal = 0;
  let ones = 0;
  let twos = 0;
  let fours = 0;
  let w = 0;
  for (; w + 8 <= W; w += 8) {
    const a = offA + w;
    const b = offB + w;
    // Carry-save adder: (high, low) = x + y + z bitwise, as (x & y) | (u & z) and u ^ z with u = x ^ y.
    let x = bits[a] & other[b];
    let y = bits[a + 1] & other[b + 1];
    let u = ones ^ x;
    const twosA = (ones & x) | (u & y);
    ones = u ^ y;
    x = bits[a + 2] & other[b + 2];
    y = bits[a + 3] & other[b + 3];
    u = ones ^ x;
    const twosB = (ones & x) | (u & y);
    ones = u ^ y;
    u = twos ^ twosA;
    const foursA = (twos & twosA) | (u & twosB);
    twos = u ^ twosB;
    x = bits[a + 4] & other[b + 4];
    y = bits[a + 5] & other[b + 5];
    u = ones ^ x;
    const twosC = (ones & x) | (u & y);
    ones = u ^ y;
    x = bits[a + 6] & other[b + 6];
    y = bits[a + 7] & other[b + 7];
    u = ones ^ x;
    const twosD = (ones & x) | (u & y);
    ones = u ^ y;
    u = twos ^ twosC;
    const foursB = (twos & twosC) | (u & twosD);
    twos = u ^ twosD;
    u = fours ^ foursA;
    const eights = (fours & foursA) | (u & foursB);
    fours = u ^ foursB;
    eightsTotal += popcount32(eights);
  }
  let total = 8 * eightsTotal + 4 * popcount32(fours) + 2 * popcount32(twos) + popcount32(ones);
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
