// One learner for a stream that mixes task kinds: a shared body and one head per kind, each task scored by its own
// loss; its meta-gradient against finite differences, and the errors for tasks that cannot be routed.
import { describe, expect, it } from 'vitest';
import { anil, createRng, linear, maml, multiHead, sequential, sinusoidTasks, softmaxCrossEntropy, tensor } from '../../src/index.js';
import type { Task, TaskSampler } from '../../src/index.js';
import { fdGradient, relErr } from '../autodiff/fd.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';

const body = sequential([{ dense: 8 }, 'tanh', { dense: 6 }, 'tanh'], { inputSize: 1 });
const model = multiHead({ body, heads: { regression: linear({ inputSize: 6, outputSize: 1 }), classification: linear({ inputSize: 6, outputSize: 2 }) } });

/** Sinusoid regression tasks and their 2-way sign-classification twins, alternating. */
const mixed: TaskSampler = {
  inputSize: 1,
  outputSize: 1,
  sample(rng, shots, queryShots): Task {
    const t = sinusoidTasks().sample(rng, shots, queryShots);
    if (rng.next() < 0.5) return { ...t, kind: 'regression' };
    const cls = (y: ArrayLike<number>): Float64Array => Float64Array.from(y, (v) => (v > 0 ? 1 : 0));
    return { kind: 'classification', support: { x: t.support.x, y: cls(t.support.y) }, query: { x: t.query.x, y: cls(t.query.y) } };
  },
};

function lossOf(t: Task, pred: Float64Array): number {
  if (t.kind === 'classification') return softmaxCrossEntropy(tensor(pred, [pred.length / 2, 2]), t.query.y as Float64Array).item();
  let e = 0;
  for (let i = 0; i < pred.length; i++) e += (pred[i] - (t.query.y[i] as number)) ** 2;
  return e / pred.length;
}

describe('mixed task kinds', () => {
  const rng = createRng(3);
  const tasks = Array.from({ length: 6 }, () => mixed.sample(rng, 5, 6));

  for (const [name, make] of [['maml', maml], ['anil', anil]] as const) {
    it(`${name}: the meta-gradient uses each task's own loss and head (finite differences)`, () => {
      const l = make({ model, innerLr: 0.1, innerSteps: 2, seed: 2 });
      const obj = (p: Float64Array): number => tasks.reduce((s, t) => s + lossOf(t, model.apply(l.adapt(p, t.support, { kind: t.kind }), t.query.x, t.kind)), 0) / tasks.length;
      const r = l.metaGradient(tasks);
      expect(Math.abs(r.loss - obj(l.params))).toBeLessThan(1e-12);
      expect(relErr(r.grad, fdGradient(obj, l.params))).toBeLessThan(1e-6);
    });
  }

  it('ANIL adapts only the head of the task\'s kind', () => {
    const l = anil({ model, innerLr: 0.1, seed: 2 });
    const t = tasks.find((x) => x.kind === 'classification') as Task;
    const fast = l.adapt(l.params, t.support, { kind: 'classification' });
    const head = model.route('classification')!.head;
    for (let i = 0; i < model.numParams; i++) {
      if (i < head.start || i >= head.end) expect(fast[i]).toBe(l.params[i]);
    }
    expect(fast.subarray(head.start, head.end)).not.toEqual(l.params.subarray(head.start, head.end));
  });

  it('meta-training on the mixed stream lowers the loss of both kinds', () => {
    const l = maml({ model, innerLr: 0.05, seed: 1 });
    const r9 = createRng(9);
    const ev = Array.from({ length: 40 }, () => mixed.sample(r9, 10, 20));
    const score = (kind: string): number => ev.filter((t) => t.kind === kind).reduce((s, t) => s + l.evaluate(t), 0);
    const before = [score('regression'), score('classification')];
    l.fit(mixed, { iterations: 200, metaBatchSize: 6, seed: 4 });
    expect(score('regression')).toBeLessThan(before[0]);
    expect(score('classification')).toBeLessThan(before[1]);
  });

  it('a task without a kind, or with a kind the model has no head for, is an InfometaError naming it', () => {
    const l = maml({ model, seed: 1 });
    const t = tasks[0];
    expect(errorCodeAndMessage(() => l.metaGradient([t, { support: t.support, query: t.query }]))).toBe('INVALID_ARGUMENT: maml.metaGradient: tasks[1].kind is missing: this model has one head per task kind (regression, classification), so every task must say its kind');
    expect(errorCodeAndMessage(() => l.metaGradient([{ ...t, kind: 'binary' }]))).toBe(`INVALID_ARGUMENT: maml.metaGradient: tasks[0].kind "binary" has no head in this model (its heads: regression, classification)`);
    expect(code(() => l.metaGradient([{ ...t, kind: 'ranking' as 'binary' }]))).toBe('INVALID_ARGUMENT');
    expect(code(() => l.adapt(l.params, t.support))).toBe('INVALID_ARGUMENT');
    expect(code(() => l.evaluate({ support: t.support, query: t.query }))).toBe('INVALID_ARGUMENT');
    expect(code(() => model.apply(l.params, [1, 2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => multiHead({ body, heads: { regression: linear({ inputSize: 5, outputSize: 1 }) } }))).toBe('INVALID_OPTION');
    expect(code(() => multiHead({ body, heads: {} }))).toBe('INVALID_OPTION');
    expect(code(() => multiHead({ body, heads: { ranking: linear({ inputSize: 6, outputSize: 1 }) } as never }))).toBe('INVALID_OPTION');
  });
});
