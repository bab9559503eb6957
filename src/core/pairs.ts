// The contingency table of two variables (each a set of columns) of a set of joint states, for the measures that are
// defined through their two-variable kernel (nmi, ami). Internal.
import { fail } from '../internal/errors.js';
import { entropyFromCounts, type EntropyEstimator } from './estimators.js';
import type { NmiAverage } from './joint.js';
import type { InformationMeasure, PairTable } from './measures.js';
import { groupStates, type JointStates } from './states.js';

/** Largest dense two-variable table built from states. */
const MAX_CELLS = 1 << 24;

/** The value of a pair measure of variables a and b (column sets) of the states, in its own unit (nats if any). */
export function pairValue(
  fn: string,
  measure: InformationMeasure,
  st: JointStates,
  a: readonly number[],
  b: readonly number[],
  estimator: EntropyEstimator,
  average: NmiAverage,
): number {
  const pair = measure.pair;
  if (pair === null) fail('INVALID_ARGUMENT', fn, `${measure.name} has no two-variable form`);
  const keys = new Float64Array(st.K);
  const gx = groupStates(st, a, keys);
  const gy = groupStates(st, b, keys);
  // Categories of zero weight (empty rows of a table) are dropped, so that "constant" means one category.
  const { map: mx, weights: rows } = compact(gx.weights, gx.G);
  const { map: my, weights: cols } = compact(gy.weights, gy.G);
  const kx = rows.length;
  const ky = cols.length;
  if (kx * ky > MAX_CELLS) fail('INVALID_ARGUMENT', fn, `${kx} × ${ky} categories are too many for ${measure.name}'s table (at most ${MAX_CELLS} cells)`);
  const table = new Float64Array(kx * ky);
  for (let s = 0; s < st.K; s++) table[mx[gx.groupOf[s]] * ky + my[gy.groupOf[s]]] += st.weight[s];
  const n = st.total;
  const t: PairTable = {
    kx,
    ky,
    n,
    table,
    rows,
    cols,
    hx: entropyFromCounts(rows, n, kx, estimator),
    hy: entropyFromCounts(cols, n, ky, estimator),
    estimator,
    average,
  };
  const out = new Float64Array(2);
  pair.evaluate(t, pair.margins(t), out);
  return out[0];
}

function compact(w: Float64Array, G: number): { map: Int32Array; weights: Float64Array } {
  const map = new Int32Array(G);
  let k = 0;
  for (let g = 0; g < G; g++) if (w[g] > 0) map[g] = k++;
  const weights = new Float64Array(k);
  for (let g = 0; g < G; g++) if (w[g] > 0) weights[map[g]] = w[g];
  return { map, weights };
}
