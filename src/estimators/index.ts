// Public surface of `infometa/estimators`: sample-based estimators and tests of significance. Named re-exports only.
export type { Samples, SampleMatrix } from './samples.js';
export type { KnnOptions, KsgOptions, KnnMiOptions } from './options.js';
export { ksgMutualInformation, ksgConditionalMutualInformation } from './ksg.js';
export { klEntropy } from './kl.js';
export { mixedMutualInformation } from './mixed.js';
export { gaussianEntropy, gaussianMutualInformation, gaussianKlDivergence, gaussianMutualInformationOf } from './gaussian.js';
export type { CovarianceInput, GaussianOptions } from './gaussian.js';
export { permutationTest } from './permutation-test.js';
export type { Permutable, PermutationOptions, PermutationProgress, PermutationResult } from './permutation-test.js';
export { mutualInformationTest } from './mi-test.js';
export type { MutualInformationKind, MutualInformationTestOptions, MutualInformationTestResult } from './mi-test.js';
export { ksgInformation, ksgLocalInformation, ksgTotalCorrelation, ksgDualTotalCorrelation, ksgOInformation, ksgSInformation } from './multivariate.js';
export type { KsgMultivariateOptions } from './multivariate.js';
export { informationTest } from './information-test.js';
export type { InformationTestOptions, InformationTestResult } from './information-test.js';
