import { fail, fmt, fmtAt } from '../internal/errors.js';
import { isMatrixObject, readMatrix } from '../internal/matrix.js';
import { isNumericArray } from '../internal/validate.js';
import { factorize } from '../core/labels.js';
import { packBits, popcount32 } from './kernels.js';
import type { Labels } from '../core/labels.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';

/**
 * An n × T label matrix in row-major order: row i holds the labels of instance i for every task, column t is task
 * t. `data[i * cols + t]` is the label of instance i for task t (an integer or a string).
 */
export interface LabelMatrix {
  /** The labels in row-major order, `rows · cols` of them. */
  readonly data: ArrayLike<number> | readonly string[];
  /** Number of instances n. */
  readonly rows: number;
  /** Number of tasks T. */
  readonly cols: number;
}

/**
 * The tasks of {@link taskDependencyMatrix}: one label array per task (all of the same length n, since the tasks
 * share their instances), or an n × T label matrix (a {@link LabelMatrix}, an ml-matrix `Matrix` or a mathjs `Matrix`,
 * one column per task).
 */
export type TaskLabels = readonly Labels[] | LabelMatrix | MatrixLike | MathJsMatrixLike;

/** Tasks factorized into dense codes; binary tasks are also bit-packed. */
export interface PreparedTasks {
  /** Number of tasks. */
  T: number;
  /** Number of instances. */
  n: number;
  /** Words per packed task, ⌈n / 32⌉. */
  W: number;
  /** Codes of each task in [0, k[t]); null for a binary task until {@link taskCodes} unpacks it. */
  codes: (Int32Array | null)[];
  /** Number of categories of each task. */
  k: number[];
  /** Count of each category of each task (compact: every entry > 0). */
  counts: Float64Array[];
  /** Bits of every task with k ≤ 2 (bit i set when code i is 1), task t at t·W; zero words for the others. */
  bits: Uint32Array;
}

/** The codes of task t, unpacked from its bits on first use for a binary task. */
export function taskCodes(prep: PreparedTasks, t: number): Int32Array {
  const have = prep.codes[t];
  if (have !== null) return have;
  const n = prep.n;
  const out = new Int32Array(n);
  const bits = prep.bits;
  const off = t * prep.W;
  for (let i = 0; i < n; i++) out[i] = (bits[off + (i >>> 5)] >>> (i & 31)) & 1;
  prep.codes[t] = out;
  return out;
}

function isLabelMatrix(x: unknown): x is LabelMatrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

function checkDim(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail('INVALID_ARGUMENT', fn, `tasks.${name} must be a non-negative integer (got ${fmt(v)})`);
  return v;
}

/** Splits the accepted task layouts into one label array per task (no copy for an array of tasks). */
export function splitTasks(fn: string, tasks: unknown): ArrayLike<unknown>[] {
  if (Array.isArray(tasks)) {
    const out: ArrayLike<unknown>[] = [];
    for (let t = 0; t < tasks.length; t++) {
      const x: unknown = tasks[t];
      if (!isNumericArray(x) && !Array.isArray(x)) fail('INVALID_ARGUMENT', fn, `tasks[${t}] must be an array of labels (got ${fmt(x)})`);
      out.push(x as ArrayLike<unknown>);
    }
    return out;
  }
  if (isMatrixObject(tasks)) {
    const { data, rows, cols } = readMatrix(fn, 'tasks', tasks);
    const out: Float64Array[] = [];
    for (let t = 0; t < cols; t++) {
      const col = new Float64Array(rows);
      for (let i = 0; i < rows; i++) col[i] = data[i * cols + t];
      out.push(col);
    }
    return out;
  }
  if (isLabelMatrix(tasks)) {
    const rows = checkDim(fn, 'rows', tasks.rows);
    const cols = checkDim(fn, 'cols', tasks.cols);
    const data: unknown = tasks.data;
    if (!isNumericArray(data) && !Array.isArray(data)) fail('INVALID_ARGUMENT', fn, `tasks.data must be an array of labels (got ${fmt(data)})`);
    const d = data as ArrayLike<unknown>;
    if (d.length !== rows * cols) fail('SHAPE_MISMATCH', fn, `tasks.data must hold rows · cols = ${rows} · ${cols} = ${rows * cols} labels (got ${d.length})`);
    const out: unknown[][] = [];
    for (let t = 0; t < cols; t++) {
      const col = new Array<unknown>(rows);
      for (let i = 0; i < rows; i++) col[i] = d[i * cols + t];
      out.push(col);
    }
    return out;
  }
  return fail('INVALID_ARGUMENT', fn, `tasks must be an array of label arrays, a { data, rows, cols } label matrix or a Matrix (got ${fmt(tasks)})`);
}

/**
 * Fast path for the usual multi-label column: numbers that are all 0 or 1, packed straight into `out[off …]` (bit i
 * set for a 1; all zero for a constant column, whose single category has code 0 as `factorize` would give it).
 * Returns the compact counts, or null for anything else (which then goes through `factorize` and its validation).
 */
function packZeroOne(x: ArrayLike<unknown>, out: Uint32Array, off: number): Float64Array | null {
  const n = x.length;
  const W = (n + 31) >>> 5;
  let ones = 0;
  for (let w = 0; w < W; w++) {
    const start = w << 5;
    const end = Math.min(32, n - start);
    let word = 0;
    for (let b = 0; b < end; b++) {
      const v = x[start + b];
      // Branch-free on the label (random 0/1 labels defeat branch prediction): c !== v for anything but 0 and 1.
      const c = (v as number) & 1;
      if (c !== v) return null;
      word |= c << b;
    }
    out[off + w] = word;
    ones += popcount32(word);
  }
  if (ones === 0) return Float64Array.of(n);
  if (ones === n) {
    out.fill(0, off, off + W);
    return Float64Array.of(n);
  }
  return Float64Array.of(n - ones, ones);
}

/** Validates, factorizes and bit-packs the tasks: at least two, all non-empty and of the same length. */
export function prepareTasks(fn: string, tasks: unknown): PreparedTasks {
  const cols = splitTasks(fn, tasks);
  const T = cols.length;
  if (T < 2) fail('INVALID_ARGUMENT', fn, `tasks must hold at least 2 tasks (got ${T})`);
  const n = cols[0].length;
  for (let t = 0; t < T; t++) {
    if (cols[t].length === 0) fail('EMPTY_INPUT', fn, `tasks[${t}] is empty`);
    if (cols[t].length !== n) fail('SHAPE_MISMATCH', fn, `tasks[0] and tasks[${t}] must have the same length (got ${n} and ${cols[t].length})`);
  }
  const W = (n + 31) >>> 5;
  const bits = new Uint32Array(T * W);
  const codes: (Int32Array | null)[] = [];
  const k: number[] = [];
  const counts: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const fast = packZeroOne(cols[t], bits, t * W);
    if (fast !== null) {
      codes.push(null);
      k.push(fast.length);
      counts.push(fast);
      continue;
    }
    bits.fill(0, t * W, (t + 1) * W);
    const c = factorize(fn, `tasks[${t}]`, cols[t]);
    codes.push(c.codes);
    k.push(c.k);
    const cnt = new Float64Array(c.k);
    const a = c.codes;
    for (let i = 0; i < n; i++) cnt[a[i]] += 1;
    counts.push(cnt);
    if (c.k <= 2) packBits(n, c.codes, null, bits, t * W);
  }
  return { T, n, W, codes, k, counts, bits };
}

/** Validates optional task names (unique strings, one per task) or makes the default `task0`, `task1`, …. */
export function checkNames(fn: string, names: unknown, T: number, name = 'names'): string[] {
  if (names === undefined) return Array.from({ length: T }, (_, t) => `task${t}`);
  if (!Array.isArray(names)) fail('INVALID_OPTION', fn, `${name} must be an array of strings (got ${fmt(names)})`);
  if (names.length !== T) fail('SHAPE_MISMATCH', fn, `${name} must hold one name per task: ${T} (got ${names.length})`);
  const seen = new Map<string, number>();
  for (let t = 0; t < T; t++) {
    const s: unknown = names[t];
    if (typeof s !== 'string') fail('INVALID_OPTION', fn, `${name}[${t}] must be a string (got ${fmtAt(names, t)})`);
    const prev = seen.get(s);
    if (prev !== undefined) fail('INVALID_OPTION', fn, `${name} must be unique: ${fmt(s)} is both ${name}[${prev}] and ${name}[${t}]`);
    seen.set(s, t);
  }
  return (names as string[]).slice();
}
