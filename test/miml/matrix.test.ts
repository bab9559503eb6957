import { describe, expect, it } from 'vitest';
import { DependencyMatrix, taskDependencyMatrix } from '../../src/index.js';
import type { DependencyMeasure } from '../../src/index.js';
import { bitsToLabels, code, message, mimlFixture } from './helpers.js';

describe('DependencyMatrix', () => {
  const dep = new DependencyMatrix(['a', 'b', 'c'], [1, 0.2, 0.3, 0.2, 1, 0.4, 0.3, 0.4, 1], { pValues: [1, 0.5, 0.01, 0.5, 1, 0.2, 0.01, 0.2, 1], permutations: 99, seed: 4 });

  it('gives entries by index or name', () => {
    expect(dep.size).toBe(3);
    expect(dep.get(0, 2)).toBe(0.3);
    expect(dep.get('b', 'c')).toBe(0.4);
    expect(dep.get('c', 1)).toBe(0.4);
    expect(dep.pValue('a', 'c')).toBe(0.01);
    expect(dep.indexOf('c')).toBe(2);
    expect(dep.symmetric).toBe(true);
    expect(dep.measure).toBe('mi');
    expect(dep.base).toBe(Math.E);
  });

  it('copies its inputs', () => {
    const values = [0, 1, 1, 0];
    const names = ['x', 'y'];
    const m = new DependencyMatrix(names, values);
    values[1] = 5;
    names[0] = 'z';
    expect(m.get(0, 1)).toBe(1);
    expect(m.names).toEqual(['x', 'y']);
  });

  it('scores conditional entropy as −H (higher = more related), other measures as their value', () => {
    const ce = new DependencyMatrix(['a', 'b'], [0, 0.3, 0.6, 0], { measure: 'conditional-entropy' });
    expect(ce.symmetric).toBe(false);
    expect(ce.score('a', 'b')).toBe(-0.3);
    expect(ce.score('b', 'a')).toBe(-0.6);
    expect(dep.score('a', 'b')).toBe(0.2);
  });

  it('round-trips through JSON, with and without p-values', () => {
    const back = DependencyMatrix.fromJSON(JSON.parse(JSON.stringify(dep)));
    expect(back.names).toEqual(dep.names);
    expect(Array.from(back.values)).toEqual(Array.from(dep.values));
    expect(Array.from(back.pValues ?? [])).toEqual(Array.from(dep.pValues ?? []));
    expect(back.permutations).toBe(99);
    expect(back.seed).toBe(4);
    const fx = mimlFixture();
    const real = taskDependencyMatrix(fx.emotions.labels.map(bitsToLabels), { names: fx.emotions.names, measure: 'conditional-entropy', base: 2 });
    const again = DependencyMatrix.fromJSON(JSON.parse(JSON.stringify(real.toJSON())));
    expect(Array.from(again.values)).toEqual(Array.from(real.values));
    expect(again.pValues).toBeUndefined();
    expect(again.measure).toBe('conditional-entropy');
    expect(again.base).toBe(2);
    expect(real.toJSON().kind).toBe('infometa.DependencyMatrix');
  });

  it('rejects JSON of the wrong kind or version', () => {
    const j = dep.toJSON();
    expect(code(() => DependencyMatrix.fromJSON({ ...j, kind: 'infometa.Other' }))).toBe('INVALID_JSON');
    expect(message(() => DependencyMatrix.fromJSON({ ...j, kind: 'x' }))).toContain("DependencyMatrix.fromJSON: json.kind must be 'infometa.DependencyMatrix'");
    expect(code(() => DependencyMatrix.fromJSON({ ...j, version: 2 }))).toBe('INVALID_JSON');
    expect(code(() => DependencyMatrix.fromJSON(null))).toBe('INVALID_JSON');
    expect(code(() => DependencyMatrix.fromJSON('{}'))).toBe('INVALID_JSON');
    expect(code(() => DependencyMatrix.fromJSON({ ...j, values: [1, 2] }))).toBe('SHAPE_MISMATCH');
  });

  it.each([
    ['names not an array', () => new DependencyMatrix('ab' as unknown as string[], [1]), 'INVALID_ARGUMENT'],
    ['no names', () => new DependencyMatrix([], []), 'EMPTY_INPUT'],
    ['duplicate names', () => new DependencyMatrix(['a', 'a'], [1, 0, 0, 1]), 'INVALID_OPTION'],
    ['values of the wrong size', () => new DependencyMatrix(['a', 'b'], [1, 0, 0]), 'SHAPE_MISMATCH'],
    ['NaN values', () => new DependencyMatrix(['a', 'b'], [1, NaN, 0, 1]), 'NON_FINITE'],
    ['an unknown measure', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1], { measure: 'x' as DependencyMeasure }), 'INVALID_OPTION'],
    ['a p-value of 0', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1], { pValues: [1, 0, 1, 1] }), 'INVALID_ARGUMENT'],
    ['a bad base', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1], { base: -2 }), 'INVALID_OPTION'],
    ['a bad permutations count', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1], { permutations: 0.5 }), 'INVALID_OPTION'],
    ['a NaN seed', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1], { seed: NaN }), 'INVALID_OPTION'],
    ['get out of range', () => dep.get(0, 3), 'INVALID_ARGUMENT'],
    ['get of an unknown name', () => dep.get('zz', 0), 'INVALID_ARGUMENT'],
    ['pValue without p-values', () => new DependencyMatrix(['a', 'b'], [1, 0, 0, 1]).pValue(0, 1), 'INVALID_ARGUMENT'],
  ])('%s', (_, f, c) => {
    expect(code(f)).toBe(c);
  });
});
