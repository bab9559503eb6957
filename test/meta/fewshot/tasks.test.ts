import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, fewShotTasks, groupedTasks, splitClasses } from '../../../src/index.js';
import { drawDistinct } from '../../../src/meta/fewshot/rows.js';
import { code } from './helpers.js';


// 4 classes (strings) × 6 rows, feature = class index * 10 + row number within the class.
const labels = ['a', 'b', 'c', 'd'];
const y = Array.from({ length: 24 }, (_, i) => labels[i % 4]);
const x = y.map((c, i) => [labels.indexOf(c) * 10 + Math.floor(i / 4), -i]);

describe('fewShotTasks', () => {
  it('draws N-way K-shot episodes with labels 0…N−1, disjoint support and query rows of the drawn classes', () => {
    const s = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 3 });
    expect([s.inputSize, s.outputSize, s.ways, s.shots, s.queryShots]).toEqual([2, 3, 3, 2, 3]);
    const rng = createRng(4);
    for (let t = 0; t < 50; t++) {
      const e = s.sample(rng);
      expect(e.kind).toBe('classification');
      expect(Array.from(e.support.y)).toEqual([0, 0, 1, 1, 2, 2]);
      expect(Array.from(e.query.y)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
      expect(new Set(e.classes).size).toBe(3);
      const rows = [...e.supportRows, ...e.queryRows];
      expect(new Set(rows).size).toBe(rows.length);
      e.supportRows.forEach((r, i) => {
        expect(y[r]).toBe(e.classes[e.support.y[i]]);
        expect([e.support.x[2 * i], e.support.x[2 * i + 1]]).toEqual(x[r]);
      });
      e.queryRows.forEach((r, i) => expect(y[r]).toBe(e.classes[e.query.y[i]]));
    }
  });

  it('is reproducible from the seed, and episodes(n, seed) are fixed', () => {
    const s = fewShotTasks(x, y, { ways: 2, shots: 1, queryShots: 2 });
    expect(s.sample(createRng(9))).toEqual(s.sample(createRng(9)));
    const a = s.episodes(20, 3), b = s.episodes(20, 3), c = s.episodes(20, 4);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('restricts to `classes`, and every class and label permutation occurs', () => {
    const s = fewShotTasks(x, y, { ways: 2, shots: 1, queryShots: 1, classes: ['b', 'd'] });
    const seen = new Set<string>();
    for (const e of s.episodes(40, 1)) seen.add(e.classes.join(''));
    expect([...seen].sort()).toEqual(['bd', 'db']);
  });

  it('takes a flat row-major matrix and numeric labels, and leaves its inputs unmodified', () => {
    const flat = new Float64Array(x.flat());
    const copy = flat.slice();
    const ny = y.map((c) => labels.indexOf(c));
    const s = fewShotTasks(flat, ny, { ways: 4, shots: 3, queryShots: 3 });
    const e = s.sample(createRng(1));
    expect(e.support.x.length).toBe(24);
    expect(flat).toEqual(copy);
    // shots and queryShots of a learner's fit override the sampler's
    expect(s.sample(createRng(1), 1, 2).query.y.length).toBe(8);
  });

  it('rejects bad input with named errors', () => {
    expect(code(() => fewShotTasks(x, y, { ways: 5, shots: 1 }))).toMatch(/INVALID_OPTION: fewShotTasks: there are 4 classes but ways is 5/);
    expect(code(() => fewShotTasks(x, y, { ways: 2, shots: 3, queryShots: 4 }))).toMatch(/fewShotTasks: class "a" has 6 rows, fewer than shots \+ queryShots = 7/);
    expect(code(() => fewShotTasks(x, y.slice(1), { ways: 2, shots: 1 }))).toMatch(/SHAPE_MISMATCH: fewShotTasks: x has 24 rows but the labels have length 23/);
    expect(code(() => fewShotTasks(x, y, { ways: 2, shots: 1, classes: ['a', 'z'] }))).toMatch(/classes\[1\] = "z" is not a label of y/);
    expect(code(() => fewShotTasks(x, y, { ways: 1, shots: 1 }))).toMatch(/ways must be an integer ≥ 2/);
    expect(code(() => fewShotTasks(x, [...y.slice(0, 23), null as unknown as string], { ways: 2, shots: 1 }))).toMatch(/INVALID_LABELS: fewShotTasks: y\[23\]/);
    expect(code(() => fewShotTasks([[1, NaN], ...x.slice(1)], y, { ways: 2, shots: 1 }))).toMatch(/NON_FINITE: fewShotTasks: x\[0\]\[1\]/);
    expect(code(() => fewShotTasks(x, y, { ways: 2, shots: 1, queryShots: 1 }).sample(createRng(0), 3, 4))).toMatch(/fewShotTasks.sample: class "a" has 6 rows/);
    expect(code(() => fewShotTasks(x, y, { ways: 2, shots: 1, queryShots: 1 }).episodes(0, 1))).toMatch(/episodes: n must be an integer in \[1, 1000000\]/);
  });
});

describe('splitClasses', () => {
  it('returns disjoint parts covering every class, sized by the fractions, reproducibly', () => {
    const yy = Array.from({ length: 260 }, (_, i) => String.fromCharCode(65 + (i % 26)));
    const parts = splitClasses(yy, [0.6, 0.2, 0.2], 5);
    expect(parts.map((p) => p.length)).toEqual([16, 5, 5]);
    expect(new Set(parts.flat()).size).toBe(26);
    expect(splitClasses(yy, [0.6, 0.2, 0.2], 5)).toEqual(parts);
    expect(splitClasses(yy, [0.6, 0.2, 0.2], 6)).not.toEqual(parts);
  });
  it('property: any fractions give disjoint non-empty parts covering all classes', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 5, max: 40 }), fc.integer(), (w, C, seed) => {
      const total = w.reduce((a, b) => a + b, 0);
      const yy = Array.from({ length: C }, (_, i) => i);
      const parts = splitClasses(yy, w.map((v) => v / total), seed);
      expect(parts.every((p) => p.length >= 1)).toBe(true);
      expect(new Set(parts.flat()).size).toBe(C);
      expect(parts.flat().length).toBe(C);
    }));
  });
  it('rejects bad fractions', () => {
    expect(code(() => splitClasses(y, [0.5, 0.6]))).toMatch(/splitClasses: fractions must sum to 1/);
    expect(code(() => splitClasses(y, [0.2, 0.2, 0.2, 0.2, 0.2]))).toMatch(/y has 4 classes, fewer than the 5 parts/);
    expect(code(() => splitClasses(y, [1, -0]))).toMatch(/fractions must be a non-empty array of positive numbers/);
  });
});

describe('drawDistinct', () => {
  it('property: k distinct values in [0, n)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer(), (n, k0, seed) => {
      const k = Math.min(n, k0);
      const out = drawDistinct(createRng(seed), n, k, new Int32Array(k));
      expect(new Set(out).size).toBe(k);
      expect(out.every((v) => v >= 0 && v < n)).toBe(true);
    }));
  });
});

describe('groupedTasks', () => {
  const gx = Array.from({ length: 30 }, (_, i) => [i, i % 3]);
  const gy = gx.map((r) => 2 * r[0]);
  const g = gx.map((_, i) => (i < 12 ? 's1' : i < 20 ? 's2' : 's3'));
  it('draws a support set and the rest of one group as the query set', () => {
    const s = groupedTasks(gx, gy, g, { shots: 3, kind: 'regression' });
    expect([s.inputSize, s.outputSize, s.groups]).toEqual([2, 1, ['s1', 's2', 's3']]);
    const all = s.eachGroup(1);
    expect(all.map((t) => [t.group, t.support.y.length, t.query.y.length, t.kind])).toEqual([['s1', 3, 9, 'regression'], ['s2', 3, 5, 'regression'], ['s3', 3, 7, 'regression']]);
    for (const t of all) {
      const rows = [...t.supportRows, ...t.queryRows];
      expect(new Set(rows).size).toBe(rows.length);
      rows.forEach((r) => expect(g[r]).toBe(t.group));
      t.supportRows.forEach((r, i) => expect(t.support.y[i]).toBe(gy[r]));
    }
    expect(s.episodes(10, 2)).toEqual(s.episodes(10, 2));
    expect(s.sample(createRng(3), 2, 4).query.y.length).toBe(4);
  });
  it('restricts to `groups` and names a group that is too small', () => {
    const s = groupedTasks(gx, gy, g, { shots: 2, queryShots: 2, groups: ['s3'] });
    expect(s.episodes(5, 1).every((t) => t.group === 's3')).toBe(true);
    expect(code(() => groupedTasks(gx, gy, g, { shots: 8 }))).toMatch(/INVALID_OPTION: groupedTasks: group "s2" has 8 rows, fewer than shots \+ queryShots = 9/);
    expect(code(() => groupedTasks(gx, gy.slice(1), g, { shots: 1 }))).toMatch(/SHAPE_MISMATCH: groupedTasks: y has 29 values but groups has length 30/);
    expect(code(() => groupedTasks(gx, gy, g, { shots: 1, groups: ['s9'] }))).toMatch(/options.groups\[0\] = "s9" is not a group/);
  });
});
