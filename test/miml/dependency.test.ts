import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/internal/chunks.js';
import {
  adjustedMutualInformationOf,
  conditionalEntropyOf,
  createRng,
  entropyOf,
  mutualInformationOf,
  normalizedMutualInformationOf,
  taskDependencyMatrix,
} from '../../src/index.js';
import type { DependencyMeasure, EntropyEstimator, Labels } from '../../src/index.js';
import { closeRel } from '../helpers/fixtures.js';
import { bitsToLabels, code, message, mimlFixture } from './helpers.js';
import type { PairwiseFx } from './helpers.js';

const fx = mimlFixture();
const TOL = 1e-9;

function expectMatrix(got: Float64Array, want: number[][], what: string): void {
  const T = want.length;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const g = got[i * T + j];
      if (!closeRel(g, want[i][j], TOL)) expect.fail(`${what}[${i}][${j}]: got ${g}, scikit-learn/scipy ${want[i][j]}`);
    }
  }
}

function checkAgainstFixture(tasks: readonly Labels[], ref: PairwiseFx, name: string): void {
  const T = tasks.length;
  const mi = taskDependencyMatrix(tasks);
  const miDiag = ref.mi.map((row, i) => row.map((v, j) => (i === j ? ref.entropy[i] : v)));
  expectMatrix(mi.values, miDiag, `${name} mi`);
  expectMatrix(taskDependencyMatrix(tasks, { measure: 'nmi' }).values, ref.nmi, `${name} nmi`);
  expectMatrix(taskDependencyMatrix(tasks, { measure: 'nmi', average: 'geometric' }).values, ref.nmi_geometric, `${name} nmi geometric`);
  expectMatrix(taskDependencyMatrix(tasks, { measure: 'ami' }).values, ref.ami, `${name} ami`);
  expectMatrix(taskDependencyMatrix(tasks, { measure: 'ami', average: 'max' }).values, ref.ami_max, `${name} ami max`);
  expectMatrix(taskDependencyMatrix(tasks, { measure: 'conditional-entropy' }).values, ref.ce, `${name} H(i|j)`);
  // The diagonal of mi is H(task), and in bits it is scaled by ln 2.
  const bits = taskDependencyMatrix(tasks, { base: 2 });
  for (let i = 0; i < T; i++) expect(closeRel(bits.get(i, i), ref.entropy[i] / Math.LN2, TOL)).toBe(true);
}

describe('taskDependencyMatrix vs scikit-learn on real multi-label data', () => {
  it('emotions (6 binary labels, bit-packed path)', () => {
    const tasks = fx.emotions.labels.map(bitsToLabels);
    checkAgainstFixture(tasks, fx.emotions, 'emotions');
    const dep = taskDependencyMatrix(tasks, { names: fx.emotions.names });
    expect(dep.names).toEqual(fx.emotions.names);
    expect(dep.size).toBe(6);
  });

  it('yeast (14 binary labels, bit-packed path)', () => {
    checkAgainstFixture(fx.yeast.labels.map(bitsToLabels), fx.yeast, 'yeast');
  });

  it('multi-class string labels with a constant task (counted path)', () => {
    checkAgainstFixture(fx.multi.labels, fx.multi, 'multi');
  });

  it('mixed binary and multi-class tasks (pairs across both paths)', () => {
    const tasks: Labels[] = [fx.multi.labels[0], bitsToLabels(fx.emotions.labels[0]).subarray(0, 400), fx.multi.labels[3], fx.multi.labels[4]];
    const dep = taskDependencyMatrix(tasks, { measure: 'conditional-entropy' });
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(closeRel(dep.get(i, j), conditionalEntropyOf(tasks[i], tasks[j]), 1e-12)).toBe(true);
  });
});

describe('high-cardinality tasks (pair tables beyond the dense scratch go through the core sparse path)', () => {
  const rng = createRng(21);
  const n = 1500;
  const ids = Array.from({ length: n }, (_, i) => `id${i}`);
  const coarse = Array.from({ length: n }, () => rng.int(1100));
  const bin = Array.from({ length: n }, () => rng.int(2));
  const tasks: Labels[] = [ids, coarse, bin];

  it.each(['mi', 'nmi', 'ami', 'conditional-entropy', 'vi'] as const)('%s equals the core', (measure) => {
    const dep = taskDependencyMatrix(tasks, { measure });
    const f = {
      mi: (x: Labels, y: Labels) => mutualInformationOf(x, y),
      nmi: (x: Labels, y: Labels) => normalizedMutualInformationOf(x, y),
      ami: (x: Labels, y: Labels) => adjustedMutualInformationOf(x, y),
      'conditional-entropy': (x: Labels, y: Labels) => conditionalEntropyOf(x, y),
      vi: (x: Labels, y: Labels) => conditionalEntropyOf(x, y) + conditionalEntropyOf(y, x),
    }[measure];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const want = measure === 'mi' && i === j ? entropyOf(tasks[i]) : f(tasks[i], tasks[j]);
        expect(closeRel(dep.get(i, j), want, 1e-12), `${measure} [${i}][${j}]`).toBe(true);
      }
    }
  });

  it('p-values equal the brute-force loop', () => {
    const dep = taskDependencyMatrix(tasks, { permutations: 8, seed: 2 });
    expect(Array.from(dep.pValues ?? [])).toEqual(bruteForce(tasks, 8, 2, (x, y) => mutualInformationOf(x, y), true));
  });
});

describe('taskDependencyMatrix equals the core pairwise functions', () => {
  const core: Record<DependencyMeasure, (x: Labels, y: Labels, e: EntropyEstimator) => number> = {
    mi: (x, y, e) => mutualInformationOf(x, y, { estimator: e }),
    nmi: (x, y, e) => normalizedMutualInformationOf(x, y, { estimator: e }),
    ami: (x, y) => adjustedMutualInformationOf(x, y),
    'conditional-entropy': (x, y, e) => conditionalEntropyOf(x, y, { estimator: e }),
    // Variation of information: a measure added as a record only (issue 15); the core's two conditional entropies.
    vi: (x, y, e) => conditionalEntropyOf(x, y, { estimator: e }) + conditionalEntropyOf(y, x, { estimator: e }),
  };
  const ests: EntropyEstimator[] = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'];
  const tasks = [...fx.multi.labels, ...fx.emotions.labels.slice(0, 3).map((s) => Array.from(bitsToLabels(s).subarray(0, 400)))];

  it.each(ests)('estimator %s, every measure', (est) => {
    for (const measure of ['mi', 'nmi', 'ami', 'conditional-entropy', 'vi'] as const) {
      if (measure === 'ami' && est !== 'plugin') continue;
      const dep = taskDependencyMatrix(tasks, { measure, estimator: est });
      const T = tasks.length;
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < T; j++) {
          const want = measure === 'mi' && i === j ? entropyOf(tasks[i], { estimator: est }) : core[measure](tasks[i], tasks[j], est);
          expect(closeRel(dep.get(i, j), want, 1e-12), `${measure} ${est} [${i}][${j}]`).toBe(true);
        }
      }
    }
  });

  fcTest.prop([fc.integer({ min: 1, max: 700 }), fc.integer({ min: 2, max: 5 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 }), fc.integer()], { numRuns: 40 })(
    'random tasks of any length (word boundaries, the 8-word unroll) give the core value, symmetric, ≥ 0',
    (n, T, ks, seed) => {
      const rng = createRng(seed);
      const tasks: number[][] = [];
      for (let t = 0; t < T; t++) {
        const base = t > 0 && rng.next() < 0.5 ? tasks[0] : null;
        tasks.push(Array.from({ length: n }, (_, i) => (base && rng.next() < 0.7 ? base[i] % ks[t] : rng.int(ks[t]))));
      }
      const dep = taskDependencyMatrix(tasks);
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < T; j++) {
          const v = dep.get(i, j);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBe(dep.get(j, i));
          const want = i === j ? entropyOf(tasks[i]) : mutualInformationOf(tasks[i], tasks[j]);
          expect(closeRel(v, want, 1e-12)).toBe(true);
        }
      }
    },
  );
});

describe('identities', () => {
  fcTest.prop([fc.integer({ min: 1, max: 300 }), fc.integer()], { numRuns: 30 })('nmi and ami are symmetric; H(i|j) − H(j|i) = H(i) − H(j); I = H(i) − H(i|j)', (n, seed) => {
    const rng = createRng(seed);
    const tasks = [2, 3, 2, 5].map((k) => Array.from({ length: n }, () => rng.int(k)));
    const T = tasks.length;
    const mi = taskDependencyMatrix(tasks);
    const nmi = taskDependencyMatrix(tasks, { measure: 'nmi' });
    const ami = taskDependencyMatrix(tasks, { measure: 'ami' });
    const ce = taskDependencyMatrix(tasks, { measure: 'conditional-entropy' });
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        expect(nmi.get(i, j)).toBe(nmi.get(j, i));
        expect(ami.get(i, j)).toBe(ami.get(j, i));
        expect(nmi.get(i, j)).toBeGreaterThanOrEqual(0);
        expect(nmi.get(i, j)).toBeLessThanOrEqual(1);
        expect(Math.abs(ce.get(i, j) - ce.get(j, i) - (mi.get(i, i) - mi.get(j, j)))).toBeLessThan(1e-12);
        if (i !== j) expect(Math.abs(mi.get(i, j) - (mi.get(i, i) - ce.get(i, j)))).toBeLessThan(1e-12);
      }
    }
  });

  it('p-values under a bias-corrected estimator equal the brute-force loop too', () => {
    const tasks = fx.multi.labels.slice(0, 3).map((l) => l.slice(0, 40));
    const dep = taskDependencyMatrix(tasks, { estimator: 'miller-madow', permutations: 30, seed: 8 });
    expect(Array.from(dep.pValues ?? [])).toEqual(bruteForce(tasks, 30, 8, (x, y) => mutualInformationOf(x, y, { estimator: 'miller-madow' }), true));
  });
});

describe('layouts', () => {
  const tasks = fx.emotions.labels.map((s) => Array.from(bitsToLabels(s)));
  const n = tasks[0].length;
  const T = tasks.length;
  const ref = taskDependencyMatrix(tasks);

  it('an n × T { data, rows, cols } label matrix equals one array per task', () => {
    const data = new Float64Array(n * T);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) data[i * T + t] = tasks[t][i];
    expect(Array.from(taskDependencyMatrix({ data, rows: n, cols: T }).values)).toEqual(Array.from(ref.values));
  });

  it('an ml-matrix-like object (rows, columns, get) equals one array per task', () => {
    const m = { rows: n, columns: T, get: (i: number, t: number) => tasks[t][i] };
    expect(Array.from(taskDependencyMatrix(m).values)).toEqual(Array.from(ref.values));
  });

  it('does not modify its inputs', () => {
    const a = Int32Array.from(tasks[0]);
    const b = tasks[1].slice();
    const names = ['a', 'b'];
    taskDependencyMatrix([a, b], { names, permutations: 5 });
    expect(Array.from(a)).toEqual(tasks[0]);
    expect(b).toEqual(tasks[1]);
    expect(names).toEqual(['a', 'b']);
  });
});

/** Brute-force permutation p-values with the documented definition, through the core's pairwise functions. */
function bruteForce(tasks: Labels[], m: number, seed: number, stat: (x: Labels, y: Labels) => number, greater: boolean): number[] {
  const T = tasks.length;
  const n = tasks[0].length;
  const obs: number[] = [];
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) obs.push(stat(tasks[i], tasks[j]));
  const b = new Array<number>(T * T).fill(0);
  // The documented rounds: min(64, m) chunks of whole rounds (planChunks, at least one round each); chunk c shuffles
  // from the identity, on a stream seeded by its own draw.
  const rounds: Int32Array[] = [];
  for (const chunk of planChunks(m, createRng(seed), 64, 1)) {
    const rng = createRng(chunk.seed);
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < chunk.count; r++) rounds.push(rng.shuffle(perm).slice());
  }
  for (const perm of rounds) {
    for (let j = 0; j < T; j++) {
      const yj = tasks[j] as ArrayLike<number | string>;
      const permuted = Array.from(perm, (p) => yj[p]) as Labels;
      for (let i = 0; i <= j; i++) {
        for (const [row, col, x, y] of [
          [i, j, tasks[i], permuted],
          [j, i, permuted, tasks[i]],
        ] as const) {
          if (row === col && x !== tasks[i]) continue;
          const v = stat(x, y);
          const o = obs[row * T + col];
          const tol = 100 * Number.EPSILON * Math.abs(o);
          if (greater ? v >= o - tol : v <= o + tol) b[row * T + col]++;
        }
      }
    }
  }
  return b.map((c) => (c + 1) / (m + 1));
}

describe('permutation p-values', () => {
  const small = fx.emotions.labels.slice(0, 4).map((s) => Array.from(bitsToLabels(s).subarray(0, 60)));

  it('equal a brute-force loop over the core (binary tasks, mi), (b + 1) / (m + 1)', () => {
    const m = 60;
    const dep = taskDependencyMatrix(small, { permutations: m, seed: 3 });
    const want = bruteForce(small, m, 3, (x, y) => mutualInformationOf(x, y), true);
    expect(Array.from(dep.pValues ?? [])).toEqual(want);
    for (const p of want) expect(Math.abs(p * (m + 1) - Math.round(p * (m + 1)))).toBeLessThan(1e-9);
    expect(dep.permutations).toBe(m);
    expect(dep.seed).toBe(3);
  });

  it('equal a brute-force loop for multi-class tasks and nmi', () => {
    const tasks = fx.multi.labels.slice(0, 4).map((l) => l.slice(0, 50));
    const dep = taskDependencyMatrix(tasks, { measure: 'nmi', permutations: 40, seed: 11 });
    expect(Array.from(dep.pValues ?? [])).toEqual(bruteForce(tasks, 40, 11, (x, y) => normalizedMutualInformationOf(x, y), true));
  });

  it('equal a brute-force loop for conditional entropy, counting permuted values ≤ the observed one', () => {
    const dep = taskDependencyMatrix(small, { measure: 'conditional-entropy', permutations: 50, seed: 5 });
    expect(Array.from(dep.pValues ?? [])).toEqual(bruteForce(small, 50, 5, (x, y) => conditionalEntropyOf(x, y), false));
  });

  it('equal a brute-force loop for the variation of information (lower = more dependent, read from its record)', () => {
    const dep = taskDependencyMatrix(small, { measure: 'vi', permutations: 50, seed: 5 });
    const vi = (x: Labels, y: Labels): number => conditionalEntropyOf(x, y) + conditionalEntropyOf(y, x);
    expect(Array.from(dep.pValues ?? [])).toEqual(bruteForce(small, 50, 5, vi, false));
    expect(dep.symmetric).toBe(true);
    expect(dep.score(0, 1)).toBe(-dep.get(0, 1));
  });

  it('are reproducible with a seed and change with it', () => {
    const tasks = fx.emotions.labels.map(bitsToLabels);
    const a = taskDependencyMatrix(tasks, { permutations: 200, seed: 1 });
    const b = taskDependencyMatrix(tasks, { permutations: 200, seed: 1 });
    const c = taskDependencyMatrix(tasks, { permutations: 200, seed: 2 });
    expect(Array.from(a.pValues ?? [])).toEqual(Array.from(b.pValues ?? []));
    expect(Array.from(a.pValues ?? [])).not.toEqual(Array.from(c.pValues ?? []));
  });

  it('are small for dependent tasks and spread out for independent ones', () => {
    const rng = createRng(9);
    const a = Array.from({ length: 300 }, () => rng.int(2));
    const copy = a.map((v) => (rng.next() < 0.9 ? v : 1 - v));
    const indep = Array.from({ length: 300 }, () => rng.int(2));
    const dep = taskDependencyMatrix([a, copy, indep], { permutations: 199, seed: 4 });
    expect(dep.pValue(0, 1)).toBe(1 / 200);
    expect(dep.pValue(0, 2)).toBeGreaterThan(0.05);
  });

  it('report progress as plain data and stop on an AbortSignal', () => {
    const tasks = fx.emotions.labels.map(bitsToLabels);
    const seen: number[] = [];
    taskDependencyMatrix(tasks, { permutations: 250, onProgress: (p) => seen.push(p.completed) });
    expect(seen[seen.length - 1]).toBe(250);
    expect(seen.every((c, i) => i === 0 || c > seen[i - 1])).toBe(true);
    const ac = new AbortController();
    expect(
      code(() =>
        taskDependencyMatrix(tasks, {
          permutations: 1000,
          signal: ac.signal,
          onProgress: (p) => {
            if (p.completed >= 30) ac.abort();
          },
        }),
      ),
    ).toBe('ABORTED');
    const done = new AbortController();
    done.abort();
    expect(code(() => taskDependencyMatrix(tasks, { permutations: 10, signal: done.signal }))).toBe('ABORTED');
  });
});

describe('bad input', () => {
  const a = [0, 1, 0, 1];
  const b = [1, 1, 0, 0];
  it.each([
    ['tasks of unequal length', () => taskDependencyMatrix([a, [0, 1, 0]]), 'SHAPE_MISMATCH', 'tasks[0] and tasks[1]'],
    ['fewer than 2 tasks', () => taskDependencyMatrix([a]), 'INVALID_ARGUMENT', 'at least 2 tasks'],
    ['an empty task', () => taskDependencyMatrix([[], []]), 'EMPTY_INPUT', 'tasks[0] is empty'],
    ['a task that is not an array', () => taskDependencyMatrix([a, 3 as unknown as number[]]), 'INVALID_ARGUMENT', 'tasks[1]'],
    ['non-integer labels', () => taskDependencyMatrix([a, [0, 0.5, 1, 1]]), 'INVALID_LABELS', 'tasks[1][1]'],
    ['NaN labels', () => taskDependencyMatrix([a, [0, NaN, 1, 1]]), 'NON_FINITE', 'tasks[1][1]'],
    ['a label matrix of the wrong size', () => taskDependencyMatrix({ data: [0, 1, 0], rows: 2, cols: 2 }), 'SHAPE_MISMATCH', 'rows · cols'],
    ['not tasks at all', () => taskDependencyMatrix('ab' as unknown as number[][]), 'INVALID_ARGUMENT', 'tasks must be'],
    ['an unknown measure', () => taskDependencyMatrix([a, b], { measure: 'kl' as DependencyMeasure }), 'INVALID_OPTION', "unknown measure \"kl\""],
    ['an unknown estimator', () => taskDependencyMatrix([a, b], { estimator: 'nsb' as EntropyEstimator }), 'INVALID_OPTION', 'estimator'],
    ['an estimator with ami', () => taskDependencyMatrix([a, b], { measure: 'ami', estimator: 'shrinkage' }), 'INVALID_OPTION', "measure 'ami'"],
    ['an average with mi', () => taskDependencyMatrix([a, b], { average: 'max' }), 'INVALID_OPTION', 'average'],
    ['joint average with ami', () => taskDependencyMatrix([a, b], { measure: 'ami', average: 'joint' }), 'INVALID_OPTION', 'average'],
    ['a bad base', () => taskDependencyMatrix([a, b], { base: 1 }), 'INVALID_OPTION', 'base'],
    ['names that are not unique', () => taskDependencyMatrix([a, b], { names: ['x', 'x'] }), 'INVALID_OPTION', 'names must be unique: "x" is both names[0] and names[1]'],
    ['names of the wrong count', () => taskDependencyMatrix([a, b], { names: ['x'] }), 'SHAPE_MISMATCH', 'names'],
    ['a name that is not a string', () => taskDependencyMatrix([a, b], { names: ['x', 2 as unknown as string] }), 'INVALID_OPTION', 'names[1]'],
    ['zero permutations', () => taskDependencyMatrix([a, b], { permutations: 0 }), 'INVALID_OPTION', 'permutations'],
    ['a non-finite seed', () => taskDependencyMatrix([a, b], { permutations: 5, seed: NaN }), 'INVALID_OPTION', 'seed'],
    ['options that are not an object', () => taskDependencyMatrix([a, b], 3 as unknown as object), 'INVALID_ARGUMENT', 'options'],
  ])('%s', (_, f, c, text) => {
    expect(code(f)).toBe(c);
    const msg = message(f);
    expect(msg.startsWith('taskDependencyMatrix: ')).toBe(true);
    expect(msg).toContain(text);
  });
});
