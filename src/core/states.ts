// The engine behind every measure that is a sum of joint entropies: the distinct joint states of d discrete columns
// with their weights (counts of samples, or probabilities of the non-zero cells of a table), grouped by any subset of
// the columns. Internal: not exported from the package.

/** Integers up to 2⁵³ are exact in a double: the largest key space a mixed-radix key may span. */
const MAX_KEY = 9007199254740992;

/** Distinct joint states of d discrete columns, each with a positive weight. Column-major. */
export interface JointStates {
  /** Number of columns. */
  readonly d: number;
  /** Number of distinct states. */
  readonly K: number;
  /** cols[j][s] = code of column j in state s, in [0, card[j]). */
  readonly cols: readonly Int32Array[];
  /** Number of categories of each column (codes lie in [0, card[j])). */
  readonly card: readonly number[];
  /** Weight of each state (> 0): a count, or a probability. */
  readonly weight: Float64Array;
  /** Σ weight. */
  readonly total: number;
  /** For samples: the state of each sample; `null` for a table. */
  readonly stateOf: Int32Array | null;
}

/** Grouping of K keys: `groupOf[s]` ∈ [0, G), groups numbered in order of first occurrence. */
interface Grouping {
  G: number;
  /** First index s of each group. */
  first: Int32Array;
}

/**
 * Groups `keys[0..K)`, integers in [0, range) with range ≤ 2⁵³: writes each key's group id into `groupOf` and returns
 * the number of groups and each group's first index. A dense lookup table when the range is small next to K, an
 * open-addressing hash table on the keys otherwise. O(K) expected.
 */
export function groupKeys(keys: Float64Array, K: number, range: number, groupOf: Int32Array): Grouping {
  let G = 0;
  const firstTmp = new Int32Array(K);
  if (range <= Math.max(4096, 4 * K) && range <= 1 << 26) {
    const lut = new Int32Array(range).fill(-1);
    for (let s = 0; s < K; s++) {
      const key = keys[s];
      let g = lut[key];
      if (g < 0) {
        g = G++;
        lut[key] = g;
        firstTmp[g] = s;
      }
      groupOf[s] = g;
    }
    return { G, first: firstTmp.subarray(0, G) };
  }
  let cap = 16;
  while (cap < 2 * K) cap *= 2;
  const mask = cap - 1;
  const tk = new Float64Array(cap).fill(-1);
  const tg = new Int32Array(cap);
  for (let s = 0; s < K; s++) {
    const key = keys[s];
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let p = h & mask;
    for (;;) {
      const t = tk[p];
      if (t === key) {
        groupOf[s] = tg[p];
        break;
      }
      if (t < 0) {
        tk[p] = key;
        tg[p] = G;
        firstTmp[G] = s;
        groupOf[s] = G++;
        break;
      }
      p = (p + 1) & mask;
    }
  }
  return { G, first: firstTmp.subarray(0, G) };
}

/** Rows per block of the blocked key loops: a block of keys stays in the L1 cache while the columns stream past. */
const BLOCK = 2048;

/**
 * Mixed-radix keys of the K rows of `cols` restricted to the columns `which` (in that order), into `out`; returns the
 * size of the key space. When the product of the cardinalities would pass 2⁵³ the partial keys are first compacted
 * to their group ids (exact for any number of columns and categories).
 */
function keysOf(cols: readonly Int32Array[], card: readonly number[], K: number, which: readonly number[], out: Float64Array): number {
  let range = 1;
  let from = 0;
  out.fill(0, 0, K);
  while (from < which.length) {
    // The longest run of columns whose key space, times the current one, stays within 2⁵³.
    let to = from;
    let r = range;
    while (to < which.length && r * card[which[to]] <= MAX_KEY) r *= card[which[to++]];
    if (to === from) {
      // Compact the partial keys to group ids, then continue.
      const ids = new Int32Array(K);
      const g = groupKeys(out, K, range, ids);
      for (let s = 0; s < K; s++) out[s] = ids[s];
      range = g.G;
      continue;
    }
    for (let b = 0; b < K; b += BLOCK) {
      const e = Math.min(K, b + BLOCK);
      for (let t = from; t < to; t++) {
        const j = which[t];
        const c = card[j];
        const col = cols[j];
        for (let s = b; s < e; s++) out[s] = out[s] * c + col[s];
      }
    }
    range = r;
    from = to;
  }
  return range;
}

/**
 * The distinct joint states of n samples given as factorized columns (codes in [0, card[j])), each of length n, and,
 * when `withStateOf`, the state of each sample. The columns are not modified. O(n d) expected.
 */
export function statesOfSamples(cols: readonly Int32Array[], card: readonly number[], n: number, withStateOf = true): JointStates {
  const d = cols.length;
  let range = 1;
  for (const c of card) range *= c;
  const keys = new Float64Array(n);
  const all = Array.from({ length: d }, (_, j) => j);
  if (!withStateOf && range <= Math.max(1 << 20, 4 * n) && range <= 1 << 26) {
    // Count the keys densely and decode the states from them: no per-sample group ids.
    keysOf(cols, card, n, all, keys);
    const counts = new Int32Array(range);
    for (let i = 0; i < n; i++) counts[keys[i]]++;
    let K = 0;
    for (let v = 0; v < range; v++) if (counts[v] > 0) K++;
    const sc = cols.map(() => new Int32Array(K));
    const weight = new Float64Array(K);
    let s = 0;
    for (let v = 0; v < range; v++) {
      const c = counts[v];
      if (c === 0) continue;
      weight[s] = c;
      let key = v;
      for (let j = d - 1; j >= 0; j--) {
        const code = key % card[j];
        sc[j][s] = code;
        key = (key - code) / card[j];
      }
      s++;
    }
    return { d, K, cols: sc, card, weight, total: n, stateOf: null };
  }
  const kr = keysOf(cols, card, n, all, keys);
  const stateOf = new Int32Array(n);
  const { G, first } = groupKeys(keys, n, kr, stateOf);
  const weight = new Float64Array(G);
  for (let i = 0; i < n; i++) weight[stateOf[i]] += 1;
  const sc = cols.map((col) => {
    const o = new Int32Array(G);
    for (let g = 0; g < G; g++) o[g] = col[first[g]];
    return o;
  });
  return { d, K: G, cols: sc, card, weight, total: n, stateOf: withStateOf ? stateOf : null };
}

/**
 * The states of a dense row-major table with the given shape: one state per cell of positive weight, the axes as
 * columns. `total` is the caller's (compensated) sum of the weights.
 */
export function statesOfTable(data: Float64Array, shape: readonly number[], total: number): JointStates {
  const d = shape.length;
  let K = 0;
  for (let i = 0; i < data.length; i++) if (data[i] > 0) K++;
  const cols = shape.map(() => new Int32Array(K));
  const weight = new Float64Array(K);
  const idx = new Int32Array(d);
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > 0) {
      for (let j = 0; j < d; j++) cols[j][s] = idx[j];
      weight[s++] = data[i];
    }
    // Increment the multi-index, last axis fastest.
    for (let j = d - 1; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
  }
  return { d, K, cols, card: shape.slice(), weight, total, stateOf: null };
}

/** One entropy term of a measure: `coef` · H(columns). `cols` is sorted, without repeats; empty means H = 0. */
export interface ColumnTerm {
  coef: number;
  cols: number[];
}

/** Group weights (Σ of state weights) of the states grouped by `cols`, and each state's group. */
export interface SubsetGroups {
  G: number;
  groupOf: Int32Array;
  weights: Float64Array;
}

/** Groups the states by the columns `cols`. Reuses `keys` (length ≥ K) as scratch. */
export function groupStates(st: JointStates, cols: readonly number[], keys: Float64Array): SubsetGroups {
  const { K } = st;
  const groupOf = new Int32Array(K);
  if (cols.length === st.d) {
    // Every column: the states are their own groups.
    for (let s = 0; s < K; s++) groupOf[s] = s;
    return { G: K, groupOf, weights: st.weight };
  }
  if (cols.length === 1) {
    const j = cols[0];
    const c = st.card[j];
    const col = st.cols[j];
    const weights = new Float64Array(c);
    for (let s = 0; s < K; s++) weights[col[s]] += st.weight[s];
    groupOf.set(col);
    return { G: c, groupOf, weights };
  }
  const range = keysOf(st.cols, st.card, K, cols, keys);
  const { G } = groupKeys(keys, K, range, groupOf);
  const weights = new Float64Array(G);
  for (let s = 0; s < K; s++) weights[groupOf[s]] += st.weight[s];
  return { G, groupOf, weights };
}

/**
 * Per-state local values of the measure Σ coef·H(cols) in the unit of `log`: local[s] = −Σ coef · log(w_S(s) / W),
 * where w_S(s) is the weight of the group of state s on the columns S and W the total. Their weighted mean is the
 * plug-in value. Taking logarithms in the caller's base (log2 for bits) keeps dyadic cases exact. O(K · Σ|S|)
 * expected.
 */
export function localValues(st: JointStates, terms: readonly ColumnTerm[], log: (x: number) => number): Float64Array {
  const { K } = st;
  const acc = new Float64Array(K);
  const keys = new Float64Array(K);
  let coefSum = 0;
  for (const t of terms) {
    if (t.cols.length === 0 || t.coef === 0) continue;
    coefSum += t.coef;
    const g = groupStates(st, t.cols, keys);
    const lw = new Float64Array(g.G);
    for (let q = 0; q < g.G; q++) lw[q] = g.weights[q] > 0 ? log(g.weights[q]) : 0;
    const c = t.coef;
    const groupOf = g.groupOf;
    for (let s = 0; s < K; s++) acc[s] += c * lw[groupOf[s]];
  }
  const lnW = log(st.total);
  for (let s = 0; s < K; s++) acc[s] = coefSum * lnW - acc[s];
  return acc;
}

/** Σ weight[s]·local[s] / total, compensated. */
export function weightedMean(st: JointStates, local: Float64Array): number {
  let s = 0;
  let c = 0;
  const w = st.weight;
  for (let i = 0; i < st.K; i++) {
    const term = w[i] * local[i];
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
    else c += term - t + s;
    s = t;
  }
  return (s + c) / st.total;
}

/** The group counts of each term, for estimators other than plug-in: calls `each(coef, counts, cells)`. */
export function forEachTermCounts(st: JointStates, terms: readonly ColumnTerm[], each: (coef: number, counts: Float64Array, cells: number) => void): void {
  const keys = new Float64Array(st.K);
  for (const t of terms) {
    if (t.cols.length === 0 || t.coef === 0) continue;
    const g = groupStates(st, t.cols, keys);
    let cells = 1;
    for (const j of t.cols) cells *= st.card[j];
    each(t.coef, g.weights.subarray(0, g.G), cells);
  }
}
