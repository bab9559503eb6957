import { fail } from '../internal/errors.js';
import type { Rng } from '../internal/rng.js';
import { trialName } from './series.js';
import type { Variable } from './series.js';

/**
 * A history segment: the k samples of variable `v` spaced by `tau`, the latest read at time t + `latest` for the
 * observation at time t (lags latest, latest − tau, …, latest − (k − 1)·tau).
 */
export interface Segment {
  readonly v: number;
  readonly k: number;
  readonly tau: number;
  readonly latest: number;
}

/**
 * A measure as data: the conditional mutual information I(X; Y | Z) between three blocks of embedded history
 * segments (Z may be empty). Transfer entropy, active information storage and predictive information are all of this
 * form; the entropy rate is H(Y | Z) over the same blocks with X empty.
 */
export interface Spec {
  readonly x: readonly Segment[];
  readonly y: readonly Segment[];
  readonly z: readonly Segment[];
}

/** Where the observations of each trial sit: trial r contributes `counts[r]` rows, t = tMin … tMin + counts[r] − 1. */
export interface Rows {
  /** Total number of observations (rows) over all trials. */
  readonly n: number;
  /** The first time index t with every column defined. */
  readonly tMin: number;
  /** Rows of each trial. */
  readonly counts: Int32Array;
}

/** Number of columns of a block. */
export function width(block: readonly Segment[]): number {
  let m = 0;
  for (const g of block) m += g.k;
  return m;
}

/**
 * Lays out the observation rows of every trial for the spec, or throws when a trial is too short to hold one
 * embedded observation (naming the trial, the embedding and the length it needs).
 */
export function layoutRows(fn: string, vars: readonly Variable[], spec: Spec, embedding: string): Rows {
  let tMin = 0;
  let maxLag = 0;
  for (const g of [...spec.x, ...spec.y, ...spec.z]) {
    const oldest = g.latest - (g.k - 1) * g.tau;
    if (-oldest > tMin) tMin = -oldest;
    if (g.latest > maxLag) maxLag = g.latest;
  }
  const need = tMin + maxLag + 1;
  const v0 = vars[0];
  const counts = new Int32Array(v0.trials.length);
  let n = 0;
  for (let r = 0; r < counts.length; r++) {
    const len = v0.trials[r].length;
    if (len < need) {
      const names = vars.length > 1 ? `${trialName(v0, r)} (and its partners)` : trialName(v0, r);
      fail('INVALID_ARGUMENT', fn, `${names} is too short for the embedding (${embedding}): it needs at least ${need} samples (got ${len})`);
    }
    counts[r] = len - need + 1;
    n += counts[r];
  }
  return { n, tMin, counts };
}

/**
 * The block's columns (n × width, row-major) over all rows, read from the variables' samples (per variable, per
 * trial); a segment's columns are its samples from the latest back.
 */
export function embedBlock(vars: readonly (readonly ArrayLike<number>[])[], block: readonly Segment[], rows: Rows): Float64Array {
  const m = width(block);
  const out = new Float64Array(rows.n * m);
  let row = 0;
  for (let r = 0; r < rows.counts.length; r++) {
    const cnt = rows.counts[r];
    let c = 0;
    for (const g of block) {
      const src = vars[g.v][r];
      for (let j = 0; j < g.k; j++, c++) {
        const off = rows.tMin + g.latest - j * g.tau;
        let o = row * m + c;
        for (let i = 0; i < cnt; i++, o += m) out[o] = src[off + i];
      }
    }
    row += cnt;
  }
  return out;
}

/** Trial index and time index (t + 1: the time of the predicted sample) of every row. */
export function rowTimes(rows: Rows): { trial: Int32Array; time: Int32Array } {
  const trial = new Int32Array(rows.n);
  const time = new Int32Array(rows.n);
  let row = 0;
  for (let r = 0; r < rows.counts.length; r++) {
    for (let i = 0; i < rows.counts[r]; i++, row++) {
      trial[row] = r;
      time[row] = rows.tMin + i + 1;
    }
  }
  return { trial, time };
}

/**
 * Standardises each column of a row-major n × m block in place as JIDT does (its default `NORMALISE`): subtract the
 * column mean, divide by the sample standard deviation (divisor n − 1); a constant column is only centred.
 */
export function standardizeColumns(block: Float64Array, n: number, m: number): void {
  for (let c = 0; c < m; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += block[i * m + c];
    const mean = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = block[i * m + c] - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / (n - 1));
    const scale = sd > 0 && Number.isFinite(1 / sd);
    for (let i = 0; i < n; i++) {
      const d = block[i * m + c] - mean;
      block[i * m + c] = scale ? d / sd : d;
    }
  }
}

/**
 * Copies of one variable's trials with tie-breaking noise `level · sd · N(0, 1)` added to every sample, sd being the
 * variable's population standard deviation over all its trials (a constant variable gets none). Noise is drawn trial
 * by trial from `rng`, so results depend only on the seed. The samples must be of moderate magnitude (the caller
 * rescales extreme ones) so that the squares cannot overflow.
 */
export function noisyCopies(trials: readonly ArrayLike<number>[], level: number, rng: Rng): Float64Array[] {
  let n = 0;
  let s = 0;
  for (const a of trials) for (let i = 0; i < a.length; i++, n++) s += a[i];
  const mean = s / n;
  let ss = 0;
  for (const a of trials) {
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - mean;
      ss += d * d;
    }
  }
  const amp = level * Math.sqrt(ss / n);
  return trials.map((a) => {
    const out = Float64Array.from(a);
    if (amp > 0) for (let i = 0; i < out.length; i++) out[i] += amp * rng.normal();
    return out;
  });
}
