import { Categories } from '../core/categories.js';
import type { Category } from '../core/categories.js';
import { ContingencyCounter } from '../core/label-counters.js';
import { scanLabels } from '../core/labels.js';
import { fail, fmt } from '../internal/errors.js';
import { andPopcount, countPairs4, packBits } from './kernels.js';
import { checkNames, splitTasks } from './tasks.js';
import type { TaskLabels } from './tasks.js';

/** The plain-data form of a {@link TaskCounter}, as written by `toJSON()`. */
export interface TaskCounterJSON {
  /** Always `'infometa.TaskCounter'`. */
  kind: 'infometa.TaskCounter';
  /** Format version, currently 1. */
  version: 1;
  /** Task names. */
  names: string[];
  /** Category values of each task, in code order (first seen first). */
  categories: Category[][];
  /** Count of each category of each task, in code order. */
  counts: number[][];
  /** For each pair i < j (in the order (0,1), (0,2), …, (1,2), …), its kᵢ × kⱼ table, row-major in code order. */
  pairs: number[][];
  /** Number of instances counted. */
  n: number;
}

/** Largest pairwise table a TaskCounter holds (task labels have few categories; high-cardinality columns do not fit). */
const MAX_PAIR_CELLS = 1 << 24;
/** Most tasks a TaskCounter counts: 2048 tasks make 2 096 128 pairwise tables. */
const MAX_TASKS = 2048;
const EMPTY = new Float64Array(0);

/** Index of pair (i, j), i < j, among the T(T−1)/2 pairs in row order. */
export function pairIndex(T: number, i: number, j: number): number {
  return i * T - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * The sufficient statistics of a task-dependency matrix, counted in chunks: the number of instances n, each task's
 * category counts and the contingency table of every pair of tasks. Mergeable (the counter of shards merge into
 * exactly the counter of the whole) and serialisable, so the counting can run where the data is (files streamed by
 * the command line, a database, the shards of a cluster) and only these tables travel.
 * {@link taskDependencyFromCounts} turns it into the {@link DependencyMatrix} that `taskDependencyMatrix` would give on
 * the raw labels. Permutation p-values need the rows themselves and are not available from counts.
 *
 * Cost per chunk of m instances: O(T² m / 32) word operations when every task is binary (bit-packed popcounts), O(T²
 * m) otherwise. Memory O(Σᵢ<ⱼ kᵢ kⱼ), never O(n).
 *
 * @example
 * ```ts
 * import { TaskCounter, taskDependencyFromCounts, taskDependencyMatrix } from 'infometa';
 * const a = [0, 0, 1, 1, 0, 1], b = [0, 0, 1, 1, 1, 1], c = [1, 0, 1, 0, 1, 0];
 * const counter = new TaskCounter(['a', 'b', 'c']);
 * counter.add([a.slice(0, 3), b.slice(0, 3), c.slice(0, 3)]).add([a.slice(3), b.slice(3), c.slice(3)]);
 * const dep = taskDependencyFromCounts(counter, { measure: 'nmi' });
 * console.log(dep.get('a', 'b') === taskDependencyMatrix([a, b, c], { measure: 'nmi' }).get(0, 1)); // true
 * ```
 */
export class TaskCounter {
  /** Task names. */
  readonly names: readonly string[];
  private readonly cats: Categories[];
  private readonly taskCounts: Float64Array[];
  private readonly tables: Float64Array[];
  /** Allocated rows and columns of each pair's table (≥ the categories seen). */
  private readonly dimI: Int32Array;
  private readonly dimJ: Int32Array;
  private total = 0;
  private itab = new Int32Array(0);

  /**
   * An empty counter of T ≥ 2 tasks.
   *
   * @param names - the task names (unique strings), or their number T (then named `task0`, `task1`, …)
   * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 tasks; `INVALID_OPTION` for names that are not unique
   *   strings
   */
  constructor(names: number | readonly string[]) {
    const fn = 'TaskCounter';
    if (typeof names === 'number') {
      if (!Number.isInteger(names) || names < 2 || names > MAX_TASKS) fail('INVALID_ARGUMENT', fn, `the number of tasks must be an integer in [2, ${MAX_TASKS}] (got ${fmt(names)})`);
      this.names = checkNames(fn, undefined, names);
    } else {
      if (!Array.isArray(names) || names.length < 2 || names.length > MAX_TASKS) fail('INVALID_ARGUMENT', fn, `names must be an array of 2 to ${MAX_TASKS} task names (got ${fmt(names)})`);
      this.names = checkNames(fn, names, names.length);
    }
    const T = this.names.length;
    const P = (T * (T - 1)) / 2;
    this.cats = Array.from({ length: T }, () => new Categories());
    this.taskCounts = Array.from({ length: T }, () => EMPTY);
    // Tables are allocated when a pair first counts something (ensure).
    this.tables = new Array<Float64Array>(P).fill(EMPTY);
    this.dimI = new Int32Array(P);
    this.dimJ = new Int32Array(P);
  }

  /** Number of tasks T. */
  get size(): number {
    return this.names.length;
  }

  /** Number of instances counted. */
  get n(): number {
    return this.total;
  }

  /**
   * Counts one chunk of instances, in any layout `taskDependencyMatrix` takes: one label array per task (all of the
   * same length m), or an m × T label matrix (`{ data, rows, cols }`, an ml-matrix or a mathjs `Matrix`). A task
   * must keep one label kind (integers or strings) across chunks. An empty chunk is allowed.
   *
   * @param tasks - the chunk's labels
   * @returns this counter
   * @throws InfometaError `SHAPE_MISMATCH` for a chunk with another number of tasks or tasks of different lengths;
   *   `INVALID_ARGUMENT` for a non-array; `INVALID_LABELS` / `NON_FINITE` for bad labels or a task that switches
   *   between integers and strings
   */
  add(tasks: TaskLabels): this {
    const fn = 'TaskCounter.add';
    const cols = splitTasks(fn, tasks);
    const T = this.size;
    if (cols.length !== T) fail('SHAPE_MISMATCH', fn, `a chunk must hold ${T} tasks (${this.names.join(', ')}) (got ${cols.length})`);
    const m = cols[0].length;
    for (let t = 1; t < T; t++) {
      if (cols[t].length !== m) fail('SHAPE_MISMATCH', fn, `every task of a chunk must have the same length: ${fmt(this.names[0])} has ${m} labels but ${fmt(this.names[t])} has ${cols[t].length}`);
    }
    if (m === 0) return this;
    const kinds = cols.map((x, t) => scanLabels(fn, `task ${fmt(this.names[t])}`, x).kind);
    for (let t = 0; t < T; t++) {
      const was = this.cats[t].kind;
      if (was !== undefined && was !== kinds[t]) this.cats[t].checkKind(fn, `task ${fmt(this.names[t])}`, kinds[t]);
    }
    const next = this.total + m;
    if (!Number.isSafeInteger(next)) fail('INVALID_ARGUMENT', fn, `the number of instances passed 2⁵³ (got ${fmt(next)})`);
    // Codes of every task (first seen first), their counts, and the bits of code 1 for the binary tasks.
    const codes: Int32Array[] = [];
    const W = (m + 31) >>> 5;
    const bits = new Uint32Array(T * W);
    const ones = new Float64Array(T);
    // Code every task first; if a pair's table would grow past its limit, forget the new categories and refuse the
    // chunk, so that a refused chunk leaves the counter as it was.
    const before = this.cats.map((c) => c.values.length);
    for (let t = 0; t < T; t++) {
      const c = new Int32Array(m);
      this.cats[t].encode(cols[t], c);
      codes.push(c);
    }
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        const cells = this.cats[i].values.length * this.cats[j].values.length;
        if (cells > MAX_PAIR_CELLS) {
          this.cats.forEach((c, t) => c.truncate(before[t]));
          fail('INVALID_ARGUMENT', fn, `tasks ${fmt(this.names[i])} and ${fmt(this.names[j])} would have ${cells} cells, more than a pairwise table holds (${MAX_PAIR_CELLS}); task labels should have few categories`);
        }
      }
    }
    for (let t = 0; t < T; t++) {
      const cat = this.cats[t];
      cat.kind = kinds[t];
      const c = codes[t];
      const k = cat.values.length;
      let cnt = this.taskCounts[t];
      if (cnt.length < k) {
        const g = new Float64Array(Math.max(k, 2 * cnt.length));
        g.set(cnt);
        cnt = this.taskCounts[t] = g;
      }
      for (let i = 0; i < m; i++) cnt[c[i]] += 1;
      if (k <= 2) ones[t] = packBits(m, c, null, bits, t * W);
    }
    for (let i = 0; i < T; i++) {
      const ki = this.cats[i].values.length;
      for (let j = i + 1; j < T; j++) {
        const kj = this.cats[j].values.length;
        const p = pairIndex(T, i, j);
        this.ensure(fn, p, ki, kj);
        const tab = this.tables[p];
        const s = this.dimJ[p];
        if (ki <= 2 && kj <= 2) {
          const n11 = andPopcount(W, bits, i * W, bits, j * W);
          // Cells (0,0), (0,1), (1,0), (1,1); a cell of a code that does not exist yet is necessarily 0.
          tab[0] += m - ones[i] - ones[j] + n11;
          if (kj === 2) tab[1] += ones[j] - n11;
          if (ki === 2) tab[s] += ones[i] - n11;
          if (ki === 2 && kj === 2) tab[s + 1] += n11;
        } else {
          const cells = ki * kj;
          if (this.itab.length < 4 * cells) this.itab = new Int32Array(4 * cells);
          const it = this.itab;
          it.fill(0, 0, 4 * cells);
          countPairs4(m, codes[i], codes[j], kj, cells, it);
          for (let a = 0; a < ki; a++) {
            for (let b = 0; b < kj; b++) {
              const c = a * kj + b;
              tab[a * s + b] += it[c] + it[cells + c] + it[2 * cells + c] + it[3 * cells + c];
            }
          }
        }
      }
    }
    this.total = next;
    return this;
  }

  /**
   * Adds the counts of another counter of the same tasks (a shard's). `other` is not changed.
   *
   * @param other - a TaskCounter with the same names
   * @returns this counter
   * @throws InfometaError `INVALID_ARGUMENT` for another kind of object or other tasks; `INVALID_LABELS` when a task
   *   holds integers in one counter and strings in the other
   */
  merge(other: TaskCounter): this {
    const fn = 'TaskCounter.merge';
    if (!(other instanceof TaskCounter)) fail('INVALID_ARGUMENT', fn, `other must be a TaskCounter (got ${fmt(other)})`);
    const T = this.size;
    if (other.size !== T || other.names.some((s, t) => s !== this.names[t])) {
      fail('INVALID_ARGUMENT', fn, `cannot merge counters of different tasks: [${this.names.join(', ')}] and [${other.names.join(', ')}]`);
    }
    for (let t = 0; t < T; t++) {
      const k = other.cats[t].kind;
      if (k !== undefined) {
        const was = this.cats[t].kind;
        if (was !== undefined && was !== k) this.cats[t].checkKind(fn, `task ${fmt(this.names[t])} of other`, k);
      }
    }
    const next = this.total + other.total;
    if (!Number.isSafeInteger(next)) fail('INVALID_ARGUMENT', fn, `the number of instances passed 2⁵³ (got ${fmt(next)})`);
    const k = this.cats.map((c, t) => c.values.length + other.cats[t].values.filter((v) => !c.index.has(v)).length);
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        if (k[i] * k[j] > MAX_PAIR_CELLS) {
          fail('INVALID_ARGUMENT', fn, `tasks ${fmt(this.names[i])} and ${fmt(this.names[j])} would have ${k[i] * k[j]} cells, more than a pairwise table holds (${MAX_PAIR_CELLS})`);
        }
      }
    }
    const maps = other.cats.map((c, t) => {
      if (c.kind !== undefined) this.cats[t].kind = c.kind;
      return Int32Array.from(c.values, (v) => this.cats[t].code(v));
    });
    for (let t = 0; t < T; t++) {
      const k = this.cats[t].values.length;
      if (this.taskCounts[t].length < k) {
        const g = new Float64Array(k);
        g.set(this.taskCounts[t]);
        this.taskCounts[t] = g;
      }
      const src = other.taskCounts[t];
      for (let c = 0; c < other.cats[t].values.length; c++) this.taskCounts[t][maps[t][c]] += src[c];
    }
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        const p = pairIndex(T, i, j);
        this.ensure(fn, p, this.cats[i].values.length, this.cats[j].values.length);
        const ki = other.cats[i].values.length;
        const kj = other.cats[j].values.length;
        const so = other.dimJ[p];
        const s = this.dimJ[p];
        for (let a = 0; a < ki; a++) for (let b = 0; b < kj; b++) this.tables[p][maps[i][a] * s + maps[j][b]] += other.tables[p][a * so + b];
      }
    }
    this.total = next;
    return this;
  }

  /**
   * The contingency counter of two tasks (their joint counts; of a task with itself, the diagonal of its counts).
   *
   * @param i - row task, index or name
   * @param j - column task, index or name
   * @returns a new {@link ContingencyCounter} with columns named after the tasks
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown task
   */
  pair(i: number | string, j: number | string): ContingencyCounter {
    const a = this.task('pair', i);
    const b = this.task('pair', j);
    const ka = this.cats[a].values.length;
    const kb = this.cats[b].values.length;
    const xs: Category[] = [];
    const ys: Category[] = [];
    const cs: number[] = [];
    for (let u = 0; u < ka; u++) {
      for (let v = 0; v < kb; v++) {
        const c = this.cell(a, b, u, v);
        if (c > 0) {
          xs.push(this.cats[a].values[u]);
          ys.push(this.cats[b].values[v]);
          cs.push(c);
        }
      }
    }
    const names: [string, string] = a === b ? [this.names[a], `${this.names[a]} (copy)`] : [this.names[a], this.names[b]];
    return new ContingencyCounter(names).addCounts([xs, ys] as number[][], cs);
  }

  /** Categories of each task in code order, and rank[t][code] = position of the value in sorted order. @internal */
  categoryOrder(): { values: Category[][]; ranks: Int32Array[] } {
    return { values: this.cats.map((c) => c.values.slice()), ranks: this.cats.map((c) => c.ranks()) };
  }

  /** Count of category code u of task t. @internal */
  count(t: number, u: number): number {
    return this.taskCounts[t][u];
  }

  /** Number of categories of task t. @internal */
  categoryCount(t: number): number {
    return this.cats[t].values.length;
  }

  /** Count of (code u of task a, code v of task b); a may equal b, or exceed it. @internal */
  cell(a: number, b: number, u: number, v: number): number {
    if (a === b) return u === v ? this.taskCounts[a][u] : 0;
    if (a > b) return this.cell(b, a, v, u);
    const p = pairIndex(this.size, a, b);
    return this.tables[p][u * this.dimJ[p] + v];
  }

  /**
   * Plain-data form, safe for `JSON.stringify`.
   *
   * @returns the {@link TaskCounterJSON}
   */
  toJSON(): TaskCounterJSON {
    const T = this.size;
    const pairs: number[][] = [];
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        const ki = this.cats[i].values.length;
        const kj = this.cats[j].values.length;
        const out: number[] = [];
        for (let a = 0; a < ki; a++) for (let b = 0; b < kj; b++) out.push(this.cell(i, j, a, b));
        pairs.push(out);
      }
    }
    return {
      kind: 'infometa.TaskCounter',
      version: 1,
      names: this.names.slice(),
      categories: this.cats.map((c) => c.values.slice()),
      counts: this.cats.map((c, t) => Array.from(this.taskCounts[t].subarray(0, c.values.length))),
      pairs,
      n: this.total,
    };
  }

  /**
   * Rebuilds a counter from {@link TaskCounter.toJSON} output (or its `JSON.parse`d text), checking that every field
   * has its shape and type and that the tables agree with each other (each pair table sums to n and has the tasks'
   * counts as margins), so that a tampered file is refused.
   *
   * @param json - the plain data
   * @returns the counter
   * @throws InfometaError `INVALID_JSON` for another kind or version, a field of the wrong shape or type, duplicate
   *   categories, non-integer or negative counts, or tables that do not agree with the counts and n
   */
  static fromJSON(json: unknown): TaskCounter {
    const fn = 'TaskCounter.fromJSON';
    if (typeof json !== 'object' || json === null) fail('INVALID_JSON', fn, `json must be an object (got ${fmt(json)})`);
    const o = json as Partial<Record<keyof TaskCounterJSON, unknown>>;
    if (o.kind !== 'infometa.TaskCounter') fail('INVALID_JSON', fn, `json.kind must be 'infometa.TaskCounter' (got ${fmt(o.kind)})`);
    if (o.version !== 1) fail('INVALID_JSON', fn, `unsupported json.version ${fmt(o.version)}; this version reads 1`);
    let counter: TaskCounter;
    try {
      counter = new TaskCounter(o.names as string[]);
    } catch (e) {
      return fail('INVALID_JSON', fn, `json.names: ${(e as Error).message}`);
    }
    const T = counter.size;
    const cats = o.categories;
    const counts = o.counts;
    const pairs = o.pairs;
    if (!Array.isArray(cats) || cats.length !== T) fail('INVALID_JSON', fn, `json.categories must hold one array per task: ${T} (got ${fmt(cats)})`);
    if (!Array.isArray(counts) || counts.length !== T) fail('INVALID_JSON', fn, `json.counts must hold one array per task: ${T} (got ${fmt(counts)})`);
    if (!Array.isArray(pairs) || pairs.length !== (T * (T - 1)) / 2) fail('INVALID_JSON', fn, `json.pairs must hold one table per pair of tasks: ${(T * (T - 1)) / 2} (got ${fmt(pairs)})`);
    const n = o.n;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail('INVALID_JSON', fn, `json.n must be a non-negative integer (got ${fmt(n)})`);
    for (let t = 0; t < T; t++) {
      const vals: unknown = cats[t];
      const cnt: unknown = counts[t];
      if (!Array.isArray(vals)) fail('INVALID_JSON', fn, `json.categories[${t}] must be an array (got ${fmt(vals)})`);
      if (!Array.isArray(cnt) || cnt.length !== vals.length) fail('INVALID_JSON', fn, `json.counts[${t}] must hold one count per category: ${vals.length} (got ${fmt(cnt)})`);
      const cat = counter.cats[t];
      let sum = 0;
      for (let u = 0; u < vals.length; u++) {
        const v: unknown = vals[u];
        const kind = typeof v === 'string' ? 'string' : Number.isSafeInteger(v) ? 'int' : undefined;
        if (kind === undefined) fail('INVALID_JSON', fn, `json.categories[${t}][${u}] must be an integer or a string (got ${fmt(v)})`);
        if (cat.kind !== undefined && cat.kind !== kind) fail('INVALID_JSON', fn, `json.categories[${t}] mixes integers and strings (at index ${u})`);
        cat.kind = kind;
        if (cat.index.has(v as Category)) fail('INVALID_JSON', fn, `json.categories[${t}] lists ${fmt(v)} twice`);
        cat.code(v as Category);
        sum += checkJsonCount(fn, `json.counts[${t}][${u}]`, cnt[u]);
      }
      if (sum !== n) fail('INVALID_JSON', fn, `json.counts[${t}] must sum to json.n = ${n} (got ${sum})`);
      counter.taskCounts[t] = Float64Array.from(cnt as number[]);
    }
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        const p = pairIndex(T, i, j);
        const ki = counter.cats[i].values.length;
        const kj = counter.cats[j].values.length;
        const tab: unknown = pairs[p];
        const where = `json.pairs[${p}] (tasks ${fmt(counter.names[i])} and ${fmt(counter.names[j])})`;
        if (!Array.isArray(tab) || tab.length !== ki * kj) fail('INVALID_JSON', fn, `${where} must hold ${ki} × ${kj} = ${ki * kj} counts (got ${fmt(tab)})`);
        counter.ensure(fn, p, ki, kj);
        const rows = new Float64Array(ki);
        const colsum = new Float64Array(kj);
        for (let a = 0; a < ki; a++) {
          for (let b = 0; b < kj; b++) {
            const v = checkJsonCount(fn, `${where}[${a * kj + b}]`, tab[a * kj + b]);
            counter.tables[p][a * kj + b] = v;
            rows[a] += v;
            colsum[b] += v;
          }
        }
        for (let a = 0; a < ki; a++) if (rows[a] !== counter.taskCounts[i][a]) fail('INVALID_JSON', fn, `${where}: row ${a} sums to ${rows[a]} but json.counts[${i}][${a}] is ${counter.taskCounts[i][a]}`);
        for (let b = 0; b < kj; b++) if (colsum[b] !== counter.taskCounts[j][b]) fail('INVALID_JSON', fn, `${where}: column ${b} sums to ${colsum[b]} but json.counts[${j}][${b}] is ${counter.taskCounts[j][b]}`);
      }
    }
    counter.total = n;
    return counter;
  }

  /**
   * Builds a counter from pairwise tables computed elsewhere, checking that they agree (used by the SQL readers).
   *
   * @internal
   */
  static fromTables(fn: string, names: readonly string[], categories: Category[][], table: (i: number, j: number, a: number, b: number) => number, n: number): TaskCounter {
    const counter = new TaskCounter(names);
    const T = counter.size;
    for (let t = 0; t < T; t++) {
      const cat = counter.cats[t];
      for (const v of categories[t]) {
        const kind = typeof v === 'string' ? 'string' : 'int';
        if (cat.kind !== undefined && cat.kind !== kind) fail('INVALID_LABELS', fn, `task ${fmt(names[t])} has both integer and string labels (${fmt(categories[t][0])} and ${fmt(v)})`);
        cat.kind = kind;
        cat.code(v);
      }
      counter.taskCounts[t] = new Float64Array(cat.values.length);
    }
    const seen = new Uint8Array(T);
    for (let i = 0; i < T; i++) {
      for (let j = i + 1; j < T; j++) {
        const p = pairIndex(T, i, j);
        const ki = counter.cats[i].values.length;
        const kj = counter.cats[j].values.length;
        counter.ensure(fn, p, ki, kj);
        const rows = new Float64Array(ki);
        const colsum = new Float64Array(kj);
        let sum = 0;
        for (let a = 0; a < ki; a++) {
          for (let b = 0; b < kj; b++) {
            const v = table(i, j, a, b);
            counter.tables[p][a * kj + b] = v;
            rows[a] += v;
            colsum[b] += v;
            sum += v;
          }
        }
        const pairName = `tasks ${fmt(names[i])} and ${fmt(names[j])}`;
        if (sum !== n) fail('SHAPE_MISMATCH', fn, `the table of ${pairName} counts ${sum} instances but n is ${n}`);
        // The first pair of a task sets its counts; every other pair must have the same margin.
        const check = (t: number, margin: Float64Array): void => {
          const first = seen[t] === 0;
          seen[t] = 1;
          for (let a = 0; a < margin.length; a++) {
            if (first) counter.taskCounts[t][a] = margin[a];
            else if (counter.taskCounts[t][a] !== margin[a]) {
              fail('SHAPE_MISMATCH', fn, `the tables disagree on task ${fmt(names[t])}: ${fmt(counter.cats[t].values[a])} counts ${counter.taskCounts[t][a]} in one pair but ${margin[a]} in ${pairName}`);
            }
          }
        };
        check(i, rows);
        check(j, colsum);
      }
    }
    counter.total = n;
    return counter;
  }

  private task(method: string, t: unknown): number {
    if (typeof t === 'string') {
      const i = this.names.indexOf(t);
      if (i >= 0) return i;
    } else if (typeof t === 'number' && Number.isInteger(t) && t >= 0 && t < this.size) return t;
    return fail('INVALID_ARGUMENT', `TaskCounter.${method}`, `a task must be a task name or an index in [0, ${this.size - 1}] (got ${fmt(t)})`);
  }

  /** Grows the table of pair p to at least ki × kj (its allocated rows and columns only grow). */
  private ensure(fn: string, p: number, ki: number, kj: number): void {
    const di = this.dimI[p];
    const dj = this.dimJ[p];
    if (ki <= di && kj <= dj) return;
    const ni = Math.max(ki, di);
    const nj = Math.max(kj, dj);
    if (ni * nj > MAX_PAIR_CELLS) fail('INVALID_ARGUMENT', fn, `${ni} × ${nj} categories are too many for a pairwise table (at most ${MAX_PAIR_CELLS} cells); task labels should have few categories`);
    const g = new Float64Array(ni * nj);
    const old = this.tables[p];
    for (let a = 0; a < di; a++) for (let b = 0; b < dj; b++) g[a * nj + b] = old[a * dj + b];
    this.tables[p] = g;
    this.dimI[p] = ni;
    this.dimJ[p] = nj;
  }
}

function checkJsonCount(fn: string, where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail('INVALID_JSON', fn, `${where} must be a non-negative integer (got ${fmt(v)})`);
  return v;
}

