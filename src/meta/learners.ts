// The MAML family now lives in learners/ (one file per algorithm beside a shared base); this module keeps the
// `meta/learners` import path.
import { setFastPathDefault } from './models.js';

export * from './learners/index.js';
export type { LossName } from './losses.js';

/**
 * @internal @deprecated A test seam kept for the tests written before models carried their fast path: sets whether
 * `mlp()` and `linear()` models created from now on offer it (`mlp({ fastPath })` is the way to choose per model).
 * Learners read only the model; no learner-wide switch remains. Returns the previous default.
 */
export function setFused(on: boolean): boolean {
  return setFastPathDefault(on);
}
