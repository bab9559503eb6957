import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng, InfometaError } from '../../src/index.js';
import { checkSeed, shuffleInt32 } from '../../src/internal/rng.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

describe('createRng validates its seed and state (issue 13, item 3)', () => {
  it('rejects seeds that are not integers instead of treating them as seed 0', () => {
    expect(errorCodeAndMessage(() => createRng(NaN))).toBe('INVALID_OPTION: createRng: seed must be an integer (got NaN)');
    expect(errorCodeAndMessage(() => createRng('7' as unknown as number))).toBe('INVALID_OPTION: createRng: seed must be an integer (got "7")');
    expect(errorCodeAndMessage(() => createRng(1.5))).toBe('INVALID_OPTION: createRng: seed must be an integer (got 1.5)');
    expect(errorCodeAndMessage(() => createRng(Infinity))).toBe('INVALID_OPTION: createRng: seed must be an integer (got Infinity)');
    expect(errorCodeAndMessage(() => createRng(3n as unknown as number))).toMatch(/^INVALID_OPTION: createRng: seed must be an integer \(got 3n/);
  });
  it('accepts any integer, negative and beyond 2^53 included, and keeps the stream of every seed it accepted before', () => {
    expect(createRng(-1).next()).not.toBe(createRng(0).next());
    expect(createRng(2 ** 60).next()).toBeGreaterThanOrEqual(0);
    // The default seed is 0.
    expect(createRng().next()).toBe(createRng(0).next());
  });
  it('rejects a state that is not 4 unsigned 32-bit integers, and the all-zero state that made normal() loop forever', () => {
    expect(errorCodeAndMessage(() => createRng(0, [0, 0, 0, 0]))).toMatch(/^INVALID_ARGUMENT: createRng: state must not be all zeros/);
    expect(errorCodeAndMessage(() => createRng(0, [1, 2, 3]))).toMatch(/^INVALID_ARGUMENT: createRng: state must be the 4 numbers returned by rng\.state\(\)/);
    expect(errorCodeAndMessage(() => createRng(0, [1, 2, 3, 2 ** 32]))).toBe('INVALID_ARGUMENT: createRng: state[3] must be an integer in [0, 2^32) (got 4294967296)');
    expect(errorCodeAndMessage(() => createRng(0, [1, -1, 3, 4]))).toBe('INVALID_ARGUMENT: createRng: state[1] must be an integer in [0, 2^32) (got -1)');
  });
  it('resumes a stream from its state', () => {
    const a = createRng(9);
    a.next();
    const b = createRng(0, a.state());
    expect(b.next()).toBe(a.next());
    expect(b.normal()).toBe(a.normal());
  });
  it('checkSeed applies the default and names the function and the option', () => {
    expect(checkSeed('f', 'seed', undefined, 4)).toBe(4);
    expect(() => checkSeed('f', 'options.seed', -0.5)).toThrow(new InfometaError('INVALID_OPTION', 'f: options.seed must be an integer (got -0.5)'));
  });
});

describe('Rng methods validate their arguments (issue 13, item 3)', () => {
  const rng = createRng(1);
  it('int(n) needs an integer n in [1, 2^53]', () => {
    for (const n of [1.5, NaN, -1, 0, 2 ** 53 + 2, Infinity]) {
      expect(errorCodeAndMessage(() => rng.int(n))).toMatch(/^INVALID_ARGUMENT: Rng\.int: n must be an integer in \[1, 2\^53\]/);
    }
    expect(rng.int(1)).toBe(0);
  });
  it('a failed call leaves the stream where it was', () => {
    const a = createRng(5);
    const b = createRng(5);
    expect(() => a.int(1.5)).toThrow(InfometaError);
    expect(() => a.uniform(1, 0)).toThrow(InfometaError);
    expect(() => a.shuffle([1, 2], 9)).toThrow(InfometaError);
    expect(a.next()).toBe(b.next());
  });
  it('uniform(lo, hi) needs finite lo ≤ hi, and stays in [lo, hi) even when hi − lo overflows', () => {
    expect(errorCodeAndMessage(() => rng.uniform(1, 0))).toBe('INVALID_ARGUMENT: Rng.uniform: lo and hi must be finite with lo ≤ hi (got 1 and 0)');
    expect(errorCodeAndMessage(() => rng.uniform(0, Infinity))).toMatch(/^INVALID_ARGUMENT: Rng\.uniform/);
    expect(rng.uniform(2, 2)).toBe(2);
    for (let i = 0; i < 1000; i++) {
      const v = rng.uniform(-1.7e308, 1.7e308);
      expect(Number.isFinite(v) && v >= -1.7e308 && v < 1.7e308).toBe(true);
    }
  });
  fcTest.prop([fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })])('uniform never leaves [lo, hi)', (a, b) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const v = createRng(3).uniform(lo, hi);
    expect(lo === hi ? v === lo : v >= lo && v < hi).toBe(true);
  });
  it('shuffle(a, n) needs an array and n in [0, a.length]; it never grows the array with holes', () => {
    const a = [1, 2, 3];
    expect(errorCodeAndMessage(() => rng.shuffle(a, 10))).toBe('INVALID_ARGUMENT: Rng.shuffle: n must be an integer in [0, a.length = 3] (got 10)');
    expect(a).toEqual([1, 2, 3]);
    expect(errorCodeAndMessage(() => rng.shuffle('abc' as unknown as number[]))).toMatch(/^INVALID_ARGUMENT: Rng\.shuffle: a must be an array or a typed array/);
    expect(rng.shuffle(a, 0)).toEqual([1, 2, 3]);
    expect([...rng.shuffle(Int32Array.of(1, 2, 3, 4))].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('one shuffle', () => {
  it('shuffleInt32 draws what Rng.shuffle draws, and Rng.int keeps its stream (one division per draw)', () => {
    for (const n of [0, 1, 2, 7, 1000]) {
      const a = Int32Array.from({ length: n }, (_, i) => i);
      shuffleInt32(a, n, createRng(n + 3));
      expect([...a]).toEqual([...createRng(n + 3).shuffle(Int32Array.from({ length: n }, (_, i) => i))]);
    }
    // The former rejection test, x ≥ 2³² − (2³² mod s), against Rng.int's x − (x mod s) + s > 2³².
    const src = createRng(99);
    const ref = createRng(99);
    for (const s of [2, 3, 5, 1000, 2 ** 31 + 1, 3 * 2 ** 30, 2 ** 32 - 1, 2 ** 32]) {
      for (let t = 0; t < 200; t++) {
        const limit = 4294967296 - (4294967296 % s);
        let x = ref.nextUint32();
        while (x >= limit) x = ref.nextUint32();
        expect(src.int(s)).toBe(x % s);
      }
    }
  });
});
