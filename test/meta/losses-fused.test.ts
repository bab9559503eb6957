// The meta-learners' tape-free hot path for every task loss (not only MSE): the same meta-gradients as the general
// tape (whose ops are finite-difference checked) and as finite differences of the post-adaptation loss.
import { describe, expect, it } from 'vitest';
import { anil, binaryCrossEntropy, createRng, huberLoss, maml, metaSgd, mlp, reptile, softmaxCrossEntropy, tensor } from '../../src/index.js';
import type { MetaLearner, Task } from '../../src/index.js';
import { setFused } from '../../src/meta/learners.js';
import { fdGradient, relErr } from '../autodiff/fd.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

type LossName = 'huber' | 'binaryCrossEntropy' | 'softmaxCrossEntropy';
const C = 3;

/** Tasks with 2-D inputs whose targets suit the loss: real values, probabilities, or class indices. */
function tasks(loss: LossName, n: number, seed: number): Task[] {
  const rng = createRng(seed);
  const set = (k: number): { x: Float64Array; y: Float64Array } => {
    const x = Float64Array.from({ length: 2 * k }, () => rng.uniform(-2, 2));
    const y = loss === 'softmaxCrossEntropy'
      ? Float64Array.from({ length: k }, () => rng.int(C))
      : Float64Array.from({ length: k * C }, () => (loss === 'binaryCrossEntropy' ? rng.next() : rng.uniform(-3, 3)));
    return { x, y };
  };
  return Array.from({ length: n }, () => ({ support: set(5), query: set(4) }));
}

function lossOf(loss: LossName, pred: Float64Array, y: Float64Array): number {
  const p = tensor(pred, [pred.length / C, C]);
  if (loss === 'softmaxCrossEntropy') return softmaxCrossEntropy(p, y).item();
  if (loss === 'binaryCrossEntropy') return binaryCrossEntropy(p, tensor(y, [y.length / C, C])).item();
  return huberLoss(p, tensor(y, [y.length / C, C])).item();
}

/** (1/T) Σ ℓ_query(adapt(θ)) with plain numbers, for finite differences. */
function objective(learner: MetaLearner, loss: LossName, params: Float64Array, ts: Task[]): number {
  let s = 0;
  for (const t of ts) {
    const fast = learner.adapt(params, t.support);
    s += lossOf(loss, learner.model.apply(fast, t.query.x as Float64Array), t.query.y as Float64Array);
  }
  return s / ts.length;
}

const learners: [string, (o: Parameters<typeof maml>[0]) => MetaLearner][] = [
  ['maml', (o) => maml(o)],
  ['first-order maml', (o) => maml({ ...o, firstOrder: true })],
  ['metaSgd', (o) => metaSgd(o)],
  ['anil', (o) => anil(o)],
  ['reptile', (o) => reptile(o)],
];

for (const loss of ['huber', 'binaryCrossEntropy', 'softmaxCrossEntropy'] as const) {
  describe(`${loss}: the fused path`, () => {
    for (const [name, make] of learners) {
      it(`${name}: the same meta-gradient and loss as the tape (2 inner steps)`, () => {
        const run = (fused: boolean): { grad: Float64Array; loss: number } => {
          const prev = setFused(fused);
          try {
            const model = mlp({ sizes: [2, 7, 6, C], activation: 'tanh' });
            const learner = make({ model, innerLr: 0.1, innerSteps: 2, seed: 5, loss });
            const r = learner.metaGradient(tasks(loss, 3, 7));
            return { grad: r.grad.slice(), loss: r.loss };
          } finally {
            setFused(prev);
          }
        };
        const a = run(true), b = run(false);
        expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-13);
        expect(relErr(a.grad, b.grad)).toBeLessThan(1e-12);
      });
    }

    it('second-order MAML matches central differences of the post-adaptation loss', () => {
      const model = mlp({ sizes: [2, 6, 5, C], activation: 'tanh' });
      const learner = maml({ model, innerLr: 0.1, innerSteps: 1, seed: 3, loss });
      const ts = tasks(loss, 2, 9);
      const { grad: g, loss: l } = learner.metaGradient(ts);
      expect(Math.abs(l - objective(learner, loss, learner.params, ts))).toBeLessThan(1e-12);
      const fd = fdGradient((q) => objective(learner, loss, q, ts), learner.params);
      expect(relErr(g, fd)).toBeLessThanOrEqual(1e-6);
    });
  });
}

describe('class labels of softmaxCrossEntropy tasks', () => {
  it('are checked before the fused kernels index with them', () => {
    const learner = maml({ model: mlp({ sizes: [2, 4, C] }), innerLr: 0.1, loss: 'softmaxCrossEntropy', seed: 1 });
    const bad = (y: number[]): Task[] => [{ support: { x: [0, 1, 1, 0], y }, query: { x: [0, 1], y: [0] } }];
    expect(errorCodeAndMessage(() => learner.metaGradient(bad([0, 3])))).toBe('INVALID_LABELS: maml.metaGradient: tasks[0].support.y[1] must be a class index, an integer in [0, 2] (got 3)');
    expect(errorCodeAndMessage(() => learner.metaGradient(bad([0.5, 1])))).toMatch(/^INVALID_LABELS: .*support\.y\[0\].*0\.5/);
    expect(errorCodeAndMessage(() => learner.adapt(learner.params, { x: [0, 1], y: [-1] }))).toMatch(/^INVALID_LABELS: maml\.adapt: support\.y\[0\]/);
  });
});
