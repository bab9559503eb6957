import { describe, expect, it } from 'vitest';
import { DependencyMatrix, dependencyHeatmapSVG, taskDependencyMatrix } from '../../src/index.js';
import { bitsToLabels, code, mimlFixture } from './helpers.js';

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

/** A minimal well-formedness check: every opened element is closed in order (no DOM in Node). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

describe('dependencyHeatmapSVG', () => {
  const fx = mimlFixture();
  const tasks = fx.emotions.labels.map(bitsToLabels);
  const dep = taskDependencyMatrix(tasks, { names: fx.emotions.names, permutations: 99, seed: 1, base: 2 });

  it('is a self-contained SVG with one cell per pair, names, a legend and a tooltip per cell', () => {
    const svg = dependencyHeatmapSVG(dep);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(count(svg, '<title>')).toBe(36);
    for (const name of fx.emotions.names) expect(count(svg, `>${name}</text>`)).toBe(2);
    expect(svg).toContain('linearGradient');
    expect(svg).toContain('bits');
    expect(svg).not.toContain('NaN');
  });

  it('marks exactly the off-diagonal cells with p ≤ maxPValue', () => {
    const T = dep.size;
    for (const maxPValue of [0.01, 0.05, 0.5]) {
      let want = 0;
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j && dep.pValue(i, j) <= maxPValue) want++;
      const svg = dependencyHeatmapSVG(dep, { maxPValue, showValues: true });
      expect(count(svg, '*</text>')).toBe(want);
      const bare = dependencyHeatmapSVG(dep, { maxPValue, showValues: false });
      expect(count(bare, '>*</text>')).toBe(want);
    }
    expect(count(dependencyHeatmapSVG(taskDependencyMatrix(tasks)), '*</text>')).toBe(0);
  });

  it('escapes names for XML', () => {
    const m = new DependencyMatrix(['a<b & "c"', "d'e>"], [1, 0.5, 0.5, 1]);
    const svg = dependencyHeatmapSVG(m, { title: '<x>' });
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(svg).toContain('d&apos;e&gt;');
    expect(svg).toContain('&lt;x&gt;');
    expect(svg).not.toContain('a<b');
    expect(balanced(svg)).toBe(true);
  });

  it('prints values when asked and handles a constant matrix and conditional entropy', () => {
    const svg = dependencyHeatmapSVG(dep, { showValues: true, digits: 3 });
    expect(svg).toContain(`>${dep.get(0, 2).toFixed(3)}`);
    const flat = new DependencyMatrix(['a', 'b'], [0, 0, 0, 0]);
    expect(dependencyHeatmapSVG(flat)).not.toContain('NaN');
    const ce = taskDependencyMatrix(tasks, { measure: 'conditional-entropy' });
    const s = dependencyHeatmapSVG(ce, { includeDiagonal: true, cellSize: 20 });
    expect(s).toContain('H(row | column)');
    expect(balanced(s)).toBe(true);
    const vi = dependencyHeatmapSVG(taskDependencyMatrix(tasks, { measure: 'vi', base: 2 }));
    expect(vi).toContain('Variation of information VI(row; column), bits; lower = more related');
    expect(balanced(vi)).toBe(true);
  });

  it.each([
    ['cellSize 0', { cellSize: 0 }],
    ['digits 9', { digits: 9 }],
    ['maxPValue 0', { maxPValue: 0 }],
    ['maxPValue 2', { maxPValue: 2 }],
    ['showValues "yes"', { showValues: 'yes' as unknown as boolean }],
    ['title 3', { title: 3 as unknown as string }],
  ])('rejects %s', (_, o) => {
    expect(code(() => dependencyHeatmapSVG(dep, o))).toBe('INVALID_OPTION');
  });

  it('rejects something that is not a DependencyMatrix', () => {
    expect(code(() => dependencyHeatmapSVG({} as DependencyMatrix))).toBe('INVALID_ARGUMENT');
  });
});
