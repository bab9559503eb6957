// Public surface of `infometa/parallel`: the worker pool and the async, cancellable, parallel forms of the long
// computations. Named re-exports only.
export { WorkerPool, createPool } from './pool.js';
export type { PoolOptions } from './pool.js';
export type { PoolOption } from './common.js';
export { mutualInformationTestAsync } from './mi-test.js';
export type { MutualInformationTestAsyncOptions } from './mi-test.js';
export { ksgMutualInformationAsync, ksgConditionalMutualInformationAsync } from './ksg.js';
export type { KnnAsyncOptions, KnnProgress } from './ksg.js';
export { taskDependencyMatrixAsync } from './dependency.js';
export type { TaskDependencyAsyncOptions } from './dependency.js';
export { fitAsync } from './meta-fit.js';
export type { FitAsyncOptions } from './meta-fit.js';
export { transferEntropyTestAsync, conditionalTransferEntropyTestAsync, transferEntropyMatrixAsync } from './te.js';
export type { TransferEntropyTestAsyncOptions, ConditionalTransferEntropyTestAsyncOptions, TransferEntropyMatrixAsyncOptions } from './te.js';
export { fitMultiTaskAsync } from './multitask.js';
export type { MultiTaskFitAsyncOptions } from './multitask.js';
