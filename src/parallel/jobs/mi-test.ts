// The permutations of a mutual-information test, chunk by chunk: each chunk starts from the identity permutation and
// draws its own shuffles from its own seed, so its statistics depend on the chunk alone. The statistic of each
// estimator is the one the synchronous `mutualInformationTest` computes on a permuted sample.
import { createRng } from '../../internal/rng.js';
import { dmiCodes, dmiCounts } from '../../kernels/contingency.js';
import { argsortF64 } from '../../estimators/kdtree.js';
import { ksgCore } from '../../estimators/ksg.js';
import { mixedCore } from '../../estimators/mixed.js';
import { TableSampler, shuffleInt32 } from '../../estimators/permutation.js';
import type { Job } from '../protocol.js';

/** What every worker needs for one test: the prepared sample (noise already added) and the estimator's settings. */
export type MiTestShared =
  | { kind: 'ksg'; data: Float64Array; n: number; dx: number; d: number; k: number; alg: 1 | 2; clip: boolean; lb: number; constant: boolean }
  | { kind: 'mixed'; codes: Int32Array; kc: number; data: Float64Array; n: number; cols: number; k: number; clip: boolean; lb: number; constant: boolean }
  | { kind: 'plugin'; x: Int32Array; kx: number; y: Int32Array; ky: number; n: number; lb: number };

/** One chunk: `count` permutations from stream `seed`; or (`observed`) the statistic on the data as given. */
export interface MiTestChunk {
  seed: number;
  count: number;
  observed?: boolean;
}

interface State {
  /** The statistic on the data as given. */
  observed(): number;
  /** Resets the chunk's permutation to the identity. */
  reset(): void;
  /** Draws the next permutation from `rng` and returns the statistic on it. */
  next(rng: ReturnType<typeof createRng>): number;
}

function ksgState(s: Extract<MiTestShared, { kind: 'ksg' }>): State {
  const { data: src, n, dx, d, k, alg, clip, lb, constant } = s;
  const stat = (v: number): number => (clip && v < 0 ? 0 : v) / lb;
  const buf = new Float64Array(n * d);
  const perm = new Int32Array(n);
  // Two scalars: x's order never changes and y's order is perm⁻¹ applied to it (as in the synchronous test).
  const two = d === 2 && !constant;
  const ox = two ? argsortF64(src, n, 2, 0) : null;
  const oy = two ? argsortF64(src, n, 2, 1) : null;
  const inv = new Int32Array(two ? n : 0);
  const py = new Int32Array(two ? n : 0);
  return {
    observed: () => (constant ? 0 : stat(ksgCore(src, n, dx, d - dx, k, alg))),
    reset: () => {
      for (let i = 0; i < n; i++) perm[i] = i;
    },
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

function mixedState(s: Extract<MiTestShared, { kind: 'mixed' }>): State {
  const { codes, kc, data, n, cols, k, clip, lb, constant } = s;
  const perm = new Int32Array(n);
  const permCodes = new Int32Array(n);
  const stat = (c: Int32Array): number => {
    if (constant) return 0;
    const v = mixedCore(c, kc, data, n, cols, k);
    return (clip && v < 0 ? 0 : v) / lb;
  };
  return {
    observed: () => stat(codes),
    reset: () => {
      for (let i = 0; i < n; i++) perm[i] = i;
    },
    next: (rng) => {
      shuffleInt32(perm, n, rng);
      for (let i = 0; i < n; i++) permCodes[i] = codes[perm[i]];
      return stat(permCodes);
    },
  };
}

function pluginState(s: Extract<MiTestShared, { kind: 'plugin' }>): State {
  const { x, kx, y, ky, n, lb } = s;
  const cells = kx * ky;
  const counts = new Float64Array(cells);
  const rows = new Float64Array(kx);
  const cols = new Float64Array(ky);
  const py = y.slice();
  const observed = Math.max(0, dmiCodes(n, x, kx, y, ky, counts, rows, cols)) / lb;
  // Few categories: draw the permuted table itself (Patefield), as the synchronous test does.
  const sampler = cells * 16 <= n ? new TableSampler(kx, ky, rows, cols, n) : null;
  return {
    observed: () => observed,
    reset: () => py.set(y),
    next: (rng) => {
      if (sampler !== null) {
        sampler.sample(rng, counts);
        return Math.max(0, dmiCounts(kx, ky, counts, rows, cols, n)) / lb;
      }
      shuffleInt32(py, n, rng);
      return Math.max(0, dmiCodes(n, x, kx, py, ky, counts, rows, cols)) / lb;
    },
  };
}

/** The job: each chunk returns its statistics, in order (one value for `observed`). */
export const miTestJob: Job<MiTestShared, MiTestChunk, Float64Array, State> = {
  prepare: (s) => (s.kind === 'ksg' ? ksgState(s) : s.kind === 'mixed' ? mixedState(s) : pluginState(s)),
  run: (state, chunk) => {
    if (chunk.observed === true) return Float64Array.of(state.observed());
    const out = new Float64Array(chunk.count);
    const rng = createRng(chunk.seed);
    state.reset();
    for (let r = 0; r < chunk.count; r++) out[r] = state.next(rng);
    return out;
  },
};
