// The Model interface: any model trains with every learner; a model without a fast path (a hand-written one, or an
// mlp with fastPath: false) gives the fast path's numbers to 1e-12; bad models and params are named errors.
import { describe, expect, it } from 'vitest';
import { anil, createRng, linear, maml, matmul, MetaLearner, metaSgd, mlp, modelFromJSON, multiHead, registerModel, reptile, sequential, sinusoidTasks, tensor } from '../../src/index.js';
import type { LearnerOptions, MetaLearner as Learner, Model, TaskKind, Tensor } from '../../src/index.js';
import { fdGradient, relErr } from '../autodiff/fd.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';
import { HandNet, tasksFor } from './helpers.js';

const learners: [string, (o: LearnerOptions) => Learner][] = [
  ['maml', (o) => maml(o)],
  ['first-order maml', (o) => maml({ ...o, firstOrder: true })],
  ['metaSgd', (o) => metaSgd(o)],
  ['anil', (o) => anil(o)],
  ['reptile', (o) => reptile(o)],
];
const losses: TaskKind[] = ['mse', 'huber', 'binaryCrossEntropy', 'softmaxCrossEntropy'];

describe('the fast path is a capability of the model: with and without it, the same numbers', () => {
  for (const loss of losses) {
    for (const [name, make] of learners) {
      it(`${loss}, ${name}: mlp vs mlp({ fastPath: false }) vs a hand-written model, 2 inner steps`, () => {
        const ts = tasksFor(loss, 3, 11);
        const fast = mlp({ sizes: [2, 6, 3], activation: 'tanh' });
        const tape = mlp({ sizes: [2, 6, 3], activation: 'tanh', fastPath: false });
        expect(fast.fastPath(loss === 'mse' ? 'mse' : loss as 'huber')).toBeDefined();
        expect(tape.fastPath('mse')).toBeUndefined();
        const hand = new HandNet(2, 6, 3);
        const params = fast.init(4);
        const run = (model: Model): { grad: Float64Array; loss: number; adapted: Float64Array } => {
          const l = make({ model, innerLr: 0.1, innerSteps: 2, loss, params });
          if (l.kind === 'metaSgd') for (let i = model.numParams; i < l.params.length; i++) l.params[i] = 0.02 + 0.001 * (i % 7);
          const r = l.metaGradient(ts);
          return { grad: r.grad, loss: r.loss, adapted: l.adapt(l.params, ts[0].support) };
        };
        const a = run(fast), b = run(tape), c = run(hand);
        for (const other of [b, c]) {
          expect(Math.abs(a.loss - other.loss)).toBeLessThan(1e-12);
          expect(relErr(a.grad, other.grad)).toBeLessThan(1e-12);
          expect(relErr(a.adapted, other.adapted)).toBeLessThan(1e-12);
        }
      });
    }
  }

  it('a hand-written model meta-trains with maml (tape) and its second-order meta-gradient matches finite differences', () => {
    const model = new HandNet(1, 8, 1);
    const l = maml({ model, innerLr: 0.05, innerSteps: 2, seed: 3 });
    const rng = createRng(7);
    const tasks = Array.from({ length: 3 }, () => sinusoidTasks().sample(rng, 5, 5));
    const objective = (p: Float64Array): number => tasks.reduce((s, t) => {
      const fast = l.adapt(p, t.support);
      const pred = l.model.apply(fast, t.query.x);
      let e = 0;
      for (let i = 0; i < pred.length; i++) e += (pred[i] - (t.query.y[i] as number)) ** 2;
      return s + e / pred.length;
    }, 0) / tasks.length;
    const { grad } = l.metaGradient(tasks);
    expect(relErr(grad, fdGradient(objective, l.params))).toBeLessThan(1e-6);
    const before = l.metaGradient(tasks).loss;
    l.fit(sinusoidTasks(), { iterations: 30, metaBatchSize: 4, seed: 1 });
    expect(l.metaGradient(tasks).loss).toBeLessThan(before);
  });

  it('sequential models that are MLPs take the MLP fast path and give its bits; others run on the tape', () => {
    const s = sequential([{ dense: 6 }, 'tanh', { dense: 6 }, 'tanh', { dense: 3 }], { inputSize: 2 });
    const m = mlp({ sizes: [2, 6, 6, 3], activation: 'tanh' });
    expect(s.fastPath('mse')).toBeDefined();
    expect(Array.from(s.init(2))).toEqual(Array.from(m.init(2)));
    const ts = tasksFor('softmaxCrossEntropy', 2, 5);
    const gs = maml({ model: s, loss: 'softmaxCrossEntropy', seed: 2, innerSteps: 2 }).metaGradient(ts);
    const gm = maml({ model: m, loss: 'softmaxCrossEntropy', seed: 2, innerSteps: 2 }).metaGradient(ts);
    expect(Array.from(gs.grad)).toEqual(Array.from(gm.grad));
    for (const layers of [
      [{ dense: 6 }, 'tanh', { dense: 6 }, 'relu', { dense: 3 }],
      [{ dense: 6 }, 'tanh', { dense: 3 }, 'sigmoid'],
      ['tanh', { dense: 3 }],
    ] as const) {
      const t = sequential(layers, { inputSize: 2 });
      expect(t.fastPath('mse')).toBeUndefined();
      const l = maml({ model: t, innerLr: 0.1, seed: 1 });
      const tasks = tasksFor('mse', 2, 8);
      const obj = (p: Float64Array): number => tasks.reduce((acc, task) => {
        const pred = t.apply(l.adapt(p, task.support), task.query.x);
        let e = 0;
        for (let i = 0; i < pred.length; i++) e += (pred[i] - (task.query.y[i] as number)) ** 2;
        return acc + e / pred.length;
      }, 0) / tasks.length;
      expect(relErr(l.metaGradient(tasks).grad, fdGradient(obj, l.params))).toBeLessThan(1e-6);
    }
  });
});

describe('bad models and parameters', () => {
  const good = tasksFor('mse', 1, 1, 2, 1);
  it('a model whose forward output does not fit the loss', () => {
    class Wide extends HandNet {
      override forward(p: readonly Tensor[], x: Tensor): Tensor {
        return matmul(super.forward(p, x), tensor([1, 1], [1, 2]));
      }
    }
    const l = maml({ model: new Wide(2, 3, 1) });
    expect(errorCodeAndMessage(() => l.metaGradient(good))).toBe('SHAPE_MISMATCH: maml.metaGradient: model.forward returned shape [5, 2] for 5 rows, but the mse loss needs [5, 1]');
    expect(errorCodeAndMessage(() => l.evaluate(good[0]))).toMatch(/^SHAPE_MISMATCH: maml\.evaluate: model\.forward returned shape \[5, 2\]/);
  });
  it('parameters of the wrong length', () => {
    const model = new HandNet(2, 3, 1);
    expect(errorCodeAndMessage(() => maml({ model, params: new Float64Array(3) }))).toBe(`SHAPE_MISMATCH: maml: params must have length ${model.numParams} (got 3)`);
    const l = maml({ model });
    expect(code(() => l.metaGradient(good, new Float64Array(2)))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.adapt(new Float64Array(model.numParams + 1), good[0].support))).toBe('SHAPE_MISMATCH');
    const bad = new HandNet(2, 3, 1);
    bad.init = () => new Float64Array(2);
    expect(errorCodeAndMessage(() => maml({ model: bad }))).toMatch(/^SHAPE_MISMATCH: maml: model\.init must return a Float64Array of length 13/);
  });
  it('malformed models', () => {
    const m = new HandNet(2, 3, 1);
    const like = (patch: object): Model => Object.assign(Object.create(HandNet.prototype) as HandNet, m, patch);
    expect(errorCodeAndMessage(() => maml({ model: like({ split: undefined }) }))).toBe('INVALID_OPTION: maml: model.split must be a function; is model a Model?');
    expect(code(() => maml({ model: like({ numParams: 0 }) }))).toBe('INVALID_OPTION');
    expect(errorCodeAndMessage(() => maml({ model: like({ numParams: 14 }) }))).toBe('INVALID_OPTION: maml: model.blocks cover 13 parameters but model.numParams is 14');
    expect(code(() => maml({ model: like({ head: { start: 3, end: 99 } }) }))).toBe('INVALID_OPTION');
    expect(code(() => maml({ model: like({ blocks: [{ name: 'w', offset: 1, shape: [13] }] }) }))).toBe('INVALID_OPTION');
  });
});

describe('models from JSON', () => {
  it('learners on sequential and multi-head models round-trip; a custom model needs registering, and says so', () => {
    const s = sequential([{ dense: 4, name: 'body' }, 'relu', { dense: 1 }], { inputSize: 2 });
    const a = maml({ model: s, seed: 3 });
    const b = MetaLearner.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(b.model.toJSON()).toEqual(s.toJSON());
    expect(b.evaluate(tasksFor('mse', 1, 2, 2, 1)[0])).toBe(a.evaluate(tasksFor('mse', 1, 2, 2, 1)[0]));
    const mh = multiHead({ body: s, heads: { regression: linear({ inputSize: 1, outputSize: 1 }), classification: linear({ inputSize: 1, outputSize: 2 }) } });
    expect(modelFromJSON(JSON.parse(JSON.stringify(mh))).toJSON()).toEqual(mh.toJSON());
    const h = maml({ model: new HandNet(2, 3, 1), seed: 1 });
    const json = JSON.parse(JSON.stringify(h));
    expect(errorCodeAndMessage(() => MetaLearner.fromJSON(json))).toBe(`INVALID_JSON: MetaLearner.fromJSON: unknown model kind "test.handnet": a custom model must be registered with registerModel("test.handnet", fromJSON) before its JSON is read`);
    registerModel('test.handnet', (j) => {
      const o = j as { inputSize: number; hidden: number; outputSize: number };
      return new HandNet(o.inputSize, o.hidden, o.outputSize);
    });
    const back = MetaLearner.fromJSON(json);
    expect(Array.from(back.params)).toEqual(Array.from(h.params));
    expect(code(() => registerModel('infometa.mlp', () => s))).toBe('INVALID_ARGUMENT');
    expect(code(() => modelFromJSON({ kind: 'infometa.sequential', version: 1, inputSize: 2, layers: ['gelu'] }))).toBe('INVALID_JSON');
  });
});
