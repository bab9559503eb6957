// Meta-validation in fit: fixed validation tasks scored before training and every `every` iterations, the best
// meta-parameters kept, early stopping on `patience`, the validation loss in onProgress, and shape checks.
import { describe, expect, it } from 'vitest';
import { adam, createRng, maml, mlp, sinusoidTasks } from '../../src/index.js';
import type { FitProgress } from '../../src/index.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';

const s = sinusoidTasks();
const vr = createRng(42);
const val = Array.from({ length: 10 }, () => s.sample(vr, 10, 20));
const score = (l: ReturnType<typeof maml>): number => val.reduce((t, task) => t + l.evaluate(task), 0) / val.length;

describe('meta-validation', () => {
  it('scores every `every` iterations, reports it, and keeps the best meta-parameters', () => {
    const l = maml({ model: mlp({ sizes: [1, 20, 20, 1] }), seed: 1 });
    const seen: FitProgress[] = [];
    // A learning rate that overshoots late in training, so that the last parameters are not the best.
    const res = l.fit(s, { iterations: 60, metaBatchSize: 4, seed: 2, outerOptimizer: adam({ lr: 0.03 }), validation: { tasks: val, every: 10 }, onProgress: (p) => seen.push(p), progressEvery: 1000 });
    const v = res.validation!;
    expect(v.iterations).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(v.bestLoss).toBe(Math.min(...v.losses));
    expect(v.iterations[v.losses.indexOf(v.bestLoss)]).toBe(v.bestIteration);
    expect(score(l)).toBe(v.bestLoss);
    expect(seen.map((p) => p.iteration)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(seen.map((p) => p.validationLoss)).toEqual(v.losses.slice(1));
    expect(seen[5].bestValidationLoss).toBe(v.bestLoss);
    // Without validation the same run ends on the last parameters, never better than the kept ones.
    const m = maml({ model: mlp({ sizes: [1, 20, 20, 1] }), seed: 1 });
    m.fit(s, { iterations: 60, metaBatchSize: 4, seed: 2, outerOptimizer: adam({ lr: 0.03 }) });
    expect(score(m)).toBeGreaterThanOrEqual(v.bestLoss);
    expect(score(m)).toBe(v.losses[6]);
  });

  it('stops after `patience` scores without improvement', () => {
    const l = maml({ model: mlp({ sizes: [1, 8, 1] }), seed: 1, innerLr: 0.01 });
    const res = l.fit(s, { iterations: 400, metaBatchSize: 2, seed: 3, outerOptimizer: adam({ lr: 0.3 }), validation: { tasks: val, every: 5, patience: 2 } });
    const v = res.validation!;
    expect(v.stoppedEarly).toBe(true);
    expect(res.iterations).toBeLessThan(400);
    expect(res.iterations).toBe(v.iterations[v.iterations.length - 1]);
    expect(v.iterations.length - 1 - v.iterations.indexOf(v.bestIteration)).toBe(2);
    expect(score(l)).toBe(v.bestLoss);
  });

  it('rejects validation tasks whose shapes differ from the training tasks, and bad settings', () => {
    const l = maml({ model: mlp({ sizes: [2, 4, 1] }), seed: 1 });
    const train = { inputSize: 2, outputSize: 1, sample: () => ({ support: { x: [1, 2], y: [1] }, query: { x: [3, 4], y: [2] } }) };
    const bad = [{ support: { x: [1, 2, 3], y: [1] }, query: { x: [1, 2], y: [1] } }];
    expect(errorCodeAndMessage(() => l.fit(train, { iterations: 1, validation: { tasks: bad } }))).toBe("SHAPE_MISMATCH: maml.fit: validation.tasks[0].support.x has 3 values, not a multiple of 2 features per row: validation tasks must have the training tasks' shapes (2 input features per row)");
    expect(code(() => l.fit(train, { iterations: 1, validation: { tasks: [{ support: { x: [1, 2], y: [1, 2] }, query: { x: [1, 2], y: [1] } }] } }))).toBe('SHAPE_MISMATCH');
    expect(code(() => l.fit(train, { iterations: 1, validation: { tasks: [] } }))).toBe('INVALID_OPTION');
    expect(code(() => l.fit(train, { iterations: 1, validation: { tasks: [train.sample()], every: 0 } }))).toBe('INVALID_OPTION');
    expect(code(() => l.fit(train, { iterations: 1, validation: { tasks: [train.sample()], patience: -1 } }))).toBe('INVALID_OPTION');
    expect(code(() => l.fit(train, { iterations: 1, validation: 'yes' as never }))).toBe('INVALID_OPTION');
  });
});
