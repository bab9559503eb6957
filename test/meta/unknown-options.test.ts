// Issue 13, item 13: the meta-learning functions reject an unknown option name with INVALID_OPTION, naming the function
// and the closest valid option, instead of ignoring a typo.
import { describe, expect, it } from 'vitest';
import {
  InfometaError,
  KnowledgeBase,
  SharedDictionaryModel,
  SharedLatentModel,
  binaryCrossEntropy,
  fewShotTasks,
  groupedTasks,
  huberLoss,
  linear,
  maml,
  matchingNet,
  metaSgd,
  miRegularizedLoss,
  miml,
  mlp,
  mseLoss,
  protoNet,
  reptile,
  anil,
  sinusoidTasks,
  softmaxCrossEntropy,
  tensor,
} from '../../src/index.js';

/** Calls f with an options object that holds a typo; the library's types forbid it, so it goes through `never`. */
function typo(o: Record<string, unknown>): never {
  return o as never;
}

const model = (): ReturnType<typeof linear> => linear({ inputSize: 1, outputSize: 1 });
const rows = [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]];
const t = tensor([1, 2, 3, 4], [2, 2]);

const cases: [string, string, () => unknown][] = [
  ['sinusoidTasks', 'amplitude', () => sinusoidTasks(typo({ amplitud: [1, 2] }))],
  ['mlp', 'sizes', () => mlp(typo({ sizes: [1, 2], size: [1, 2] }))],
  ['linear', 'inputSize', () => linear(typo({ inputSize: 1, outputSize: 1, inputSise: 1 }))],
  ['mseLoss', 'reduction', () => mseLoss(t, t, typo({ reducton: 'sum' }))],
  ['huberLoss', 'delta', () => huberLoss(t, t, typo({ detla: 2 }))],
  ['softmaxCrossEntropy', 'reduction', () => softmaxCrossEntropy(t, [0, 1], typo({ reduction: 'sum', reductoin: 'sum' }))],
  ['binaryCrossEntropy', 'reduction', () => binaryCrossEntropy(t, tensor([0, 1, 1, 0], [2, 2]), typo({ reductions: 'sum' }))],
  ['maml', 'innerSteps', () => maml(typo({ model: model(), innerStpes: 3 }))],
  ['metaSgd', 'innerLr', () => metaSgd(typo({ model: model(), innerLR: 0.1 }))],
  ['reptile', 'innerSteps', () => reptile(typo({ model: model(), innersteps: 3 }))],
  ['anil', 'firstOrder', () => anil(typo({ model: model(), firstorder: true }))],
  ['maml.adapt', 'steps', () => maml({ model: model() }).adapt(new Float64Array(2), { x: [1], y: [2] }, typo({ step: 2 }))],
  ['maml.evaluate', 'steps', () => maml({ model: model() }).evaluate({ support: { x: [1], y: [2] }, query: { x: [0], y: [2] } }, typo({ stpes: 2 }))],
  ['maml.fit', 'iterations', () => maml({ model: model() }).fit(sinusoidTasks(), typo({ iterations: 1, iteration: 1 }))],
  ['protoNet', 'encoder', () => protoNet(typo({ encoder: mlp({ sizes: [1, 2] }), encodr: 1 }))],
  ['matchingNet', 'temperature', () => matchingNet(typo({ encoder: mlp({ sizes: [1, 2] }), temprature: 2 }))],
  ['protoNet.fit', 'metaBatchSize', () => protoNet({ encoder: mlp({ sizes: [1, 2] }) }).fit(sinusoidTasks(), typo({ iterations: 1, metaBatchsize: 2 }))],
  ['fewShotTasks', 'shots', () => fewShotTasks(rows, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], typo({ ways: 2, shotss: 1 }))],
  ['groupedTasks', 'groups', () => groupedTasks(rows, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'], typo({ shots: 1, group: ['a'] }))],
  ['KnowledgeBase', 'temperature', () => new KnowledgeBase(typo({ encoder: model(), temperatur: 3 }))],
  ['KnowledgeBase.add', 'task', () => new KnowledgeBase({ encoder: model() }).add([[1]], [0], typo({ tasks: 'a' }))],
  ['KnowledgeBase.query', 'top', () => new KnowledgeBase({ encoder: model() }).query([[1]], typo({ tpo: 1 }))],
  ['SharedLatentModel', 'rank', () => new SharedLatentModel(typo({ rank: 1, rnak: 1 }))],
  ['SharedDictionaryModel', 'lambda', () => new SharedDictionaryModel(typo({ k: 1, lamda: 0.1 }))],
  ['miRegularizedLoss', 'lambda', () => miRegularizedLoss(typo({ lossA: tensor(0.5), lossB: tensor(0.25), predsA: t, predsB: t, lambda: 1, lambd: 1 }))],
  ['miml', 'target', () => miml({ x: rows, tasks: [[0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [1, 1, 0, 0, 1, 1, 0, 0, 1, 1]] }, typo({ target: 0, targt: 0 }))],
  [
    'miml',
    'epochs',
    () => miml({ x: rows, tasks: [[0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [1, 1, 0, 0, 1, 1, 0, 0, 1, 1]] }, { target: 0, baselines: false, modelOptions: typo({ epoch: 1 }) }),
  ],
];

describe('meta-learning functions reject unknown option names', () => {
  it.each(cases)('%s names %s', (name, suggestion, f) => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfometaError);
    const e = err as InfometaError;
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message.startsWith(`${name}: `)).toBe(true);
    expect(e.message).toContain(`did you mean '${suggestion}'?`);
  });

  it('still accepts every valid option (miml passes rank and trunk through to the dictionary model)', () => {
    const res = miml(
      { x: rows, tasks: [[0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [1, 1, 0, 0, 1, 1, 0, 0, 1, 1]] },
      { target: 0, baselines: false, model: 'shared-dictionary', modelOptions: { rank: 1, trunk: 'linear', epochs: 2 } },
    );
    expect(res).toBeDefined();
    const m = maml({ model: model(), innerLr: 0.1, innerSteps: 2, firstOrder: true, loss: 'mse', seed: 1, init: 'pytorch', proximal: 0 });
    expect(m.fit(sinusoidTasks({ amplitude: [1, 2], phase: [0, 1], input: [-1, 1] }), { iterations: 1, metaBatchSize: 2, shots: 2, queryShots: 2, seed: 1, progressEvery: 1, onProgress: () => undefined }).iterations).toBe(1);
  });
});
