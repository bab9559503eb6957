import { fail, fmt } from '../internal/errors.js';
import { isNumericArray } from '../internal/validate.js';

/** Discrete labels accepted by the sample functions: integer typed arrays, integer `number[]`, or `string[]`. */
export type Labels = Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray | Float64Array | Float32Array | readonly number[] | readonly string[];

/** Labels factorized into dense codes 0 … k−1, in sorted order of the category values. */
export interface Codes {
  /** One code per sample, in [0, k). */
  codes: Int32Array;
  /** Number of distinct categories. */
  k: number;
  /** The category value of each code, sorted (numbers ascending, strings by code unit). */
  values: (number | string)[];
}

type Scan = { kind: 'int'; min: number; max: number } | { kind: 'string' };

const INT_ARRAYS = [Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

/** Largest dense lookup table we build for integer labels, relative to the sample count. */
function denseLimit(n: number): number {
  return Math.max(1 << 16, 2 * n);
}

/** Validates labels and finds their kind and integer range; the error names fn, the argument and the index. */
export function scanLabels(fn: string, name: string, x: unknown): Scan {
  if (!isNumericArray(x) && !Array.isArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of labels (got ${fmt(x)})`);
  const a = x as ArrayLike<unknown>;
  const n = a.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  if (INT_ARRAYS.some((C) => x instanceof C)) {
    const t = x as Int32Array;
    let min = t[0];
    let max = t[0];
    for (let i = 1; i < n; i++) {
      const v = t[i];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    return { kind: 'int', min, max };
  }
  if (typeof a[0] === 'string') {
    for (let i = 0; i < n; i++) {
      if (typeof a[i] !== 'string') fail('INVALID_LABELS', fn, `${name} mixes strings and ${fmt(a[i])} at index ${i}; labels must be all strings or all integers`);
    }
    return { kind: 'string' };
  }
  const t = a as ArrayLike<number>;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = t[i];
    if (typeof v !== 'number') fail('INVALID_LABELS', fn, `${name}[${i}] must be an integer or a string (got ${fmt(v)})`);
    if (!Number.isInteger(v)) {
      if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
      fail('INVALID_LABELS', fn, `${name}[${i}] must be an integer label (got ${fmt(v)}); bin continuous data first or use the estimators module`);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { kind: 'int', min, max };
}

/**
 * Factorizes labels into codes 0 … k−1 in sorted order of the category values (as numpy's `unique`).
 * Integer labels in a range up to max(2n, 65 536) use a dense lookup (O(n + range)); others a hash map (O(n) plus
 * sorting the k categories).
 */
export function factorize(fn: string, name: string, x: unknown): Codes {
  const scan = scanLabels(fn, name, x);
  const n = (x as ArrayLike<unknown>).length;
  const codes = new Int32Array(n);
  if (scan.kind === 'int' && scan.max - scan.min < denseLimit(n)) {
    const t = x as ArrayLike<number>;
    const min = scan.min;
    const lut = new Int32Array(scan.max - min + 1);
    for (let i = 0; i < n; i++) lut[t[i] - min] = 1;
    const values: number[] = [];
    for (let v = 0; v < lut.length; v++) {
      if (lut[v] !== 0) {
        lut[v] = values.length;
        values.push(v + min);
      }
    }
    for (let i = 0; i < n; i++) codes[i] = lut[t[i] - min];
    return { codes, k: values.length, values };
  }
  const t = x as ArrayLike<number | string>;
  const map = new Map<number | string, number>();
  const first: (number | string)[] = [];
  for (let i = 0; i < n; i++) {
    const v = t[i];
    let c = map.get(v);
    if (c === undefined) {
      c = first.length;
      map.set(v, c);
      first.push(v);
    }
    codes[i] = c;
  }
  const order = first.map((_, i) => i);
  if (scan.kind === 'int') order.sort((a, b) => (first[a] as number) - (first[b] as number));
  else order.sort((a, b) => (first[a] < first[b] ? -1 : first[a] > first[b] ? 1 : 0));
  const rank = new Int32Array(first.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  for (let i = 0; i < n; i++) codes[i] = rank[codes[i]];
  return { codes, k: first.length, values: order.map((i) => first[i]) };
}

/**
 * Joint counts of paired labels, kept sparse: the marginal counts of each axis and the non-zero cells.
 * `dense` is the full kx × ky table when it is small enough to hold (kx·ky ≤ max(2²², n)).
 */
export interface JointCounts {
  kx: number;
  ky: number;
  n: number;
  rowSums: Float64Array;
  colSums: Float64Array;
  /** Non-zero cells: row index, column index, count. */
  cellI: Int32Array;
  cellJ: Int32Array;
  cellC: Float64Array;
  dense: Float64Array | null;
  xValues: (number | string)[];
  yValues: (number | string)[];
}

function checkSameLength(fn: string, names: string[], xs: unknown[]): void {
  const n0 = (xs[0] as ArrayLike<unknown>).length;
  for (let i = 1; i < xs.length; i++) {
    const ni = (xs[i] as ArrayLike<unknown>).length;
    if (ni !== n0) fail('SHAPE_MISMATCH', fn, `${names[0]} and ${names[i]} must have the same length (got ${n0} and ${ni})`);
  }
}

function fromDense(dense: Float64Array, kx: number, ky: number, n: number, xValues: (number | string)[], yValues: (number | string)[]): JointCounts {
  const rowSums = new Float64Array(kx);
  const colSums = new Float64Array(ky);
  let nnz = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const c = dense[i * ky + j];
      if (c > 0) {
        rowSums[i] += c;
        colSums[j] += c;
        nnz++;
      }
    }
  }
  const cellI = new Int32Array(nnz);
  const cellJ = new Int32Array(nnz);
  const cellC = new Float64Array(nnz);
  let t = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const c = dense[i * ky + j];
      if (c > 0) {
        cellI[t] = i;
        cellJ[t] = j;
        cellC[t++] = c;
      }
    }
  }
  return { kx, ky, n, rowSums, colSums, cellI, cellJ, cellC, dense, xValues, yValues };
}

/**
 * Counts paired labels. Fast path: two integer label arrays whose ranges make a small dense table are counted
 * straight into it (no code arrays: O(categories) memory); otherwise both are factorized first.
 */
export function jointCounts(fn: string, x: unknown, y: unknown, xName = 'x', yName = 'y'): JointCounts {
  if (x instanceof Int32Array && y instanceof Int32Array && x.length === y.length && x.length > 0) {
    const fast = jointCountsInt32(x, y);
    if (fast) return fast;
  }
  const sx = scanLabels(fn, xName, x);
  const sy = scanLabels(fn, yName, y);
  checkSameLength(fn, [xName, yName], [x, y]);
  const n = (x as ArrayLike<unknown>).length;
  const limit = Math.max(1 << 22, n);
  if (sx.kind === 'int' && sy.kind === 'int') {
    const rx = sx.max - sx.min + 1;
    const ry = sy.max - sy.min + 1;
    if (rx * ry <= limit) {
      const a = x as ArrayLike<number>;
      const b = y as ArrayLike<number>;
      const full = new Float64Array(rx * ry);
      const mx = sx.min;
      const my = sy.min;
      for (let i = 0; i < n; i++) full[(a[i] - mx) * ry + (b[i] - my)] += 1;
      return compactDense(full, rx, ry, mx, my, n);
    }
  }
  const cx = factorize(fn, xName, x);
  const cy = factorize(fn, yName, y);
  return countCodes(cx, cy, n);
}

/**
 * The common case of two Int32Array label arrays. When the labels look like small codes (the first 64 pairs lie in
 * [0, 64)), one optimistic pass counts every pair into four interleaved 64 × 64 Int32Array tables (four, so that
 * runs of the same cell do not serialize on one memory location) while OR-ing all values together; if any value
 * turns out to be outside [0, 64) the pass is discarded. Otherwise, one pass finds both ranges and a second counts.
 * Returns null when the ranges are too wide for a dense table (the caller then factorizes).
 */
function jointCountsInt32(x: Int32Array, y: Int32Array): JointCounts | null {
  const n = x.length;
  let probe = 0;
  for (let i = 0; i < Math.min(n, 64); i++) probe |= x[i] | y[i];
  if ((probe & ~63) === 0) {
    const c = new Int32Array(4 * 4096);
    let acc = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const a0 = x[i];
      const b0 = y[i];
      const a1 = x[i + 1];
      const b1 = y[i + 1];
      const a2 = x[i + 2];
      const b2 = y[i + 2];
      const a3 = x[i + 3];
      const b3 = y[i + 3];
      acc |= a0 | b0 | a1 | b1 | a2 | b2 | a3 | b3;
      c[((a0 & 63) << 6) | (b0 & 63)]++;
      c[4096 + (((a1 & 63) << 6) | (b1 & 63))]++;
      c[8192 + (((a2 & 63) << 6) | (b2 & 63))]++;
      c[12288 + (((a3 & 63) << 6) | (b3 & 63))]++;
    }
    for (; i < n; i++) {
      acc |= x[i] | y[i];
      c[((x[i] & 63) << 6) | (y[i] & 63)]++;
    }
    if ((acc & ~63) === 0) {
      const full = new Float64Array(4096);
      for (let k = 0; k < 4096; k++) full[k] = c[k] + c[4096 + k] + c[8192 + k] + c[12288 + k];
      return compactDense(full, 64, 64, 0, 0, n);
    }
  }
  let minX = x[0];
  let maxX = x[0];
  let minY = y[0];
  let maxY = y[0];
  for (let i = 1; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a < minX) minX = a;
    if (a > maxX) maxX = a;
    if (b < minY) minY = b;
    if (b > maxY) maxY = b;
  }
  const rx = maxX - minX + 1;
  const ry = maxY - minY + 1;
  if (rx * ry > Math.max(1 << 22, n)) return null;
  const full = new Float64Array(rx * ry);
  for (let i = 0; i < n; i++) full[(x[i] - minX) * ry + (y[i] - minY)] += 1;
  return compactDense(full, rx, ry, minX, minY, n);
}

/** Drops the empty rows and columns of a dense integer-offset table. */
function compactDense(full: Float64Array, rx: number, ry: number, mx: number, my: number, n: number): JointCounts {
  const rowMap = new Int32Array(rx).fill(-1);
  const colMap = new Int32Array(ry).fill(-1);
  const xValues: number[] = [];
  const yValues: number[] = [];
  const colHit = new Uint8Array(ry);
  for (let i = 0; i < rx; i++) {
    let rowHit = false;
    const base = i * ry;
    for (let j = 0; j < ry; j++) {
      if (full[base + j] > 0) {
        rowHit = true;
        colHit[j] = 1;
      }
    }
    if (rowHit) {
      rowMap[i] = xValues.length;
      xValues.push(i + mx);
    }
  }
  for (let j = 0; j < ry; j++) {
    if (colHit[j]) {
      colMap[j] = yValues.length;
      yValues.push(j + my);
    }
  }
  const kx = xValues.length;
  const ky = yValues.length;
  if (kx === rx && ky === ry) return fromDense(full, kx, ky, n, xValues, yValues);
  const dense = new Float64Array(kx * ky);
  for (let i = 0; i < rx; i++) {
    const ri = rowMap[i];
    if (ri < 0) continue;
    for (let j = 0; j < ry; j++) {
      const cj = colMap[j];
      if (cj >= 0) dense[ri * ky + cj] = full[i * ry + j];
    }
  }
  return fromDense(dense, kx, ky, n, xValues, yValues);
}

/** Counts two factorized label arrays, densely when the table is small, else sparsely by sorting pair keys. */
export function countCodes(cx: Codes, cy: Codes, n: number): JointCounts {
  const kx = cx.k;
  const ky = cy.k;
  if (kx * ky <= Math.max(1 << 22, n)) {
    const dense = new Float64Array(kx * ky);
    const a = cx.codes;
    const b = cy.codes;
    for (let i = 0; i < n; i++) dense[a[i] * ky + b[i]] += 1;
    return fromDense(dense, kx, ky, n, cx.values, cy.values);
  }
  // Sparse: sort the combined keys (exact in double up to 2⁵³) and run-length count them.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = cx.codes[i] * ky + cy.codes[i];
  keys.sort();
  let nnz = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) nnz++;
  const cellI = new Int32Array(nnz);
  const cellJ = new Int32Array(nnz);
  const cellC = new Float64Array(nnz);
  const rowSums = new Float64Array(kx);
  const colSums = new Float64Array(ky);
  let t = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || keys[i] !== keys[i - 1]) {
      t++;
      const ii = Math.floor(keys[i] / ky);
      cellI[t] = ii;
      cellJ[t] = keys[i] - ii * ky;
    }
    cellC[t] += 1;
  }
  for (let c = 0; c < nnz; c++) {
    rowSums[cellI[c]] += cellC[c];
    colSums[cellJ[c]] += cellC[c];
  }
  return { kx, ky, n, rowSums, colSums, cellI, cellJ, cellC, dense: null, xValues: cx.values, yValues: cy.values };
}

/** Combines two code arrays into the codes of their pairs (re-factorized to 0 … k−1). */
export function combineCodes(a: Codes, b: Codes, n: number): Codes {
  const jc = countCodes(a, b, n);
  const codes = new Int32Array(n);
  const kb = b.k;
  if (jc.dense) {
    const lut = new Int32Array(a.k * kb).fill(-1);
    for (let c = 0; c < jc.cellC.length; c++) lut[jc.cellI[c] * kb + jc.cellJ[c]] = c;
    for (let i = 0; i < n; i++) codes[i] = lut[a.codes[i] * kb + b.codes[i]];
  } else {
    const map = new Map<number, number>();
    for (let c = 0; c < jc.cellC.length; c++) map.set(jc.cellI[c] * kb + jc.cellJ[c], c);
    for (let i = 0; i < n; i++) codes[i] = map.get(a.codes[i] * kb + b.codes[i]) as number;
  }
  const values: string[] = [];
  for (let c = 0; c < jc.cellC.length; c++) values.push(`${a.values[jc.cellI[c]]},${b.values[jc.cellJ[c]]}`);
  return { codes, k: jc.cellC.length, values };
}
