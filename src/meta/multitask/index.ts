// Multi-task models, the MI-regularized loss and the MIML pipeline (re-exported from infometa/meta).
export { SharedLatentModel } from './latent.js';
export type { SharedLatentOptions, MultiTaskModelOptions, TrunkOptions } from './latent.js';
export { SharedDictionaryModel } from './dictionary.js';
export type { SharedDictionaryOptions } from './dictionary.js';
export type { MultiTaskData, TaskType, Penalty, FeatureRows } from './data.js';
export type { MultiTaskFitOptions, MultiTaskFitResult, MultiTaskProgress, FineTuneOptions } from './engine.js';
export { principalAngles } from './subspace.js';
export { miml } from './miml.js';
export type { MimlDataset, MimlOptions, MimlModelOptions, MimlProgress, MimlResult, MimlMetrics, MimlTaskMetrics, MimlSplit, TaskMetrics } from './miml.js';
export { softMutualInformation, softBin, miRegularizedLoss, trainMiRegularized } from './mi.js';
export type { MiRegularizedLossInputs, MiTaskKind, MiTrainingData, TrainMiOptions, MiEpoch, TrainMiResult } from './mi.js';
