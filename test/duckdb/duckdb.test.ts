// DuckDB integration on real files: Parquet files written by DuckDB itself (a generated multi-label file and the
// emotions data set), counted in one scan, give taskDependencyMatrix's values on the labels read into JavaScript.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDuckDB, queryDuckDB, taskCountsFromDuckDB } from '../../src/duckdb/index.js';
import {
  ContingencyCounter,
  JointCounter,
  LabelCounter,
  contingency,
  entropyOf,
  entropyOfCounts,
  mutualInformationOf,
  mutualInformationOfCounts,
  taskDependencyFromCounts,
  taskDependencyMatrix,
} from '../../src/index.js';
import type { DependencyMeasure, EntropyEstimator, Labels } from '../../src/index.js';
import { InfometaError } from '../../src/index.js';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'infometa-duckdb-'));
const emotionsCsv = join(root, 'examples', 'data', 'emotions.csv').replace(/'/g, "''");
const labelsParquet = join(dir, 'labels.parquet');
const emotionsParquet = join(dir, 'emotions.parquet');
const EMOTIONS = ['amazed-suprised', 'happy-pleased', 'relaxing-calm', 'quiet-still', 'sad-lonely', 'angry-aggresive'];
let instance: DuckDBInstance;
let db: DuckDBConnection;

/** The columns of a DuckDB query, read into JavaScript (for the reference computation only). */
async function columns(sql: string, names: string[]): Promise<Labels[]> {
  const rows = await queryDuckDB(db, sql);
  return names.map((c) => rows.map((r) => r[c]) as number[] | string[]);
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  // 20 000 rows × 8 binary labels (correlated through a latent z, one constant label) and a categorical column.
  const labels = Array.from({ length: 8 }, (_, t) =>
    t === 7 ? 'CAST(1 AS INTEGER) AS l7' : `CAST(((hash(i, ${t}) % 1000) < 300 + 400 * (CASE WHEN ${t} % 2 = 0 THEN z ELSE 1 - z END)) AS INTEGER) AS l${t}`,
  );
  await db.run(
    `COPY (SELECT ${labels.join(', ')}, ['red', 'green', 'blue'][1 + (i % 3)::INTEGER] AS color, (i % 5)::INTEGER AS five
           FROM (SELECT i, (hash(i) % 1000) / 1000.0 AS z FROM range(20000) t(i)))
     TO '${labelsParquet}' (FORMAT parquet)`,
  );
  await db.run(`COPY (SELECT * FROM read_csv('${emotionsCsv}', header = true)) TO '${emotionsParquet}' (FORMAT parquet)`);
}, 60_000);

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

const OPTIONS: { measure: DependencyMeasure; estimator?: EntropyEstimator }[] = [
  { measure: 'mi' },
  { measure: 'mi', estimator: 'chao-shen' },
  { measure: 'nmi' },
  { measure: 'ami' },
  { measure: 'conditional-entropy', estimator: 'miller-madow' },
];

function expectClose(got: Float64Array, want: Float64Array): void {
  for (let p = 0; p < want.length; p++) expect(Math.abs(got[p] - want[p])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[p])));
}

describe('DuckDB', () => {
  it('binary labels of a Parquet file: one scan gives the dependency matrix of the raw labels', async () => {
    const names = Array.from({ length: 8 }, (_, t) => `l${t}`);
    const counts = await taskCountsFromDuckDB(db, `read_parquet('${labelsParquet}')`, names);
    expect(counts.n).toBe(20000);
    const raw = await columns(`SELECT * FROM read_parquet('${labelsParquet}')`, names);
    for (const o of OPTIONS) expectClose(taskDependencyFromCounts(counts, o).values, taskDependencyMatrix(raw, { ...o, names }).values);
  });

  it('the emotions data set as Parquet, binary and categorical SQL', async () => {
    const src = `read_parquet('${emotionsParquet}')`;
    const raw = await columns(`SELECT * FROM ${src}`, EMOTIONS);
    const binary = await taskCountsFromDuckDB(db, src, EMOTIONS);
    const categorical = await taskCountsFromDuckDB(db, src, EMOTIONS, { kind: 'categorical' });
    for (const o of OPTIONS) {
      const want = taskDependencyMatrix(raw, { ...o, names: EMOTIONS }).values;
      expectClose(taskDependencyFromCounts(binary, o).values, want);
      expectClose(taskDependencyFromCounts(categorical, o).values, want);
    }
  });

  it('categorical labels (strings, integers) through GROUPING SETS', async () => {
    const names = ['color', 'five', 'l0'];
    const counts = await taskCountsFromDuckDB(db, `read_parquet('${labelsParquet}')`, names, { kind: 'categorical' });
    const raw = await columns(`SELECT color, five, l0 FROM read_parquet('${labelsParquet}')`, names);
    for (const o of OPTIONS) expectClose(taskDependencyFromCounts(counts, o).values, taskDependencyMatrix(raw, { ...o, names }).values);
  });

  it('fromDuckDB: a GROUP BY becomes a counter that feeds every count-based measure', async () => {
    const src = `read_parquet('${labelsParquet}')`;
    const [color, five, l0] = await columns(`SELECT color, five, l0 FROM ${src}`, ['color', 'five', 'l0']);
    const one = await fromDuckDB(db, `SELECT color, COUNT(*) FROM ${src} GROUP BY color`);
    expect(one).toBeInstanceOf(LabelCounter);
    expect(entropyOfCounts(one, { estimator: 'grassberger' })).toBeCloseTo(entropyOf(color, { estimator: 'grassberger' }), 13);
    const two = await fromDuckDB(db, `SELECT color, five, COUNT(*) AS n FROM ${src} GROUP BY ALL`);
    expect(two).toBeInstanceOf(ContingencyCounter);
    expect(two.columns).toEqual(['color', 'five']);
    expect(two.data).toEqual(contingency(color, five).table.data);
    expect(mutualInformationOfCounts(two)).toBeCloseTo(mutualInformationOf(color, five), 13);
    const three = await fromDuckDB(db, `SELECT color, five, l0, COUNT(*) FROM ${src} GROUP BY ALL`);
    expect(three).toBeInstanceOf(JointCounter);
    expect(three.n).toBe(20000);
    // Shards counted by two queries merge into the whole.
    const a = await fromDuckDB(db, `SELECT color, five, COUNT(*) FROM ${src} WHERE l0 = 0 GROUP BY ALL`);
    const b = await fromDuckDB(db, `SELECT color, five, COUNT(*) FROM ${src} WHERE l0 = 1 GROUP BY ALL`);
    expect((a as ContingencyCounter).merge(b as ContingencyCounter).data).toEqual(two.data);
    expect(l0.length).toBe(20000);
  });

  it('a SQL error is wrapped with the function name and the SQL first line', async () => {
    const err = async (p: Promise<unknown>): Promise<string> => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(InfometaError);
        return `${(e as InfometaError).code}: ${(e as Error).message}`;
      }
      throw new Error('did not throw');
    };
    const syntax = await err(fromDuckDB(db, 'SELEC color, COUNT(*)\nFROM t GROUP BY color'));
    expect(syntax).toMatch(/^QUERY_FAILED: fromDuckDB: the query failed: SELEC color, COUNT\(\*\)\nParser Error: syntax error at or near "SELEC"/);
    const missing = await err(taskCountsFromDuckDB(db, `read_parquet('${join(dir, 'nope.parquet')}')`, ['a', 'b']));
    expect(missing).toMatch(/^QUERY_FAILED: taskCountsFromDuckDB: the query failed: -- infometa: binary task counts of 2 columns \(a, b\)\nIO Error: No files found/);
    const column = await err(taskCountsFromDuckDB(db, `read_parquet('${labelsParquet}')`, ['l0', 'nope']));
    expect(column).toMatch(/^QUERY_FAILED: taskCountsFromDuckDB: the query failed: -- infometa.*\nBinder Error: .*"nope"/);
    expect(await err(taskCountsFromDuckDB(db, `read_parquet('${labelsParquet}')`, ['l0', 'five']))).toBe(
      'INVALID_ARGUMENT: taskCountsFromRows: column "five" holds labels other than 0 and 1 (from 0 to 4); use { kind: \'categorical\' } for other labels',
    );
    expect(await err(fromDuckDB(db, 'SELECT 1'))).toBe('INVALID_ARGUMENT: fromDuckDB: the query must return label columns then a count column (got 1 column)');
    expect(await err(fromDuckDB(db, "SELECT NULL AS a, 3 AS c"))).toBe(
      'INVALID_LABELS: fromDuckDB: column "a" holds null in result row 0; labels must be integers, booleans or strings (filter NULLs out in the query)',
    );
    expect(await err(fromDuckDB(db, "SELECT 'x' AS a, -1 AS c"))).toBe('INVALID_ARGUMENT: fromDuckDB: the last column, "c", must hold non-negative integer counts (got -1 in result row 0)');
    expect(await err(fromDuckDB({} as DuckDBConnection, 'SELECT 1'))).toBe('INVALID_ARGUMENT: fromDuckDB: connection must be a @duckdb/node-api DuckDBConnection (got object Object)');
    expect(await err(queryDuckDB(db, ''))).toBe('INVALID_ARGUMENT: queryDuckDB: sql must be a non-empty string (got "")');
    const nulls = await err(taskCountsFromDuckDB(db, '(SELECT 1 AS a, NULL AS b UNION ALL SELECT 0, 1)', ['a', 'b']));
    expect(nulls).toBe('INVALID_LABELS: taskCountsFromRows: column "b" holds 1 NULL labels; filter them out or give them a value');
  });
});
