// Built-in samplers whose draws can be separated from building the task: `plan` consumes the generator exactly as
// `sample` does and returns the drawn rows; `buildTask` turns a plan into the task from the sampler's own data. The
// meta-training loop of infometa/parallel draws plans on the calling thread (a few integers per task) and builds
// the tasks in the workers, which hold a copy of the data, so the rows are copied where they are used and in
// parallel. `sample(rng, k, q)` is, by construction, the task built from `plan(rng, k, q)`: the same draws, the same
// bits.
import type { Rng } from '../internal/rng.js';
import { copyRows } from './fewshot/rows.js';
import type { Task, TaskSampler } from './tasks.js';

/** @internal What a worker needs to build a sampler's tasks: plain data, sent once per worker. */
export interface PlanSource {
  kind: 'fewShot';
  /** The rows, row-major. */
  data: Float64Array;
  /** Features per row. */
  d: number;
  /** Classes per episode. */
  ways: number;
}

/** @internal One task's draws: the support and query rows, grouped by episode class, k and q rows per class. */
export interface TaskPlan {
  support: Int32Array;
  query: Int32Array;
}

/** @internal A sampler's plan/build split (its `sample`, recorded, so that a replaced `sample` is never bypassed). */
export interface Planner {
  sample: TaskSampler['sample'];
  source: PlanSource;
  plan(rng: Rng, shots: number, queryShots: number): TaskPlan;
}

const planners = new WeakMap<object, Planner>();

/** @internal Records the plan/build split of a built-in sampler. */
export function setPlanner(sampler: TaskSampler, planner: Planner): void {
  planners.set(sampler, planner);
}

/** @internal The sampler's plan/build split, if it is a built-in sampler whose `sample` is still its own. */
export function plannerOf(sampler: TaskSampler): Planner | undefined {
  const p = planners.get(sampler);
  return p !== undefined && sampler.sample === p.sample ? p : undefined;
}

/**
 * @internal The task of a plan: the support and query sets of an N-way episode, in fresh arrays, or in those of `into`
 * (a task this function built before, whose arrays are then overwritten) when their sizes fit.
 */
export function buildTask(source: PlanSource, plan: TaskPlan, into?: Task): Task & { kind: 'classification' } {
  const { data, d, ways } = source;
  const set = (rows: Int32Array, old: Task['support'] | undefined): { x: Float64Array; y: Float64Array } => {
    const per = rows.length / ways;
    const fits = old !== undefined && old.x instanceof Float64Array && old.y instanceof Float64Array && old.x.length === rows.length * d && old.y.length === rows.length;
    const x = fits ? (old.x as Float64Array) : new Float64Array(rows.length * d);
    const y = fits ? (old.y as Float64Array) : new Float64Array(rows.length);
    for (let c = 0; c < ways; c++) y.fill(c, c * per, (c + 1) * per);
    copyRows(data, d, rows, x, 0);
    return { x, y };
  };
  return { support: set(plan.support, into?.support), query: set(plan.query, into?.query), kind: 'classification' };
}
