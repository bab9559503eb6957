// Meta-validation in fit: fixed tasks, prepared once (their shapes checked against the training tasks), scored
// before training and every `every` iterations; the best meta-parameters are kept and `patience` stops training.
import { fail, fmt } from '../../internal/errors.js';
import { checkInteger } from '../../internal/validate.js';
import type { MetaLearner } from './base.js';
import type { FitValidation, Prepared, ValidationOptions } from './types.js';

/** @internal The validation state of one fit. */
export class Validation {
  /** Score every this many iterations. */
  readonly every: number;
  /** The record returned by fit. */
  readonly record: FitValidation = { iterations: [], losses: [], bestIteration: 0, bestLoss: Infinity, stoppedEarly: false };
  /** The best meta-parameters so far. */
  best: Float64Array | undefined;
  private readonly patience: number;
  private readonly steps: number;
  private readonly tasks: [Prepared, Prepared][];
  private sinceBest = 0;

  constructor(private readonly learner: MetaLearner, private readonly fn: string, v: ValidationOptions) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('INVALID_OPTION', fn, `validation must be an object { tasks, every, patience } (got ${fmt(v)})`);
    if (!Array.isArray(v.tasks) || v.tasks.length === 0) fail('INVALID_OPTION', fn, `validation.tasks must be a non-empty array of tasks (got ${fmt(v.tasks)})`);
    this.every = checkInteger(fn, 'validation.every', v.every, 100, 1);
    this.patience = v.patience === undefined ? Infinity : checkInteger(fn, 'validation.patience', v.patience, 1, 1);
    this.steps = checkInteger(fn, 'validation.steps', v.steps, learner.innerSteps, 0);
    this.tasks = v.tasks.map((t, i) => {
      try {
        return learner.prepareTask(fn, `validation.tasks[${i}]`, t);
      } catch (e) {
        if ((e as { code?: string }).code !== 'SHAPE_MISMATCH') throw e;
        fail('SHAPE_MISMATCH', fn, `${(e as Error).message.slice(fn.length + 2)}: validation tasks must have the training tasks' shapes (${learner.model.inputSize} input features per row)`);
      }
    });
  }

  /** Scores `meta` after iteration `it` (a non-finite score counts as Infinity); keeps it if it is the best. */
  score(meta: Float64Array, it: number): number {
    let total = 0;
    for (const [s, q] of this.tasks) {
      let l: number;
      try {
        l = this.learner.plainLoss(this.fn, this.learner.innerLoop(this.fn, meta, s, this.steps), q);
      } catch (e) {
        if ((e as { code?: string }).code !== 'DIVERGED') throw e;
        l = Infinity;
      }
      total += l - l === 0 ? l : Infinity;
    }
    const v = total / this.tasks.length;
    const r = this.record;
    r.iterations.push(it);
    r.losses.push(v);
    if (v < r.bestLoss) {
      r.bestLoss = v;
      r.bestIteration = it;
      this.best = meta.slice();
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    return v;
  }

  /** Whether `patience` scores in a row brought no improvement. */
  exhausted(): boolean {
    return this.sinceBest >= this.patience;
  }
}
