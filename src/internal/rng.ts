import { fail, fmt } from './errors.js';

/**
 * A seeded pseudo-random generator (xoshiro128** seeded by SplitMix32). Every source of randomness in infometa
 * goes through one of these; nothing calls `Math.random`.
 */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) without modulo bias (for n ≤ 2³²; above, 53-bit resolution); n an integer in [1, 2⁵³]. */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller, polar form). */
  normal(): number;
  /** Uniform double in [lo, hi) for finite lo < hi (lo itself when lo = hi), even when hi − lo overflows. */
  uniform(lo: number, hi: number): number;
  /** Fisher–Yates shuffle in place over `a[0..n)`, n an integer in [0, a.length] (default a.length); returns `a`. */
  shuffle<T extends Float64Array | Int32Array | Uint32Array | number[]>(a: T, n?: number): T;
  /** The 4-word internal state, for serialization. */
  state(): number[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Validates a seed: an integer-valued finite number (`Number.isInteger`). Returns it, or `dflt` when undefined.
 * Every function that takes a `seed` goes through this, so that `NaN`, `'1'` or `1.5` are errors rather than seed 0.
 */
export function checkSeed(fn: string, name: string, seed: unknown, dflt = 0): number {
  if (seed === undefined) return dflt;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    fail('INVALID_OPTION', fn, `${name} must be an integer (got ${fmt(seed)})`);
  }
  return seed;
}

function checkState(state: unknown): Uint32Array {
  const fn = 'createRng';
  const isArrayLike = Array.isArray(state) || (ArrayBuffer.isView(state) && !(state instanceof DataView));
  const a = state as ArrayLike<unknown>;
  if (!isArrayLike || a.length !== 4) fail('INVALID_ARGUMENT', fn, `state must be the 4 numbers returned by rng.state() (got ${fmt(state)})`);
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      fail('INVALID_ARGUMENT', fn, `state[${i}] must be an integer in [0, 2^32) (got ${fmt(v)})`);
    }
    s[i] = v;
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) fail('INVALID_ARGUMENT', fn, 'state must not be all zeros (xoshiro128** would then only ever return 0)');
  return s;
}

/**
 * Creates a seeded generator. The same seed always gives the same stream, on every platform.
 *
 * @param seed - an integer (any magnitude); its value modulo 2³² and its high bits are mixed in. Default 0.
 * @param state - optional state from {@link Rng.state} to resume a stream (then `seed` is not used)
 * @returns a new {@link Rng}
 * @throws InfometaError `INVALID_OPTION` for a seed that is not an integer (NaN, a string, 1.5);
 *   `INVALID_ARGUMENT` for a state that is not 4 integers in [0, 2³²) or is all zeros. The generator's methods throw
 *   `INVALID_ARGUMENT` for `int(n)` with n not an integer in [1, 2⁵³], `uniform(lo, hi)` with non-finite bounds or
 *   lo > hi, and `shuffle(a, n)` with a that is not an array or n not an integer in [0, a.length].
 * @example
 * ```ts
 * import { createRng } from 'infometa';
 * const rng = createRng(42);
 * console.log(rng.next() < 1); // true
 * ```
 */
export function createRng(seed: number = 0, state?: readonly number[]): Rng {
  checkSeed('createRng', 'seed', seed);
  let s: Uint32Array;
  if (state !== undefined) {
    s = checkState(state);
  } else {
    s = new Uint32Array(4);
    const hi = Math.floor(seed / 4294967296);
    const sm = splitmix32((seed >>> 0) ^ Math.imul(hi | 0, 0x27d4eb2d));
    for (let i = 0; i < 4; i++) s[i] = sm();
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }
  let spare = 0;
  let hasSpare = false;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const next = (): number => {
    const a = nextUint32() >>> 5; // 27 bits
    const b = nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  };
  // Unchecked: n is a positive integer ≤ 2⁵³ (the public int checks it).
  const intUnchecked = (n: number): number => {
    if (n <= 1) return 0;
    if (n > 4294967296) return Math.floor(next() * n);
    return belowUint32(nextUint32, n);
  };
  const int = (n: number): number => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 9007199254740992) {
      fail('INVALID_ARGUMENT', 'Rng.int', `n must be an integer in [1, 2^53] (got ${fmt(n)})`);
    }
    return intUnchecked(n);
  };
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number, v: number, r: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  return {
    next,
    nextUint32,
    int,
    normal,
    uniform: (lo, hi) => {
      if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo <= hi)) {
        fail('INVALID_ARGUMENT', 'Rng.uniform', `lo and hi must be finite with lo ≤ hi (got ${fmt(lo)} and ${fmt(hi)})`);
      }
      const u = next();
      const w = hi - lo;
      // hi − lo overflows for bounds of opposite sign near ±MAX_VALUE: interpolate instead (never leaves [lo, hi]).
      const r = Number.isFinite(w) ? lo + w * u : lo * (1 - u) + hi * u;
      return r < hi || lo === hi ? r : prevBelow(hi, lo);
    },
    shuffle: (a, n) => {
      const fn = 'Rng.shuffle';
      if (!Array.isArray(a) && !(ArrayBuffer.isView(a) && !(a instanceof DataView))) fail('INVALID_ARGUMENT', fn, `a must be an array or a typed array (got ${fmt(a)})`);
      const len = (a as ArrayLike<unknown>).length;
      if (n === undefined) n = len;
      else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > len) {
        fail('INVALID_ARGUMENT', fn, `n must be an integer in [0, a.length = ${len}] (got ${fmt(n)})`);
      }
      fisherYates(a, n, nextUint32);
      return a;
    },
    state: () => [s[0], s[1], s[2], s[3]],
  };
}

const TWO32 = 4294967296;

/**
 * Uniform integer in [0, s) from 32-bit draws, without modulo bias, for an integer s in [2, 2³²]: a draw x is
 * rejected when it falls in the incomplete last block of s values (x − (x mod s) + s > 2³², the same test as
 * x ≥ 2³² − (2³² mod s) with one division instead of two), so each accepted x mod s is equally likely.
 */
function belowUint32(nextUint32: () => number, s: number): number {
  let x = nextUint32();
  let r = x % s;
  while (x - r + s > TWO32) {
    x = nextUint32();
    r = x % s;
  }
  return r;
}

/** Fisher–Yates over a[0..n): position i swaps with a uniform j ≤ i, for i = n − 1 down to 1. Unchecked. */
function fisherYates<T extends Float64Array | Int32Array | Uint32Array | number[]>(a: T, n: number, nextUint32: () => number): void {
  for (let i = n - 1; i > 0; i--) {
    const j = belowUint32(nextUint32, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * The shuffle of {@link Rng.shuffle} (the same draws, so `shuffleInt32(a, n, rng)` and `rng.shuffle(a, n)` leave `a`
 * in the same order) without its argument checks, for the permutation loops that shuffle an index array thousands
 * of times. Requires n ≤ a.length.
 */
export function shuffleInt32(a: Int32Array, n: number, rng: Rng): void {
  fisherYates(a, n, () => rng.nextUint32());
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The largest double below hi that is still ≥ lo (for finite lo < hi). */
function prevBelow(hi: number, lo: number): number {
  const f = new Float64Array([hi]);
  const b = new BigUint64Array(f.buffer);
  if (hi > 0) b[0] -= 1n;
  else if (hi < 0) b[0] += 1n;
  else return -Number.MIN_VALUE >= lo ? -Number.MIN_VALUE : lo;
  return f[0] >= lo ? f[0] : lo;
}
