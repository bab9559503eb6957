import { fail } from '../internal/errors.js';
import { logRatio } from '../kernels/logratio.js';
import { Acc } from '../estimators/common.js';
import { argsortF64 } from '../internal/argsort.js';
import type { Rows, Segment, Spec } from './embedding.js';

/**
 * The plug-in (maximum-likelihood) estimator of the dynamics measures on integer series: every block of the spec is
 * encoded as one joint state (mixed radix over its columns), the joint states of the rows are counted, and
 * I(X; Y | Z) = (1/n) Σ c(x,y,z) ln[c(x,y,z) c(z) / (c(x,z) c(y,z))], H(Y | Z) = −(1/n) Σ c(y,z) ln[c(y,z) / c(z)].
 * This is JIDT's `…CalculatorDiscrete` family in nats. Internal: the public functions validate first.
 */

/** Largest dense count table, relative to the number of rows. */
function denseLimit(n: number): number {
  return Math.min(1 << 24, Math.max(1 << 16, 2 * n));
}

/** The variables' samples (per variable, per trial) and alphabet sizes. */
export interface DiscreteData {
  readonly series: readonly (readonly ArrayLike<number>[])[];
  readonly alphabets: readonly number[];
}

/** Number of joint states of a segment list: Π A_v^k. */
function stateCount(segs: readonly Segment[], alphabets: readonly number[]): number {
  let s = 1;
  for (const g of segs) s *= alphabets[g.v] ** g.k;
  return s;
}

/** Describes the joint state space, for the overflow error. */
function describe(spec: Spec, alphabets: readonly number[], names: readonly string[]): string {
  const parts: string[] = [];
  for (const g of [...spec.x, ...spec.y, ...spec.z]) parts.push(`${names[g.v]} (${alphabets[g.v]} symbols, ${g.k} sample${g.k > 1 ? 's' : ''})`);
  return parts.join(', ');
}

/**
 * History codes of one trial of a variable: out[t] = Σ_j a[t − j·tau] · A^j for t ≥ (k − 1)·tau (the code of the k
 * samples ending at t), by the rolling update code_t = a_t + A·(code_{t−tau} − a_{t−k·tau}·A^{k−1}). Exact while
 * A^k ≤ 2⁵³. For k = 1 the series itself is returned.
 */
function historyCodes(a: ArrayLike<number>, A: number, k: number, tau: number): ArrayLike<number> {
  if (k === 1) return a;
  const T = a.length;
  const span = (k - 1) * tau;
  const top = A ** (k - 1);
  const small = A ** k <= 2 ** 30;
  const out = small ? new Int32Array(T) : new Float64Array(T);
  for (let t = span; t < Math.min(T, span + tau); t++) {
    let c = 0;
    for (let j = k - 1; j >= 0; j--) c = c * A + a[t - j * tau];
    out[t] = c;
  }
  const bits = Math.log2(A);
  if (small && Number.isInteger(bits)) {
    // A power of two: shift the older samples up one digit, drop the oldest, add the newest (int32 throughout).
    const mask = A ** k - 1;
    for (let t = span + tau; t < T; t++) out[t] = ((out[t - tau] << bits) & mask) | a[t];
  } else if (small) {
    for (let t = span + tau; t < T; t++) out[t] = (a[t] + A * (out[t - tau] - a[t - k * tau] * top)) | 0;
  } else {
    for (let t = span + tau; t < T; t++) out[t] = a[t] + A * (out[t - tau] - a[t - k * tau] * top);
  }
  return out;
}

/**
 * Joint state of every row for the segments (mixed radix in segment order; 0 for no segment), written into `out`:
 * an Int32Array when the states fit, else a Float64Array (exact below 2⁵³).
 */
export function encodeBlock(data: DiscreteData, segs: readonly Segment[], rows: Rows, out: Float64Array | Int32Array): void {
  const m = segs.length;
  const mult: number[] = [];
  let s = 1;
  for (const g of segs) {
    mult.push(s);
    s *= data.alphabets[g.v] ** g.k;
  }
  let row = 0;
  for (let r = 0; r < rows.counts.length; r++) {
    const cnt = rows.counts[r];
    const codes = segs.map((g) => historyCodes(data.series[g.v][r], data.alphabets[g.v], g.k, g.tau));
    const offs = segs.map((g) => rows.tMin + g.latest);
    if (m === 0) {
      out.fill(0, row, row + cnt);
    } else if (m === 1) {
      const [a] = codes;
      const [o] = offs;
      for (let i = 0; i < cnt; i++) out[row + i] = a[o + i];
    } else if (m === 2) {
      const [a, b] = codes;
      const [oa, ob] = offs;
      const mb = mult[1];
      for (let i = 0; i < cnt; i++) out[row + i] = a[oa + i] + mb * b[ob + i];
    } else {
      for (let i = 0; i < cnt; i++) {
        let v = 0;
        for (let j = 0; j < m; j++) v += mult[j] * codes[j][offs[j] + i];
        out[row + i] = v;
      }
    }
    row += cnt;
  }
}

function codeArray(states: number, n: number): Int32Array | Float64Array {
  return states <= 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
}

/**
 * Counts the joint states of all rows into `counts` (dense: at most 2²⁴ states, index = mixed radix over the
 * segments in order) in one pass over the series, allocating nothing per row: each segment's history code rolls
 * forward in a register, code_{t+1} = (code_t · A + a_{t+1}) mod A^k (shifts and masks when every alphabet is a
 * power of two). Fresh O(n) arrays are what a large count pays most for (first-touch page faults), so this is the
 * path of a plain estimate. Only for up to three segments with tau = 1 (a transfer entropy, an AIS, an entropy
 * rate); returns false otherwise and the caller encodes per row.
 */
function countFused(data: DiscreteData, segs: readonly Segment[], rows: Rows, counts: Int32Array): boolean {
  const m = segs.length;
  if (m === 0 || m > 3 || segs.some((g) => g.tau !== 1)) return false;
  const A = [1, 1, 1];
  const mod = [1, 1, 1];
  const keep = [1, 1, 1];
  const mult = [0, 0, 0];
  let s = 1;
  let pow2 = true;
  for (let j = 0; j < m; j++) {
    const g = segs[j];
    A[j] = data.alphabets[g.v];
    mod[j] = A[j] ** g.k;
    keep[j] = A[j] ** (g.k - 1);
    mult[j] = s;
    s *= mod[j];
    if (!Number.isInteger(Math.log2(A[j]))) pow2 = false;
  }
  const empty = new Int32Array(0);
  const [A0, A1, A2] = A;
  const [k0, k1, k2] = keep;
  const [b0, b1, b2] = A.map((a) => Math.log2(a) | 0);
  const [w0, w1, w2] = mod.map((v) => (v - 1) | 0);
  const m1 = mult[1] | 0;
  const m2 = mult[2] | 0;
  const s1 = Math.log2(m1) | 0;
  const s2 = Math.log2(m2) | 0;
  for (let r = 0; r < rows.counts.length; r++) {
    const cnt = rows.counts[r];
    const a0 = data.series[segs[0].v][r];
    const a1 = m > 1 ? data.series[segs[1].v][r] : empty;
    const a2 = m > 2 ? data.series[segs[2].v][r] : empty;
    // Sample positions of each segment's latest sample at the first row.
    const p0 = rows.tMin + segs[0].latest;
    const p1 = m > 1 ? rows.tMin + segs[1].latest : 0;
    const p2 = m > 2 ? rows.tMin + segs[2].latest : 0;
    // Codes of the first row's histories, less their latest sample (which the loop adds first).
    const start = (a: ArrayLike<number>, p: number, j: number): number => {
      let c = 0;
      for (let i = segs[j].k - 1; i >= 1; i--) c = c * A[j] + a[p - i];
      return c;
    };
    let c0 = start(a0, p0, 0);
    let c1 = m > 1 ? start(a1, p1, 1) : 0;
    let c2 = m > 2 ? start(a2, p2, 2) : 0;
    // Every code and index is a small integer: `| 0` keeps the loops in int32 arithmetic.
    if (pow2) {
      // Joint index by shifts too: the multipliers are powers of two.
      if (m === 3 && segs[0].k === 1 && segs[1].k === 1) {
        // The common transfer entropy: a one-sample source, the target's next value, its rolling past.
        for (let i = 0; i < cnt; i++) {
          c2 = ((c2 << b2) | a2[p2 + i]) & w2;
          counts[a0[p0 + i] | (a1[p1 + i] << s1) | (c2 << s2)]++;
        }
      } else if (m === 3) {
        for (let i = 0; i < cnt; i++) {
          c0 = ((c0 << b0) | a0[p0 + i]) & w0;
          c1 = ((c1 << b1) | a1[p1 + i]) & w1;
          c2 = ((c2 << b2) | a2[p2 + i]) & w2;
          counts[c0 | (c1 << s1) | (c2 << s2)]++;
        }
      } else if (m === 2) {
        for (let i = 0; i < cnt; i++) {
          c0 = ((c0 << b0) | a0[p0 + i]) & w0;
          c1 = ((c1 << b1) | a1[p1 + i]) & w1;
          counts[c0 | (c1 << s1)]++;
        }
      } else {
        for (let i = 0; i < cnt; i++) {
          c0 = ((c0 << b0) | a0[p0 + i]) & w0;
          counts[c0]++;
        }
      }
    } else {
      for (let i = 0; i < cnt; i++) {
        c0 = ((c0 % k0) * A0 + a0[p0 + i]) | 0;
        if (m > 1) c1 = ((c1 % k1) * A1 + a1[p1 + i]) | 0;
        if (m > 2) c2 = ((c2 % k2) * A2 + a2[p2 + i]) | 0;
        counts[(c0 + m1 * c1 + m2 * c2) | 0]++;
      }
    }
  }
  return true;
}

/**
 * The plug-in estimate of `kind === 'cmi'`: I(X; Y | Z), local value ln[c(x,y,z) c(z) / (c(x,z) c(y,z))], or
 * `kind === 'ce'`: H(Y | Z), local value −ln[c(y,z) / c(z)], prepared once and evaluated for the rows as given or
 * with the rows of X permuted (a surrogate that keeps Y and Z, the target's side, intact). The per-row codes of X
 * and of (Y, Z) are built on first need (surrogates, local values, the sparse counter); a plain dense estimate
 * counts in one fused pass over the series instead.
 */
export class DiscretePrepared {
  readonly n: number;
  private readonly data: DiscreteData;
  private readonly spec: Spec;
  private readonly rows: Rows;
  private readonly sx: number;
  private readonly sy: number;
  private readonly sz: number;
  private readonly kind: 'cmi' | 'ce';
  private readonly dense: boolean;
  private codes: { X: Int32Array | Float64Array; YZ: Int32Array | Float64Array; Z: Int32Array | Float64Array } | null = null;
  private permX: Int32Array | Float64Array | null = null;

  /** Throws when the joint state space exceeds 2⁵³ states (its codes would no longer be exact). */
  constructor(fn: string, data: DiscreteData, spec: Spec, rows: Rows, kind: 'cmi' | 'ce', names: readonly string[]) {
    const sx = stateCount(spec.x, data.alphabets);
    const sy = stateCount(spec.y, data.alphabets);
    const sz = stateCount(spec.z, data.alphabets);
    const total = sx * sy * sz;
    if (!(total <= 2 ** 53)) {
      fail('INVALID_ARGUMENT', fn, `the joint state space of the discrete estimator overflows: ${describe(spec, data.alphabets, names)} give ${total.toPrecision(3)} joint states, more than 2⁵³; use shorter histories or fewer symbols`);
    }
    this.n = rows.n;
    this.data = data;
    this.spec = spec;
    this.rows = rows;
    this.sx = sx;
    this.sy = sy;
    this.sz = sz;
    this.kind = kind;
    this.dense = total <= denseLimit(rows.n);
  }

  private encoded(): { X: Int32Array | Float64Array; YZ: Int32Array | Float64Array; Z: Int32Array | Float64Array } {
    if (this.codes === null) {
      const { n, data, spec, rows, sx, sy, sz } = this;
      const X = codeArray(sx, n);
      encodeBlock(data, spec.x, rows, X);
      // Y and Z together: y + sy·z.
      const YZ = codeArray(sy * sz, n);
      encodeBlock(data, [...spec.y, ...spec.z], rows, YZ);
      let Z = YZ;
      if (!this.dense) {
        Z = codeArray(sz, n);
        encodeBlock(data, spec.z, rows, Z);
      }
      this.codes = { X, YZ, Z };
    }
    return this.codes;
  }

  /** The estimate in nats, X rows permuted by `perm` (x'_i = x_perm[i]) when given; fills `locals` when given. */
  value(perm: Int32Array | null, locals: Float64Array | null): number {
    if (this.dense && perm === null && locals === null) {
      const c = new Int32Array(this.sx * this.sy * this.sz);
      if (countFused(this.data, [...this.spec.x, ...this.spec.y, ...this.spec.z], this.rows, c)) return this.denseFromCounts(c, null, null);
    }
    const { X, YZ } = this.encoded();
    let x = X;
    if (perm !== null) {
      const n = this.n;
      const P = this.permX ?? (this.permX = X instanceof Int32Array ? new Int32Array(n) : new Float64Array(n));
      for (let i = 0; i < n; i++) P[i] = X[perm[i]];
      x = P;
    }
    if (!this.dense) return this.sparseValue(x, locals);
    const { n, sx } = this;
    const c = new Int32Array(sx * this.sy * this.sz);
    if (sx === 1) for (let i = 0; i < n; i++) c[YZ[i]]++;
    else for (let i = 0; i < n; i++) c[x[i] + sx * YZ[i]]++;
    return this.denseFromCounts(c, x, locals);
  }

  /** The estimate from the dense joint counts c; with `locals`, X (the rows' X codes) gives each row its cell. */
  private denseFromCounts(c: Int32Array, X: Int32Array | Float64Array | null, locals: Float64Array | null): number {
    const { n, sx, sy, sz, kind } = this;
    const S = sx * sy * sz;
    const cxz = new Float64Array(sx * sz);
    const cyz = new Float64Array(sy * sz);
    const cz = new Float64Array(sz);
    for (let z = 0, j = 0; z < sz; z++) {
      for (let y = 0; y < sy; y++) {
        for (let x = 0; x < sx; x++, j++) {
          const v = c[j];
          if (v === 0) continue;
          cxz[x + sx * z] += v;
          cyz[y + sy * z] += v;
          cz[z] += v;
        }
      }
    }
    const cell = locals === null ? null : new Float64Array(S);
    const acc = new Acc();
    for (let z = 0, j = 0; z < sz; z++) {
      for (let y = 0; y < sy; y++) {
        for (let x = 0; x < sx; x++, j++) {
          const v = c[j];
          if (v === 0) continue;
          const l = kind === 'cmi' ? logRatio(v, cz[z], cxz[x + sx * z], cyz[y + sy * z]) : -logRatio(cyz[y + sy * z], 1, cz[z], 1);
          if (cell !== null) cell[j] = l;
          acc.add(v * l);
        }
      }
    }
    if (locals !== null && cell !== null && X !== null) {
      const YZ = this.encoded().YZ;
      for (let i = 0; i < n; i++) locals[i] = cell[X[i] + sx * YZ[i]];
    }
    return acc.value / n;
  }

  private sparseValue(X: Int32Array | Float64Array, locals: Float64Array | null): number {
    const { n, sx, kind } = this;
    const { YZ, Z } = this.encoded();
    const key = new Float64Array(n);
    const cxyz = new Float64Array(n);
    const cxz = new Float64Array(n);
    const cyz = new Float64Array(n);
    const cz = new Float64Array(n);
    // Keys are exact integers below 2⁵³ (checked in the constructor).
    for (let i = 0; i < n; i++) key[i] = X[i] + sx * YZ[i];
    multiplicity(key, n, cxyz);
    for (let i = 0; i < n; i++) key[i] = X[i] + sx * Z[i];
    multiplicity(key, n, cxz);
    for (let i = 0; i < n; i++) key[i] = YZ[i];
    multiplicity(key, n, cyz);
    for (let i = 0; i < n; i++) key[i] = Z[i];
    multiplicity(key, n, cz);
    const acc = new Acc();
    for (let i = 0; i < n; i++) {
      const l = kind === 'cmi' ? logRatio(cxyz[i], cz[i], cxz[i], cyz[i]) : -logRatio(cyz[i], 1, cz[i], 1);
      if (locals !== null) locals[i] = l;
      acc.add(l);
    }
    return acc.value / n;
  }
}

/** Per-row multiplicity of each row's key (rows with equal keys form one group), via a radix argsort. */
function multiplicity(keys: Float64Array, n: number, out: Float64Array): void {
  const order = argsortF64(keys, n);
  let i = 0;
  while (i < n) {
    const k = keys[order[i]];
    let j = i + 1;
    while (j < n && keys[order[j]] === k) j++;
    for (let t = i; t < j; t++) out[order[t]] = j - i;
    i = j;
  }
}
