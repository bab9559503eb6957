// Public surface of `infometa/duckdb`: counting inside DuckDB (Node, with the optional peer dependency
// @duckdb/node-api). Named re-exports only; not part of the `infometa` entry, so no browser bundle sees it.
export { queryDuckDB, fromDuckDB, taskCountsFromDuckDB } from './duckdb.js';
export type { DuckDBConnectionLike, DuckDBResultLike, DuckDBTaskCountsOptions } from './duckdb.js';
