// The learner factories' validation: model, hyper-parameters, loss, regularization, initial meta-parameters.
import { fail, fmt } from '../../internal/errors.js';
import { checkBoolean, checkChoice, checkOptions, optionNames } from '../../internal/validate.js';
import { TASK_KINDS } from '../losses.js';
import { checkModel, checkParams, initParams } from '../model.js';
import { MetaLearner } from './base.js';
import { checkRegularization, checkWeight } from './regularization.js';
import type { LearnerKind, LearnerOptions } from './types.js';

/**
 * The most inner steps a learner takes (and `adapt` / `evaluate` accept): exact second-order MAML keeps one workspace
 * per step, and a count like 1e308 would never return.
 */
export const MAX_INNER_STEPS = 10_000;

const LEARNER_OPTIONS = optionNames<LearnerOptions>()('model', 'innerLr', 'innerSteps', 'firstOrder', 'loss', 'params', 'seed', 'init', 'regularization', 'proximal');

/** @internal Validates the options of a learner factory and builds it (`metaParams`: restored from JSON). */
export function buildLearner(fn: string, kind: LearnerKind, options: LearnerOptions, metaParams?: Float64Array): MetaLearner {
  checkOptions(fn, options, LEARNER_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with a model are required');
  const model = checkModel(fn, options.model);
  const lr = options.innerLr;
  if (lr !== undefined && (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr))) fail('INVALID_OPTION', fn, `innerLr must be a finite number > 0 (got ${fmt(lr)})`);
  const innerLr = lr ?? 0.01;
  const steps = options.innerSteps;
  if (steps !== undefined && (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > MAX_INNER_STEPS)) fail('INVALID_OPTION', fn, `innerSteps must be an integer in [1, ${MAX_INNER_STEPS}] (got ${fmt(steps)})`);
  const innerSteps = steps ?? (kind === 'reptile' ? 5 : 1);
  const firstOrder = kind === 'reptile' ? true : checkBoolean(fn, 'firstOrder', options.firstOrder, false);
  const loss = checkChoice(fn, 'loss', options.loss, TASK_KINDS, 'mse');
  const regularization = checkRegularization(fn, options.regularization);
  const proximal = checkWeight(fn, 'proximal', options.proximal);
  const P = model.numParams;
  let params: Float64Array;
  if (metaParams !== undefined) {
    params = metaParams;
    const want = kind === 'metaSgd' ? 2 * P : P;
    if (params.length !== want) fail('INVALID_JSON', fn, `params must have length ${want} (got ${params.length})`);
  } else {
    let theta: Float64Array;
    if (options.params !== undefined) {
      theta = checkParams(fn, model, options.params).slice();
    } else {
      theta = initParams(fn, model, options.seed ?? 0, options.init ?? 'pytorch');
    }
    if (kind === 'metaSgd') {
      params = new Float64Array(2 * P);
      params.set(theta);
      params.fill(innerLr, P);
    } else {
      params = theta;
    }
  }
  return new MetaLearner(kind, model, innerLr, innerSteps, firstOrder, loss, params, regularization, proximal);
}
