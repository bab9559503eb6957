// Task dependency from sufficient statistics (TaskCounter, co-occurrence, SQL result rows) equals
// taskDependencyMatrix on the raw labels, for every measure and estimator.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DependencyMatrix,
  TaskCounter,
  taskCountsFromRows,
  taskCountsSQL,
  taskDependencyFromCooccurrence,
  taskDependencyFromCounts,
  taskDependencyMatrix,
} from '../../src/index.js';
import type { DependencyMeasure, EntropyEstimator, Labels, NmiAverage } from '../../src/index.js';
import scalingGuide from '../../docs/scaling.md?raw';
import { errorCodeAndMessage } from '../helpers/errors.js';
import { bitsToLabels, mimlFixture } from './helpers.js';

type Opt = { measure: DependencyMeasure; estimator?: EntropyEstimator; average?: NmiAverage; base?: number };
const ESTS: EntropyEstimator[] = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'];
const OPTIONS: Opt[] = [
  ...ESTS.map((estimator) => ({ measure: 'mi' as const, estimator, base: 2 })),
  ...ESTS.map((estimator) => ({ measure: 'conditional-entropy' as const, estimator })),
  ...ESTS.map((estimator) => ({ measure: 'vi' as const, estimator, base: 2 })),
  ...(['arithmetic', 'geometric', 'min', 'max', 'joint'] as const).map((average) => ({ measure: 'nmi' as const, average })),
  { measure: 'nmi', estimator: 'miller-madow' },
  ...(['arithmetic', 'geometric', 'min', 'max'] as const).map((average) => ({ measure: 'ami' as const, average })),
];

function expectSame(got: DependencyMatrix, want: DependencyMatrix, what: string): void {
  expect(got.names).toEqual(want.names);
  expect(got.measure).toBe(want.measure);
  expect(got.base).toBe(want.base);
  for (let p = 0; p < want.values.length; p++) {
    const g = got.values[p];
    const w = want.values[p];
    if (!(Math.abs(g - w) <= 1e-12 * Math.max(1, Math.abs(w)))) expect.fail(`${what} [${p}]: got ${g}, raw labels ${w}`);
  }
}

/** Consecutive row ranges of [0, n) cut at the given points. */
function ranges(n: number, cuts: number[]): [number, number][] {
  const pts = [0, ...cuts.map((c) => c % (n + 1)).sort((a, b) => a - b), n];
  return pts.slice(1).map((e, i) => [pts[i], e]);
}

/** Binary, multi-class and string tasks (constant ones included), 2 to 5 of them. */
const tasksArb = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 2, max: 5 })).chain(([n, T]) =>
  fc.tuple(
    ...Array.from({ length: T }, (_, t) =>
      t % 3 === 2
        ? fc.array(fc.constantFrom('x', 'y', 'zz'), { minLength: n, maxLength: n })
        : fc.array(fc.integer({ min: t % 3 === 0 ? 0 : -1, max: t % 3 === 0 ? 1 : 3 }), { minLength: n, maxLength: n }),
    ),
  ),
);

describe('task dependency from sufficient statistics', () => {
  fcTest.prop([tasksArb, fc.array(fc.nat(), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 3 }), fc.constantFrom(...OPTIONS)], { numRuns: 200 })(
    'a TaskCounter gathered in chunks and merged from shards gives taskDependencyMatrix to 1e-12, for every measure',
    (tasks, chunkCuts, shardCuts, o) => {
      const T = tasks.length;
      const n = tasks[0].length;
      const names = tasks.map((_, t) => `t${t}`);
      const total = new TaskCounter(names);
      for (const [a, b] of ranges(n, shardCuts)) {
        const shard = new TaskCounter(names);
        for (const [u, v] of ranges(b - a, chunkCuts)) shard.add(tasks.map((x) => x.slice(a + u, a + v)) as Labels[]);
        total.merge(TaskCounter.fromJSON(JSON.parse(JSON.stringify(shard))));
      }
      expect(total.n).toBe(n);
      expect(total.size).toBe(T);
      const want = taskDependencyMatrix(tasks as Labels[], { ...o, names });
      expectSame(taskDependencyFromCounts(total, o), want, JSON.stringify(o));
    },
  );

  fcTest.prop([tasksArb.map((ts) => ts.filter((_, t) => t % 3 === 0)), fc.constantFrom(...OPTIONS)], { numRuns: 100 })(
    'binary tasks: n, positives and the co-occurrence matrix give taskDependencyMatrix to 1e-12',
    (bin, o) => {
      if (bin.length < 2) return;
      const tasks = bin as number[][];
      const T = tasks.length;
      const n = tasks[0].length;
      const positives = tasks.map((x) => x.reduce((s, v) => s + v, 0));
      const cooccurrence = tasks.map((a) => tasks.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
      const want = taskDependencyMatrix(tasks, o);
      expectSame(taskDependencyFromCooccurrence({ n, positives, cooccurrence }, o), want, JSON.stringify(o));
      expect(T).toBe(positives.length);
    },
  );

  it('real multi-label data (emotions, yeast): co-occurrence, counters and SQL rows agree with the raw labels', () => {
    const fx = mimlFixture();
    for (const data of [fx.emotions, fx.yeast]) {
      const tasks = data.labels.map(bitsToLabels);
      const T = tasks.length;
      const n = tasks[0].length;
      const positives = tasks.map((x) => x.reduce((s, v) => s + v, 0));
      const co = new Float64Array(T * T);
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) for (let r = 0; r < n; r++) co[i * T + j] += tasks[i][r] * tasks[j][r];
      // The one row of the binary count query, built here as the database would.
      const row: Record<string, unknown> = { n: BigInt(n) };
      for (let i = 0; i < T; i++) Object.assign(row, { [`nn${i}`]: BigInt(n), [`lo${i}`]: 0, [`hi${i}`]: 1, [`s${i}`]: positives[i] });
      for (let i = 0; i < T; i++) for (let j = i; j < T; j++) row[`c${i}_${j}`] = co[i * T + j];
      const fromSql = taskCountsFromRows([row], data.names);
      const counter = new TaskCounter(data.names).add(tasks);
      for (const o of OPTIONS) {
        const want = taskDependencyMatrix(tasks, { ...o, names: data.names });
        expectSame(taskDependencyFromCooccurrence({ n, positives, cooccurrence: co, names: data.names }, o), want, `co ${JSON.stringify(o)}`);
        expectSame(taskDependencyFromCounts(counter, o), want, `counter ${JSON.stringify(o)}`);
        expectSame(taskDependencyFromCounts(fromSql, o), want, `sql ${JSON.stringify(o)}`);
      }
    }
  });

  it("high-cardinality pairs (the raw path's sparse branch) agree too", () => {
    let s = 12345;
    const rnd = (k: number) => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s % k;
    };
    const n = 300;
    const tasks = [Int32Array.from({ length: n }, () => rnd(150)), Int32Array.from({ length: n }, () => rnd(140)), Int32Array.from({ length: n }, () => rnd(2))];
    const counter = new TaskCounter(3).add(tasks.map((x) => x.subarray(0, 100))).add(tasks.map((x) => x.subarray(100)));
    for (const o of OPTIONS) expectSame(taskDependencyFromCounts(counter, o), taskDependencyMatrix(tasks, o), JSON.stringify(o));
  });

  it('categorical SQL rows (GROUPING SETS) read into the same counter', () => {
    const a = ['u', 'v', 'u', 'w', 'v', 'u'];
    const b = [1, 2, 2, 1, 1, 1];
    const c = [0, 0, 1, 1, 0, 1];
    const tasks = [a, b, c];
    const rows: Record<string, unknown>[] = [];
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
      const seen = new Map<string, number>();
      for (let r = 0; r < a.length; r++) {
        const key = JSON.stringify([tasks[i][r], tasks[j][r]]);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      for (const [key, cnt] of seen) {
        const [u, v] = JSON.parse(key) as [unknown, unknown];
        const row: Record<string, unknown> = { c: BigInt(cnt) };
        for (let t = 0; t < 3; t++) {
          row[`g${t}`] = t === i || t === j ? 0 : 1;
          row[`t${t}`] = t === i ? u : t === j ? v : null;
        }
        rows.push(row);
      }
    }
    const counter = taskCountsFromRows(rows.reverse(), ['a', 'b', 'c'], { kind: 'categorical' });
    for (const o of OPTIONS) expectSame(taskDependencyFromCounts(counter, o), taskDependencyMatrix(tasks as Labels[], { ...o, names: ['a', 'b', 'c'] }), JSON.stringify(o));
    expect(counter.pair('a', 'b').categories('a')).toEqual(['u', 'v', 'w']);
  });

  it('the SQL text: one scan, quoted identifiers per dialect', () => {
    const duck = taskCountsSQL("read_parquet('l.parquet')", ['a"1', 'b']);
    expect(duck).toBe(
      [
        '-- infometa: binary task counts of 2 columns (a"1, b)',
        'SELECT',
        '  COUNT(*) AS n,',
        '  COUNT(d0) AS nn0, MIN(d0) AS lo0, MAX(d0) AS hi0, SUM(d0) AS s0, SUM(d0 * d0) AS c0_0,',
        '  COUNT(d1) AS nn1, MIN(d1) AS lo1, MAX(d1) AS hi1, SUM(d1) AS s1, SUM(d1 * d1) AS c1_1,',
        '  SUM(t0 * t1) AS c0_1',
        `FROM (SELECT CAST("a""1" AS DOUBLE) AS d0, CAST("a""1" AS INTEGER) AS t0, CAST("b" AS DOUBLE) AS d1, CAST("b" AS INTEGER) AS t1 FROM read_parquet('l.parquet')) AS q`,
      ].join('\n'),
    );
    const spark = taskCountsSQL('db.labels', ['a`x', 'b', 'c'], { kind: 'categorical', dialect: 'spark' });
    expect(spark).toBe(
      [
        '-- infometa: categorical task counts of 3 columns (a`x, b, c)',
        'SELECT GROUPING(t0) AS g0, GROUPING(t1) AS g1, GROUPING(t2) AS g2, t0, t1, t2, COUNT(*) AS c',
        'FROM (SELECT `a``x` AS t0, `b` AS t1, `c` AS t2 FROM db.labels) AS q',
        'GROUP BY GROUPING SETS ((t0, t1), (t0, t2), (t1, t2))',
      ].join('\n'),
    );
  });

  it('the SQL shown in docs/scaling.md is what taskCountsSQL writes', () => {
    const blocks = [...scalingGuide.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    const columns = ['rain', 'umbrella', 'traffic'];
    expect(blocks).toEqual([
      taskCountsSQL("read_parquet('labels.parquet')", columns),
      taskCountsSQL('weather.labels', columns, { dialect: 'spark' }),
      taskCountsSQL('weather.labels', columns, { dialect: 'spark', kind: 'categorical' }),
    ]);
  });

  it('bad input names the function, the argument and the value', () => {
    const counter = new TaskCounter(['a', 'b']).add([[0, 1], [1, 1]]);
    const cases: [() => unknown, string][] = [
      [() => counter.add([[0, 1, 1], [1, 1]]), 'SHAPE_MISMATCH: TaskCounter.add: every task of a chunk must have the same length: "a" has 3 labels but "b" has 2'],
      [() => counter.add([[0, 1]]), 'SHAPE_MISMATCH: TaskCounter.add: a chunk must hold 2 tasks (a, b) (got 1)'],
      [() => counter.add([['x'], [1]]), 'INVALID_LABELS: TaskCounter.add: task "a" holds strings but this column held integers before; labels must be all strings or all integers'],
      [() => counter.merge(new TaskCounter(['a', 'c'])), 'INVALID_ARGUMENT: TaskCounter.merge: cannot merge counters of different tasks: [a, b] and [a, c]'],
      [() => new TaskCounter(1), 'INVALID_ARGUMENT: TaskCounter: the number of tasks must be an integer in [2, 2048] (got 1)'],
      [() => taskDependencyFromCounts(new TaskCounter(2)), 'EMPTY_INPUT: taskDependencyFromCounts: counts has no instances'],
      [() => taskDependencyFromCounts(counter, { measure: 'ami', estimator: 'shrinkage' }), 'INVALID_OPTION: taskDependencyFromCounts: estimator "shrinkage" is not available for measure \'ami\' (defined for plug-in estimates only)'],
      [() => taskDependencyFromCounts({} as TaskCounter), 'INVALID_ARGUMENT: taskDependencyFromCounts: counts must be a TaskCounter (got object Object)'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [2, 2], cooccurrence: [[2, 1], [0, 2]] }), 'INVALID_ARGUMENT: taskDependencyFromCooccurrence: stats.cooccurrence must be symmetric (stats.cooccurrence[0][1] = 1 but [1][0] = 0)'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [2, 2], cooccurrence: [[1, 1], [1, 2]] }), 'INVALID_ARGUMENT: taskDependencyFromCooccurrence: stats.cooccurrence[0][0] must equal stats.positives[0] = 2, the diagonal being each task\'s positives (got 1)'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [3, 3], cooccurrence: [[3, 1], [1, 3]] }), 'INVALID_ARGUMENT: taskDependencyFromCooccurrence: stats.cooccurrence[0][1] = 1 is impossible: tasks 0 and 1 would cover 5 > n = 4 instances'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [5, 3], cooccurrence: [[3, 1], [1, 3]] }), 'INVALID_ARGUMENT: taskDependencyFromCooccurrence: stats.positives[0] must be an integer in [0, n = 4] (got 5)'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [2, 2], cooccurrence: [2, 1, 1] }), 'SHAPE_MISMATCH: taskDependencyFromCooccurrence: stats.cooccurrence must hold T × T = 4 counts for 2 tasks (got 3)'],
      [() => taskDependencyFromCooccurrence({ n: 4, positives: [2, 2], cooccurrence: [[2, 1], [1, 2]], names: ['a', 'a'] }), 'INVALID_OPTION: taskDependencyFromCooccurrence: names must be unique: "a" is both names[0] and names[1]'],
      [() => taskCountsSQL('t', ['a']), 'INVALID_OPTION: taskCountsSQL: columns must hold at least 2 label columns (got array of length 1)'],
      [() => taskCountsSQL('t', ['a', 'b'], { dialect: 'oracle' as 'spark' }), "INVALID_OPTION: taskCountsSQL: unknown dialect \"oracle\"; expected one of 'duckdb', 'spark'"],
      [() => taskCountsFromRows([{ n: 3, nn0: 2 }], ['a', 'b']), 'INVALID_LABELS: taskCountsFromRows: column "a" holds 1 NULL labels; filter them out or give them a value'],
      [() => taskCountsFromRows([{ n: 3, nn0: 3, lo0: 0, hi0: 2, s0: 2, c0_0: 4 }], ['a', 'b']), "INVALID_ARGUMENT: taskCountsFromRows: column \"a\" holds labels other than 0 and 1 (from 0 to 2); use { kind: 'categorical' } for other labels"],
      [() => taskCountsFromRows([{ n: 3, nn0: 3, lo0: 0, hi0: 1, s0: 2, c0_0: 1 }], ['a', 'b']), "INVALID_ARGUMENT: taskCountsFromRows: column \"a\" holds labels other than 0 and 1 (from 0 to 1); use { kind: 'categorical' } for other labels"],
      [() => taskCountsFromRows([{ x: 1 }], ['a', 'b']), 'INVALID_ARGUMENT: taskCountsFromRows: field n must be a number (got undefined); is this the result of taskCountsSQL?'],
      [() => taskCountsFromRows([{ g0: 0, g1: 0, t0: null, t1: 1, c: 2 }], ['a', 'b'], { kind: 'categorical' }), 'INVALID_LABELS: taskCountsFromRows: column "a" holds NULL labels; filter them out (WHERE a IS NOT NULL) or give them a value'],
      [
        () =>
          taskCountsFromRows(
            [
              { g0: 0, g1: 0, g2: 1, t0: 1, t1: 1, c: 2 },
              { g0: 0, g1: 1, g2: 0, t0: 1, t2: 1, c: 3 },
              { g0: 1, g1: 0, g2: 0, t1: 1, t2: 1, c: 2 },
            ],
            ['a', 'b', 'c'],
            { kind: 'categorical' },
          ),
        'SHAPE_MISMATCH: taskCountsFromRows: the table of tasks "a" and "c" counts 3 instances but n is 2',
      ],
    ];
    for (const [f, msg] of cases) expect(errorCodeAndMessage(f)).toBe(msg);
    const json = counter.toJSON();
    expect(json.pairs).toEqual([[1, 1]]); // a ∈ {0, 1} (first seen first) × b ∈ {1}
    const bad: [unknown, string][] = [
      [{ ...json, n: 3 }, 'json.counts[0] must sum to json.n = 3 (got 2)'],
      [{ ...json, pairs: [[0, 1]] }, 'json.pairs[0] (tasks "a" and "b"): row 0 sums to 0 but json.counts[0][0] is 1'],
      [{ ...json, pairs: [[1, 0, 0]] }, 'json.pairs[0] (tasks "a" and "b") must hold 2 × 1 = 2 counts (got array of length 3)'],
      [{ ...json, counts: [[1, -1], [2]] }, 'json.counts[0][1] must be a non-negative integer (got -1)'],
      [{ ...json, categories: [[0, 0], [1]] }, 'json.categories[0] lists 0 twice'],
      [{ ...json, names: ['a'] }, 'json.names: TaskCounter: names must be an array of 2 to 2048 task names (got array of length 1)'],
      [{ ...json, kind: 'infometa.JointCounter' }, "json.kind must be 'infometa.TaskCounter' (got \"infometa.JointCounter\")"],
    ];
    for (const [j, msg] of bad) expect(errorCodeAndMessage(() => TaskCounter.fromJSON(j))).toBe(`INVALID_JSON: TaskCounter.fromJSON: ${msg}`);
    expect(TaskCounter.fromJSON(JSON.parse(JSON.stringify(counter))).toJSON()).toEqual(json);
  });
});
