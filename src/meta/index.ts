// Public surface of `infometa/meta`: float64 autodiff, the Model interface and its models, losses, optimizers,
// MAML-family meta-learners, fine-tuning and the multi-task models. Named re-exports only.
export * from '../autodiff/index.js';
export type { Model, ModelJSON, ApplyModel, FastPath, FastPathWorkspace, Route, ParamBlock, ParamRange, InitScheme } from './model.js';
export { Mlp, mlp, linear } from './models.js';
export type { Activation, MlpOptions, LinearOptions, MlpJSON } from './models.js';
export { sequential } from './sequential.js';
export type { Layer, DenseLayer, SequentialOptions, SequentialModel, SequentialJSON } from './sequential.js';
export { multiHead } from './multihead.js';
export type { MultiHeadOptions, MultiHeadModel, MultiHeadJSON } from './multihead.js';
export { registerModel, modelFromJSON } from './registry.js';
export { mseLoss, huberLoss, softmaxCrossEntropy, binaryCrossEntropy } from './losses.js';
export type { Reduction, LossOptions, HuberOptions, LossName, TaskKind } from './losses.js';
export { sgd, adam, optimizerFromJSON } from './optimizers.js';
export type { Optimizer, SgdOptions, AdamOptions, OptimizerJSON } from './optimizers.js';
export { sinusoidTasks } from './tasks.js';
export type { Task, TaskData, TaskSampler, SinusoidOptions, SinusoidSampler, SinusoidParams } from './tasks.js';
export { MetaLearner, maml, metaSgd, reptile, anil } from './learners/index.js';
export type {
  LearnerKind, LearnerOptions, AdaptOptions, FitOptions, FitProgress, FitResult, FitValidation, MetaGradient, LearnerJSON, Regularization, ResolvedRegularization, ValidationOptions,
} from './learners/index.js';
export { fineTune } from './finetune.js';
export type { FineTuneModelOptions, FineTuneModelResult } from './finetune.js';
export * from './multitask/index.js';
export { fewShotTasks, splitClasses } from './fewshot/tasks.js';
export type { FewShotOptions, FewShotSampler, Episode, Label, Rows } from './fewshot/tasks.js';
export { groupedTasks } from './fewshot/grouped.js';
export type { GroupedOptions, GroupedSampler, GroupTask } from './fewshot/grouped.js';
export { MetricLearner } from './fewshot/metric.js';
export type { MetricKind, MetricOptions, MetricFitOptions, EpisodeGradient, FewShotScore, FewShotClassifier, MetricLearnerJSON } from './fewshot/metric.js';
export { protoNet } from './learners/protonet.js';
export { matchingNet } from './learners/matching.js';
export { KnowledgeBase } from './knowledge-base.js';
export type { KnowledgeBaseOptions, KnowledgeItem, KnowledgeAnswer, KnowledgeBaseJSON } from './knowledge-base.js';
