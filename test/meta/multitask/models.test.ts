import { describe, expect, it } from 'vitest';
import { SharedDictionaryModel, SharedLatentModel, principalAngles } from '../../../src/index.js';
import type { MultiTaskData, MultiTaskProgress } from '../../../src/index.js';
import { createRng } from '../../../src/internal/rng.js';
import { errorCode as code } from '../../helpers/errors.js';

/** T regression tasks whose weights lie in a planted r-dimensional subspace U (d×r). */
function planted(T: number, n: number, d: number, r: number, noise: number, seed: number): { tasks: MultiTaskData[]; U: Float64Array; W: Float64Array[] } {
  const rng = createRng(seed);
  const U = Float64Array.from({ length: d * r }, () => rng.normal());
  const W: Float64Array[] = [];
  const tasks: MultiTaskData[] = [];
  for (let t = 0; t < T; t++) {
    const s = Float64Array.from({ length: r }, () => rng.normal());
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) for (let c = 0; c < r; c++) w[j] += U[j * r + c] * s[c];
    W.push(w);
    const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
    const b = rng.normal();
    const y = x.map((row) => row.reduce((acc, v, j) => acc + v * w[j], b) + noise * rng.normal());
    tasks.push({ name: `t${t}`, x, y });
  }
  return { tasks, U, W };
}

describe('SharedLatentModel (closed form)', () => {
  it('recovers a noise-free planted subspace and predicts exactly; the objective never increases', () => {
    const { tasks, U } = planted(8, 30, 6, 2, 0, 1);
    const m = new SharedLatentModel({ rank: 2, lambda: 0, lambdaShared: 0, standardize: false, tol: 0 , iterations: 200 });
    const seen: MultiTaskProgress[] = [];
    const res = m.fit(tasks, { onProgress: (p) => seen.push(p) });
    expect(res.solver).toBe('als');
    expect(seen.length).toBe(res.iterations);
    for (let i = 1; i < seen.length; i++) expect(seen[i].objective).toBeLessThanOrEqual(seen[i - 1].objective * (1 + 1e-9) + 1e-12);
    const angles = principalAngles(m.projection(), 2, U, 2);
    expect(Math.max(...angles)).toBeLessThan(1e-6);
    const p = m.predict('t3', tasks[3].x);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(tasks[3].y[i] as number, 6);
  });

  it('round-trips through JSON with identical predictions, and rejects a wrong kind or version', () => {
    const { tasks } = planted(4, 20, 5, 2, 0.1, 2);
    const m = new SharedLatentModel({ rank: 2, lambda: 0.1 });
    m.fit(tasks);
    const json = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    const back = SharedLatentModel.fromJSON(json);
    expect(Array.from(back.predict('t1', tasks[1].x))).toEqual(Array.from(m.predict('t1', tasks[1].x)));
    expect(back.tasks).toEqual(m.tasks);
    expect(code(() => SharedLatentModel.fromJSON({ ...json, kind: 'infometa.SharedDictionaryModel' }))).toBe('INVALID_JSON');
    expect(code(() => SharedLatentModel.fromJSON({ ...json, version: 2 }))).toBe('INVALID_JSON');
    expect(code(() => SharedLatentModel.fromJSON({ ...json, shared: [1, 2] }))).toBe('INVALID_JSON');
    expect(code(() => SharedDictionaryModel.fromJSON(json))).toBe('INVALID_JSON');
  });

  it('fineTune with a frozen shared part learns a new task in the subspace from a few samples', () => {
    const { tasks, U } = planted(10, 40, 8, 2, 0, 3);
    const m = new SharedLatentModel({ rank: 2, lambda: 0, lambdaShared: 0, standardize: false });
    m.fit(tasks);
    const before = m.projection();
    // A new task inside span(U), 3 samples only (fewer than the 8 features).
    const rng = createRng(9);
    const w = new Float64Array(8);
    for (let j = 0; j < 8; j++) w[j] = U[j * 2] - 0.5 * U[j * 2 + 1];
    const x = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => rng.normal()));
    const y = x.map((r) => r.reduce((a, v, j) => a + v * w[j], 2));
    const res = m.fineTune('new', { x, y });
    expect(res.solver).toBe('als');
    expect(Array.from(m.projection())).toEqual(Array.from(before));
    const xt = [[1, 2, 3, 4, 5, 6, 7, 8]];
    expect(m.predict('new', xt)[0]).toBeCloseTo(xt[0].reduce((a, v, j) => a + v * w[j], 2), 6);
    expect(m.tasks).toContain('new');
    // Unfrozen: the projection moves, the fit stays finite.
    const r2 = m.fineTune('new2', { x, y }, { freezeShared: false });
    expect(Number.isFinite(r2.objective)).toBe(true);
    expect(code(() => m.fineTune('bad', { x: [[1, 2]], y: [1] }))).toBe('SHAPE_MISMATCH');
    expect(code(() => m.fineTune('bad', { x: [[1, 2]], y: [1] }, { freezeShared: true }))).toBe('SHAPE_MISMATCH');
  });

  it('does not mutate its inputs', () => {
    const { tasks } = planted(3, 10, 4, 1, 0.1, 4);
    const copy = JSON.stringify(tasks);
    const m = new SharedLatentModel({ rank: 1 });
    m.fit(tasks);
    m.predict(0, tasks[0].x);
    expect(JSON.stringify(tasks)).toBe(copy);
  });

  it('throws InfometaError for bad input', () => {
    const x = [[1, 2], [3, 4], [5, 7]];
    const m = new SharedLatentModel({ rank: 1 });
    expect(code(() => m.fit([{ x, y: [1, 2, 3] }, { x: [[1, 2, 3]], y: [1] }]))).toBe('SHAPE_MISMATCH');
    expect(code(() => m.fit([{ x: [], y: [] }]))).toBe('EMPTY_INPUT');
    expect(code(() => m.fit([]))).toBe('EMPTY_INPUT');
    expect(code(() => m.fit([{ x, y: [0, 1, 2], type: 'binary' }]))).toBe('INVALID_LABELS');
    expect(code(() => m.fit([{ x, y: [0, 1, 2], type: 'multiclass', classes: 2 }]))).toBe('INVALID_LABELS');
    expect(code(() => m.fit([{ x: [[1, NaN], [3, 4], [5, 7]], y: [1, 2, 3] }]))).toBe('NON_FINITE');
    expect(code(() => m.fit([{ x, y: [1, 2] }]))).toBe('SHAPE_MISMATCH');
    expect(code(() => new SharedLatentModel({ rank: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => new SharedLatentModel({ rank: 3 }).fit([{ x, y: [1, 2, 3] }]))).toBe('INVALID_OPTION');
    expect(code(() => new SharedLatentModel({ rank: 1, lambda: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => new SharedDictionaryModel({ k: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => new SharedDictionaryModel({ k: 3 }).fit([{ x, y: [1, 2, 3] }]))).toBe('INVALID_OPTION');
    expect(code(() => new SharedDictionaryModel({ k: 1, lambdaShared: -0.5 }))).toBe('INVALID_OPTION');
    expect(code(() => new SharedLatentModel({ rank: 1, solver: 'als' }).fit([{ x, y: [0, 1, 1], type: 'binary' }]))).toBe('INVALID_OPTION');
    expect(code(() => m.predict(0, x))).toBe('INVALID_ARGUMENT');
    m.fit([{ name: 'a', x, y: [1, 2, 3] }]);
    expect(code(() => m.predict('b', x))).toBe('INVALID_ARGUMENT');
    expect(code(() => m.predict('a', [[1, 2, 3]]))).toBe('SHAPE_MISMATCH');
    expect(code(() => m.predictProba('a', x))).toBe('INVALID_ARGUMENT');
  });
});

describe('SharedDictionaryModel', () => {
  it('gives the same fit with coordinate descent and FISTA, and sparse codes', () => {
    const { tasks } = planted(6, 40, 6, 3, 0.05, 5);
    const fits = (['cd', 'fista'] as const).map((codeSolver) => {
      const m = new SharedDictionaryModel({ k: 3, lambda: 0.05, lambdaShared: 0.05, codeSolver, tol: 1e-12, iterations: 300 });
      m.fit(tasks);
      return m;
    });
    const a = fits[0].predict('t2', tasks[2].x), b = fits[1].predict('t2', tasks[2].x);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(a[i])));
    // A large ℓ1 weight zeroes codes.
    const sparse = new SharedDictionaryModel({ k: 3, lambda: 5, lambdaShared: 0.05 });
    sparse.fit(tasks);
    const zeros = tasks.reduce((z, _, t) => z + Array.from(sparse.code(t)).filter((v) => v === 0).length, 0);
    expect(zeros).toBeGreaterThan(0);
  });

  it('round-trips through JSON and fine-tunes a new task on a frozen dictionary', () => {
    const { tasks } = planted(5, 30, 5, 2, 0.05, 6);
    const m = new SharedDictionaryModel({ k: 2, lambda: 0.01 });
    m.fit(tasks);
    const back = SharedDictionaryModel.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(back.predict(0, tasks[0].x))).toEqual(Array.from(m.predict(0, tasks[0].x)));
    const L = m.dictionary();
    m.fineTune('extra', tasks[4]);
    expect(Array.from(m.dictionary())).toEqual(Array.from(L));
    expect(m.code('extra').length).toBe(2);
  });
});

describe('Adam path: binary and multiclass heads, MLP trunk', () => {
  const rng = createRng(11);
  const x = Array.from({ length: 160 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const tasks: MultiTaskData[] = [
    { name: 'pos', x, y: x.map((r) => (r[0] + r[1] > 0 ? 1 : 0)), type: 'binary' },
    { name: 'cls', x, y: x.map((r) => (r[0] + r[1] > 0.5 ? 2 : r[0] + r[1] > -0.5 ? 1 : 0)), type: 'multiclass' },
    { name: 'reg', x, y: x.map((r) => r[0] + r[1] + 0.1 * r[2]) },
  ];
  it('learns three task types on a shared MLP trunk, deterministically by seed', () => {
    const make = () => new SharedLatentModel({ rank: 2, trunk: { hidden: [8], activation: 'tanh' }, epochs: 150, lr: 0.03, lambda: 1e-4 });
    const m = make();
    const res = m.fit(tasks, { seed: 3 });
    expect(res.solver).toBe('adam');
    const p = m.predict('pos', x);
    const acc = p.reduce((a, v, i) => a + ((v > 0.5 ? 1 : 0) === tasks[0].y[i] ? 1 : 0), 0) / x.length;
    expect(acc).toBeGreaterThan(0.9);
    const c = m.predict('cls', x);
    const accC = c.reduce((a, v, i) => a + (v === tasks[1].y[i] ? 1 : 0), 0) / x.length;
    expect(accC).toBeGreaterThan(0.8);
    const proba = m.predictProba('cls', x.slice(0, 2));
    expect(proba.length).toBe(6);
    expect(proba[0] + proba[1] + proba[2]).toBeCloseTo(1, 12);
    const m2 = make();
    m2.fit(tasks, { seed: 3 });
    expect(Array.from(m2.predict('reg', x.slice(0, 5)))).toEqual(Array.from(m.predict('reg', x.slice(0, 5))));
    const back = SharedLatentModel.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(back.predictProba('cls', x.slice(0, 5)))).toEqual(Array.from(m.predictProba('cls', x.slice(0, 5))));
    // Fine-tune a new binary head on the frozen trunk.
    const before = JSON.stringify(m.toJSON());
    m.fineTune('neg', { x: x.slice(0, 40), y: x.slice(0, 40).map((r) => (r[0] + r[1] < 0 ? 1 : 0)), type: 'binary' }, { seed: 1 });
    const after = m.toJSON() as { shared: number[] };
    expect(after.shared).toEqual((JSON.parse(before) as { shared: number[] }).shared);
    const pn = m.predict('neg', x);
    expect(pn.reduce((a, v, i) => a + ((v > 0.5 ? 1 : 0) === 1 - (tasks[0].y[i] as number) ? 1 : 0), 0) / x.length).toBeGreaterThan(0.85);
  });

  it('stops on an aborted signal and reports progress', () => {
    const ctrl = new AbortController();
    let calls = 0;
    const m = new SharedLatentModel({ rank: 2, solver: 'adam', epochs: 50 });
    expect(
      code(() =>
        m.fit(tasks, {
          signal: ctrl.signal,
          onProgress: (p) => {
            calls++;
            if (p.iteration === 3) ctrl.abort();
          },
        }),
      ),
    ).toBe('ABORTED');
    expect(calls).toBe(3);
  });

  it('mini-batches and task weights', () => {
    const m = new SharedLatentModel({ rank: 2, epochs: 30, batchSize: 32, lr: 0.05 });
    const res = m.fit([{ ...tasks[0], weight: 0 }, tasks[2]], { seed: 1 });
    expect(Number.isFinite(res.objective)).toBe(true);
  });
});

describe('penalties, per-task options and weights', () => {
  it('l1 heads in the closed form zero out latent coordinates; a per-task λ overrides the model λ', () => {
    const { tasks } = planted(6, 40, 6, 3, 0.1, 8);
    const m = new SharedLatentModel({ rank: 3, penalty: 'l1', lambda: 0.5, lambdaShared: 0.01 });
    m.fit(tasks);
    const json = m.toJSON() as { heads: { params: number[] }[] };
    const zeros = json.heads.reduce((z, h) => z + h.params.slice(0, 3).filter((v) => v === 0).length, 0);
    expect(zeros).toBeGreaterThan(0);
    const m2 = new SharedLatentModel({ rank: 3, lambda: 1e-4 });
    m2.fit(tasks.map((t, i) => (i === 0 ? { ...t, lambda: 1e6 } : t)));
    const heads = (m2.toJSON() as { heads: { params: number[] }[] }).heads;
    expect(Math.max(...heads[0].params.slice(0, 3).map(Math.abs))).toBeLessThan(1e-3);
    expect(Math.max(...heads[1].params.slice(0, 3).map(Math.abs))).toBeGreaterThan(1e-2);
  });

  it('a task of weight 0 does not influence the shared projection', () => {
    const { tasks } = planted(4, 30, 5, 2, 0.1, 9);
    const noise = { ...tasks[3], y: Array.from(tasks[3].y, (_, i) => Math.sin(7 * i)) };
    // (Standardization pools every task's features, weighted or not, so it is switched off here.)
    const a = new SharedLatentModel({ rank: 2, lambda: 0.01, standardize: false });
    a.fit([...tasks.slice(0, 3), { ...noise, weight: 0 }]);
    const b = new SharedLatentModel({ rank: 2, lambda: 0.01, standardize: false });
    b.fit(tasks.slice(0, 3));
    const pa = a.predict('t0', tasks[0].x), pb = b.predict('t0', tasks[0].x);
    for (let i = 0; i < pa.length; i++) expect(pa[i]).toBeCloseTo(pb[i], 8);
  });

  it('l1 heads and an l1 trunk penalty with Adam train and stay finite', () => {
    const { tasks } = planted(3, 30, 4, 2, 0.1, 10);
    const m = new SharedLatentModel({ rank: 2, solver: 'adam', penalty: 'l1', sharedPenalty: 'l1', lambda: 0.01, epochs: 50 });
    const r = m.fit(tasks);
    expect(Number.isFinite(r.objective)).toBe(true);
  });
});

describe('accessors', () => {
  it('report sizes, task names and probabilities of the dictionary model', () => {
    const x = [[1, 0], [0, 1], [1, 1], [2, 1], [-1, 0], [0, -2]];
    const m = new SharedDictionaryModel({ k: 1, epochs: 20 });
    expect(m.k).toBe(1);
    expect(m.inputSize).toBe(-1);
    m.fit([{ name: 'p', x, y: [1, 0, 1, 1, 0, 0], type: 'binary' }, { name: 'r', x, y: [1, 2, 3, 4, 5, 6] }]);
    expect(m.tasks).toEqual(['p', 'r']);
    expect(m.inputSize).toBe(2);
    const p = m.predictProba('p', x);
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
    expect(code(() => m.predictProba('r', x))).toBe('INVALID_ARGUMENT');
    expect(code(() => new SharedDictionaryModel({ k: 1 }).dictionary())).toBe('INVALID_ARGUMENT');
    const l = new SharedLatentModel({ rank: 2, trunk: { hidden: [3] }, epochs: 5 });
    expect(l.rank).toBe(2);
    l.fit([{ x, y: [1, 2, 3, 4, 5, 6] }]);
    expect(code(() => l.projection())).toBe('INVALID_ARGUMENT');
  });
});
