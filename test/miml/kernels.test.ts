import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { andPopcount, countPairs4, gather, packBits, permuteBits, popcount32 } from '../../src/miml/kernels.js';
import { createRng } from '../../src/index.js';

function naivePop(x: number): number {
  let c = 0;
  for (let b = 0; b < 32; b++) c += (x >>> b) & 1;
  return c;
}

describe('MIML kernels', () => {
  it('popcount32 on the edges', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000000)).toBe(1);
    expect(popcount32(0x55555555)).toBe(16);
  });

  fcTest.prop([fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 80 }), fc.nat(5), fc.nat(5)])(
    'andPopcount equals a bit-by-bit count for any length and offsets (Harley–Seal blocks and tail)',
    (words, offA, offB) => {
      const W = Math.max(0, words.length - Math.max(offA, offB));
      const a = Uint32Array.from(words);
      const b = Uint32Array.from(words.map((v, i) => (v * 2654435761 + i) >>> 0));
      let want = 0;
      for (let w = 0; w < W; w++) want += naivePop(a[offA + w] & b[offB + w]);
      expect(andPopcount(W, a, offA, b, offB)).toBe(want);
    },
  );

  it('andPopcount with every bit set does not overflow a lane', () => {
    const a = new Uint32Array(64).fill(0xffffffff);
    expect(andPopcount(64, a, 0, a, 0)).toBe(64 * 32);
    expect(andPopcount(0, a, 0, a, 0)).toBe(0);
  });

  fcTest.prop([fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 200 }), fc.nat(3)])('packBits packs (optionally permuted) codes, zero-padded, at an offset', (bitsArr, off) => {
    const n = bitsArr.length;
    const codes = Int32Array.from(bitsArr);
    const perm = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const W = (n + 31) >>> 5;
    const out = new Uint32Array(W + off + 1).fill(0xdeadbeef);
    const ones = packBits(n, codes, perm, out, off);
    expect(ones).toBe(bitsArr.reduce((s, v) => s + v, 0));
    for (let i = 0; i < W * 32; i++) {
      const bit = (out[off + (i >>> 5)] >>> (i & 31)) & 1;
      expect(bit).toBe(i < n ? codes[perm[i]] : 0);
    }
    // Words outside [off, off + W) are untouched.
    for (let w = 0; w < off; w++) expect(out[w]).toBe(0xdeadbeef);
    expect(out[W + off]).toBe(0xdeadbeef);
  });

  fcTest.prop([fc.integer({ min: 0, max: 300 }), fc.integer()])('permuteBits equals packing the permuted codes', (n, seed) => {
    const rng = createRng(seed);
    const codes = Int32Array.from({ length: n }, () => rng.int(2));
    const perm = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const W = (n + 31) >>> 5;
    const packed = new Uint32Array(W + 2);
    packBits(n, codes, null, packed, 2);
    const want = new Uint32Array(W);
    packBits(n, codes, perm, want, 0);
    const got = new Uint32Array(W + 1).fill(7);
    permuteBits(n, packed, 2, perm, got, 1);
    expect(Array.from(got.subarray(1))).toEqual(Array.from(want));
    expect(got[0]).toBe(7);
  });

  it('countPairs4 spreads counts over four tables that add up to the joint counts', () => {
    const x = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 0, 1]);
    const y = Int32Array.from([1, 0, 1, 1, 0, 1, 0, 1, 1]);
    const cells = 6;
    const t = new Int32Array(4 * cells);
    countPairs4(x.length, x, y, 2, cells, t);
    const sum = Array.from({ length: cells }, (_, c) => t[c] + t[cells + c] + t[2 * cells + c] + t[3 * cells + c]);
    expect(sum).toEqual([1, 3, 2, 1, 0, 2]);
    const g = new Int32Array(3);
    gather(3, x, Int32Array.from([2, 0, 1]), g);
    expect(Array.from(g)).toEqual([2, 0, 1]);
  });
});
