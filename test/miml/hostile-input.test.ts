// Regression tests of issue 13 for the MIML layer: the heatmap at extreme values and with control characters,
// errors named after the function called, task matrices that lie about their size, options.
import { describe, expect, it } from 'vitest';
import { DependencyMatrix, dependencyHeatmapSVG, groupTasks, selectRelatedTasks, taskDependencyFromPredictions, taskDependencyMatrix } from '../../src/index.js';
import { esc } from '../../src/miml/heatmap.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('dependencyHeatmapSVG (item 11)', () => {
  it('draws values of ±1e308 (the colour range used to overflow)', () => {
    const dep = new DependencyMatrix(['a', 'b'], [1e308, -1e308, -1e308, 1e308]);
    for (const includeDiagonal of [false, true]) {
      const svg = dependencyHeatmapSVG(dep, { includeDiagonal });
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(svg).toContain('<svg');
    }
  });
  it('draws subnormal ranges and constant matrices', () => {
    for (const v of [[0, 5e-324, 5e-324, 0], [5e-324, 5e-324, 5e-324, 5e-324], [1e308, 1e308, 1e308, 1e308]]) {
      const svg = dependencyHeatmapSVG(new DependencyMatrix(['a', 'b'], v), { includeDiagonal: true });
      expect(svg).not.toMatch(/="[^"]*(NaN|Infinity|undefined)/);
    }
  });
  it('writes no character XML forbids: control characters are shown as control pictures, lone surrogates as U+FFFD', () => {
    const dep = new DependencyMatrix(['bell\u0007', 'nul\u0000', 'lone\ud800', 'ok😀'], new Array(16).fill(0.5));
    const svg = dependencyHeatmapSVG(dep, { title: 'tab\there\u001f' });
    expect(NOT_XML.test(svg)).toBe(false);
    expect(svg).toContain('bell\u2407');
    expect(svg).toContain('nul\u2400');
    expect(svg).toContain('lone\ufffd');
    expect(svg).toContain('ok😀');
    expect(svg).toContain('tab\u2409here\u241f');
  });
  it('esc escapes markup and keeps valid surrogate pairs', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(esc('\u007f\udc00\uffff😀')).toBe('\u2421\ufffd\ufffd😀');
  });
  it('rejects unknown options with a suggestion', () => {
    const dep = new DependencyMatrix(['a', 'b'], [1, 0, 0, 1]);
    expect(errorCodeAndMessage(() => dependencyHeatmapSVG(dep, { cellsize: 10 } as never))).toMatch(/^INVALID_OPTION: dependencyHeatmapSVG: unknown option "cellsize"; did you mean 'cellSize'\?/);
  });
});

describe('groupTasks at extreme values', () => {
  it('similarities of ±1e308 stay finite', () => {
    const dep = new DependencyMatrix(['a', 'b', 'c'], [0, 1e308, 1e308, 1e308, 0, -1e308, 1e308, -1e308, 0]);
    const g = groupTasks(dep, { groups: 1 });
    for (const m of g.merges) expect(Number.isFinite(m.similarity)).toBe(true);
    expect(g.merges[0].similarity).toBe(1e308);
  });
});

describe('selectRelatedTasks at extreme values', () => {
  it('mRMR redundancies of ±1e308 are averaged without overflow', () => {
    const v = [0, 1, 1, 1, 1e308, 0, 1e308, 1e308, 1e308, 1e308, 0, 1e308, 1e308, 1e308, 1e308, 0];
    const r = selectRelatedTasks(new DependencyMatrix(['t', 'a', 'b', 'c'], v), 't', { strategy: 'mrmr' });
    expect(r.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    for (const x of r) expect(Number.isFinite(x.criterion)).toBe(true);
    expect(r[2].criterion).toBeCloseTo(1 - 1e308, 0);
  });
});

describe('errors name the function called (item 12)', () => {
  it('DependencyMatrix.fromJSON names json fields, not the constructor', () => {
    const json = JSON.parse(JSON.stringify(new DependencyMatrix(['a', 'b'], [1, 0.5, 0.5, 1]))) as Record<string, unknown>;
    expect(errorCodeAndMessage(() => DependencyMatrix.fromJSON({ ...json, values: [1, NaN, 0, 1] }))).toBe('NON_FINITE: DependencyMatrix.fromJSON: json.values[1] must be finite (got NaN)');
    expect(errorCodeAndMessage(() => DependencyMatrix.fromJSON({ ...json, values: [1, null, 0, 1] }))).toBe('INVALID_ARGUMENT: DependencyMatrix.fromJSON: json.values[1] must be a number (got null)');
    expect(errorCodeAndMessage(() => DependencyMatrix.fromJSON({ ...json, names: ['a', 'a'] }))).toBe('INVALID_OPTION: DependencyMatrix.fromJSON: json.names must be unique: "a" is both json.names[0] and json.names[1]');
    expect(errorCodeAndMessage(() => DependencyMatrix.fromJSON({ ...json, measure: 'MI' }))).toMatch(/^INVALID_OPTION: DependencyMatrix\.fromJSON: unknown json\.measure "MI"/);
    expect(errorCodeAndMessage(() => DependencyMatrix.fromJSON({ ...json, seed: 1.5 }))).toBe('INVALID_OPTION: DependencyMatrix.fromJSON: json.seed must be an integer (got 1.5)');
    expect(DependencyMatrix.fromJSON(json).get('a', 'b')).toBe(0.5);
  });
  it('the constructor rejects BigInt values and unknown options by name', () => {
    expect(errorCodeAndMessage(() => new DependencyMatrix(['a'], [1n] as unknown as number[]))).toBe('INVALID_ARGUMENT: DependencyMatrix: values[0] must be a number (got 1n (a BigInt; pass a number))');
    expect(errorCodeAndMessage(() => new DependencyMatrix(['a'], [1], { mesure: 'mi' } as never))).toMatch(/did you mean 'measure'\?/);
  });
});

describe('taskDependencyMatrix inputs and options (items 4, 8, 9, 13)', () => {
  it('a label matrix that lies about its size is rejected before anything is allocated', () => {
    expect(errorCodeAndMessage(() => taskDependencyMatrix({ rows: 1e6, columns: 1e6, get: () => 0 }))).toMatch(/^INVALID_ARGUMENT: taskDependencyMatrix: tasks is too large: 1000000 × 1000000/);
    expect(errorCodeAndMessage(() => taskDependencyMatrix({ rows: -1, columns: 2, get: () => 0 }))).toBe('INVALID_ARGUMENT: taskDependencyMatrix: tasks.rows must be a non-negative integer (got -1)');
    expect(errorCodeAndMessage(() => taskDependencyMatrix({ rows: 2, columns: 2, get: () => '1' as unknown as number }))).toBe('INVALID_ARGUMENT: taskDependencyMatrix: tasks.get(0, 0) must return a number (got "1")');
  });
  it('reads a valid MatrixLike as before', () => {
    const cols = [[0, 1, 0, 1], [0, 1, 0, 1]];
    const dep = taskDependencyMatrix({ rows: 4, columns: 2, get: (i, j) => cols[j][i] }, { base: 2 });
    expect(dep.get(0, 1)).toBe(1);
  });
  it('checks seed, signal and onProgress in one place; an aborted signal stops at once', () => {
    const t = [[0, 1, 0, 1], [1, 1, 0, 0]];
    expect(errorCodeAndMessage(() => taskDependencyMatrix(t, { seed: NaN }))).toBe('INVALID_OPTION: taskDependencyMatrix: seed must be an integer (got NaN)');
    expect(errorCodeAndMessage(() => taskDependencyMatrix(t, { onProgress: 'x' as never }))).toBe('INVALID_OPTION: taskDependencyMatrix: onProgress must be a function (got "x")');
    const c = new AbortController();
    c.abort();
    expect(errorCodeAndMessage(() => taskDependencyMatrix(t, { signal: c.signal }))).toBe('ABORTED: taskDependencyMatrix: aborted by signal');
    expect(errorCodeAndMessage(() => taskDependencyMatrix(t, { permutaions: 10 } as never))).toMatch(/did you mean 'permutations'\?/);
  });
  it('other MIML functions reject unknown options', () => {
    const dep = new DependencyMatrix(['a', 'b'], [1, 0.5, 0.5, 1]);
    expect(errorCodeAndMessage(() => selectRelatedTasks(dep, 'a', { strategie: 'mrmr' } as never))).toMatch(/did you mean 'strategy'\?/);
    expect(errorCodeAndMessage(() => groupTasks(dep, { group: 1 } as never))).toMatch(/did you mean 'groups'\?/);
    expect(errorCodeAndMessage(() => taskDependencyFromPredictions([[1, 0]], [[1, 0]], { bas: 2 } as never))).toMatch(/did you mean 'base'\?/);
  });
});
