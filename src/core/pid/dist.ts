// Dense joint tables of coalesced variables, for the PID measures. Internal.
import { groupStates, type JointStates } from '../states.js';

/** A dense joint distribution, row-major, last axis fastest; entries sum to 1. */
export interface Dense {
  data: Float64Array;
  shape: number[];
}

/**
 * The joint distribution of coalesced variables (each a set of axes of the original table), as a dense table over
 * their observed values: axis v has one index per distinct value of variable v with positive probability.
 */
export function coalesce(st: JointStates, vars: readonly (readonly number[])[]): Dense {
  const keys = new Float64Array(st.K);
  const groupOf: Int32Array[] = [];
  const shape: number[] = [];
  for (const axes of vars) {
    const g = groupStates(st, axes, keys);
    // Compact: single axes group by code, and zero-weight codes (empty rows of the table) must not be values.
    const map = new Int32Array(g.G).fill(-1);
    let k = 0;
    for (let q = 0; q < g.G; q++) if (g.weights[q] > 0) map[q] = k++;
    const o = new Int32Array(st.K);
    for (let s = 0; s < st.K; s++) o[s] = map[g.groupOf[s]];
    groupOf.push(o);
    shape.push(k);
  }
  let size = 1;
  for (const k of shape) size *= k;
  const data = new Float64Array(size);
  for (let s = 0; s < st.K; s++) {
    let idx = 0;
    for (let v = 0; v < vars.length; v++) idx = idx * shape[v] + groupOf[v][s];
    data[idx] += st.weight[s] / st.total;
  }
  return { data, shape };
}

/** The marginal of a dense table over the axes `keep` (in that order), as a dense table. */
export function marginal(t: Dense, keep: readonly number[]): Dense {
  const shape = keep.map((a) => t.shape[a]);
  let size = 1;
  for (const k of shape) size *= k;
  const data = new Float64Array(size);
  const d = t.shape.length;
  const idx = new Int32Array(d);
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (v !== 0) {
      let o = 0;
      for (const a of keep) o = o * t.shape[a] + idx[a];
      data[o] += v;
    }
    for (let j = d - 1; j >= 0; j--) {
      if (++idx[j] < t.shape[j]) break;
      idx[j] = 0;
    }
  }
  return { data, shape };
}

/** Mutual information (nats) between the first axes (together) and the last axis of a dense table. */
export function miLastAxis(t: Dense): number {
  const kt = t.shape[t.shape.length - 1];
  const ka = t.data.length / kt;
  const pa = new Float64Array(ka);
  const pt = new Float64Array(kt);
  for (let a = 0; a < ka; a++) {
    for (let j = 0; j < kt; j++) {
      const v = t.data[a * kt + j];
      pa[a] += v;
      pt[j] += v;
    }
  }
  let s = 0;
  for (let a = 0; a < ka; a++) {
    for (let j = 0; j < kt; j++) {
      const v = t.data[a * kt + j];
      if (v > 0) s += v * Math.log(v / (pa[a] * pt[j]));
    }
  }
  return Math.max(0, s);
}
