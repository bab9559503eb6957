// Public surface of `infometa/dynamics`: information dynamics of time series (transfer entropy, active information
// storage, predictive information, entropy rate), their local values, embedding selection and surrogate tests.
// Named re-exports only.
export type { Series, SeriesInput } from './series.js';
export type {
  DynamicsEstimator,
  KnnDynamicsOptions,
  DynamicsOptions,
  TransferEntropyOptions,
  ConditionalTransferEntropyOptions,
  StorageOptions,
  EntropyRateOptions,
} from './options.js';
export type { LocalValues } from './prepare.js';
export { transferEntropy, transferEntropyLocal, conditionalTransferEntropy, conditionalTransferEntropyLocal } from './transfer-entropy.js';
export {
  activeInformationStorage,
  activeInformationStorageLocal,
  predictiveInformation,
  predictiveInformationLocal,
  entropyRate,
  entropyRateLocal,
} from './storage.js';
export { selectEmbedding } from './embedding-selection.js';
export type { EmbeddingSelectionOptions, EmbeddingSelection, EmbeddingCandidate } from './embedding-selection.js';
export type { SurrogateMethod, SurrogateOptions, SurrogateProgress, SurrogateTally } from './surrogates.js';
export { transferEntropyTest, conditionalTransferEntropyTest } from './te-test.js';
export type { TransferEntropyTestOptions, ConditionalTransferEntropyTestOptions, TransferEntropyTestResult } from './te-test.js';
export { transferEntropyMatrix, TransferEntropyMatrix } from './te-matrix.js';
export type { TransferEntropyMatrixOptions, TransferEntropyEdge, TransferEntropyMatrixJSON } from './te-matrix.js';
export { adjustPValues } from './multiple-testing.js';
export type { PValueCorrection, AdjustPValuesOptions } from './multiple-testing.js';
