// Public surface of `infometa/miml`: task dependency and related-task selection. Named re-exports only.
export { DependencyMatrix } from './matrix.js';
export type { DependencyMeasure, DependencyMatrixOptions, DependencyMatrixJSON } from './matrix.js';
export type { LabelMatrix, TaskLabels } from './tasks.js';
export { taskDependencyMatrix } from './dependency.js';
export type { TaskDependencyOptions, TaskDependencyProgress } from './dependency.js';
