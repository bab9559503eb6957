// Meta-regularization (l2, l1 on the outer objective; maxNorm projection) and the proximal inner loop: gradients
// against central finite differences, on the fast path and on the tape.
import { describe, expect, it } from 'vitest';
import { anil, maml, MetaLearner, metaSgd, mlp, reptile, sinusoidTasks } from '../../src/index.js';
import type { LearnerOptions, MetaLearner as Learner, Task } from '../../src/index.js';
import { fdGradient, relErr } from '../autodiff/fd.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';
import { tasksFor } from './helpers.js';

/** (1/T) Σ ℓ_q(adapt(θ)) + l2‖θ‖² + l1‖θ‖₁ with plain numbers (MSE tasks). */
function objective(l: Learner, p: Float64Array, ts: Task[]): number {
  let s = 0;
  for (const t of ts) {
    const pred = l.model.apply(l.adapt(p, t.support), t.query.x);
    let e = 0;
    for (let i = 0; i < pred.length; i++) e += (pred[i] - (t.query.y[i] as number)) ** 2;
    s += e / pred.length;
  }
  let pen = 0;
  for (let i = 0; i < l.model.numParams; i++) pen += l.regularization.l2 * p[i] ** 2 + l.regularization.l1 * Math.abs(p[i]);
  return s / ts.length + pen;
}

const makers: [string, (o: LearnerOptions) => Learner][] = [
  ['maml', (o) => maml(o)],
  ['metaSgd', (o) => metaSgd(o)],
  ['anil', (o) => anil(o)],
];

describe('meta-regularization and the proximal inner loop match finite differences', () => {
  for (const fastPath of [true, false]) {
    for (const [name, make] of makers) {
      for (const [what, extra] of [
        ['l2 + l1', { regularization: { l2: 0.03, l1: 0.01 } }],
        ['proximal', { proximal: 2 }],
        ['proximal + l2', { proximal: 0.5, regularization: { l2: 0.1 } }],
      ] as const) {
        it(`${name}, ${what} (${fastPath ? 'fast path' : 'tape'}, 2 inner steps)`, () => {
          const model = mlp({ sizes: [2, 5, 3], activation: 'tanh', fastPath });
          const l = make({ model, innerLr: 0.08, innerSteps: 2, seed: 4, ...extra });
          if (l.kind === 'metaSgd') for (let i = model.numParams; i < l.params.length; i++) l.params[i] = 0.03 + 0.002 * (i % 5);
          const ts = tasksFor('mse', 2, 9);
          const r = l.metaGradient(ts);
          expect(Math.abs(r.loss + r.penalty - objective(l, l.params, ts))).toBeLessThan(1e-12);
          expect(relErr(r.grad, fdGradient((q) => objective(l, q, ts), l.params))).toBeLessThan(1e-6);
        });
      }
    }
  }

  it('first-order MAML with a proximal inner loop: the fast path equals the tape', () => {
    const ts = tasksFor('softmaxCrossEntropy', 3, 2);
    const run = (fastPath: boolean): Float64Array => metaSgd({ model: mlp({ sizes: [2, 6, 3], activation: 'relu', fastPath }), innerSteps: 3, innerLr: 0.1, firstOrder: true, proximal: 1.5, loss: 'softmaxCrossEntropy', seed: 1 }).metaGradient(ts).grad;
    expect(relErr(run(true), run(false))).toBeLessThan(1e-12);
  });

  it('Reptile with a proximal inner loop moves toward φ from φ ← φ − α(∇ℓ + λ(φ − θ))', () => {
    const model = mlp({ sizes: [2, 4, 3], activation: 'tanh' });
    const plain = reptile({ model, innerLr: 0.1, innerSteps: 3, seed: 2 });
    const prox = reptile({ model, innerLr: 0.1, innerSteps: 3, seed: 2, proximal: 4 });
    const t = tasksFor('mse', 1, 3)[0];
    const g = prox.metaGradient([t]).grad;
    const phi = prox.adapt(prox.params, t.support);
    expect(relErr(g, prox.params.map((v, i) => v - phi[i]))).toBeLessThan(1e-14);
    // The pull keeps φ closer to θ than plain SGD does.
    const norm = (v: Float64Array): number => Math.hypot(...v);
    expect(norm(g)).toBeLessThan(norm(plain.metaGradient([t]).grad));
  });

  it('maxNorm keeps every unit\'s incoming weights within the ball after each outer step; l2 shrinks the parameters', () => {
    const model = mlp({ sizes: [1, 20, 20, 1] });
    const l = maml({ model, seed: 1, regularization: { maxNorm: 0.5 } });
    l.fit(sinusoidTasks(), { iterations: 20, metaBatchSize: 4, seed: 3 });
    for (const b of model.blocks) {
      if (b.shape.length !== 2) continue;
      const [r, c] = b.shape;
      for (let j = 0; j < c; j++) {
        let s = 0;
        for (let i = 0; i < r; i++) s += l.params[b.offset + i * c + j] ** 2;
        expect(Math.sqrt(s)).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    }
    const norm = (o: LearnerOptions): number => {
      const a = maml(o);
      a.fit(sinusoidTasks(), { iterations: 30, metaBatchSize: 4, seed: 3, outerOptimizer: undefined });
      return Math.hypot(...a.params);
    };
    expect(norm({ model, seed: 1, regularization: { l2: 1 } })).toBeLessThan(norm({ model, seed: 1 }));
  });

  it('rejects negative or non-finite weights, naming the option; round-trips through JSON', () => {
    const model = mlp({ sizes: [1, 4, 1] });
    expect(errorCodeAndMessage(() => maml({ model, regularization: { l2: -1 } }))).toBe('INVALID_OPTION: maml: regularization.l2 must be a finite number ≥ 0 (got -1)');
    expect(errorCodeAndMessage(() => metaSgd({ model, regularization: { l1: NaN } }))).toBe('INVALID_OPTION: metaSgd: regularization.l1 must be a finite number ≥ 0 (got NaN)');
    expect(code(() => maml({ model, regularization: { maxNorm: 0 } }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, regularization: { maxNorm: Infinity } }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model, regularization: { l3: 1 } as never }))).toBe('INVALID_OPTION');
    expect(errorCodeAndMessage(() => reptile({ model, proximal: -0.5 }))).toBe('INVALID_OPTION: reptile: proximal must be a finite number ≥ 0 (got -0.5)');
    expect(code(() => anil({ model, proximal: Infinity }))).toBe('INVALID_OPTION');
    const a = maml({ model, seed: 2, regularization: { l2: 0.1, maxNorm: 3 }, proximal: 0.5 });
    const b = MetaLearner.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(b.regularization).toEqual({ l2: 0.1, l1: 0, maxNorm: 3 });
    expect(b.proximal).toBe(0.5);
    expect(code(() => MetaLearner.fromJSON({ ...a.toJSON(), proximal: -1 }))).toBe('INVALID_JSON');
  });
});
