// The MAML family, one file per algorithm beside a shared base (learn2learn's layout).
export { MetaLearner } from './base.js';
export type {
  LearnerKind, LearnerOptions, AdaptOptions, FitOptions, FitProgress, FitResult, FitValidation, MetaGradient, LearnerJSON, Regularization, ResolvedRegularization, ValidationOptions,
} from './types.js';
export { maml, metaSgd, anil } from './maml.js';
export { reptile } from './reptile.js';
