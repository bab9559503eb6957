// The permutations of a mutual-information test, estimator by estimator, for one chunk at a time: the one place
// that says how a permuted statistic is computed, run in order by the synchronous `mutualInformationTest` and on the
// pool's workers by `mutualInformationTestAsync`. A chunk starts from the data as given and draws its shuffles from
// its own stream, so its statistics depend on the chunk alone.
import { argsortF64 } from '../internal/argsort.js';
import { createRng, shuffleInt32 } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { dmiCodes, dmiCounts } from '../kernels/contingency.js';
import { ksgCore } from './ksg.js';
import { mixedCore } from './mixed.js';
import { TableSampler } from './table-sampler.js';

/**
 * A prepared test: the sample (noise already added, labels factorized) and the estimator's settings. Plain data,
 * so it can be sent to a worker.
 */
export type MiTestShared =
  | { kind: 'ksg'; data: Float64Array; n: number; dx: number; d: number; k: number; alg: 1 | 2; clip: boolean; lb: number; constant: boolean }
  | { kind: 'mixed'; codes: Int32Array; kc: number; data: Float64Array; n: number; cols: number; k: number; clip: boolean; lb: number; constant: boolean }
  | { kind: 'plugin'; x: Int32Array; kx: number; y: Int32Array; ky: number; n: number; lb: number };

/** The buffers of a prepared test, reused from permutation to permutation (nothing is allocated per permutation). */
export interface MiTestState {
  /** The statistic on the data as given. */
  observed(): number;
  /** Starts a chunk: back to the data as given, shuffles drawn from a new stream seeded by `seed`. */
  start(seed: number): void;
  /** Draws the chunk's next permutation and returns the statistic on it. */
  next(): number;
}

/** Allocates the buffers of a prepared test. */
export function miTestState(s: MiTestShared): MiTestState {
  const chunk = { rng: createRng(0) };
  const inner = s.kind === 'ksg' ? ksgState(s) : s.kind === 'mixed' ? mixedState(s) : pluginState(s);
  return {
    observed: inner.observed,
    start: (seed) => {
      chunk.rng = createRng(seed);
      inner.reset();
    },
    next: () => inner.next(chunk.rng),
  };
}

interface Inner {
  observed(): number;
  reset(): void;
  next(rng: Rng): number;
}

/** A chunk's permutation of 0 … n − 1, starting from the identity. */
function identity(n: number): { perm: Int32Array; reset(): void } {
  const perm = new Int32Array(n);
  return {
    perm,
    reset: () => {
      for (let i = 0; i < n; i++) perm[i] = i;
    },
  };
}

function ksgState(s: Extract<MiTestShared, { kind: 'ksg' }>): Inner {
  const { data: src, n, dx, d, k, alg, clip, lb, constant } = s;
  const stat = (v: number): number => (clip && v < 0 ? 0 : v) / lb;
  const buf = new Float64Array(n * d);
  const { perm, reset } = identity(n);
  // Two scalars: sort x and y once. Row i of a permuted sample is (x_i, y_perm[i]), so its x order is unchanged and
  // its y order is perm⁻¹ applied to y's order: no sorting per permutation.
  const two = d === 2 && !constant;
  const ox = two ? argsortF64(src, n, 2, 0) : null;
  const oy = two ? argsortF64(src, n, 2, 1) : null;
  const inv = new Int32Array(two ? n : 0);
  const py = new Int32Array(two ? n : 0);
  return {
    observed: () => (constant ? 0 : stat(ksgCore(src, n, dx, d - dx, k, alg))),
    reset,
    next: (rng) => {
      shuffleInt32(perm, n, rng);
      if (constant) return 0;
      for (let i = 0; i < n; i++) {
        const a = i * d;
        const b = perm[i] * d;
        for (let j = 0; j < dx; j++) buf[a + j] = src[a + j];
        for (let j = dx; j < d; j++) buf[a + j] = src[b + j];
      }
      if (ox === null || oy === null) return stat(ksgCore(buf, n, dx, d - dx, k, alg));
      for (let i = 0; i < n; i++) inv[perm[i]] = i;
      for (let t = 0; t < n; t++) py[t] = inv[oy[t]];
      return stat(ksgCore(buf, n, 1, 1, k, alg, [ox, py]));
    },
  };
}

function mixedState(s: Extract<MiTestShared, { kind: 'mixed' }>): Inner {
  const { codes, kc, data, n, cols, k, clip, lb, constant } = s;
  const { perm, reset } = identity(n);
  const permCodes = new Int32Array(n);
  const stat = (c: Int32Array): number => {
    if (constant) return 0;
    const v = mixedCore(c, kc, data, n, cols, k);
    return (clip && v < 0 ? 0 : v) / lb;
  };
  return {
    observed: () => stat(codes),
    reset,
    next: (rng) => {
      shuffleInt32(perm, n, rng);
      for (let i = 0; i < n; i++) permCodes[i] = codes[perm[i]];
      return stat(permCodes);
    },
  };
}

function pluginState(s: Extract<MiTestShared, { kind: 'plugin' }>): Inner {
  const { x, kx, y, ky, n, lb } = s;
  const py = y.slice();
  const reset = (): void => py.set(y);
  const cells = kx * ky;
  if (cells > 1 << 24) return sparsePluginState(s, py, reset);
  const counts = new Float64Array(cells);
  const rows = new Float64Array(kx);
  const cols = new Float64Array(ky);
  const observed = Math.max(0, dmiCodes(n, x, kx, y, ky, counts, rows, cols)) / lb;
  // Few categories: under a random permutation the contingency table follows the multivariate hypergeometric law
  // given its margins, so draw the table itself (Patefield 1981) in O(kx·ky·√n) instead of shuffling N codes.
  const sampler = cells * 16 <= n ? new TableSampler(kx, ky, rows, cols, n) : null;
  return {
    observed: () => observed,
    reset,
    next: (rng) => {
      if (sampler !== null) {
        sampler.sample(rng, counts);
        return Math.max(0, dmiCounts(kx, ky, counts, rows, cols, n)) / lb;
      }
      // Otherwise shuffle the codes themselves, cumulatively: a uniform random permutation every time.
      shuffleInt32(py, n, rng);
      return Math.max(0, dmiCodes(n, x, kx, py, ky, counts, rows, cols)) / lb;
    },
  };
}

/** Very many categories (kx·ky > 2²⁴): sparse counting by sorting cell keys, in reused buffers. */
function sparsePluginState(s: Extract<MiTestShared, { kind: 'plugin' }>, py: Int32Array, reset: () => void): Inner {
  const { x, kx, ky, n, lb } = s;
  const keys = new Float64Array(n);
  const rowSums = new Float64Array(kx);
  const colSums = new Float64Array(ky);
  for (let i = 0; i < n; i++) {
    rowSums[x[i]]++;
    colSums[py[i]]++;
  }
  const stat = (y: Int32Array): number => {
    for (let i = 0; i < n; i++) keys[i] = x[i] * ky + y[i];
    keys.sort();
    let v = 0;
    let i = 0;
    while (i < n) {
      const key = keys[i];
      let j = i + 1;
      while (j < n && keys[j] === key) j++;
      const c = j - i;
      const a = Math.floor(key / ky);
      const b = key - a * ky;
      v += c * Math.log((c * n) / (rowSums[a] * colSums[b]));
      i = j;
    }
    return Math.max(0, v / n) / lb;
  };
  const observed = stat(s.y);
  return {
    observed: () => observed,
    reset,
    next: (rng) => {
      shuffleInt32(py, n, rng);
      return stat(py);
    },
  };
}
