// Public surface of `infometa/meta`: float64 autodiff, models, losses, optimizers and MAML-family meta-learners.
// Named re-exports only.
export * from '../autodiff/index.js';
export { Mlp, mlp, linear } from './models.js';
export type { Activation, InitScheme, MlpOptions, LinearOptions, ParamBlock, MlpJSON } from './models.js';
export { mseLoss, huberLoss, softmaxCrossEntropy, binaryCrossEntropy } from './losses.js';
export type { Reduction, LossOptions, HuberOptions } from './losses.js';
export { sgd, adam, optimizerFromJSON } from './optimizers.js';
export type { Optimizer, SgdOptions, AdamOptions, OptimizerJSON } from './optimizers.js';
export { sinusoidTasks } from './tasks.js';
export type { Task, TaskData, TaskSampler, SinusoidOptions, SinusoidSampler, SinusoidParams } from './tasks.js';
export { MetaLearner, maml, metaSgd, reptile, anil } from './learners.js';
export type { LearnerKind, LossName, LearnerOptions, AdaptOptions, FitOptions, FitProgress, FitResult, MetaGradient, LearnerJSON } from './learners.js';
export * from './multitask/index.js';
