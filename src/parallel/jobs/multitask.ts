// A whole multi-task fit in one worker: a fresh engine of the model's configuration fits the tasks with the seed,
// exactly as the synchronous `fit` does, and sends its fitted state back as JSON.
import { Engine } from '../../meta/multitask/engine.js';
import type { EngineConfig, EngineJSON, MultiTaskFitResult } from '../../meta/multitask/engine.js';
import type { MultiTaskData } from '../../meta/multitask/data.js';
import type { Job } from '../protocol.js';

/** The fit: the model's configuration, its kind (for the JSON), the function name for errors, the data and seed. */
export interface MultiTaskShared {
  cfg: EngineConfig;
  widthName: string;
  kind: string;
  fn: string;
  tasks: readonly MultiTaskData[];
  seed: number;
}

/** The fitted state and the fit's summary. */
export interface MultiTaskFitted {
  json: EngineJSON;
  result: MultiTaskFitResult;
}

/** The job: one chunk, the whole fit, its progress (each sweep or epoch) sent on as it comes. */
export const multiTaskJob: Job<MultiTaskShared, null, MultiTaskFitted, MultiTaskShared> = {
  prepare: (s) => s,
  run: (s, _, progress) => {
    const e = new Engine(s.cfg);
    e.widthName = s.widthName;
    const result = e.fit(s.fn, s.tasks, { seed: s.seed, onProgress: progress });
    return { json: e.toJSON(s.kind), result };
  },
};
