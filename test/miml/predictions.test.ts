import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng, mutualInformation, mutualInformationOf, taskDependencyFromPredictions, taskDependencyGradient } from '../../src/index.js';
import { closeRel } from '../helpers/fixtures.js';
import { code, message, mimlFixture } from './helpers.js';

const fx = mimlFixture();

function oneHot(labels: number[], k: number): number[][] {
  return labels.map((l) => Array.from({ length: k }, (_, j) => (j === l ? 1 : 0)));
}

function randomRows(rng: ReturnType<typeof createRng>, n: number, k: number): number[][] {
  return Array.from({ length: n }, () => {
    const w = Array.from({ length: k }, () => Math.exp(2 * rng.normal()));
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });
}

describe('taskDependencyFromPredictions', () => {
  it.each(fx.predictions.map((p, i) => [i, p] as const))('matches scipy on soft predictions, case %i', (_, p) => {
    expect(closeRel(taskDependencyFromPredictions(p.probsA, p.probsB), p.mi, 1e-9)).toBe(true);
    expect(closeRel(taskDependencyFromPredictions(p.probsA, p.probsB, { base: 2 }), p.mi / Math.LN2, 1e-9)).toBe(true);
  });

  it('equals the core mutualInformation of the soft joint table', () => {
    const rng = createRng(1);
    const A = randomRows(rng, 30, 3);
    const B = randomRows(rng, 30, 4);
    const J = Array.from({ length: 3 }, (_, a) => Array.from({ length: 4 }, (_, b) => A.reduce((s, row, i) => s + row[a] * B[i][b], 0) / 30));
    expect(closeRel(taskDependencyFromPredictions(A, B), mutualInformation(J, { normalize: true }), 1e-12)).toBe(true);
  });

  fcTest.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }), fc.integer()])('one-hot predictions give the hard-label MI', (x, seed) => {
    const rng = createRng(seed);
    const y = x.map((v) => (rng.next() < 0.6 ? v % 3 : rng.int(3)));
    const got = taskDependencyFromPredictions(oneHot(x, 4), oneHot(y, 3));
    expect(closeRel(got, mutualInformationOf(x, y), 1e-12)).toBe(true);
  });

  it('is 0 for independent predictions (a factorizing joint)', () => {
    const rng = createRng(2);
    // Inputs on a 4 × 5 grid (u, v): A depends on u only, B on v only, so p(a, b) = p(a) p(b).
    const pu = randomRows(rng, 4, 3);
    const pv = randomRows(rng, 5, 2);
    const A: number[][] = [];
    const B: number[][] = [];
    for (let u = 0; u < 4; u++) {
      for (let v = 0; v < 5; v++) {
        A.push(pu[u]);
        B.push(pv[v]);
      }
    }
    expect(taskDependencyFromPredictions(A, B)).toBeLessThan(1e-15);
    // A constant model shares nothing with anything.
    expect(taskDependencyFromPredictions(A, A.map(() => [0.25, 0.75]))).toBe(0);
  });

  it('accepts { data, rows, cols } and float32-rounded rows', () => {
    const p = fx.predictions[1];
    const n = p.probsA.length;
    const ka = p.probsA[0].length;
    const data = Float32Array.from(p.probsA.flat());
    const got = taskDependencyFromPredictions({ data: Array.from(data), rows: n, cols: ka }, p.probsB);
    expect(closeRel(got, p.mi, 1e-5)).toBe(true);
  });

  it('does not modify its inputs', () => {
    const p = fx.predictions[0];
    const A = p.probsA.map((r) => r.slice());
    const data = new Float64Array(p.probsB.flat());
    const copy = Float64Array.from(data);
    taskDependencyGradient(A, { data, rows: p.probsB.length, cols: p.probsB[0].length });
    expect(A).toEqual(p.probsA);
    expect(Array.from(data)).toEqual(Array.from(copy));
  });

  it.each([
    ['a row that does not sum to 1', () => taskDependencyFromPredictions([[0.5, 0.6]], [[1]]), 'INVALID_DISTRIBUTION', 'probsA[0] must sum to 1'],
    ['a negative probability', () => taskDependencyFromPredictions([[1, 0]], [[1.5, -0.5]]), 'INVALID_DISTRIBUTION', 'probsB[0][1]'],
    ['mismatched row counts', () => taskDependencyFromPredictions([[1, 0]], [[1], [1]]), 'SHAPE_MISMATCH', 'same number of rows'],
    ['ragged rows', () => taskDependencyFromPredictions([[1, 0], [1]], [[1], [1]]), 'SHAPE_MISMATCH', 'row 1'],
    ['no rows', () => taskDependencyFromPredictions([], []), 'EMPTY_INPUT', 'probsA'],
    ['NaN', () => taskDependencyFromPredictions([[NaN, 1]], [[1]]), 'NON_FINITE', 'probsA[0][0]'],
    ['wrong data size', () => taskDependencyFromPredictions({ data: [1, 0, 1], rows: 2, cols: 2 }, [[1], [1]]), 'SHAPE_MISMATCH', 'rows · cols'],
    ['not rows', () => taskDependencyFromPredictions(5 as unknown as number[][], [[1]]), 'INVALID_ARGUMENT', 'probsA'],
    ['a bad base', () => taskDependencyFromPredictions([[1]], [[1]], { base: 0 }), 'INVALID_OPTION', 'base'],
  ])('%s', (_, f, c, text) => {
    expect(code(f)).toBe(c);
    expect(message(f)).toContain(text);
    expect(message(f).startsWith('taskDependencyFromPredictions: ')).toBe(true);
  });
});

describe('taskDependencyGradient', () => {
  it.each(fx.predictions.map((p, i) => [i, p] as const))('matches torch autograd, case %i', (_, p) => {
    const g = taskDependencyGradient(p.probsA, p.probsB);
    expect(closeRel(g.value, p.torchValue, 1e-9)).toBe(true);
    p.gradA.forEach((v, i) => expect(closeRel(g.gradA[i], v, 1e-9), `gradA[${i}]`).toBe(true));
    p.gradB.forEach((v, i) => expect(closeRel(g.gradB[i], v, 1e-9), `gradB[${i}]`).toBe(true));
  });

  it('agrees with central finite differences along directions that keep each row a distribution', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 5; trial++) {
      const n = 8;
      const A = randomRows(rng, n, 3);
      const B = randomRows(rng, n, 2);
      // Sum-zero direction per row, scaled so that every perturbed entry stays positive.
      const dA = A.map((r) => {
        const d = r.map(() => rng.normal());
        const mean = d.reduce((s, v) => s + v, 0) / d.length;
        return d.map((v) => v - mean);
      });
      const h = 1e-6;
      const shift = (s: number) => A.map((r, i) => r.map((v, j) => v + s * h * dA[i][j]));
      const fd = (taskDependencyFromPredictions(shift(1), B) - taskDependencyFromPredictions(shift(-1), B)) / (2 * h);
      const g = taskDependencyGradient(A, B, { base: 2 });
      let dir = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) dir += g.gradA[i * 3 + j] * dA[i][j];
      expect(Math.abs(dir * Math.LN2 - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      expect(closeRel(g.value * Math.LN2, taskDependencyFromPredictions(A, B), 1e-12)).toBe(true);
    }
  });
});
