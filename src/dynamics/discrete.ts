import { fail } from '../internal/errors.js';
import { logRatio } from '../kernels/logratio.js';
import { Acc } from '../estimators/common.js';
import { argsortF64 } from '../estimators/kdtree.js';
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
  const out = A ** k <= 2 ** 31 ? new Int32Array(T) : new Float64Array(T);
  for (let t = span; t < Math.min(T, span + tau); t++) {
    let c = 0;
    for (let j = k - 1; j >= 0; j--) c = c * A + a[t - j * tau];
    out[t] = c;
  }
  for (let t = span + tau; t < T; t++) out[t] = a[t] + A * (out[t - tau] - a[t - k * tau] * top);
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
 * The plug-in estimate of `kind === 'cmi'`: I(X; Y | Z), local value ln[c(x,y,z) c(z) / (c(x,z) c(y,z))], or
 * `kind === 'ce'`: H(Y | Z), local value −ln[c(y,z) / c(z)], prepared once from the encoded blocks and evaluated
 * for the rows as given or with the rows of X permuted (a surrogate that keeps Y and Z, the target's side, intact).
 */
export class DiscretePrepared {
  readonly n: number;
  private readonly X: Int32Array | Float64Array;
  private readonly YZ: Int32Array | Float64Array;
  private readonly Z: Int32Array | Float64Array;
  private readonly sx: number;
  private readonly sy: number;
  private readonly sz: number;
  private readonly kind: 'cmi' | 'ce';
  private readonly dense: boolean;
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
    const n = rows.n;
    this.n = n;
    this.sx = sx;
    this.sy = sy;
    this.sz = sz;
    this.kind = kind;
    this.dense = total <= denseLimit(n);
    this.X = codeArray(sx, n);
    encodeBlock(data, spec.x, rows, this.X);
    // Y and Z together: y + sy·z.
    this.YZ = codeArray(sy * sz, n);
    encodeBlock(data, [...spec.y, ...spec.z], rows, this.YZ);
    this.Z = this.dense ? this.YZ : codeArray(sz, n);
    if (!this.dense) encodeBlock(data, spec.z, rows, this.Z);
  }

  /** The estimate in nats, X rows permuted by `perm` (x'_i = x_perm[i]) when given; fills `locals` when given. */
  value(perm: Int32Array | null, locals: Float64Array | null): number {
    let X = this.X;
    if (perm !== null) {
      const n = this.n;
      const P = this.permX ?? (this.permX = this.X instanceof Int32Array ? new Int32Array(n) : new Float64Array(n));
      for (let i = 0; i < n; i++) P[i] = X[perm[i]];
      X = P;
    }
    return this.dense ? this.denseValue(X, locals) : this.sparseValue(X, locals);
  }

  private denseValue(X: Int32Array | Float64Array, locals: Float64Array | null): number {
    const { n, sx, sy, sz, YZ, kind } = this;
    const S = sx * sy * sz;
    const c = new Int32Array(S);
    if (sx === 1) for (let i = 0; i < n; i++) c[YZ[i]]++;
    else for (let i = 0; i < n; i++) c[X[i] + sx * YZ[i]]++;
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
    if (locals !== null && cell !== null) for (let i = 0; i < n; i++) locals[i] = cell[X[i] + sx * YZ[i]];
    return acc.value / n;
  }

  private sparseValue(X: Int32Array | Float64Array, locals: Float64Array | null): number {
    const { n, sx, YZ, Z, kind } = this;
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
