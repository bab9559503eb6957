// Fuzz targets of the mergeable counters (infometa/core) and of task dependency from sufficient statistics
// (infometa/miml): constructors, chunked adds, counts from elsewhere, merges, JSON (tampered and polluted), the
// count SQL and its reader.
import fc from 'fast-check';
import * as I from '../../../src/index.js';
import { anyBad, badNumber, badOptions, badVector, fresh, polluted } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn, methodWith } from '../target.js';
import { labels } from '../valid.js';

type Counter = I.JointCounter;
type CounterClass = { new (...a: never[]): Counter; fromJSON(json: unknown): Counter; readonly label: string };

/** The three counter classes, each with how many columns it counts (0: any) and valid constructor arguments. */
const CLASSES: { C: CounterClass; d: number; args: (names: string[]) => unknown[] }[] = [
  { C: I.JointCounter as unknown as CounterClass, d: 0, args: (names) => [names] },
  { C: I.LabelCounter as unknown as CounterClass, d: 1, args: (names) => [names[0]] },
  { C: I.ContingencyCounter as unknown as CounterClass, d: 2, args: (names) => [names] },
];

const columnNames = (d: number): fc.Arbitrary<string[]> => fc.uniqueArray(fc.oneof(fc.constantFrom('x', 'y', 'z', 'a b', ''), fc.string({ maxLength: 4 })), { minLength: d, maxLength: d });

/** d label columns of one chunk (all integers or all strings per column). */
const chunk = (d: number): fc.Arbitrary<unknown[]> => fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: d }, () => (n === 0 ? fc.constant([]) : labels(n)))));

/** A counter of d columns (d from 1 to 3 for JointCounter) that has counted a chunk or two. */
function counter(k: (typeof CLASSES)[number]): fc.Arbitrary<Counter> {
  // A JointCounter of 3 columns: the hostile argument lists have one slot per column.
  const dims = fc.constant(k.d === 0 ? 3 : k.d);
  return dims.chain((d) =>
    fc.tuple(columnNames(d), fc.array(chunk(d), { maxLength: 2 })).map(([names, chunks]) => {
      const c = new k.C(...(k.args(names) as never[]));
      for (const ch of chunks) {
        try {
          c.add(...(ch as I.Labels[]));
        } catch {
          // a chunk whose label kinds clash with an earlier one: the counter keeps what it had
        }
      }
      return c;
    }),
  );
}

const badChunkColumn = fc.oneof(badVector, fresh(() => [1, 'a'], () => [1.5], () => ['x', 2], () => [NaN, 1]));

function counterTargets(k: (typeof CLASSES)[number]): Target[] {
  const L = k.C.label;
  const c = counter(k);
  const d = (x: Counter) => x.columns.length;
  return [
    ctor(L, k.C as unknown as new (...a: never[]) => unknown, (k.d === 0 ? fc.integer({ min: 1, max: 3 }) : fc.constant(k.d)).chain((n) => columnNames(n).map(k.args)), [anyBad]),
    methodWith(
      L,
      `${L}.add`,
      c.chain((x) => fc.tuple(fc.constant(x), chunk(d(x))).map(([r, ch]) => [r, ...ch])),
      (a) => (a[0] as Counter).add(...(a.slice(1) as I.Labels[])),
      Array.from({ length: k.d === 0 ? 3 : k.d }, () => badChunkColumn),
      { mutatesReceiver: true },
    ),
    methodWith(
      L,
      `${L}.addCounts`,
      c.chain((x) =>
        fc.integer({ min: 0, max: 6 }).chain((n) =>
          fc.tuple(fc.constant(x), fc.tuple(...Array.from({ length: d(x) }, () => (n === 0 ? fc.constant([]) : labels(n)))), fc.array(fc.nat({ max: 1000 }), { minLength: n, maxLength: n })),
        ),
      ),
      (a) => (a[0] as Counter).addCounts(a[1] as I.Labels[], a[2] as number[]),
      [fc.oneof(anyBad, fresh(() => [[1, 2]], () => [['a'], [1, 2]])), fc.oneof(badVector, fresh(() => [-1], () => [0.5], () => [2 ** 53], () => ['3']))],
      { mutatesReceiver: true },
    ),
    methodWith(
      L,
      `${L}.merge`,
      // The other shard counts the same columns (its JSON renamed to them).
      c.chain((x) => fc.tuple(fc.constant(x), c.map((y) => k.C.fromJSON({ ...y.toJSON(), columns: x.columns.slice() })))),
      (a) => (a[0] as Counter).merge(a[1] as Counter),
      [fc.oneof(anyBad, fresh(() => new I.JointCounter(['q', 'r']), () => new I.LabelCounter('other').add(['s'])))],
      { mutatesReceiver: true },
    ),
    methodWith(L, `${L}.categories`, c.chain((x) => fc.tuple(fc.constant(x), fc.oneof(fc.nat({ max: d(x) - 1 }), fc.constantFrom(...x.columns)))), (a) => (a[0] as Counter).categories(a[1] as number), [badNumber]),
    methodWith(L, `${L}.marginal`, c.chain((x) => fc.tuple(fc.constant(x), fc.nat({ max: d(x) - 1 }))), (a) => (a[0] as Counter).marginal(a[1] as number), [badNumber]),
    methodWith(L, `${L}.data`, c.map((x) => [x]), (a) => (a[0] as Counter).data, []),
    fn(
      `${L}.fromJSON`,
      (j: unknown) => k.C.fromJSON(j),
      c.map((x) => [JSON.parse(JSON.stringify(x)) as unknown]),
      [
        fc.oneof(
          anyBad,
          c.map(polluted),
          c.chain((x) =>
            fc
              .tuple(fc.constantFrom('kind', 'version', 'columns', 'categories', 'cells', 'counts', 'n', '__proto__'), anyBad)
              .map(([key, v]) => ({ ...(JSON.parse(JSON.stringify(x)) as object), [key]: v })),
          ),
        ),
      ],
      { export: L },
    ),
  ];
}

/** T label columns of m rows: binary, multi-class or strings. */
const taskChunk = (T: number): fc.Arbitrary<unknown[]> =>
  fc.integer({ min: 0, max: 12 }).chain((m) =>
    fc.tuple(...Array.from({ length: T }, (_, t) => (m === 0 ? fc.constant([]) : t % 2 === 0 ? fc.array(fc.integer({ min: 0, max: 1 }), { minLength: m, maxLength: m }) : labels(m)))),
  );
const taskNames = (T: number) => fc.uniqueArray(fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ maxLength: 4 })), { minLength: T, maxLength: T });
const taskCounter = fc
  .integer({ min: 2, max: 4 })
  .chain((T) => fc.tuple(taskNames(T), fc.array(taskChunk(T), { maxLength: 2 })))
  .map(([names, chunks]) => {
    const c = new I.TaskCounter(names);
    for (const ch of chunks) {
      try {
        c.add(ch as I.Labels[]);
      } catch {
        // clashing label kinds: keep what was counted
      }
    }
    return c;
  });
const filled = taskCounter.filter((c) => c.n > 0);
const SUFFICIENT = ['measure', 'estimator', 'average', 'base'];
const sufficientOptions = fc.oneof(
  fc.record({ measure: fc.constantFrom('mi', 'conditional-entropy'), estimator: fc.constantFrom('plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'), base: fc.constantFrom(2, Math.E) }, { requiredKeys: [] }),
  fc.record({ measure: fc.constant('nmi'), average: fc.constantFrom('arithmetic', 'geometric', 'min', 'max', 'joint') }, { requiredKeys: ['measure'] }),
  fc.record({ measure: fc.constant('ami'), average: fc.constantFrom('arithmetic', 'geometric', 'min', 'max') }, { requiredKeys: ['measure'] }),
);

/** Binary tasks' n, positives and co-occurrence, from random 0/1 columns. */
const cooccurrence = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 20 }))
  .chain(([T, n]) => fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), { minLength: T, maxLength: T }))
  .map((tasks) => ({
    n: tasks[0].length,
    positives: tasks.map((x) => x.reduce((s, v) => s + v, 0)),
    cooccurrence: tasks.map((a) => tasks.map((b) => a.reduce((s, v, i) => s + v * b[i], 0))),
  }));
const badStats = fc.oneof(
  anyBad,
  cooccurrence.chain((s) => fc.tuple(fc.constantFrom('n', 'positives', 'cooccurrence', 'names'), anyBad).map(([k, v]) => ({ ...s, [k]: v }))),
  cooccurrence.map((s) => ({ ...s, cooccurrence: s.cooccurrence.map((r, i) => r.map((v, j) => (i === 0 && j === 1 ? v + 1 : v))) })),
  cooccurrence.map((s) => ({ ...s, n: s.n - 1 })),
);

/** The result rows of the binary count SQL for random 0/1 columns, as a database returns them. */
const binaryRows = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 20 }))
  .chain(([T, n]) => fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), { minLength: T, maxLength: T }))
  .map((tasks) => {
    const row: Record<string, unknown> = { n: BigInt(tasks[0].length) };
    tasks.forEach((x, i) => {
      const s = x.reduce((a, v) => a + v, 0);
      Object.assign(row, { [`nn${i}`]: x.length, [`lo${i}`]: Math.min(...x), [`hi${i}`]: Math.max(...x), [`s${i}`]: s });
      tasks.forEach((y, j) => {
        if (j >= i) row[`c${i}_${j}`] = x.reduce((a, v, r) => a + v * y[r], 0);
      });
    });
    return [[row], tasks.map((_, t) => `t${t}`)];
  });

export const counterFuzzTargets: Target[] = [
  ...CLASSES.flatMap(counterTargets),
  ctor('TaskCounter', I.TaskCounter, fc.integer({ min: 2, max: 4 }).chain((T) => fc.oneof(taskNames(T), fc.constant(T)).map((x) => [x])), [fc.oneof(anyBad, fresh(() => ['a', 'a'], () => ['a']))]),
  methodWith(
    'TaskCounter',
    'TaskCounter.add',
    taskCounter.chain((c) => fc.tuple(fc.constant(c), taskChunk(c.size))),
    (a) => (a[0] as I.TaskCounter).add(a[1] as I.Labels[]),
    [fc.oneof(anyBad, fresh(() => [[0, 1], [1]], () => [[0, 1]], () => [['x'], [1.5]]))],
    { mutatesReceiver: true },
  ),
  methodWith(
    'TaskCounter',
    'TaskCounter.merge',
    taskCounter.chain((c) => fc.tuple(fc.constant(c), taskChunk(c.size).map((ch) => {
      const o = new I.TaskCounter(c.names.slice());
      try {
        o.add(ch as I.Labels[]);
      } catch {
        // kinds clash: an empty shard
      }
      return o;
    }))),
    (a) => (a[0] as I.TaskCounter).merge(a[1] as I.TaskCounter),
    [fc.oneof(anyBad, fresh(() => new I.TaskCounter(['zz', 'yy'])))],
    { mutatesReceiver: true },
  ),
  methodWith('TaskCounter', 'TaskCounter.pair', taskCounter.chain((c) => fc.tuple(fc.constant(c), fc.nat({ max: c.size - 1 }), fc.constantFrom(...c.names))), (a) => (a[0] as I.TaskCounter).pair(a[1] as number, a[2] as string), [badNumber, badNumber]),
  fn(
    'TaskCounter.fromJSON',
    I.TaskCounter.fromJSON,
    taskCounter.map((c) => [JSON.parse(JSON.stringify(c)) as unknown]),
    [
      fc.oneof(
        anyBad,
        taskCounter.map(polluted),
        taskCounter.chain((c) =>
          fc.tuple(fc.constantFrom('kind', 'version', 'names', 'categories', 'counts', 'pairs', 'n', '__proto__'), anyBad).map(([key, v]) => ({ ...(JSON.parse(JSON.stringify(c)) as object), [key]: v })),
        ),
      ),
    ],
    { export: 'TaskCounter' },
  ),
  fn('taskDependencyFromCounts', I.taskDependencyFromCounts, fc.tuple(filled, sufficientOptions), [fc.oneof(anyBad, fresh(() => new I.TaskCounter(2))), badOptions(SUFFICIENT, sufficientOptions)]),
  fn('taskDependencyFromCooccurrence', I.taskDependencyFromCooccurrence, fc.tuple(cooccurrence, sufficientOptions), [badStats, badOptions(SUFFICIENT, sufficientOptions)]),
  fn(
    'taskCountsSQL',
    I.taskCountsSQL,
    fc.tuple(fc.constantFrom('labels', "read_parquet('x.parquet')"), fc.integer({ min: 2, max: 5 }).chain(taskNames), fc.record({ kind: fc.constantFrom('binary', 'categorical'), dialect: fc.constantFrom('duckdb', 'spark') }, { requiredKeys: [] })),
    [anyBad, fc.oneof(badVector, fresh(() => ['a', 'a'], () => ['a'])), badOptions(['kind', 'dialect'], fc.constant({}))],
  ),
  fn('taskCountsFromRows', I.taskCountsFromRows, binaryRows.map(([rows, cols]) => [rows, cols, {}]), [
    fc.oneof(anyBad, fresh(() => [{}], () => [{ n: -1 }], () => [null], () => [{ n: 2, nn0: 1 }], () => [{ n: 1, nn0: 1, lo0: 0, hi0: 2, s0: 1, c0_0: 1 }])),
    fc.oneof(badVector, fresh(() => ['a', 'a'])),
    badOptions(['kind'], fc.constant({})),
  ]),
];
