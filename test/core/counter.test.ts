import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ContingencyCounter,
  JointCounter,
  LabelCounter,
  conditionalEntropy,
  conditionalMutualInformation,
  conditionalMutualInformationOf,
  contingency,
  entropyOf,
  entropyOfCounts,
  jointEntropy,
  jointEntropyOf,
  mutualInformation,
  mutualInformationOf,
  mutualInformationOfCounts,
  normalizedMutualInformation,
  normalizedMutualInformationOf,
  variationOfInformation,
} from '../../src/index.js';
import type { EntropyEstimator, Labels } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

const ESTS: EntropyEstimator[] = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'];

/** Splits [0, n) at sorted cut points into consecutive row ranges. */
function ranges(n: number, cuts: number[]): [number, number][] {
  const pts = [0, ...cuts.map((c) => c % (n + 1)).sort((a, b) => a - b), n];
  return pts.slice(1).map((e, i) => [pts[i], e]);
}

const slice = (x: Labels, a: number, b: number): Labels => x.slice(a, b) as Labels;

/** Labels of three columns: small integers, strings, and integers with a wide range. */
const rowsArb = fc.integer({ min: 1, max: 80 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: -2, max: 3 }), { minLength: n, maxLength: n }),
    fc.array(fc.constantFrom('a', 'b', 'c', 'zz'), { minLength: n, maxLength: n }),
    fc.array(fc.constantFrom(7, 1_000_000, -40_000), { minLength: n, maxLength: n }),
  ),
);

describe('mergeable counters', () => {
  fcTest.prop([rowsArb, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), fc.nat()])(
    'merging the counters of any sharding (counted in any chunks) gives exactly the counts of the whole',
    ([x, y, z], shardCuts, chunkCuts, order) => {
      const n = x.length;
      const shards = ranges(n, shardCuts).map(([a, b]) => {
        const c = new JointCounter(['x', 'y', 'z']);
        for (const [u, v] of ranges(b - a, chunkCuts)) c.add(slice(x, a + u, a + v), slice(y, a + u, a + v), slice(z, a + u, a + v));
        return c;
      });
      // Merge in a rotated order, through JSON for every other shard (as shards arrive from other machines).
      const k = order % shards.length;
      const rotated = [...shards.slice(k), ...shards.slice(0, k)];
      const all = new JointCounter(['x', 'y', 'z']);
      rotated.forEach((s, i) => all.merge(i % 2 === 0 ? s : JointCounter.fromJSON(JSON.parse(JSON.stringify(s)))));
      const whole = new JointCounter(['x', 'y', 'z']).add(x, y, z);
      expect(all.n).toBe(n);
      expect(all.shape).toEqual(whole.shape);
      expect(all.data).toEqual(whole.data);
      for (const axis of ['x', 'y', 'z']) expect(all.categories(axis)).toEqual(whole.categories(axis));
      // The pairwise table of a contingency counter is the core's contingency table.
      const xy = new ContingencyCounter();
      for (const [a, b] of ranges(n, shardCuts)) xy.merge(new ContingencyCounter().add(slice(x, a, b), slice(y, a, b)));
      const ref = contingency(x, y);
      expect(xy.data).toEqual(ref.table.data);
      expect(xy.shape).toEqual(ref.table.shape);
      expect(xy.categories('x')).toEqual(ref.xValues);
      expect(xy.categories('y')).toEqual(ref.yValues);
      expect(Array.from(xy.marginal('y'))).toEqual(ref.yValues.map((v) => y.filter((w) => w === v).length));
    },
  );

  fcTest.prop([rowsArb, fc.array(fc.nat(), { maxLength: 5 }), fc.constantFrom(...ESTS)])(
    'a counter feeds every count-based measure and estimator: the same value as the labels',
    ([x, y, z], cuts, estimator) => {
      const xc = new LabelCounter('x');
      const xy = new ContingencyCounter();
      const xyz = new JointCounter(['x', 'y', 'z']);
      for (const [a, b] of ranges(x.length, cuts)) {
        xc.add(slice(x, a, b));
        xy.add(slice(x, a, b), slice(y, a, b));
        xyz.add(slice(x, a, b), slice(y, a, b), slice(z, a, b));
      }
      const o = { estimator, base: 2 };
      expect(entropyOfCounts(xc, o)).toBeCloseTo(entropyOf(x, o), 13);
      expect(mutualInformationOfCounts(xy, o)).toBeCloseTo(mutualInformationOf(x, y, o), 13);
      if (estimator !== 'plugin') return;
      const nz = { normalize: true };
      expect(mutualInformation(xy, nz)).toBeCloseTo(mutualInformationOf(x, y), 13);
      expect(jointEntropy(xy, nz)).toBeCloseTo(jointEntropyOf(x, y), 13);
      expect(conditionalEntropy(xy, nz)).toBeCloseTo(jointEntropyOf(x, y) - entropyOf(y), 12);
      expect(normalizedMutualInformation(xy, nz)).toBeCloseTo(normalizedMutualInformationOf(x, y), 12);
      expect(variationOfInformation(xy, nz)).toBeCloseTo(2 * jointEntropyOf(x, y) - entropyOf(x) - entropyOf(y), 12);
      expect(conditionalMutualInformation(xyz, nz)).toBeCloseTo(conditionalMutualInformationOf(x, y, z), 12);
    },
  );

  it('serialises to JSON and back, exactly', () => {
    const c = new ContingencyCounter(['color', 'label']).add(['red', 'blue', 'red', 'green'], [1, 0, 1, 1]);
    const json = JSON.parse(JSON.stringify(c)) as ReturnType<ContingencyCounter['toJSON']>;
    expect(json).toEqual({
      kind: 'infometa.ContingencyCounter',
      version: 1,
      columns: ['color', 'label'],
      categories: [
        ['red', 'blue', 'green'],
        [1, 0],
      ],
      cells: [0, 0, 1, 1, 2, 0],
      counts: [2, 1, 1],
      n: 4,
    });
    const back = ContingencyCounter.fromJSON(json);
    expect(back).toBeInstanceOf(ContingencyCounter);
    expect(back.toJSON()).toEqual(json);
    expect(Array.from(back.data)).toEqual([1, 0, 0, 1, 0, 2]); // blue, green, red × 0, 1
    const l = LabelCounter.fromJSON(JSON.parse(JSON.stringify(new LabelCounter('t').add(Int32Array.of(3, 3, 5)))));
    expect(l.categories()).toEqual([3, 5]);
    expect(l.clone().toJSON()).toEqual(l.toJSON());
  });

  it('adds counts aggregated elsewhere (a GROUP BY), zero counts registering categories', () => {
    const c = new ContingencyCounter().addCounts(
      [
        ['a', 'a', 'b', 'c'],
        [0, 1, 1, 0],
      ],
      [5, 3, 2, 0],
    );
    expect(c.n).toBe(10);
    expect(c.shape).toEqual([3, 2]);
    expect(Array.from(c.data)).toEqual([5, 3, 0, 2, 0, 0]);
    expect(mutualInformationOfCounts(c)).toBe(mutualInformationOfCounts([[5, 3], [0, 2], [0, 0]]));
    const l = new LabelCounter().addCounts([[2, 9, 4]], [1, 0, 3]);
    expect(Array.from(l.marginal())).toEqual([1, 3, 0]);
    expect(entropyOfCounts(l, { estimator: 'shrinkage' })).toBe(entropyOfCounts([1, 3, 0], { estimator: 'shrinkage' }));
    // A zero-count category survives the JSON round trip as a category (its cell is not listed).
    expect(Array.from(LabelCounter.fromJSON(l.toJSON()).data)).toEqual([1, 3, 0]);
  });

  it('bad input: chunks of different lengths, other columns, mixed kinds, tampered JSON', () => {
    const c = new ContingencyCounter(['a', 'b']).add([1, 2], [3, 4]);
    const before = JSON.stringify(c);
    const cases: [() => unknown, string][] = [
      [() => c.add([1, 2, 3], [1, 2]), "SHAPE_MISMATCH: ContingencyCounter.add: every column of a chunk must have the same length: 'a' has 3 labels but 'b' has 2"],
      [() => c.add(['x', 'y'], [1, 2]), "INVALID_LABELS: ContingencyCounter.add: column 'a' holds strings but this column held integers before; labels must be all strings or all integers"],
      [() => c.add([1, 1.5], [1, 2]), "INVALID_LABELS: ContingencyCounter.add: column 'a'[1] must be an integer label (got 1.5); bin continuous data first or use the estimators module"],
      [() => c.add([1, 7], [1, NaN]), "NON_FINITE: ContingencyCounter.add: column 'b'[1] must be finite (got NaN)"],
      [() => (c as JointCounter).add([1]), "INVALID_ARGUMENT: ContingencyCounter.add: column 'b' must be an array of labels (got undefined)"],
      [() => new JointCounter(3).add([1], [2]), 'INVALID_ARGUMENT: JointCounter.add: expected 3 label arrays, one per column [x0, x1, x2] (got 2)'],
      [() => c.merge(new ContingencyCounter(['a', 'c']).add([1], [1])), 'INVALID_ARGUMENT: ContingencyCounter.merge: cannot merge counters of different columns: [a, b] and [a, c]'],
      [() => c.merge(new JointCounter(['a', 'b'])), 'INVALID_ARGUMENT: ContingencyCounter.merge: other must be a ContingencyCounter (got object JointCounter)'],
      [() => c.merge(new ContingencyCounter(['a', 'b']).add(['s'], [1])), "INVALID_LABELS: ContingencyCounter.merge: column 'a' of other holds strings but this column held integers before; labels must be all strings or all integers"],
      [() => c.addCounts([[1], [2]], [-1]), 'INVALID_ARGUMENT: ContingencyCounter.addCounts: counts[0] must be a non-negative integer count (got -1)'],
      [() => c.addCounts([[1], [2]], [1, 2]), 'SHAPE_MISMATCH: ContingencyCounter.addCounts: counts must hold one count per row: 1 (got 2)'],
      [() => new JointCounter(['a', 'a']), 'INVALID_ARGUMENT: JointCounter: columns must be unique: "a" appears twice'],
      [() => new JointCounter(0), 'INVALID_ARGUMENT: JointCounter: columns must be an integer in [1, 64] or an array of names (got 0)'],
      [() => new LabelCounter().data, 'EMPTY_INPUT: LabelCounter.data: the counter is empty: add rows before reading its table'],
      [() => c.categories('z'), 'INVALID_ARGUMENT: ContingencyCounter.categories: axis must be a column name (a, b) or an index in [0, 1] (got "z")'],
    ];
    for (const [f, msg] of cases) expect(errorCodeAndMessage(f)).toBe(msg);
    expect(JSON.stringify(c)).toBe(before); // no failed call changed the counter

    const good = c.toJSON();
    const tamper = (patch: Record<string, unknown>) => () => ContingencyCounter.fromJSON({ ...good, ...patch });
    const bad: [() => unknown, string][] = [
      [() => ContingencyCounter.fromJSON(null), 'ContingencyCounter.fromJSON: json must be an object (got null)'],
      [tamper({ kind: 'infometa.LabelCounter' }), "ContingencyCounter.fromJSON: json.kind must be 'infometa.ContingencyCounter' (got \"infometa.LabelCounter\")"],
      [tamper({ version: 2 }), 'ContingencyCounter.fromJSON: unsupported json.version 2; this version reads 1'],
      [tamper({ columns: ['a'] }), 'ContingencyCounter.fromJSON: json.columns: ContingencyCounter: a ContingencyCounter counts two columns (got 1)'],
      [tamper({ n: 5 }), 'ContingencyCounter.fromJSON: json.n must be the sum of json.counts, 2 (got 5)'],
      [tamper({ counts: [1, 1.5] }), 'ContingencyCounter.fromJSON: json.counts[1] must be a positive integer (got 1.5)'],
      [tamper({ counts: [1] }), 'ContingencyCounter.fromJSON: json.cells must hold 2 codes per count: 2 (got array of length 4)'],
      [tamper({ cells: [0, 0, 0, 2] }), 'ContingencyCounter.fromJSON: json.cells[3] must be a code of column 1 in [0, 2) (got 2)'],
      [tamper({ cells: [0, 0, 0, 0] }), 'ContingencyCounter.fromJSON: json.cells lists the cell of count 1 twice'],
      [tamper({ categories: [[1, 1], [3, 4]] }), 'ContingencyCounter.fromJSON: json.categories[0] lists 1 twice'],
      [tamper({ categories: [[1, 'x'], [3, 4]] }), 'ContingencyCounter.fromJSON: json.categories[0] mixes integers and strings (at index 1)'],
      [tamper({ categories: [[1, 0.5], [3, 4]] }), 'ContingencyCounter.fromJSON: json.categories[0][1] must be an integer or a string (got 0.5)'],
      [tamper({ categories: [[1, 2]] }), 'ContingencyCounter.fromJSON: json.categories must hold one array per column: 2 (got array of length 1)'],
    ];
    for (const [f, msg] of bad) expect(errorCodeAndMessage(f)).toBe(`INVALID_JSON: ${msg}`);
  });

  it('an empty chunk is a no-op; the input arrays are never written', () => {
    const x = Int32Array.of(1, 2, 2);
    const y = ['p', 'q', 'q'];
    const c = new ContingencyCounter().add([], []).add(x, y);
    expect(Array.from(x)).toEqual([1, 2, 2]);
    expect(y).toEqual(['p', 'q', 'q']);
    expect(c.n).toBe(3);
    expect(c.size).toBe(2);
  });
});
