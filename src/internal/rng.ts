/**
 * A seeded pseudo-random generator (xoshiro128** seeded by SplitMix32). Every source of randomness in infometa
 * goes through one of these; nothing calls `Math.random`.
 */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) without modulo bias; n must be a positive integer ≤ 2³². */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller, polar form). */
  normal(): number;
  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Fisher–Yates shuffle in place over `a[0..n)`; returns `a`. */
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
 * Creates a seeded generator. The same seed always gives the same stream, on every platform.
 *
 * @param seed - any finite number; its integer part modulo 2³² and its high bits are mixed in
 * @param state - optional state from {@link Rng.state} to resume a stream
 * @returns a new {@link Rng}
 * @example
 * ```ts
 * import { createRng } from 'infometa';
 * const rng = createRng(42);
 * console.log(rng.next() < 1); // true
 * ```
 */
export function createRng(seed = 0, state?: readonly number[]): Rng {
  const s = new Uint32Array(4);
  if (state && state.length === 4) {
    for (let i = 0; i < 4; i++) s[i] = state[i] >>> 0;
  } else {
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
  const int = (n: number): number => {
    if (n <= 1) return 0;
    if (n > 4294967296) return Math.floor(next() * n);
    // Lemire-style rejection on 32 bits.
    const limit = 4294967296 - (4294967296 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
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
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    shuffle: (a, n = a.length) => {
      for (let i = n - 1; i > 0; i--) {
        const j = int(i + 1);
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    },
    state: () => [s[0], s[1], s[2], s[3]],
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
