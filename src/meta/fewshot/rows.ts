// Shared pieces of the few-shot task samplers: reading a table of rows in any of the accepted forms, reading labels
// or group ids, drawing k distinct indices in O(k), and the seeded fixed evaluation episodes.
import { fail, fmt, fmtAt } from '../../internal/errors.js';
import type { Rng } from '../../internal/rng.js';
import { isNumericArray } from '../../internal/validate.js';

/** A label or group id: a number or a string (e.g. `'A'`, a school id). */
export type Label = number | string;

/** Rows of a table: an array of rows, or a flat row-major array whose row count the labels give. */
export type Rows = readonly (readonly number[] | Float64Array)[] | Float64Array | readonly number[];

/** @internal Rows as one flat finite Float64Array with n rows; the input is never modified. */
export function readRows(fn: string, name: string, x: unknown, n: number): { data: Float64Array; d: number } {
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  if (Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || x[0] instanceof Float64Array)) {
    if (x.length !== n) fail('SHAPE_MISMATCH', fn, `${name} has ${x.length} rows but the labels have length ${n}`);
    const d = (x[0] as ArrayLike<number>).length;
    if (d === 0) fail('SHAPE_MISMATCH', fn, `${name}[0] is an empty row`);
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = x[i] as unknown;
      if (!isNumericArray(r) || r.length !== d) fail('SHAPE_MISMATCH', fn, `${name}[${i}] must be a row of ${d} numbers like ${name}[0] (got ${fmt(r)})`);
      for (let j = 0; j < d; j++) {
        const v = r[j];
        if (typeof v !== 'number' || v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}][${j}] must be a finite number (got ${fmt(v)})`);
        data[i * d + j] = v;
      }
    }
    return { data, d };
  }
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of rows or a flat row-major array of numbers (got ${fmt(x)})`);
  if (x.length === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  if (x.length % n !== 0) fail('SHAPE_MISMATCH', fn, `${name} has ${x.length} values, not a whole number of rows for labels of length ${n}`);
  if (Array.isArray(x)) for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'number') fail('NON_FINITE', fn, `${name}[${i}] must be a finite number (got ${fmt(x[i])})`);
  const data = Float64Array.from(x as ArrayLike<number>);
  for (let i = 0; i < data.length; i++) {
    if (data[i] - data[i] !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be a finite number (got ${fmtAt(x, i)})`);
  }
  return { data, d: x.length / n };
}

/** @internal Labels (numbers or strings) → their distinct values in first-seen order and the rows of each. */
export function readLabels(fn: string, name: string, y: unknown): { values: Label[]; rows: Int32Array[]; n: number } {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of labels (numbers or strings) (got ${fmt(y)})`);
  const arr = y as ArrayLike<unknown>;
  const n = arr.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  const index = new Map<Label, number>();
  const counts: number[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) fail('INVALID_LABELS', fn, `${name}[${i}] must be a finite number or a string (got ${fmt(v)})`);
    let c = index.get(v);
    if (c === undefined) {
      c = counts.length;
      index.set(v, c);
      counts.push(0);
    }
    counts[c]++;
    codes[i] = c;
  }
  const rows = counts.map((k) => new Int32Array(k));
  const fill = new Int32Array(counts.length);
  for (let i = 0; i < n; i++) rows[codes[i]][fill[codes[i]]++] = i;
  return { values: [...index.keys()], rows, n };
}

/** @internal The codes of `wanted` among `values` (every one must be present, no repeats). */
export function selectLabels(fn: string, name: string, wanted: unknown, values: readonly Label[]): number[] {
  if (!Array.isArray(wanted) || wanted.length === 0) fail('INVALID_OPTION', fn, `${name} must be a non-empty array of labels (got ${fmt(wanted)})`);
  const index = new Map(values.map((v, i) => [v, i] as const));
  const seen = new Set<Label>();
  return wanted.map((v: unknown, i) => {
    const c = index.get(v as Label);
    if (c === undefined) fail('INVALID_OPTION', fn, `${name}[${i}] = ${fmt(v)} is not a label of y`);
    if (seen.has(v as Label)) fail('INVALID_OPTION', fn, `${name}[${i}] = ${fmt(v)} is listed twice`);
    seen.add(v as Label);
    return c;
  });
}

/**
 * @internal k distinct draws from [0, n) in O(k) time and memory (a Fisher–Yates shuffle of a virtual identity
 * array whose touched entries live in a map), into out[0…k).
 */
export function drawDistinct(rng: Rng, n: number, k: number, out: Int32Array): Int32Array {
  const moved = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const vj = moved.get(j) ?? j;
    out[i] = vj;
    moved.set(j, moved.get(i) ?? i);
  }
  return out;
}

/** @internal Copies rows `idx` (of width d) of `data` into out at row `at`. */
export function copyRows(data: Float64Array, d: number, idx: ArrayLike<number>, out: Float64Array, at: number): void {
  // An element loop: a subarray view and a set() per row cost more than the copy itself for short rows.
  for (let i = 0; i < idx.length; i++) {
    const s = idx[i] * d;
    const o = (at + i) * d;
    for (let j = 0; j < d; j++) out[o + j] = data[s + j];
  }
}

/** The most episodes one `episodes(n, seed)` call makes (each is materialised). */
const MAX_EPISODES = 1_000_000;

/** @internal Validates the generator passed to a sampler's `sample`. */
export function checkRng(fn: string, rng: unknown): void {
  if (rng === null || typeof rng !== 'object' || typeof (rng as Rng).int !== 'function' || typeof (rng as Rng).next !== 'function') {
    fail('INVALID_ARGUMENT', fn, `rng must be a generator from createRng(seed) (got ${fmt(rng)})`);
  }
}

/** @internal Validates the `n` and `seed` of an `episodes(n, seed)` call. */
export function checkEpisodes(fn: string, n: unknown, seed: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_EPISODES) fail('INVALID_ARGUMENT', fn, `n must be an integer in [1, ${MAX_EPISODES}] (got ${fmt(n)})`);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('INVALID_ARGUMENT', fn, `seed must be an integer (got ${fmt(seed)})`);
}
