// Public surface of `infometa/core`: the discrete information-theory measures. Named re-exports only.
export { InfometaError } from '../internal/errors.js';
export type { InfometaErrorCode } from '../internal/errors.js';
export { createRng } from '../internal/rng.js';
export type { Rng } from '../internal/rng.js';
export type { NumericArray } from '../internal/validate.js';
export type { DistributionOptions } from './options.js';
export { table } from './table.js';
export type { Table, Table2D, MatrixLike, MathJsMatrixLike } from './table.js';
export { entropy, crossEntropy, klDivergence, jsDivergence } from './entropy.js';
export {
  jointEntropy,
  conditionalEntropy,
  mutualInformation,
  conditionalMutualInformation,
  normalizedMutualInformation,
  variationOfInformation,
} from './joint.js';
export type { NmiAverage, NmiOptions } from './joint.js';
export type { EntropyEstimator } from './estimators.js';
export type { Labels } from './labels.js';
export {
  contingency,
  entropyOf,
  jointEntropyOf,
  conditionalEntropyOf,
  mutualInformationOf,
  conditionalMutualInformationOf,
  normalizedMutualInformationOf,
  adjustedMutualInformationOf,
  entropyOfCounts,
  mutualInformationOfCounts,
} from './samples.js';
export type { SampleOptions, NmiSampleOptions, AmiOptions, ContingencyResult } from './samples.js';
export { informationMeasure } from './measures.js';
export type { InformationMeasure, MeasureName, EntropyTerm, PairForm, PairTable } from './measures.js';
export {
  information,
  totalCorrelation,
  dualTotalCorrelation,
  oInformation,
  sInformation,
  coInformation,
  interactionInformation,
} from './multivariate.js';
export type { MultivariateOptions } from './multivariate.js';
export {
  informationOf,
  totalCorrelationOf,
  dualTotalCorrelationOf,
  oInformationOf,
  sInformationOf,
  coInformationOf,
  interactionInformationOf,
  localInformationOf,
  localEntropyOf,
  localMutualInformationOf,
  localTotalCorrelationOf,
} from './multivariate-of.js';
export type { LabelVariables, MultivariateSampleOptions, LocalOptions } from './multivariate-of.js';
export type { IterativeOptions, IterationProgress, ConvergenceReport } from '../internal/iterative.js';
export { renyiEntropy, renyiDivergence, tsallisEntropy } from './renyi.js';
export type { TsallisOptions } from './renyi.js';
export { fDivergence, hellingerDistance, totalVariationDistance, chiSquaredDivergence } from './fdivergence.js';
export type { FDivergenceName, FGenerator } from './fdivergence.js';
export { partialInformationDecomposition } from './pid/pid.js';
export type { PidMeasure, PidOptions, PidNode, PidResult } from './pid/pid.js';
export { JointCounter } from './counter.js';
export { LabelCounter, ContingencyCounter } from './label-counters.js';
export type { Category, CounterJSON } from './counter.js';
