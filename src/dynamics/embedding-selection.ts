import { fail } from '../internal/errors.js';
import { checkChoice, checkInteger, optionNames } from '../internal/validate.js';
import { Acc } from '../estimators/common.js';
import { KdTree } from '../estimators/kdtree.js';
import { embedBlock, layoutRows, standardizeColumns } from './embedding.js';
import { parseSetup } from './options.js';
import type { DynamicsOptions } from './options.js';
import { Pool, prepareMeasure } from './prepare.js';
import { toVariable } from './series.js';
import type { SeriesInput } from './series.js';
import { aisSpec } from './storage.js';

/** Options of {@link selectEmbedding}. */
export interface EmbeddingSelectionOptions extends DynamicsOptions {
  /**
   * `'ais'` (default): the (k, tau) that maximises the bias-corrected active information storage (JIDT's
   * `MAX_CORR_AIS`); `'ragwitz'`: the (k, tau) whose embedding best predicts the next value from its `neighbours`
   * nearest past states (Ragwitz & Kantz 2002, JIDT's `RAGWITZ`).
   */
  method?: 'ais' | 'ragwitz';
  /** Estimator of the AIS for `'ais'`: `'ksg'` (default), `'discrete'` or `'gaussian'`. */
  estimator?: 'ksg' | 'discrete' | 'gaussian';
  /** Largest history length tried, k = 1 … kMax (default 5). */
  kMax?: number;
  /** Largest spacing tried, tau = 1 … tauMax (default 1); tau is irrelevant for k = 1 and only tau = 1 is tried. */
  tauMax?: number;
}

const SELECTION_OPTIONS = optionNames<EmbeddingSelectionOptions>()(
  'method',
  'estimator',
  'kMax',
  'tauMax',
  'neighbours',
  'algorithm',
  'noise',
  'seed',
  'normalize',
  'base',
);

/** One candidate embedding and its score. */
export interface EmbeddingCandidate {
  /** History length. */
  k: number;
  /** Spacing. */
  tau: number;
  /**
   * `'ais'`: the bias-corrected AIS (nats unless `base` says otherwise); `'ragwitz'`: the mean squared prediction
   * error of the (standardised, unless `normalize: false`) next value.
   */
  score: number;
}

/** Result of {@link selectEmbedding}. */
export interface EmbeddingSelection {
  /** The chosen history length. */
  k: number;
  /** The chosen spacing. */
  tau: number;
  /** The chosen candidate's score. */
  score: number;
  /** Every candidate tried, in the order tried. */
  candidates: EmbeddingCandidate[];
  /** The criterion used. */
  method: 'ais' | 'ragwitz';
}

/** Ragwitz's criterion: mean squared error of predicting x[t+1] by the mean of its K nearest past states' successors. */
function ragwitz(pool: Pool, k: number, tau: number, K: number, normalize: boolean): number {
  const fn = pool.setup.fn;
  const spec = aisSpec(k, tau);
  const rows = layoutRows(fn, pool.vars, spec, `k = ${k}, tau = ${tau}`);
  const n = rows.n;
  if (K >= n) fail('INVALID_OPTION', fn, `neighbours must be less than the number of embedded samples (got neighbours = ${K} with ${n} samples at k = ${k}, tau = ${tau})`);
  const series = pool.allSeries();
  const past = embedBlock(series, spec.x, rows);
  const next = embedBlock(series, spec.y, rows);
  if (normalize) {
    standardizeColumns(past, n, k);
    standardizeColumns(next, n, 1);
  }
  const tree = new KdTree(past, n, k);
  const dist = new Float64Array(K);
  const pos = new Int32Array(K);
  const acc = new Acc();
  for (let p = 0; p < n; p++) {
    tree.knnSelf(p, K, dist, pos);
    let s = 0;
    for (let t = 0; t < K; t++) s += next[tree.idx[pos[t]]];
    const e = next[tree.idx[p]] - s / K;
    acc.add(e * e);
  }
  return acc.value / n;
}

/**
 * Chooses the history length k and spacing tau of a series' embedding, by maximising its bias-corrected active
 * information storage (`method: 'ais'`, default) or by Ragwitz's criterion (`'ragwitz'`: the embedding whose
 * `neighbours` nearest past states best predict the next value, in mean squared error), trying k = 1 … kMax and
 * tau = 1 … tauMax. The KSG AIS needs no correction (its bias is already small and symmetric); the discrete and
 * Gaussian AIS subtract their expected value under independence, df / (2n) nats with df = (A^k − 1)(A − 1) states for
 * an alphabet of A symbols, df = k for the Gaussian. The same criteria as JIDT's `AUTO_EMBED_METHOD`
 * (`MAX_CORR_AIS`, `RAGWITZ`), with the same choices on the reference series of the tests.
 *
 * Use the result as the target's `k`, `kTau` (and the source's `l`, `lTau`) of {@link transferEntropy}.
 *
 * Units: AIS scores in nats unless `base` says otherwise. Cost: kMax · tauMax AIS estimates (or kNN searches).
 *
 * @param series - the series, or a list of trials
 * @param options - `method`, `estimator` (for `'ais'`), `kMax` (default 5), `tauMax` (default 1), `neighbours`,
 *   `algorithm`, `noise`, `seed`, `normalize`, `base`
 * @returns `{ k, tau, score, candidates, method }`; a score is Infinity when the Gaussian AIS finds the next value an
 *   exact linear function of the past
 * @throws InfometaError as {@link activeInformationStorage}; `INVALID_OPTION` for kMax or tauMax not an integer
 *   ≥ 1, an unknown method; `INVALID_ARGUMENT` when the series is too short for the largest embedding tried
 * @example
 * ```ts
 * import { selectEmbedding, createRng } from 'infometa';
 * const rng = createRng(6);
 * const x: number[] = [0, 0];
 * for (let t = 2; t < 1500; t++) x.push(0.9 * x[t - 2] + rng.normal());
 * // x[t+1] depends on x[t−1]: the past (x[t], x[t−1]) is the embedding to use
 * const e = selectEmbedding(x, { kMax: 4, tauMax: 2 });
 * console.log(e.k, e.tau, e.candidates.length); // 2 1 7
 * const r = selectEmbedding(x, { method: 'ragwitz', kMax: 4, tauMax: 2 });
 * console.log(r.k, r.tau); // 2 1
 * ```
 */
export function selectEmbedding(series: SeriesInput, options?: EmbeddingSelectionOptions): EmbeddingSelection {
  const fn = 'selectEmbedding';
  const setup = parseSetup(fn, options, ['ksg', 'discrete', 'gaussian'], 'ksg', SELECTION_OPTIONS);
  const o = (options ?? {}) as Record<string, unknown>;
  const method = checkChoice(fn, 'method', o.method, ['ais', 'ragwitz'] as const, 'ais');
  const kMax = checkInteger(fn, 'kMax', o.kMax, 5, 1);
  const tauMax = checkInteger(fn, 'tauMax', o.tauMax, 1, 1);
  const pool = new Pool(setup, [toVariable(fn, 'series', series)]);
  // The largest embedding tried must fit (its error names the length it needs).
  const tauTop = kMax === 1 ? 1 : tauMax;
  layoutRows(fn, pool.vars, aisSpec(kMax, tauTop), `k = ${kMax}, tau = ${tauTop}, the largest tried`);
  const candidates: EmbeddingCandidate[] = [];
  let best: EmbeddingCandidate | null = null;
  for (let k = 1; k <= kMax; k++) {
    for (let tau = 1; tau <= (k === 1 ? 1 : tauMax); tau++) {
      let score: number;
      if (method === 'ragwitz') score = ragwitz(pool, k, tau, setup.neighbours, setup.normalize);
      else {
        const p = prepareMeasure(pool, aisSpec(k, tau), 'cmi', `k = ${k}, tau = ${tau}`);
        score = p.value(null, null);
        if (setup.estimator === 'discrete') {
          const A = pool.alphabet(0);
          score -= ((A ** k - 1) * (A - 1)) / (2 * p.n);
        } else if (setup.estimator === 'gaussian') score -= k / (2 * p.n);
        score /= setup.lnBase;
      }
      const c = { k, tau, score };
      candidates.push(c);
      if (best === null || (method === 'ragwitz' ? score < best.score : score > best.score)) best = c;
    }
  }
  const b = best as EmbeddingCandidate;
  return { k: b.k, tau: b.tau, score: b.score, candidates, method };
}
