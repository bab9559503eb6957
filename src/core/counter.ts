import { fail, fmt } from '../internal/errors.js';
import { isNumericArray } from '../internal/validate.js';
import { scanLabels } from './labels.js';
import type { Labels } from './labels.js';
import { Categories, MAX_CODES, compareCategories } from './categories.js';
import type { Category } from './categories.js';

export type { Category } from './categories.js';

/** The plain-data form of a counter, as written by `toJSON()`. */
export interface CounterJSON {
  /** `'infometa.LabelCounter'`, `'infometa.ContingencyCounter'` or `'infometa.JointCounter'`. */
  kind: string;
  /** Format version, currently 1. */
  version: 1;
  /** Column names, one per counted column. */
  columns: string[];
  /** Category values of each column, in the order their codes were given (first seen first). */
  categories: Category[][];
  /** The non-empty cells: `columns.length` codes per cell, cell after cell. */
  cells: number[];
  /** The count of each cell. */
  counts: number[];
  /** Total count: the sum of `counts`. */
  n: number;
}

/** Largest dense table the `data` view builds. */
const MAX_DENSE = 1 << 26;

function grow<T extends Float64Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * Counts of the joint values of d label columns, fed in chunks: a contingency table that grows as new categories
 * appear, that can be merged with the counter of another shard of the same columns, and that serialises to JSON.
 * Merging the counters of any sharding of the rows gives exactly the counts of the whole.
 *
 * A counter is also a {@link Table} of counts (`data`, `shape`; axes in column order, categories sorted as
 * `contingency` sorts them), so every function that takes a table takes it: `mutualInformationOfCounts(counter)`,
 * `mutualInformation(counter, { normalize: true })`, `conditionalMutualInformation(counter3, { normalize: true })`,
 * and `entropyOfCounts(labelCounter)` with every estimator. {@link LabelCounter} and {@link ContingencyCounter} are
 * its one- and two-column forms.
 *
 * Cost: `add` is O(rows · d) (one hash lookup per label and per cell); memory O(categories + distinct cells), never
 * O(rows).
 *
 * @example
 * ```ts
 * import { JointCounter, conditionalMutualInformation } from 'infometa';
 * const c = new JointCounter(['x', 'y', 'z']);
 * c.add([0, 0, 1, 1], [0, 1, 1, 0], [0, 1, 0, 1]); // y = x xor z
 * console.log(c.n, c.shape, conditionalMutualInformation(c, { normalize: true, base: 2 })); // 4 [ 2, 2, 2 ] 1
 * ```
 */
export class JointCounter {
  /** The class name used in error messages (kept through minification). */
  static readonly label: string = 'JointCounter';
  /** The `kind` tag of this class's JSON. */
  static readonly kind: string = 'infometa.JointCounter';
  /** Column names, one per counted column. */
  readonly columns: readonly string[];
  private readonly cats: Categories[];
  /** Hash maps from (prefix id, next code) to the id of the longer prefix; the last level's ids are cell indices. */
  private readonly links: Map<number, number>[];
  private readonly prefixCount: number[];
  private cellCodes = new Int32Array(64);
  private cellCounts = new Float64Array(16);
  private cellCount = 0;
  private total = 0;
  private cache: { data: Float64Array; shape: number[] } | undefined;
  private scratch = new Int32Array(0);
  private ids = new Int32Array(0);

  /**
   * An empty counter of d columns.
   *
   * @param columns - the column names (unique strings), or their number d ≥ 1 (then named `x0`, `x1`, …)
   * @throws InfometaError `INVALID_ARGUMENT` for a count that is not a positive integer, or names that are not
   *   unique strings
   */
  constructor(columns: number | readonly string[]) {
    this.columns = checkColumns((this.constructor as typeof JointCounter).label, columns);
    const d = this.columns.length;
    this.cats = Array.from({ length: d }, () => new Categories());
    this.links = Array.from({ length: d - 1 }, () => new Map<number, number>());
    this.prefixCount = new Array<number>(d).fill(0);
  }

  /** Total count: the number of rows added (plus the counts of `addCounts` and merged counters). */
  get n(): number {
    return this.total;
  }

  /** Number of distinct joint values seen (non-empty cells). */
  get size(): number {
    return this.cellCount;
  }

  /**
   * The category values of one column, sorted (numbers ascending, strings by code unit): the labels of that axis
   * of `data`.
   *
   * @param axis - column index in [0, d) or column name
   * @returns a new array of the values
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown axis
   */
  categories(axis: number | string = 0): Category[] {
    return this.cats[this.axis('categories', axis)].values.slice().sort(compareCategories);
  }

  /**
   * The marginal counts of one column, in the order of {@link JointCounter.categories}.
   *
   * @param axis - column index in [0, d) or column name
   * @returns a new Float64Array of counts, all > 0 except categories only registered with a zero count
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown axis
   */
  marginal(axis: number | string = 0): Float64Array {
    const a = this.axis('marginal', axis);
    const d = this.columns.length;
    const rank = this.cats[a].ranks();
    const out = new Float64Array(rank.length);
    for (let c = 0; c < this.cellCount; c++) out[rank[this.cellCodes[c * d + a]]] += this.cellCounts[c];
    return out;
  }

  /**
   * Counts one chunk of rows: one label array per column, all of the same length (an empty chunk is allowed).
   * Labels are integer typed arrays, integer `number[]` or `string[]`; a column must keep one kind across chunks.
   *
   * @param chunks - one label array per column
   * @returns this counter
   * @throws InfometaError `INVALID_ARGUMENT` for the wrong number of columns or a non-array; `SHAPE_MISMATCH` for
   *   columns of different lengths; `INVALID_LABELS` / `NON_FINITE` for bad labels or a column that switches
   *   between integers and strings
   */
  add(...chunks: Labels[]): this {
    this.addRows('add', chunks, undefined);
    return this;
  }

  /**
   * Adds counts aggregated elsewhere (the rows of a SQL `GROUP BY`, a Spark job): for each i, the joint value
   * (values[0][i], values[1][i], …) seen counts[i] times. A zero count registers the categories without counting.
   *
   * @param values - one label array per column, all of the same length
   * @param counts - a non-negative integer count per row of values
   * @returns this counter
   * @throws InfometaError as {@link JointCounter.add}; `INVALID_ARGUMENT` for counts that are not non-negative
   *   safe integers or a total past 2⁵³
   */
  addCounts(values: readonly Labels[], counts: Float64Array | readonly number[]): this {
    const fn = `${this.kindName()}.addCounts`;
    if (!Array.isArray(values)) fail('INVALID_ARGUMENT', fn, `values must be an array of label arrays, one per column (got ${fmt(values)})`);
    if (!isNumericArray(counts)) fail('INVALID_ARGUMENT', fn, `counts must be an array of numbers (got ${fmt(counts)})`);
    for (let i = 0; i < counts.length; i++) checkCount(fn, `counts[${i}]`, counts[i]);
    this.addRows(fn, values as Labels[], counts);
    return this;
  }

  /**
   * Adds the counts of another counter of the same columns (a shard's): afterwards this counter holds exactly the
   * counts of both shards together. `other` is not changed.
   *
   * @param other - a counter of the same class and the same column names
   * @returns this counter
   * @throws InfometaError `INVALID_ARGUMENT` for another class or other columns; `INVALID_LABELS` when a column
   *   holds integers in one counter and strings in the other
   */
  merge(other: JointCounter): this {
    const fn = `${this.kindName()}.merge`;
    if (!(other instanceof JointCounter) || other.constructor !== this.constructor) fail('INVALID_ARGUMENT', fn, `other must be a ${this.kindName()} (got ${fmt(other)})`);
    const d = this.columns.length;
    if (other.columns.length !== d || other.columns.some((c, i) => c !== this.columns[i])) {
      fail('INVALID_ARGUMENT', fn, `cannot merge counters of different columns: [${this.columns.join(', ')}] and [${other.columns.join(', ')}]`);
    }
    for (let a = 0; a < d; a++) {
      const k = other.cats[a].kind;
      const was = this.cats[a].kind;
      if (k !== undefined && was !== undefined && was !== k) this.cats[a].checkKind(fn, `column '${this.columns[a]}' of other`, k);
    }
    this.addTotal(fn, other.total);
    const maps: Int32Array[] = [];
    for (let a = 0; a < d; a++) {
      const theirs = other.cats[a];
      if (theirs.kind !== undefined) this.cats[a].kind = theirs.kind;
      maps.push(Int32Array.from(theirs.values, (v) => this.cats[a].code(v)));
    }
    const codes = new Int32Array(d);
    for (let c = 0; c < other.cellCount; c++) {
      for (let a = 0; a < d; a++) codes[a] = maps[a][other.cellCodes[c * d + a]];
      this.bump(codes, 0, 1, other.cellCounts[c]);
    }
    return this;
  }

  /** A copy of this counter. */
  clone(): this {
    const Ctor = this.constructor as typeof JointCounter;
    return Ctor.fromJSON(this.toJSON()) as this;
  }

  /**
   * The dense table of counts (row-major, axes in column order, categories sorted): the `data` of this counter as
   * a {@link Table}. Built on first use after a change. Cost O(product of the category counts).
   *
   * @throws InfometaError `EMPTY_INPUT` for an empty counter; `INVALID_ARGUMENT` for a table past 2²⁶ cells (read
   *   the sparse `toJSON().cells` instead)
   */
  get data(): Float64Array {
    return this.dense('data').data;
  }

  /** The number of categories of each column: the shape of {@link JointCounter.data}. */
  get shape(): readonly number[] {
    return this.dense('shape').shape;
  }

  /**
   * Plain-data form, safe for `JSON.stringify`.
   *
   * @returns the {@link CounterJSON}
   */
  toJSON(): CounterJSON {
    const d = this.columns.length;
    const cells: number[] = [];
    const counts: number[] = [];
    for (let c = 0; c < this.cellCount; c++) {
      if (this.cellCounts[c] === 0) continue; // a category registered by a zero count of addCounts
      for (let a = 0; a < d; a++) cells.push(this.cellCodes[c * d + a]);
      counts.push(this.cellCounts[c]);
    }
    return {
      kind: (this.constructor as typeof JointCounter).kind,
      version: 1,
      columns: this.columns.slice(),
      categories: this.cats.map((c) => c.values.slice()),
      cells,
      counts,
      n: this.total,
    };
  }

  /**
   * Rebuilds a counter from {@link JointCounter.toJSON} output (or its `JSON.parse`d text), checking every field, so
   * that a tampered or truncated file is refused rather than counted.
   *
   * @param json - the plain data
   * @returns the counter
   * @throws InfometaError `INVALID_JSON` for another kind tag or version, columns, categories, cells or counts of the
   *   wrong shape or type, duplicate categories or cells, a code out of range, or an `n` that is not the sum of the
   *   counts
   * @example
   * ```ts
   * import { ContingencyCounter } from 'infometa';
   * const a = new ContingencyCounter().add(['u', 'v', 'u'], [1, 2, 1]);
   * const b = ContingencyCounter.fromJSON(JSON.parse(JSON.stringify(a)));
   * console.log(b.n, b.categories('x'), Array.from(b.data)); // 3 [ 'u', 'v' ] [ 2, 0, 0, 1 ]
   * ```
   */
  static fromJSON(json: unknown): JointCounter {
    const fn = `${this.label}.fromJSON`;
    if (typeof json !== 'object' || json === null) fail('INVALID_JSON', fn, `json must be an object (got ${fmt(json)})`);
    const o = json as Partial<Record<keyof CounterJSON, unknown>>;
    if (o.kind !== this.kind) fail('INVALID_JSON', fn, `json.kind must be '${this.kind}' (got ${fmt(o.kind)})`);
    if (o.version !== 1) fail('INVALID_JSON', fn, `unsupported json.version ${fmt(o.version)}; this version reads 1`);
    if (!Array.isArray(o.columns)) fail('INVALID_JSON', fn, `json.columns must be an array of names (got ${fmt(o.columns)})`);
    let counter: JointCounter;
    try {
      counter = this.create(o.columns as string[]);
    } catch (e) {
      return fail('INVALID_JSON', fn, `json.columns: ${(e as Error).message}`);
    }
    const d = counter.columns.length;
    const cats = o.categories;
    if (!Array.isArray(cats) || cats.length !== d) fail('INVALID_JSON', fn, `json.categories must hold one array per column: ${d} (got ${fmt(cats)})`);
    for (let a = 0; a < d; a++) {
      const vals: unknown = cats[a];
      const where = `json.categories[${a}]`;
      if (!Array.isArray(vals)) fail('INVALID_JSON', fn, `${where} must be an array (got ${fmt(vals)})`);
      for (let i = 0; i < vals.length; i++) {
        const v: unknown = vals[i];
        const kind = typeof v === 'string' ? 'string' : Number.isSafeInteger(v) ? 'int' : undefined;
        if (kind === undefined) fail('INVALID_JSON', fn, `${where}[${i}] must be an integer or a string (got ${fmt(v)})`);
        const cat = counter.cats[a];
        if (cat.kind !== undefined && cat.kind !== kind) fail('INVALID_JSON', fn, `${where} mixes integers and strings (at index ${i})`);
        cat.kind = kind;
        if (cat.index.has(v as Category)) fail('INVALID_JSON', fn, `${where} lists ${fmt(v)} twice`);
        cat.code(v as Category);
      }
    }
    const cells = o.cells;
    const counts = o.counts;
    if (!Array.isArray(counts)) fail('INVALID_JSON', fn, `json.counts must be an array (got ${fmt(counts)})`);
    if (!Array.isArray(cells) || cells.length !== d * counts.length) {
      fail('INVALID_JSON', fn, `json.cells must hold ${d} codes per count: ${d * counts.length} (got ${fmt(cells)})`);
    }
    const codes = new Int32Array(d);
    let sum = 0;
    for (let c = 0; c < counts.length; c++) {
      const v: unknown = counts[c];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail('INVALID_JSON', fn, `json.counts[${c}] must be a positive integer (got ${fmt(v)})`);
      for (let a = 0; a < d; a++) {
        const code: unknown = cells[c * d + a];
        const k = counter.cats[a].values.length;
        if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code >= k) {
          fail('INVALID_JSON', fn, `json.cells[${c * d + a}] must be a code of column ${a} in [0, ${k}) (got ${fmt(code)})`);
        }
        codes[a] = code;
      }
      const cell = counter.bump(codes, 0, 1, v);
      if (counter.cellCounts[cell] !== v) fail('INVALID_JSON', fn, `json.cells lists the cell of count ${c} twice`);
      sum += v;
    }
    if (o.n !== sum) fail('INVALID_JSON', fn, `json.n must be the sum of json.counts, ${sum} (got ${fmt(o.n)})`);
    counter.total = sum;
    return counter;
  }

  /** A new empty counter of this class over the given columns (what `fromJSON` rebuilds into). */
  protected static create(columns: readonly string[]): JointCounter {
    return new JointCounter(columns);
  }

  private kindName(): string {
    return (this.constructor as typeof JointCounter).label;
  }

  private axis(method: string, axis: unknown): number {
    const d = this.columns.length;
    if (typeof axis === 'string') {
      const a = this.columns.indexOf(axis);
      if (a >= 0) return a;
    } else if (typeof axis === 'number' && Number.isInteger(axis) && axis >= 0 && axis < d) return axis;
    return fail('INVALID_ARGUMENT', `${this.kindName()}.${method}`, `axis must be a column name (${this.columns.join(', ')}) or an index in [0, ${d - 1}] (got ${fmt(axis)})`);
  }

  private addTotal(fn: string, v: number): void {
    const t = this.total + v;
    if (!Number.isSafeInteger(t)) fail('INVALID_ARGUMENT', fn, `the total count passed 2⁵³ (got ${fmt(t)})`);
    this.total = t;
  }

  /** Validates and counts rows of d label columns, each row once, or `weights[i]` times. */
  private addRows(fn0: string, chunks: unknown[], weights: ArrayLike<number> | undefined): void {
    const fn = fn0 === 'add' ? `${this.kindName()}.add` : fn0;
    const d = this.columns.length;
    if (chunks.length !== d) fail('INVALID_ARGUMENT', fn, `expected ${d} label arrays, one per column [${this.columns.join(', ')}] (got ${chunks.length})`);
    for (let a = 0; a < d; a++) {
      const x = chunks[a];
      if (!isNumericArray(x) && !Array.isArray(x)) fail('INVALID_ARGUMENT', fn, `column '${this.columns[a]}' must be an array of labels (got ${fmt(x)})`);
    }
    const m = (chunks[0] as ArrayLike<unknown>).length;
    for (let a = 1; a < d; a++) {
      const len = (chunks[a] as ArrayLike<unknown>).length;
      if (len !== m) fail('SHAPE_MISMATCH', fn, `every column of a chunk must have the same length: '${this.columns[0]}' has ${m} labels but '${this.columns[a]}' has ${len}`);
    }
    if (weights !== undefined && weights.length !== m) fail('SHAPE_MISMATCH', fn, `counts must hold one count per row: ${m} (got ${weights.length})`);
    if (m === 0) return;
    if (this.scratch.length < d * m) this.scratch = new Int32Array(d * m);
    const codes = this.scratch;
    // Validate every column before coding any, so that a bad chunk leaves the counter exactly as it was.
    const kinds = chunks.map((x, a) => scanLabels(fn, `column '${this.columns[a]}'`, x).kind);
    for (let a = 0; a < d; a++) {
      const was = this.cats[a].kind;
      if (was !== undefined && was !== kinds[a]) this.cats[a].checkKind(fn, `column '${this.columns[a]}'`, kinds[a]);
    }
    let added = m;
    if (weights !== undefined) {
      added = 0;
      for (let i = 0; i < m; i++) added += weights[i];
    }
    this.addTotal(fn, added);
    for (let a = 0; a < d; a++) {
      this.cats[a].kind = kinds[a];
      this.cats[a].encode(chunks[a], codes.subarray(a * m, (a + 1) * m));
    }
    this.countCodes(codes, m, weights);
  }

  /** Counts m rows whose codes are column-major in `codes` (column a at a·m). */
  private countCodes(codes: Int32Array, m: number, weights: ArrayLike<number> | undefined): void {
    const d = this.columns.length;
    if (this.ids.length < m) this.ids = new Int32Array(m);
    const ids = this.ids;
    ids.set(codes.subarray(0, m));
    for (let a = 1; a < d; a++) {
      const link = this.links[a - 1];
      const off = a * m;
      const last = a === d - 1;
      for (let i = 0; i < m; i++) {
        const key = ids[i] * MAX_CODES + codes[off + i];
        let id = link.get(key);
        if (id === undefined) {
          id = this.prefixCount[a]++;
          if (id >= MAX_CODES) fail('INVALID_ARGUMENT', this.kindName(), `more than ${MAX_CODES} distinct cells`);
          link.set(key, id);
          if (last) this.newCell(codes, m, i);
        }
        ids[i] = id;
      }
    }
    if (d === 1) for (let i = 0; i < m; i++) if (ids[i] >= this.cellCount) this.newCell(codes, m, i);
    const cc = this.cellCounts;
    if (weights === undefined) for (let i = 0; i < m; i++) cc[ids[i]] += 1;
    else for (let i = 0; i < m; i++) cc[ids[i]] += weights[i];
    this.cache = undefined;
  }

  /** Registers a new cell (the next cell index) with the codes of row i of column-major `codes` (stride m). */
  private newCell(codes: Int32Array, m: number, i: number): void {
    const d = this.columns.length;
    const c = this.cellCount++;
    this.cellCodes = grow(this.cellCodes, (c + 1) * d);
    this.cellCounts = grow(this.cellCounts, c + 1);
    for (let a = 0; a < d; a++) this.cellCodes[c * d + a] = codes[a * m + i];
  }

  /** Adds w to the cell of one row of codes (column-major with stride m); returns the cell index. */
  private bump(codes: Int32Array, i: number, m: number, w: number): number {
    const d = this.columns.length;
    let id = codes[i];
    if (d === 1) {
      if (id >= this.cellCount) {
        // Cells of one column are indexed by code: register every code up to this one (zero counts).
        while (this.cellCount <= id) {
          const c = this.cellCount;
          this.newCell(Int32Array.of(c), 1, 0);
        }
      }
    } else {
      for (let a = 1; a < d; a++) {
        const key = id * MAX_CODES + codes[a * m + i];
        let next = this.links[a - 1].get(key);
        if (next === undefined) {
          next = this.prefixCount[a]++;
          this.links[a - 1].set(key, next);
          if (a === d - 1) this.newCell(codes, m, i);
        }
        id = next;
      }
    }
    this.cellCounts[id] += w;
    this.cache = undefined;
    return id;
  }

  private dense(accessor: string): { data: Float64Array; shape: number[] } {
    if (this.cache !== undefined) return this.cache;
    const fn = `${this.kindName()}.${accessor}`;
    const d = this.columns.length;
    const shape = this.cats.map((c) => c.values.length);
    const size = shape.reduce((a, b) => a * b, 1);
    if (this.cellCount === 0) fail('EMPTY_INPUT', fn, 'the counter is empty: add rows before reading its table');
    if (size > MAX_DENSE) fail('INVALID_ARGUMENT', fn, `${shape.join(' × ')} categories are too many for a dense table; read the sparse cells of toJSON()`);
    const ranks = this.cats.map((c) => c.ranks());
    const data = new Float64Array(size);
    for (let c = 0; c < this.cellCount; c++) {
      let idx = 0;
      for (let a = 0; a < d; a++) idx = idx * shape[a] + ranks[a][this.cellCodes[c * d + a]];
      data[idx] += this.cellCounts[c];
    }
    this.cache = { data, shape };
    return this.cache;
  }
}

function checkColumns(fn: string, columns: unknown): string[] {
  if (typeof columns === 'number') {
    if (!Number.isInteger(columns) || columns < 1 || columns > 64) fail('INVALID_ARGUMENT', fn, `columns must be an integer in [1, 64] or an array of names (got ${fmt(columns)})`);
    return Array.from({ length: columns }, (_, i) => `x${i}`);
  }
  if (!Array.isArray(columns) || columns.length === 0 || columns.length > 64) {
    fail('INVALID_ARGUMENT', fn, `columns must be an array of 1 to 64 names or their number (got ${fmt(columns)})`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < columns.length; i++) {
    const s: unknown = columns[i];
    if (typeof s !== 'string') fail('INVALID_ARGUMENT', fn, `columns[${i}] must be a string (got ${fmt(s)})`);
    if (seen.has(s)) fail('INVALID_ARGUMENT', fn, `columns must be unique: ${fmt(s)} appears twice`);
    seen.add(s);
  }
  return (columns as string[]).slice();
}

function checkCount(fn: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail('INVALID_ARGUMENT', fn, `${name} must be a non-negative integer count (got ${fmt(v)})`);
}
