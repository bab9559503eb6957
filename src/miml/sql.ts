// SQL that counts the sufficient statistics of a task-dependency matrix where the data lives (DuckDB, Spark SQL),
// and the reader that turns its result rows into a TaskCounter. One scan of the table; only counts come back.
import type { Category } from '../core/counter.js';
import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkOptions, optionNames } from '../internal/validate.js';
import { TaskCounter, pairIndex } from './task-counter.js';
import { checkNames } from './tasks.js';

/** SQL dialect of {@link taskCountsSQL}: identifiers are quoted `"so"` in DuckDB and `` `so` `` in Spark SQL. */
export type SqlDialect = 'duckdb' | 'spark';

/**
 * What the label columns hold: `binary` (0/1 integers or booleans: one row of sums and co-occurrence sums) or
 * `categorical` (any integer or string labels: one `GROUP BY GROUPING SETS` row per pair of tasks and pair of
 * categories).
 */
export type TaskCountsKind = 'binary' | 'categorical';

/** Options of {@link taskCountsSQL}. */
export interface TaskCountsSQLOptions {
  /** `binary` (default) or `categorical`. */
  kind?: TaskCountsKind;
  /** `duckdb` (default) or `spark`. */
  dialect?: SqlDialect;
}

/** Options of {@link taskCountsFromRows}. */
export interface TaskCountsFromRowsOptions {
  /** The kind of SQL the rows come from: `binary` (default) or `categorical`. */
  kind?: TaskCountsKind;
}

const KINDS: readonly TaskCountsKind[] = ['binary', 'categorical'];
const SQL_OPTIONS = optionNames<TaskCountsSQLOptions>()('kind', 'dialect');
const ROWS_OPTIONS = optionNames<TaskCountsFromRowsOptions>()('kind');
const DIALECTS: readonly SqlDialect[] = ['duckdb', 'spark'];

function quote(name: string, dialect: SqlDialect): string {
  return dialect === 'spark' ? '`' + name.replace(/`/g, '``') + '`' : '"' + name.replace(/"/g, '""') + '"';
}

/**
 * The aggregation SQL whose result gives a {@link TaskCounter} (through {@link taskCountsFromRows}): the sufficient
 * statistics of the task-dependency matrix of the given label columns, in one scan of `source`, so that the rows never
 * leave the database or the cluster.
 *
 * - `binary` (0/1 labels): one row with n = `COUNT(*)`, each column's non-null count, minimum, maximum, sum and sum
 *   of squares (equal to the sum only for 0/1 labels), and the co-occurrence `SUM(a * b)` of every pair. T columns
 *   give 1 + 5T + T(T−1)/2 aggregates.
 * - `categorical`: `GROUP BY GROUPING SETS ((a, b), (a, c), …)`, one row per pair of tasks and pair of categories,
 *   with `GROUPING(…)` flags telling the pairs apart.
 *
 * The text is the same for DuckDB and Spark SQL but for identifier quoting; its first line is a `--` comment naming
 * what it counts (error messages quote it).
 *
 * @param source - what follows `FROM`: a table name or a table function such as `read_parquet('labels.parquet')`
 * @param columns - the T ≥ 2 label columns (the task names)
 * @param options - `kind` (`binary` default, `categorical`), `dialect` (`duckdb` default, `spark`)
 * @returns the SQL text
 * @throws InfometaError `INVALID_ARGUMENT` for an empty source; `INVALID_OPTION` for fewer than 2 columns, names
 *   that are not unique strings, or an unknown kind or dialect
 * @example
 * ```ts
 * import { taskCountsSQL } from 'infometa';
 * const sql = taskCountsSQL('labels', ['a', 'b'], { dialect: 'spark' });
 * console.log(sql.split('\n')[0]); // -- infometa: binary task counts of 2 columns (a, b)
 * console.log(sql.includes('SUM(t0 * t1) AS c0_1')); // true
 * ```
 */
export function taskCountsSQL(source: string, columns: readonly string[], options?: TaskCountsSQLOptions): string {
  const fn = 'taskCountsSQL';
  checkOptions(fn, options, SQL_OPTIONS);
  const kind = checkChoice(fn, 'kind', options?.kind, KINDS, 'binary');
  const dialect = checkChoice(fn, 'dialect', options?.dialect, DIALECTS, 'duckdb');
  if (typeof source !== 'string' || source.trim() === '') fail('INVALID_ARGUMENT', fn, `source must be a table name or table expression (got ${fmt(source)})`);
  if (!Array.isArray(columns) || columns.length < 2) fail('INVALID_OPTION', fn, `columns must hold at least 2 label columns (got ${fmt(columns)})`);
  const names = checkNames(fn, columns, columns.length);
  const T = names.length;
  const shown = names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, …`;
  const head = `-- infometa: ${kind} task counts of ${T} columns (${shown})`;
  const t = (i: number): string => `t${i}`;
  if (kind === 'binary') {
    // Each label as a DOUBLE (d) for the checks that see any value, and as an INTEGER (t) for the T(T−1)/2 products,
    // which integer arithmetic sums about twice as fast. The diagonal Σd² equals Σd only for 0/1 labels.
    const inner = names.map((c, i) => `CAST(${quote(c, dialect)} AS DOUBLE) AS d${i}, CAST(${quote(c, dialect)} AS INTEGER) AS ${t(i)}`).join(', ');
    const aggs = ['COUNT(*) AS n'];
    for (let i = 0; i < T; i++) aggs.push(`COUNT(d${i}) AS nn${i}, MIN(d${i}) AS lo${i}, MAX(d${i}) AS hi${i}, SUM(d${i}) AS s${i}, SUM(d${i} * d${i}) AS c${i}_${i}`);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) aggs.push(`SUM(${t(i)} * ${t(j)}) AS c${i}_${j}`);
    return `${head}\nSELECT\n  ${aggs.join(',\n  ')}\nFROM (SELECT ${inner} FROM ${source}) AS q`;
  }
  const inner = names.map((c, i) => `${quote(c, dialect)} AS ${t(i)}`).join(', ');
  const flags = names.map((_, i) => `GROUPING(${t(i)}) AS g${i}`).join(', ');
  const vals = names.map((_, i) => t(i)).join(', ');
  const sets: string[] = [];
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) sets.push(`(${t(i)}, ${t(j)})`);
  return `${head}\nSELECT ${flags}, ${vals}, COUNT(*) AS c\nFROM (SELECT ${inner} FROM ${source}) AS q\nGROUP BY GROUPING SETS (${sets.join(', ')})`;
}

/** A count from a result row: a number, a bigint or a numeric string, as drivers return them. */
function toCount(fn: string, what: string, v: unknown, integer = true): number {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'bigint') x = Number(v);
  else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) x = Number(v);
  else return fail('INVALID_ARGUMENT', fn, `${what} must be a number (got ${fmt(v)}); is this the result of taskCountsSQL?`);
  if (!Number.isFinite(x) || (integer && (!Number.isSafeInteger(x) || x < 0))) fail('INVALID_ARGUMENT', fn, `${what} must be a ${integer ? 'non-negative integer' : 'finite number'} (got ${fmt(v)})`);
  return x;
}

/** A label from a result row: integers (number or bigint), booleans as 0/1, strings; never null. */
function toLabel(fn: string, column: string, v: unknown): Category {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint' && Number.isSafeInteger(Number(v))) return Number(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (v === null || v === undefined) return fail('INVALID_LABELS', fn, `column ${fmt(column)} holds NULL labels; filter them out (WHERE ${column} IS NOT NULL) or give them a value`);
  return fail('INVALID_LABELS', fn, `column ${fmt(column)} holds ${fmt(v)}; labels must be integers, booleans or strings`);
}

/**
 * Reads the result rows of {@link taskCountsSQL} (as plain objects keyed by column alias: DuckDB's
 * `getRowObjectsJS()`, Spark's `row.asDict()` serialised to JSON, any driver's rows) into a {@link TaskCounter}, ready
 * for `taskDependencyFromCounts`. Checks what the SQL cannot: no NULL labels, binary labels that are 0 or 1, and
 * pairwise tables that agree with each other.
 *
 * Cost: O(rows + Σᵢ<ⱼ kᵢ kⱼ).
 *
 * @param rows - the result rows
 * @param columns - the same label columns (task names) that were given to `taskCountsSQL`
 * @param options - `kind`: the same as was given to `taskCountsSQL` (`binary` default)
 * @returns the counter, named after the columns
 * @throws InfometaError `INVALID_ARGUMENT` for rows that are not the result of that SQL (missing or non-numeric
 *   fields, a binary result that is not one row) or binary labels other than 0/1; `INVALID_LABELS` for NULL labels
 *   or labels that are not integers, booleans or strings; `EMPTY_INPUT` for a table without rows; `SHAPE_MISMATCH`
 *   for tables that disagree; `INVALID_OPTION` for bad columns or kind
 * @example
 * ```ts
 * import { taskCountsFromRows, taskDependencyFromCounts } from 'infometa';
 * // The one row that `taskCountsSQL(source, ['a', 'b'])` returns for a = [1, 1, 0, 0], b = [1, 1, 0, 0].
 * const row = { n: 4, nn0: 4, lo0: 0, hi0: 1, s0: 2, nn1: 4, lo1: 0, hi1: 1, s1: 2, c0_0: 2, c0_1: 2, c1_1: 2 };
 * const dep = taskDependencyFromCounts(taskCountsFromRows([row], ['a', 'b']), { base: 2 });
 * console.log(dep.get('a', 'b')); // 1
 * ```
 */
export function taskCountsFromRows(rows: readonly Record<string, unknown>[], columns: readonly string[], options?: TaskCountsFromRowsOptions): TaskCounter {
  const fn = 'taskCountsFromRows';
  checkOptions(fn, options, ROWS_OPTIONS);
  const kind = checkChoice(fn, 'kind', options?.kind, KINDS, 'binary');
  if (!Array.isArray(columns) || columns.length < 2) fail('INVALID_OPTION', fn, `columns must hold at least 2 label columns (got ${fmt(columns)})`);
  const names = checkNames(fn, columns, columns.length);
  const T = names.length;
  if (!Array.isArray(rows)) fail('INVALID_ARGUMENT', fn, `rows must be an array of result rows (got ${fmt(rows)})`);
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (typeof row !== 'object' || row === null) fail('INVALID_ARGUMENT', fn, `rows[${r}] must be an object keyed by column alias (got ${fmt(row)})`);
  }
  return kind === 'binary' ? fromBinaryRow(fn, rows, names, T) : fromGroupingSets(fn, rows, names, T);
}

function fromBinaryRow(fn: string, rows: readonly Record<string, unknown>[], names: string[], T: number): TaskCounter {
  if (rows.length !== 1) fail('INVALID_ARGUMENT', fn, `a binary count query returns one row (got ${rows.length})`);
  const row = rows[0];
  const get = (alias: string, integer = true): number => toCount(fn, `field ${alias}`, row[alias], integer);
  const n = get('n');
  if (n === 0) fail('EMPTY_INPUT', fn, 'the table has no rows');
  const pos: number[] = [];
  for (let i = 0; i < T; i++) {
    const col = fmt(names[i]);
    const nulls = n - get(`nn${i}`);
    if (nulls > 0) fail('INVALID_LABELS', fn, `column ${col} holds ${nulls} NULL labels; filter them out or give them a value`);
    const lo = get(`lo${i}`, false);
    const hi = get(`hi${i}`, false);
    const s = get(`s${i}`);
    // For values in [0, 1], x² = x only at 0 and 1: the diagonal co-occurrence Σx² equals Σx exactly for 0/1 labels.
    if (lo < 0 || hi > 1 || get(`c${i}_${i}`) !== s) {
      fail('INVALID_ARGUMENT', fn, `column ${col} holds labels other than 0 and 1 (from ${lo} to ${hi}); use { kind: 'categorical' } for other labels`);
    }
    pos.push(s);
  }
  const co = (i: number, j: number): number => (i <= j ? get(`c${i}_${j}`) : get(`c${j}_${i}`));
  for (let i = 0; i < T; i++) {
    for (let j = i + 1; j < T; j++) {
      const c = co(i, j);
      if (c > Math.min(pos[i], pos[j]) || pos[i] + pos[j] - c > n) {
        fail('INVALID_ARGUMENT', fn, `field c${i}_${j} = ${c} is impossible for columns ${fmt(names[i])} (${pos[i]} positives) and ${fmt(names[j])} (${pos[j]}) of ${n} rows`);
      }
    }
  }
  const categories = pos.map((a) => (a === 0 ? [0] : a === n ? [1] : [0, 1]));
  // count(xᵢ = u, xⱼ = v) from n, the positives and the co-occurrence.
  const table = (i: number, j: number, a: number, b: number): number => {
    const u = categories[i][a];
    const v = categories[j][b];
    const c = co(i, j);
    if (u === 1 && v === 1) return c;
    if (u === 1) return pos[i] - c;
    if (v === 1) return pos[j] - c;
    return n - pos[i] - pos[j] + c;
  };
  return TaskCounter.fromTables(fn, names, categories, table, n);
}

function fromGroupingSets(fn: string, rows: readonly Record<string, unknown>[], names: string[], T: number): TaskCounter {
  const P = (T * (T - 1)) / 2;
  const cells: Map<Category, Map<Category, number>>[] = Array.from({ length: P }, () => new Map());
  const seen: Set<Category>[] = Array.from({ length: T }, () => new Set());
  const totals = new Float64Array(P);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const grouped: number[] = [];
    for (let t = 0; t < T; t++) if (toCount(fn, `rows[${r}].g${t}`, row[`g${t}`]) === 0) grouped.push(t);
    if (grouped.length !== 2) fail('INVALID_ARGUMENT', fn, `rows[${r}] groups ${grouped.length} columns; each row of the categorical count query groups a pair`);
    const [i, j] = grouped;
    const u = toLabel(fn, names[i], row[`t${i}`]);
    const v = toLabel(fn, names[j], row[`t${j}`]);
    const c = toCount(fn, `rows[${r}].c`, row.c);
    const p = pairIndex(T, i, j);
    let inner = cells[p].get(u);
    if (inner === undefined) cells[p].set(u, (inner = new Map()));
    if (inner.has(v)) fail('INVALID_ARGUMENT', fn, `rows[${r}] repeats the cell (${fmt(u)}, ${fmt(v)}) of columns ${fmt(names[i])} and ${fmt(names[j])}`);
    inner.set(v, c);
    seen[i].add(u);
    seen[j].add(v);
    totals[p] += c;
  }
  const n = totals[0];
  if (n === 0) fail('EMPTY_INPUT', fn, 'the table has no rows');
  const categories = seen.map((s) => [...s]);
  const table = (i: number, j: number, a: number, b: number): number => cells[pairIndex(T, i, j)].get(categories[i][a])?.get(categories[j][b]) ?? 0;
  return TaskCounter.fromTables(fn, names, categories, table, n);
}
