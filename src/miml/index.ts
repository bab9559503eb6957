// Public surface of `infometa/miml`: task dependency and related-task selection. Named re-exports only.
export { DependencyMatrix } from './matrix.js';
export type { DependencyMeasure, DependencyMatrixOptions, DependencyMatrixJSON } from './matrix.js';
export type { LabelMatrix, TaskLabels } from './tasks.js';
export { taskDependencyMatrix } from './dependency.js';
export type { TaskDependencyOptions, TaskDependencyProgress } from './dependency.js';
export { taskDependencyFromPredictions, taskDependencyGradient } from './predictions.js';
export type { ProbabilityRows, PredictionDependencyOptions, PredictionDependencyGradient } from './predictions.js';
export { selectRelatedTasks, groupTasks } from './select.js';
export type { SelectionStrategy, SelectRelatedOptions, RelatedTask, GroupTasksOptions, TaskMerge, TaskGroups } from './select.js';
export { dependencyHeatmapSVG } from './heatmap.js';
export { TaskCounter } from './task-counter.js';
export type { TaskCounterJSON } from './task-counter.js';
export { taskDependencyFromCounts, taskDependencyFromCooccurrence } from './sufficient.js';
export type { SufficientDependencyOptions, CooccurrenceStats } from './sufficient.js';
export { taskCountsSQL, taskCountsFromRows } from './sql.js';
export type { SqlDialect, TaskCountsKind, TaskCountsSQLOptions, TaskCountsFromRowsOptions } from './sql.js';
export type { HeatmapOptions } from './heatmap.js';
