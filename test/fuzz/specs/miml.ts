// Fuzz targets of infometa/miml: task dependency, DependencyMatrix (constructor, methods, JSON), task selection and
// grouping, the SVG heatmap, and dependency through predictions.
import fc from 'fast-check';
import * as M from '../../../src/miml/index.js';
import { anyBad, badCount, badNumber, badOptions, badTable, badVector, fresh, polluted } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn, method, methodWith } from '../target.js';
import { labels, probs, signal } from '../valid.js';

const measure = fc.constantFrom('mi', 'nmi', 'ami', 'conditional-entropy');
const nasty = fc.constantFrom('a', 'b<c>&"\'', 'tab\there', 'bell\u0007', 'nul\u0000', 'lone\ud800', 'emoji😀', 'ẞ', '', ' ', 'x'.repeat(300));

/** T unique names. */
function names(T: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.oneof(nasty, fc.string({ maxLength: 6 })), { minLength: T, maxLength: T });
}
const value = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(1e308, -1e308, 5e-324, 0));

/** A DependencyMatrix of T tasks with extreme values, maybe p-values. */
const depArgs = fc.integer({ min: 1, max: 5 }).chain((T) =>
  fc.tuple(
    names(T),
    fc.array(value, { minLength: T * T, maxLength: T * T }),
    fc.record(
      {
        measure,
        base: fc.constantFrom(2, Math.E, 10),
        pValues: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: T * T, maxLength: T * T }),
        permutations: fc.integer({ min: 1, max: 1000 }),
        seed: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    ),
  ),
);
const dep = depArgs.map(([n, v, o]) => new M.DependencyMatrix(n, v, o));
const dep2 = dep.filter((d) => d.size >= 2);
const MATRIX_OPTIONS = ['measure', 'base', 'pValues', 'permutations', 'seed'];

/** Tasks sharing n instances: arrays of labels, or an n × T label matrix. */
const tasks = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 30 })).chain(([T, n]) =>
  fc.oneof(
    fc.array(labels(n), { minLength: T, maxLength: T }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n * T, maxLength: n * T }).map((data) => ({ data, rows: n, cols: T })),
    fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n * T, maxLength: n * T }).map((data) => ({ rows: n, columns: T, get: (i: number, j: number) => data[i * T + j] })),
  ),
);
const depOptions = fc.record(
  {
    measure,
    estimator: fc.constant('plugin'),
    base: fc.constantFrom(2, Math.E),
    permutations: fc.integer({ min: 1, max: 10 }),
    seed: fc.integer({ min: 0, max: 100 }),
    signal,
    onProgress: fc.constant(() => undefined),
  },
  { requiredKeys: [] },
);
const DEP_OPTIONS = ['names', 'measure', 'estimator', 'average', 'base', 'permutations', 'seed', 'signal', 'onProgress'];

/** Probability rows of n inputs over k classes, as rows or as a record. */
function probRows(n: number, k: number): fc.Arbitrary<unknown> {
  const rows = fc.array(probs(k), { minLength: n, maxLength: n });
  return fc.oneof(rows, rows.map((r) => ({ data: r.flat(), rows: n, cols: k })));
}
const predictionArgs = fc
  .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([n, a, b]) => fc.tuple(probRows(n, a), probRows(n, b), fc.record({ base: fc.constantFrom(2, Math.E) }, { requiredKeys: [] })));
const badRows = fc.oneof(badVector, badTable, fresh(() => [[0.5, 0.6]], () => [[1.5, -0.5]], () => ({ data: [1], rows: 1.5, cols: 1 }), () => [[1e308, 1e308]]));

const task = (d: M.DependencyMatrix): fc.Arbitrary<number | string> => fc.oneof(fc.integer({ min: 0, max: d.size - 1 }), fc.constantFrom(...d.names));
const badTask = fc.oneof(badNumber, fresh(() => 'no such task', () => -1, () => 99));
const heatmapOptions = fc.record(
  {
    title: fc.oneof(nasty, fc.string()),
    cellSize: fc.integer({ min: 4, max: 200 }),
    showValues: fc.boolean(),
    digits: fc.integer({ min: 0, max: 8 }),
    maxPValue: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    includeDiagonal: fc.boolean(),
  },
  { requiredKeys: [] },
);

export const mimlTargets: Target[] = [
  fn('taskDependencyMatrix', M.taskDependencyMatrix, fc.tuple(tasks, depOptions), [fc.oneof(badTable, badVector, anyBad), badOptions(DEP_OPTIONS, depOptions, anyBad, { permutations: badCount })]),
  ctor('DependencyMatrix', M.DependencyMatrix, depArgs, [fc.oneof(badVector, fresh(() => ['a', 'a'], () => ['a', 1])), badVector, badOptions(MATRIX_OPTIONS, fc.constant({}))]),
  methodWith('DependencyMatrix', 'DependencyMatrix.get', dep.chain((d) => fc.tuple(fc.constant(d), task(d), task(d))), (a) => (a[0] as M.DependencyMatrix).get(a[1] as number, a[2] as number), [badTask, badTask]),
  methodWith('DependencyMatrix', 'DependencyMatrix.indexOf', dep.chain((d) => fc.tuple(fc.constant(d), task(d))), (a) => (a[0] as M.DependencyMatrix).indexOf(a[1] as number), [badTask]),
  methodWith('DependencyMatrix', 'DependencyMatrix.score', dep.chain((d) => fc.tuple(fc.constant(d), task(d), task(d))), (a) => (a[0] as M.DependencyMatrix).score(a[1] as number, a[2] as number), [badTask, badTask]),
  methodWith(
    'DependencyMatrix',
    'DependencyMatrix.pValue',
    dep.chain((d) => fc.tuple(fc.constant(d), task(d), task(d))),
    (a) => (a[0] as M.DependencyMatrix).pValue(a[1] as number, a[2] as number),
    [badTask, badTask],
  ),
  method('DependencyMatrix', 'DependencyMatrix.toJSON', dep, (d) => d.toJSON(), fc.constant([]), []),
  fn(
    'DependencyMatrix.fromJSON',
    M.DependencyMatrix.fromJSON,
    dep.map((d) => [JSON.parse(JSON.stringify(d)) as unknown]),
    [
      fc.oneof(
        anyBad,
        dep.map(polluted),
        dep.chain((d) =>
          fc
            .tuple(fc.constantFrom('kind', 'version', 'names', 'values', 'pValues', 'measure', 'base', 'permutations', 'seed', '__proto__'), anyBad)
            .map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(d)) as object), [k]: v })),
        ),
      ),
    ],
    { export: 'DependencyMatrix' },
  ),
  fn(
    'selectRelatedTasks',
    M.selectRelatedTasks,
    dep2.chain((d) =>
      fc.tuple(
        fc.constant(d),
        task(d),
        fc.record(
          { k: fc.integer({ min: 1, max: d.size - 1 }), minScore: value, strategy: fc.constantFrom('top-k', 'mrmr'), ...(d.pValues ? { maxPValue: fc.double({ min: 0.01, max: 1, noNaN: true }) } : {}) },
          { requiredKeys: [] },
        ),
      ),
    ),
    [anyBad, badTask, badOptions(['k', 'minScore', 'maxPValue', 'strategy'], fc.constant({}))],
  ),
  fn(
    'groupTasks',
    M.groupTasks,
    dep.chain((d) => fc.tuple(fc.constant(d), fc.oneof(fc.record({ groups: fc.integer({ min: 1, max: d.size }) }), fc.record({ threshold: value })))),
    [anyBad, badOptions(['groups', 'threshold'], fc.constant({}))],
  ),
  fn('dependencyHeatmapSVG', M.dependencyHeatmapSVG, fc.tuple(dep, heatmapOptions), [anyBad, badOptions(['title', 'cellSize', 'showValues', 'digits', 'maxPValue', 'includeDiagonal'], heatmapOptions)], {
    post: (svg) => {
      // XML 1.0 allows no C0 control but tab, newline and carriage return, no lone surrogate, no U+FFFE/U+FFFF.
      // eslint-disable-next-line no-control-regex
      const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(svg as string);
      if (m !== null) return `the SVG holds U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}, which XML does not allow`;
      const attr = /="[^"]*(NaN|Infinity|undefined)[^"]*"/.exec(svg as string);
      return attr !== null ? `an SVG attribute holds ${attr[1]}: ${attr[0].slice(0, 80)}` : null;
    },
  }),
  fn('taskDependencyFromPredictions', M.taskDependencyFromPredictions, predictionArgs, [badRows, badRows, badOptions(['base'], fc.constant({}))]),
  fn('taskDependencyGradient', M.taskDependencyGradient, predictionArgs, [badRows, badRows, badOptions(['base'], fc.constant({}))]),
];
