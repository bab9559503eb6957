import { fail, fmt } from '../internal/errors.js';
import { checkOptions, isNumericArray, logBase, optionNames } from '../internal/validate.js';
import { dmiCounts } from '../kernels/contingency.js';
import { logRatio } from '../kernels/logratio.js';

/**
 * n × k probability rows: row i is a predicted distribution over k classes for input i. Either an array of rows or a
 * row-major `{ data, rows, cols }`.
 */
export type ProbabilityRows =
  | readonly (readonly number[] | Float64Array)[]
  | {
      /** Entries in row-major order, `rows · cols` of them. */
      readonly data: Float64Array | readonly number[];
      /** Number of inputs n. */
      readonly rows: number;
      /** Number of classes k. */
      readonly cols: number;
    };

/** Options of {@link taskDependencyFromPredictions} and {@link taskDependencyGradient}. */
export interface PredictionDependencyOptions {
  /** Logarithm base of the result: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
}

/** Result of {@link taskDependencyGradient}. */
export interface PredictionDependencyGradient {
  /** I(A; B) of the soft joint, as {@link taskDependencyFromPredictions}. */
  value: number;
  /** ∂I/∂p_A(a | xᵢ), n × kA row-major. */
  gradA: Float64Array;
  /** ∂I/∂p_B(b | xᵢ), n × kB row-major. */
  gradB: Float64Array;
}

/** Tolerance on each row's sum: float32 softmax outputs sum to 1 within a few 1e−7. */
const ROW_TOL = 1e-6;

interface Rows {
  data: Float64Array;
  n: number;
  k: number;
}

function toRows(fn: string, name: string, x: unknown): Rows {
  let data: Float64Array;
  let n: number;
  let k: number;
  if (Array.isArray(x)) {
    n = x.length;
    if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
    const r0: unknown = x[0];
    if (!isNumericArray(r0)) fail('INVALID_ARGUMENT', fn, `${name}[0] must be an array of probabilities (got ${fmt(r0)})`);
    k = r0.length;
    if (k === 0) fail('EMPTY_INPUT', fn, `${name} has empty rows`);
    data = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row: unknown = x[i];
      if (!isNumericArray(row)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be an array of probabilities (got ${fmt(row)})`);
      if (row.length !== k) fail('SHAPE_MISMATCH', fn, `${name} rows must have equal length (row 0 has ${k}, row ${i} has ${row.length})`);
      for (let j = 0; j < k; j++) {
        const v: unknown = row[j];
        if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}][${j}] must be a number (got ${fmt(v)})`);
        data[i * k + j] = v;
      }
    }
  } else if (typeof x === 'object' && x !== null && 'data' in x && 'rows' in x && 'cols' in x) {
    const m = x as { data: unknown; rows: unknown; cols: unknown };
    if (typeof m.rows !== 'number' || !Number.isInteger(m.rows) || m.rows < 0) fail('INVALID_ARGUMENT', fn, `${name}.rows must be a non-negative integer (got ${fmt(m.rows)})`);
    if (typeof m.cols !== 'number' || !Number.isInteger(m.cols) || m.cols < 0) fail('INVALID_ARGUMENT', fn, `${name}.cols must be a non-negative integer (got ${fmt(m.cols)})`);
    n = m.rows;
    k = m.cols;
    if (!isNumericArray(m.data)) fail('INVALID_ARGUMENT', fn, `${name}.data must be an array of numbers or a Float64Array (got ${fmt(m.data)})`);
    if (n * k === 0) fail('EMPTY_INPUT', fn, `${name} is empty (${n} × ${k})`);
    if (m.data.length !== n * k) fail('SHAPE_MISMATCH', fn, `${name}.data must hold rows · cols = ${n * k} entries (got ${m.data.length})`);
    data = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  } else {
    return fail('INVALID_ARGUMENT', fn, `${name} must be an array of probability rows or a { data, rows, cols } matrix (got ${fmt(x)})`);
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = data[i * k + j];
      if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}][${j}] must be finite (got ${fmt(v)})`);
      if (v < 0) fail('INVALID_DISTRIBUTION', fn, `${name}[${i}][${j}] must be a probability ≥ 0 (got ${fmt(v)})`);
      s += v;
    }
    if (Math.abs(s - 1) > ROW_TOL) fail('INVALID_DISTRIBUTION', fn, `${name}[${i}] must sum to 1 (got ${fmt(s)} at row ${i})`);
  }
  return { data, n, k };
}

interface Soft {
  A: Rows;
  B: Rows;
  J: Float64Array;
  r: Float64Array;
  c: Float64Array;
  S: number;
  value: number;
  lnb: number;
}

const PREDICTION_OPTIONS = optionNames<PredictionDependencyOptions>()('base');

function soft(fn: string, probsA: unknown, probsB: unknown, options: PredictionDependencyOptions | undefined): Soft {
  checkOptions(fn, options, PREDICTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const A = toRows(fn, 'probsA', probsA);
  const B = toRows(fn, 'probsB', probsB);
  if (A.n !== B.n) fail('SHAPE_MISMATCH', fn, `probsA and probsB must have the same number of rows, one per input (got ${A.n} and ${B.n})`);
  const n = A.n;
  const kA = A.k;
  const kB = B.k;
  // J = (1/n) Aᵀ B, accumulated row by row.
  const J = new Float64Array(kA * kB);
  for (let i = 0; i < n; i++) {
    const oa = i * kA;
    const ob = i * kB;
    for (let a = 0; a < kA; a++) {
      const pa = A.data[oa + a];
      if (pa === 0) continue;
      const base = a * kB;
      for (let b = 0; b < kB; b++) J[base + b] += pa * B.data[ob + b];
    }
  }
  const r = new Float64Array(kA);
  const c = new Float64Array(kB);
  let S = 0;
  for (let a = 0; a < kA; a++) {
    for (let b = 0; b < kB; b++) {
      const v = (J[a * kB + b] /= n);
      r[a] += v;
      c[b] += v;
      S += v;
    }
  }
  const value = Math.max(0, dmiCounts(kA, kB, J, r, c, S)) / lnb;
  return { A, B, J, r, c, S, value, lnb };
}

/**
 * Dependency of two tasks that do not share labelled instances, through their models' predictions on the same
 * inputs: the mutual information of the soft joint distribution
 *
 * p(a, b) = (1/n) Σᵢ p_A(a | xᵢ) p_B(b | xᵢ),   I(A; B) = Σ p(a, b) ln(p(a, b) / (p(a) p(b))).
 *
 * It equals the core's `mutualInformation` of that table; with one-hot predictions it is the plug-in MI of the
 * predicted labels (`mutualInformationOf`), and it is 0 when the joint factorizes. Rows must be probability vectors
 * (non-negative, summing to 1 within 1e−6, which admits float32 softmax outputs); the table is normalized by its
 * exact total so that such rounding does not bias the result.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n·kA·kB).
 *
 * @param probsA - n × kA predicted probabilities of task A
 * @param probsB - n × kB predicted probabilities of task B on the same n inputs
 * @param options - `base`
 * @returns I(A; B) ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for arguments that are not probability rows; `EMPTY_INPUT` for no rows or
 *   no classes; `SHAPE_MISMATCH` for ragged rows or different row counts; `NON_FINITE`; `INVALID_DISTRIBUTION` for a
 *   negative entry or a row that does not sum to 1; `INVALID_OPTION` for a bad base
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { taskDependencyFromPredictions } from 'infometa';
 * // Two confident models that agree on every input: one bit of shared information.
 * const a = [[1, 0], [0, 1], [1, 0], [0, 1]];
 * console.log(taskDependencyFromPredictions(a, a, { base: 2 })); // 1
 * // A model that always says 50/50 shares nothing.
 * console.log(taskDependencyFromPredictions(a, [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])); // 0
 * ```
 */
export function taskDependencyFromPredictions(probsA: ProbabilityRows, probsB: ProbabilityRows, options?: PredictionDependencyOptions): number {
  return soft('taskDependencyFromPredictions', probsA, probsB, options).value;
}

/**
 * {@link taskDependencyFromPredictions} and its gradient with respect to every predicted probability, for a
 * mutual-information regularizer in a multi-task loss.
 *
 * With J = (1/n) P_Aᵀ P_B, r and c its row and column sums, and G = Σ J_ab ln(J_ab / (r_a c_b)) (= I when the rows
 * sum to 1): ∂G/∂J_ab = ln(J_ab / (r_a c_b)) − 1, so
 * ∂G/∂p_A(a | xᵢ) = (1/n) Σ_b p_B(b | xᵢ) (ln(J_ab / (r_a c_b)) − 1) and symmetrically for p_B. This is the gradient of
 * G as a function of unconstrained entries; the constant −1/n per row vanishes under a softmax parametrization and
 * along any direction that keeps the rows summing to 1. Cells with J_ab = 0 (impossible for strictly positive
 * predictions) contribute 0: their one-sided derivative is −∞.
 *
 * Units: nats (and nats per unit probability) unless `base` says otherwise. Cost: O(n·kA·kB).
 *
 * @param probsA - n × kA predicted probabilities of task A
 * @param probsB - n × kB predicted probabilities of task B on the same n inputs
 * @param options - `base`
 * @returns the value and both gradients, row-major like the inputs
 * @throws InfometaError as {@link taskDependencyFromPredictions}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { taskDependencyGradient } from 'infometa';
 * const a = [[0.9, 0.1], [0.2, 0.8]];
 * const { value, gradA } = taskDependencyGradient(a, a);
 * console.log(value.toFixed(4), gradA.length); // 0.1275 4
 * ```
 */
export function taskDependencyGradient(probsA: ProbabilityRows, probsB: ProbabilityRows, options?: PredictionDependencyOptions): PredictionDependencyGradient {
  const s = soft('taskDependencyGradient', probsA, probsB, options);
  const { A, B, J, r, c, lnb } = s;
  const n = A.n;
  const kA = A.k;
  const kB = B.k;
  const L = new Float64Array(kA * kB);
  for (let a = 0; a < kA; a++) {
    for (let b = 0; b < kB; b++) {
      const v = J[a * kB + b];
      L[a * kB + b] = v > 0 ? logRatio(v, 1, r[a], c[b]) - 1 : 0;
    }
  }
  const gradA = new Float64Array(n * kA);
  const gradB = new Float64Array(n * kB);
  const scale = 1 / (n * lnb);
  for (let i = 0; i < n; i++) {
    const oa = i * kA;
    const ob = i * kB;
    for (let a = 0; a < kA; a++) {
      const pa = A.data[oa + a];
      const base = a * kB;
      let ga = 0;
      for (let b = 0; b < kB; b++) {
        const l = L[base + b];
        ga += B.data[ob + b] * l;
        gradB[ob + b] += pa * l;
      }
      gradA[oa + a] = ga * scale;
    }
    for (let b = 0; b < kB; b++) gradB[ob + b] *= scale;
  }
  return { value: s.value, gradA, gradB };
}
