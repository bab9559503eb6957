import { describe, expect, it } from 'vitest';
import { createRng, DependencyMatrix, groupTasks, selectRelatedTasks, taskDependencyMatrix } from '../../src/index.js';
import type { SelectionStrategy } from '../../src/index.js';
import { bitsToLabels, code, message, mimlFixture } from './helpers.js';

/**
 * Target t copies A with probability 0.6 and B otherwise (A, B independent fair bits): I(t; A) ≈ 0.28 bit,
 * I(t; B) ≈ 0.12 bit. A2 is A with 3% of its bits flipped: nearly as relevant as A, and almost entirely redundant
 * with it. `noise` is independent of everything.
 */
function constructed(n: number, seed: number): { tasks: number[][]; names: string[] } {
  const rng = createRng(seed);
  const A = Array.from({ length: n }, () => rng.int(2));
  const B = Array.from({ length: n }, () => rng.int(2));
  const N = Array.from({ length: n }, () => rng.int(2));
  const t = A.map((a, i) => (rng.next() < 0.6 ? a : B[i]));
  const A2 = A.map((a) => (rng.next() < 0.03 ? 1 - a : a));
  return { tasks: [t, A, A2, B, N], names: ['t', 'A', 'A2', 'B', 'noise'] };
}

describe('selectRelatedTasks', () => {
  const { tasks, names } = constructed(4000, 1);
  const dep = taskDependencyMatrix(tasks, { names, permutations: 199, seed: 2 });

  it('top-k ranks by dependency on the target and picks the redundant copy second', () => {
    const top = selectRelatedTasks(dep, 't', { k: 3 });
    expect(top.map((r) => r.name)).toEqual(['A', 'A2', 'B']);
    expect(top[0].score).toBe(dep.get('t', 'A'));
    expect(top[0].pValue).toBe(dep.pValue('t', 'A'));
    expect(top[0].criterion).toBe(top[0].score);
    for (let q = 1; q < top.length; q++) expect(top[q].score).toBeLessThanOrEqual(top[q - 1].score);
  });

  it('mrmr does not pick the redundant copy of the best task second', () => {
    const sel = selectRelatedTasks(dep, 't', { k: 3, strategy: 'mrmr' });
    expect(sel[0].name).toBe('A');
    expect(sel[1].name).toBe('B');
    expect(sel[1].criterion).toBeCloseTo(dep.get('t', 'B') - dep.get('B', 'A'), 12);
    // A2's relevance minus its redundancy with A is negative: it comes last, even after pure noise.
    expect(selectRelatedTasks(dep, 't', { strategy: 'mrmr' }).map((r) => r.name)).toEqual(['A', 'B', 'noise', 'A2']);
  });

  it('mrmr works on nmi, conditional-entropy and vi matrices too', () => {
    for (const measure of ['nmi', 'ami', 'conditional-entropy', 'vi'] as const) {
      const d = taskDependencyMatrix(tasks, { names, measure });
      expect(selectRelatedTasks(d, 0, { k: 2, strategy: 'mrmr' }).map((r) => r.name)).toEqual(['A', 'B']);
    }
  });

  it('conditional entropy ranks by lowest H(target | task) and scores −H', () => {
    const ce = taskDependencyMatrix(tasks, { names, measure: 'conditional-entropy' });
    const sel = selectRelatedTasks(ce, 't');
    expect(sel.length).toBe(4);
    expect(sel[0].name).toBe('A');
    expect(sel[0].score).toBe(-ce.get('t', 'A'));
    expect(sel[sel.length - 1].name).toBe('noise');
  });

  it('filters by score and p-value', () => {
    const strong = selectRelatedTasks(dep, 't', { minScore: dep.get('t', 'B') });
    expect(strong.map((r) => r.name)).toEqual(['A', 'A2', 'B']);
    const sig = selectRelatedTasks(dep, 't', { maxPValue: 0.01 });
    expect(sig.map((r) => r.name)).not.toContain('noise');
    expect(sig.every((r) => (r.pValue ?? 1) <= 0.01)).toBe(true);
    expect(selectRelatedTasks(dep, 't', { minScore: 100 })).toEqual([]);
  });

  it('selects on real data: emotions', () => {
    const fx = mimlFixture();
    const d = taskDependencyMatrix(fx.emotions.labels.map(bitsToLabels), { names: fx.emotions.names });
    const top = selectRelatedTasks(d, 'relaxing-calm', { k: 1 });
    expect(top[0].name).toBe('angry-aggresive');
  });

  it.each([
    ['k < 1', () => selectRelatedTasks(dep, 't', { k: 0 }), 'INVALID_OPTION', 'k must be an integer in [1, 4]'],
    ['k > T − 1', () => selectRelatedTasks(dep, 't', { k: 5 }), 'INVALID_OPTION', 'k'],
    ['target out of range', () => selectRelatedTasks(dep, 5), 'INVALID_ARGUMENT', 'target must be a task name or an integer index in [0, 4] (got 5)'],
    ['a negative target', () => selectRelatedTasks(dep, -1), 'INVALID_ARGUMENT', 'target'],
    ['an unknown name', () => selectRelatedTasks(dep, 'T'), 'INVALID_ARGUMENT', 'target "T" is not a task name'],
    ['an unknown strategy', () => selectRelatedTasks(dep, 't', { strategy: 'greedy' as SelectionStrategy }), 'INVALID_OPTION', "unknown strategy \"greedy\""],
    ['maxPValue without p-values', () => selectRelatedTasks(new DependencyMatrix(['a', 'b'], [1, 0, 0, 1]), 0, { maxPValue: 0.05 }), 'INVALID_OPTION', 'p-values'],
    ['maxPValue of 0', () => selectRelatedTasks(dep, 0, { maxPValue: 0 }), 'INVALID_OPTION', 'maxPValue'],
    ['a NaN minScore', () => selectRelatedTasks(dep, 0, { minScore: NaN }), 'INVALID_OPTION', 'minScore'],
    ['not a DependencyMatrix', () => selectRelatedTasks({} as DependencyMatrix, 0), 'INVALID_ARGUMENT', 'dep'],
  ])('%s', (_, f, c, text) => {
    expect(code(f)).toBe(c);
    expect(message(f)).toContain(text);
    expect(message(f).startsWith('selectRelatedTasks: ')).toBe(true);
  });
});

describe('groupTasks', () => {
  // Two blocks of tasks: {0, 1, 2} and {3, 4}, plus task 5 unrelated to both.
  const s = [
    [1.0, 0.8, 0.6, 0.1, 0.0, 0.0],
    [0.8, 1.0, 0.7, 0.0, 0.1, 0.0],
    [0.6, 0.7, 1.0, 0.1, 0.0, 0.1],
    [0.1, 0.0, 0.1, 1.0, 0.9, 0.0],
    [0.0, 0.1, 0.0, 0.9, 1.0, 0.1],
    [0.0, 0.0, 0.1, 0.0, 0.1, 1.0],
  ];
  const dep = new DependencyMatrix(['a', 'b', 'c', 'd', 'e', 'f'], s.flat(), { measure: 'nmi' });

  it('merges by average linkage down to the requested number of groups', () => {
    const g = groupTasks(dep, { groups: 3 });
    expect(g.groups).toEqual([[0, 1, 2], [3, 4], [5]]);
    expect(g.names).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
    expect(g.assignment).toEqual([0, 0, 0, 1, 1, 2]);
    // d–e (0.9) first, then a–b (0.8), then c joins {a, b} at the average (0.6 + 0.7) / 2.
    expect(g.merges.map((m) => m.similarity)).toEqual([0.9, 0.8, (0.6 + 0.7) / 2]);
    expect(g.merges[2]).toEqual({ a: [0, 1], b: [2], similarity: (0.6 + 0.7) / 2 });
    expect(groupTasks(dep, { groups: 1 }).groups).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(groupTasks(dep, { groups: 6 }).merges).toEqual([]);
  });

  it('stops at a similarity threshold', () => {
    expect(groupTasks(dep, { threshold: 0.75 }).groups).toEqual([[0, 1], [2], [3, 4], [5]]);
    expect(groupTasks(dep, { threshold: 0.5 }).groups).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  it('average linkage equals the mean pairwise similarity of the merged groups', () => {
    const g = groupTasks(dep, { groups: 2 });
    const last = g.merges[g.merges.length - 1];
    let sum = 0;
    for (const i of last.a) for (const j of last.b) sum += s[i][j];
    expect(last.similarity).toBeCloseTo(sum / (last.a.length * last.b.length), 14);
  });

  it('symmetrizes an asymmetric conditional-entropy matrix', () => {
    const { tasks, names } = constructed(3000, 3);
    const ce = taskDependencyMatrix(tasks, { names, measure: 'conditional-entropy' });
    const g = groupTasks(ce, { groups: 4 });
    expect(g.names).toContainEqual(['A', 'A2']);
  });

  it.each([
    ['neither option', () => groupTasks(dep, {}), 'INVALID_OPTION', 'neither'],
    ['both options', () => groupTasks(dep, { groups: 2, threshold: 0.5 }), 'INVALID_OPTION', 'both'],
    ['groups > T', () => groupTasks(dep, { groups: 7 }), 'INVALID_OPTION', 'groups'],
    ['groups < 1', () => groupTasks(dep, { groups: 0 }), 'INVALID_OPTION', 'groups'],
    ['a NaN threshold', () => groupTasks(dep, { threshold: NaN }), 'INVALID_OPTION', 'threshold'],
    ['not a DependencyMatrix', () => groupTasks([] as unknown as DependencyMatrix, { groups: 1 }), 'INVALID_ARGUMENT', 'dep'],
  ])('%s', (_, f, c, text) => {
    expect(code(f)).toBe(c);
    expect(message(f)).toContain(text);
  });
});
