import { describe, expect, it } from 'vitest';
import {
  InfometaError, MetaLearner, Mlp, adam, add, anil, createRng, grad, linear, maml, metaSgd, mlp, mseLoss, mul,
  optimizerFromJSON, reptile, sgd, sinusoidTasks, sum, tensor,
} from '../../src/index.js';
import type { Task } from '../../src/index.js';
import { setFused } from '../../src/meta/learners.js';
import { fdGradient, relErr } from '../autodiff/fd.js';
import { errorCode as code } from '../helpers/errors.js';


function tasks(n: number, seed: number, K = 5, Q = 6): Task[] {
  const s = sinusoidTasks();
  const rng = createRng(seed);
  return Array.from({ length: n }, () => s.sample(rng, K, Q));
}

/** The meta-objective (1/T) Σ ℓ_query(adapt(θ)), evaluated with plain numbers for finite differences. */
function metaObjective(learner: MetaLearner, params: Float64Array, ts: Task[]): number {
  let s = 0;
  for (const t of ts) {
    const fast = learner.adapt(params, t.support);
    const pred = learner.model.apply(fast, t.query.x as Float64Array);
    let e = 0;
    const y = t.query.y as Float64Array;
    for (let i = 0; i < y.length; i++) e += (pred[i] - y[i]) ** 2;
    s += e / y.length;
  }
  return s / ts.length;
}

describe('exact second-order meta-gradients', () => {
  for (const fused of [true, false]) {
    for (const [name, make, steps] of [
      ['maml', maml, 1],
      ['maml (3 inner steps)', maml, 3],
      ['metaSgd', metaSgd, 2],
      ['anil', anil, 2],
    ] as const) {
      it(`${name} matches central differences of the post-adaptation loss (${fused ? 'fused' : 'tape'})`, () => {
        const prev = setFused(fused);
        try {
          const model = mlp({ sizes: [1, 6, 6, 1], activation: 'tanh' });
          const learner = make({ model, innerLr: 0.05, innerSteps: steps, seed: 3 });
          if (learner.kind === 'metaSgd') {
            const r = createRng(9);
            for (let i = model.numParams; i < learner.params.length; i++) learner.params[i] = r.uniform(0.01, 0.08);
          }
          const ts = tasks(3, 5);
          const { grad: g, loss } = learner.metaGradient(ts);
          expect(Math.abs(loss - metaObjective(learner, learner.params, ts))).toBeLessThan(1e-12);
          const fd = fdGradient((q) => metaObjective(learner, q, ts), learner.params);
          expect(relErr(g, fd)).toBeLessThanOrEqual(1e-6);
        } finally {
          setFused(prev);
        }
      });
    }
  }

  it('first-order MAML equals second-order MAML with the Hessian term removed', () => {
    // One inner step, per task: SO = (I − αH_s(θ))·g_q and FO = g_q, with g_q = ∇ℓ_q(θ'). So SO = FO − α·H_s(θ)·FO
    // task by task; H_s·v is computed independently here with the composite ops (double backward).
    const model = mlp({ sizes: [1, 8, 1], activation: 'tanh' });
    const alpha = 0.1;
    const so = maml({ model, innerLr: alpha, seed: 4 });
    const fo = maml({ model, innerLr: alpha, seed: 4, firstOrder: true });
    const t = tasks(1, 6);
    const gfo = fo.metaGradient(t).grad;
    const gso = so.metaGradient(t).grad;
    const theta = model.split(so.params, true);
    const xs = tensor(t[0].support.x as Float64Array, [5, 1]);
    const ys = tensor(t[0].support.y as Float64Array, [5, 1]);
    const gs = grad(mseLoss(model.forward(theta, xs), ys), theta, { createGraph: true });
    let dot = tensor(0);
    const v = model.split(gfo);
    for (let b = 0; b < gs.length; b++) dot = add(dot, sum(mul(gs[b], v[b])));
    const hv = grad(dot, theta);
    const expected = gfo.slice();
    for (let b = 0; b < hv.length; b++) for (let i = 0; i < hv[b].size; i++) expected[model.blocks[b].offset + i] -= alpha * hv[b].data[i];
    expect(relErr(gso, expected)).toBeLessThan(1e-12);
    expect(relErr(gso, gfo)).toBeGreaterThan(1e-4);
  });

  it('Meta-SGD with all learning rates frozen at α equals MAML', () => {
    const model = mlp({ sizes: [1, 10, 10, 1] });
    const a = maml({ model, innerLr: 0.02, innerSteps: 2, seed: 8 });
    const b = metaSgd({ model, innerLr: 0.02, innerSteps: 2, seed: 8 });
    const ts = tasks(4, 7);
    const ga = a.metaGradient(ts), gb = b.metaGradient(ts);
    expect(gb.loss).toBe(ga.loss);
    expect(relErr(gb.grad.subarray(0, model.numParams), ga.grad)).toBeLessThan(1e-14);
  });

  it('Reptile returns the mean of θ − θ̃', () => {
    const model = linear({ inputSize: 1, outputSize: 1 });
    const r = reptile({ model, innerLr: 0.1, innerSteps: 1, params: new Float64Array([0, 0]) });
    // One step on {x=1, y=2}: ∇ = [−4, −4] → θ̃ = [0.4, 0.4], θ − θ̃ = [−0.4, −0.4].
    const { grad } = r.metaGradient([{ support: { x: [1], y: [2] }, query: { x: [1], y: [2] } }]);
    expect(Array.from(grad).map((v) => +v.toFixed(12))).toEqual([-0.4, -0.4]);
  });
});

describe('training', () => {
  it('the same seed gives bit-identical training', () => {
    const run = (): Float64Array => {
      const l = maml({ model: mlp({ sizes: [1, 12, 12, 1] }), seed: 2 });
      l.fit(sinusoidTasks(), { iterations: 15, metaBatchSize: 4, seed: 5 });
      return l.params;
    };
    expect(Array.from(run())).toEqual(Array.from(run()));
  });

  it('meta-training lowers the post-adaptation loss (smoke run of the sinusoid protocol)', () => {
    for (const make of [maml, metaSgd, reptile, anil]) {
      const l = make({ model: mlp({ sizes: [1, 20, 20, 1] }), seed: 1, innerLr: 0.01 });
      const ev = tasks(40, 99, 10, 20);
      const before = ev.reduce((s, t) => s + l.evaluate(t), 0);
      const res = l.fit(sinusoidTasks(), { iterations: 150, metaBatchSize: 5, seed: 2, outerOptimizer: adam({ lr: 3e-3 }) });
      expect(res.iterations).toBe(150);
      expect(res.losses.length).toBe(150);
      const after = ev.reduce((s, t) => s + l.evaluate(t), 0);
      expect(after).toBeLessThan(before);
    }
  });

  it('an aborted signal stops at the next iteration and leaves the parameters of the last completed step', () => {
    const l = maml({ model: mlp({ sizes: [1, 8, 1] }), seed: 1 });
    const ctl = new AbortController();
    const snapshots: Float64Array[] = [];
    const res = l.fit(sinusoidTasks(), {
      iterations: 100,
      metaBatchSize: 2,
      progressEvery: 1,
      onProgress: (p) => {
        snapshots.push(l.params.slice());
        if (p.iteration === 3) ctl.abort();
      },
      signal: ctl.signal,
    });
    expect(res).toMatchObject({ iterations: 3, aborted: true });
    expect(res.losses.length).toBe(3);
    expect(Array.from(l.params)).toEqual(Array.from(snapshots[2]));
    // Training the same 3 iterations without a signal gives the same parameters.
    const m = maml({ model: mlp({ sizes: [1, 8, 1] }), seed: 1 });
    m.fit(sinusoidTasks(), { iterations: 3, metaBatchSize: 2 });
    expect(Array.from(m.params)).toEqual(Array.from(l.params));
  });

  it('a diverging loss stops training with DIVERGED naming the iteration and the task', () => {
    const l = maml({ model: mlp({ sizes: [1, 8, 1] }), seed: 1, innerLr: 1e6, innerSteps: 3 });
    let err: unknown;
    try {
      l.fit(sinusoidTasks({ amplitude: [1e150, 1e151] }), { iterations: 5, metaBatchSize: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfometaError);
    expect((err as InfometaError).code).toBe('DIVERGED');
    expect((err as Error).message).toMatch(/iteration 0, task 0/);
    for (const v of l.params) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('bad input', () => {
  const model = mlp({ sizes: [2, 4, 1] });
  const good = { support: { x: [1, 2, 3, 4], y: [1, 2] }, query: { x: [1, 2], y: [1] } };
  it('rejects bad hyper-parameters', () => {
    expect(code(() => maml({ model, innerLr: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, innerLr: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, innerSteps: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, innerSteps: 1.5 }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model: {} as Mlp }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, loss: 'l1' as 'mse' }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, params: new Float64Array(3) }))).toBe('SHAPE_MISMATCH');
    expect(code(() => mlp({ sizes: [1] }))).toBe('INVALID_OPTION');
    expect(code(() => mlp({ sizes: [1, 0] }))).toBe('INVALID_OPTION');
    expect(code(() => mlp({ sizes: [1, 2], activation: 'gelu' as 'relu' }))).toBe('INVALID_OPTION');
  });
  it('rejects data that do not fit the model, empty sets and non-finite values', () => {
    const l = maml({ model });
    expect(l.metaGradient([good]).grad.length).toBe(model.numParams);
    expect(code(() => l.metaGradient([]))).toBe('EMPTY_INPUT');
    expect(code(() => l.metaGradient([{ ...good, support: { x: [], y: [] } }]))).toBe('EMPTY_INPUT');
    expect(code(() => l.metaGradient([{ ...good, query: { x: [], y: [] } }]))).toBe('EMPTY_INPUT');
    expect(code(() => l.metaGradient([{ ...good, support: { x: [1, 2, 3], y: [1, 2] } }]))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.metaGradient([{ ...good, support: { x: [1, 2, 3, 4], y: [1] } }]))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.metaGradient([{ ...good, support: { x: [1, NaN, 3, 4], y: [1, 2] } }]))).toBe('NON_FINITE');
    expect(code(() => l.metaGradient([{ ...good, query: { x: [1, 2], y: [Infinity] } }]))).toBe('NON_FINITE');
    expect(code(() => l.adapt(new Float64Array(2), good.support))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.fit(sinusoidTasks(), { iterations: 1 }))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.fit(sinusoidTasks(), { iterations: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => model.apply(l.params, [1, 2, 3]))).toBe('SHAPE_MISMATCH');
    try {
      l.metaGradient([{ ...good, support: { x: [1, NaN, 3, 4], y: [1, 2] } }]);
    } catch (e) {
      expect((e as Error).message).toMatch(/^maml\.metaGradient: tasks\[0\]\.support\.x\[1\] must be finite \(got NaN\)/);
    }
  });
  it('never modifies the tasks or the params it is given', () => {
    const l = maml({ model, seed: 1 });
    const x = new Float64Array([1, 2, 3, 4]);
    const y = new Float64Array([1, 2]);
    const p = l.params.slice();
    l.adapt(l.params, { x, y }, { steps: 3 });
    l.metaGradient([{ support: { x, y }, query: { x, y } }]);
    expect(Array.from(x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(y)).toEqual([1, 2]);
    expect(Array.from(l.params)).toEqual(Array.from(p));
  });
});

describe('serialization', () => {
  it('learners round-trip through JSON, for every kind', () => {
    for (const make of [maml, metaSgd, reptile, anil]) {
      const a = make({ model: mlp({ sizes: [1, 5, 1], activation: 'tanh' }), seed: 4, innerLr: 0.03, innerSteps: 2 });
      const b = MetaLearner.fromJSON(JSON.parse(JSON.stringify(a)));
      expect(b.kind).toBe(a.kind);
      expect(b.innerLr).toBe(0.03);
      expect(b.innerSteps).toBe(2);
      expect(Array.from(b.params)).toEqual(Array.from(a.params));
      const t = tasks(1, 3)[0];
      expect(b.evaluate(t)).toBe(a.evaluate(t));
    }
  });
  it('models and optimizer state round-trip; resuming continues identically', () => {
    const m = Mlp.fromJSON(JSON.parse(JSON.stringify(mlp({ sizes: [3, 4, 2], activation: 'softplus' }))));
    expect(m.sizes).toEqual([3, 4, 2]);
    expect(m.activation).toBe('softplus');
    for (const make of [() => adam({ lr: 0.01 }), () => sgd({ lr: 0.1, momentum: 0.9, nesterov: true })]) {
      const p1 = new Float64Array([1, 2, 3]), p2 = p1.slice();
      const o1 = make(), o2 = make();
      const gs = [new Float64Array([0.1, -0.2, 0.3]), new Float64Array([0.5, 0.1, -0.1]), new Float64Array([-0.3, 0.2, 0.2])];
      o1.step(p1, gs[0]);
      o2.step(p2, gs[0]);
      const o3 = optimizerFromJSON(JSON.parse(JSON.stringify(o2)));
      for (const g of gs.slice(1)) {
        o1.step(p1, g);
        o3.step(p2, g);
      }
      expect(Array.from(p2)).toEqual(Array.from(p1));
    }
  });
  it('fromJSON rejects a wrong kind or version with INVALID_JSON', () => {
    const j = maml({ model: mlp({ sizes: [1, 2, 1] }) }).toJSON();
    expect(code(() => MetaLearner.fromJSON({ ...j, kind: 'infometa.mlp' }))).toBe('INVALID_JSON');
    expect(code(() => MetaLearner.fromJSON({ ...j, version: 2 }))).toBe('INVALID_JSON');
    expect(code(() => MetaLearner.fromJSON({ ...j, learner: 'protonet' }))).toBe('INVALID_JSON');
    expect(code(() => MetaLearner.fromJSON({ ...j, params: [1, 2] }))).toBe('INVALID_JSON');
    expect(code(() => MetaLearner.fromJSON({ ...j, innerLr: -1 }))).toBe('INVALID_JSON');
    expect(code(() => MetaLearner.fromJSON('x'))).toBe('INVALID_JSON');
    expect(code(() => Mlp.fromJSON({ kind: 'infometa.mlp', version: 9, sizes: [1, 1], activation: 'relu' }))).toBe('INVALID_JSON');
    expect(code(() => Mlp.fromJSON({ kind: 'infometa.learner', version: 1 }))).toBe('INVALID_JSON');
    expect(code(() => optimizerFromJSON({ ...adam().toJSON(), version: 0 }))).toBe('INVALID_JSON');
    expect(code(() => optimizerFromJSON({ kind: 'infometa.rmsprop', version: 1 }))).toBe('INVALID_JSON');
    expect(code(() => optimizerFromJSON({ ...adam().toJSON(), options: { lr: -1 } }))).toBe('INVALID_JSON');
  });
});
