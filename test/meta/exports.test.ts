import { expect, it } from 'vitest';
import * as meta from '../../src/meta/index.js';
import * as multitask from '../../src/meta/multitask/index.js';
import * as root from '../../src/index.js';

const OWN = [
  'MetaLearner', 'Mlp', 'Tensor', 'adam', 'add', 'anil', 'binaryCrossEntropy', 'div', 'exp', 'gather', 'grad',
  'gradReverse', 'huberLoss', 'linear', 'log', 'logSoftmax', 'logsumexp', 'maml', 'matmul', 'mean', 'metaSgd', 'mlp',
  'mseLoss', 'mul', 'neg', 'noGrad', 'oneHot', 'optimizerFromJSON', 'pow', 'relu', 'reptile', 'reshape', 'sgd',
  'sigmoid', 'sinusoidTasks', 'softmax', 'softmaxCrossEntropy', 'softplus', 'sqrt', 'square', 'sub', 'sum', 'tanh',
  'tensor', 'tidy', 'transpose',
  // issue 11: any model (sequential, multi-head, registered custom models), fine-tuning with frozen blocks
  'fineTune', 'modelFromJSON', 'multiHead', 'registerModel', 'sequential',
  // issue 12: few-shot task datasets, metric learners, the knowledge base
  'KnowledgeBase', 'MetricLearner', 'fewShotTasks', 'groupedTasks', 'matchingNet', 'protoNet', 'splitClasses',
];

it('infometa/meta exports exactly the autodiff/meta-learning names plus the multi-task ones (API changes are deliberate)', () => {
  const expected = [...new Set([...OWN, ...Object.keys(multitask)])].sort();
  expect(Object.keys(meta).sort()).toEqual(expected);
  for (const name of OWN) expect((root as Record<string, unknown>)[name]).toBe((meta as Record<string, unknown>)[name]);
});
