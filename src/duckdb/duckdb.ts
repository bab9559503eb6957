// DuckDB as the counting engine: the aggregation SQL runs inside DuckDB (over Parquet, CSV or a table, larger than
// memory if need be) and only counts cross into JavaScript. Nothing here imports @duckdb/node-api: the caller opens
// the connection, so the package never loads DuckDB for anyone who does not use it.
import { JointCounter } from '../core/counter.js';
import { ContingencyCounter, LabelCounter } from '../core/label-counters.js';
import type { Category } from '../core/counter.js';
import { fail, fmt, InfometaError } from '../internal/errors.js';
import { checkOptions, optionNames } from '../internal/validate.js';
import { taskCountsFromRows, taskCountsSQL } from '../miml/sql.js';
import type { TaskCountsKind } from '../miml/sql.js';
import type { TaskCounter } from '../miml/task-counter.js';

/** The result of a DuckDB query as `@duckdb/node-api` returns it (`DuckDBResultReader`); only these methods are used. */
export interface DuckDBResultLike {
  /** Column names of the result. */
  columnNames(): string[];
  /** Rows as objects keyed by column name, with JS values (BIGINT as `bigint`). */
  getRowObjectsJS(): Record<string, unknown>[];
}

/** A `@duckdb/node-api` `DuckDBConnection` (`await (await DuckDBInstance.create()).connect()`); only this is used. */
export interface DuckDBConnectionLike {
  /** Runs SQL and reads the whole result. */
  runAndReadAll(sql: string): Promise<DuckDBResultLike>;
}

/** Options of {@link taskCountsFromDuckDB}. */
export interface DuckDBTaskCountsOptions {
  /** `binary` (default: 0/1 or boolean labels) or `categorical` (any integer or string labels). */
  kind?: TaskCountsKind;
}

const DUCKDB_TASK_OPTIONS = optionNames<DuckDBTaskCountsOptions>()('kind');

function firstLine(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 120 ? line.slice(0, 120) + '…' : line.trim();
}

/** Runs SQL on a connection; a DuckDB error becomes an InfometaError naming `fn` and the SQL's first line. */
async function run(fn: string, connection: unknown, sql: unknown): Promise<DuckDBResultLike> {
  if (typeof connection !== 'object' || connection === null || typeof (connection as DuckDBConnectionLike).runAndReadAll !== 'function') {
    fail('INVALID_ARGUMENT', fn, `connection must be a @duckdb/node-api DuckDBConnection (got ${fmt(connection)})`);
  }
  if (typeof sql !== 'string' || sql.trim() === '') fail('INVALID_ARGUMENT', fn, `sql must be a non-empty string (got ${fmt(sql)})`);
  try {
    return await (connection as DuckDBConnectionLike).runAndReadAll(sql);
  } catch (e) {
    if (e instanceof InfometaError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new InfometaError('QUERY_FAILED', `${fn}: the query failed: ${firstLine(sql)}\n${msg}`);
  }
}

/**
 * Runs a SQL query in DuckDB and returns its rows as plain objects (BIGINT values that fit become numbers), for
 * aggregation queries whose results are small. A DuckDB error (syntax, missing file or column, type) is rethrown as
 * an `InfometaError` with code `QUERY_FAILED`, naming the function and the SQL's first line.
 *
 * @param connection - an open `@duckdb/node-api` connection
 * @param sql - the query
 * @returns the result rows
 * @throws InfometaError `INVALID_ARGUMENT` for something that is not a connection or an empty query; `QUERY_FAILED`
 *   when DuckDB refuses or fails the query
 * @example
 * ```ts
 * import { DuckDBInstance } from '@duckdb/node-api'; // the optional peer dependency
 * import { queryDuckDB } from 'infometa/duckdb';
 * const connection = await (await DuckDBInstance.create()).connect();
 * console.log(await queryDuckDB(connection, 'SELECT 6 * 7 AS answer')); // [ { answer: 42 } ]
 * ```
 */
export async function queryDuckDB(connection: DuckDBConnectionLike, sql: string): Promise<Record<string, unknown>[]> {
  const result = await run('queryDuckDB', connection, sql);
  return result.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    return out;
  });
}

function toLabel(fn: string, column: string, r: number, v: unknown): Category {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if ((typeof v === 'number' || typeof v === 'bigint') && Number.isSafeInteger(Number(v))) return Number(v);
  return fail('INVALID_LABELS', fn, `column ${fmt(column)} holds ${fmt(v)} in result row ${r}; labels must be integers, booleans or strings (filter NULLs out in the query)`);
}

/**
 * Runs an aggregation query in DuckDB and returns its counts as a counter: every column of the result but the last is
 * a label column, the last is the count, as a `GROUP BY` gives them (`SELECT a, b, COUNT(*) FROM t GROUP BY a, b`).
 * One label column gives a `LabelCounter`, two a `ContingencyCounter`, more a `JointCounter`, named after the
 * columns; it feeds every count-based measure, merges with the counters of other shards, and serialises.
 *
 * Cost: the query's, in DuckDB; then O(result rows) in JavaScript.
 *
 * @param connection - an open `@duckdb/node-api` connection
 * @param sql - a query whose last column is a count and whose other columns are labels
 * @returns the counter
 * @throws InfometaError `INVALID_ARGUMENT` for a bad connection, an empty query, a result with fewer than 2 columns
 *   or a count that is not a non-negative integer; `INVALID_LABELS` for NULL or non-label values; `QUERY_FAILED`
 *   when DuckDB fails the query
 * @example
 * ```ts
 * import { DuckDBInstance } from '@duckdb/node-api'; // the optional peer dependency
 * import { fromDuckDB } from 'infometa/duckdb';
 * import { mutualInformationOfCounts } from 'infometa';
 * const connection = await (await DuckDBInstance.create()).connect();
 * // A million rows where b = a mod 2 (in practice: read_parquet('big.parquet') or a table).
 * const sql = 'SELECT i % 4 AS a, i % 2 AS b, COUNT(*) FROM range(1000000) t(i) GROUP BY a, b';
 * const counts = await fromDuckDB(connection, sql);
 * console.log(counts.constructor.name, counts.n, counts.shape); // ContingencyCounter 1000000 [ 4, 2 ]
 * console.log(mutualInformationOfCounts(counts, { base: 2 })); // 1
 * ```
 */
export async function fromDuckDB(connection: DuckDBConnectionLike, sql: string): Promise<JointCounter> {
  const fn = 'fromDuckDB';
  const result = await run(fn, connection, sql);
  const names = result.columnNames();
  const d = names.length - 1;
  if (d < 1) fail('INVALID_ARGUMENT', fn, `the query must return label columns then a count column (got ${names.length} column${names.length === 1 ? '' : 's'})`);
  const rows = result.getRowObjectsJS();
  const values: Category[][] = Array.from({ length: d }, () => new Array<Category>(rows.length));
  const counts = new Array<number>(rows.length);
  const countName = names[d];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let a = 0; a < d; a++) values[a][r] = toLabel(fn, names[a], r, row[names[a]]);
    const c = row[countName];
    const x = typeof c === 'bigint' || typeof c === 'number' ? Number(c) : NaN;
    if (!Number.isSafeInteger(x) || x < 0) fail('INVALID_ARGUMENT', fn, `the last column, ${fmt(countName)}, must hold non-negative integer counts (got ${fmt(c)} in result row ${r})`);
    counts[r] = x;
  }
  const unique = new Set(names.slice(0, d)).size === d;
  if (!unique) fail('INVALID_ARGUMENT', fn, `the label columns of the result must have distinct names (got ${names.slice(0, d).join(', ')})`);
  const counter = d === 1 ? new LabelCounter(names[0]) : d === 2 ? new ContingencyCounter([names[0], names[1]]) : new JointCounter(names.slice(0, d));
  try {
    return counter.addCounts(values as number[][], counts);
  } catch (e) {
    // A column whose values mix integers and strings: name this function, not the counter's method.
    if (e instanceof InfometaError) throw new InfometaError(e.code, `${fn}: ${e.message}`);
    throw e;
  }
}

/**
 * Counts the sufficient statistics of the task-dependency matrix of label columns inside DuckDB, in one scan of
 * `source` (a table, `read_parquet('…')`, `read_csv('…')`), with the SQL of `taskCountsSQL`; only the counts come
 * back. `taskDependencyFromCounts` then gives the matrix `taskDependencyMatrix` would give on the loaded labels.
 *
 * Cost: one scan in DuckDB (binary: 1 + 5T + T(T−1)/2 aggregates; categorical: one grouping set per pair), then
 * O(Σ kᵢ kⱼ).
 *
 * @param connection - an open `@duckdb/node-api` connection
 * @param source - what follows `FROM`
 * @param columns - the T ≥ 2 label columns (task names)
 * @param options - `kind`: `binary` (default) or `categorical`
 * @returns the {@link TaskCounter}
 * @throws InfometaError `QUERY_FAILED` when DuckDB fails the query (a missing file or column, a label that does not
 *   cast to a number for `binary`); otherwise as `taskCountsSQL` and `taskCountsFromRows`
 * @example
 * ```ts
 * import { DuckDBInstance } from '@duckdb/node-api'; // the optional peer dependency
 * import { taskCountsFromDuckDB } from 'infometa/duckdb';
 * import { taskDependencyFromCounts } from 'infometa';
 * const connection = await (await DuckDBInstance.create()).connect();
 * // Three labels over 100 000 rows: l1 copies l0, l2 is unrelated (in practice: read_parquet('labels.parquet')).
 * await connection.run('CREATE TABLE labels AS SELECT i % 2 AS l0, i % 2 AS l1, (i // 2) % 2 AS l2 FROM range(100000) t(i)');
 * const counts = await taskCountsFromDuckDB(connection, 'labels', ['l0', 'l1', 'l2']);
 * const dep = taskDependencyFromCounts(counts, { base: 2 });
 * console.log(counts.n, dep.get('l0', 'l1'), dep.get('l0', 'l2')); // 100000 1 0
 * ```
 */
export async function taskCountsFromDuckDB(connection: DuckDBConnectionLike, source: string, columns: readonly string[], options?: DuckDBTaskCountsOptions): Promise<TaskCounter> {
  const fn = 'taskCountsFromDuckDB';
  checkOptions(fn, options, DUCKDB_TASK_OPTIONS);
  const kind = options?.kind;
  const sql = taskCountsSQL(source, columns, { kind, dialect: 'duckdb' });
  const result = await run(fn, connection, sql);
  return taskCountsFromRows(result.getRowObjectsJS(), columns, { kind });
}
