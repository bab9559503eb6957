// Issue 13, Faults: an aborted or failed training call leaves the model as it was before the call (MetaLearner.fit: at
// the last completed step). Each abort is fired from onProgress, in the middle of the work.
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/errors.js';
import { SharedDictionaryModel, SharedLatentModel, adam, maml, mlp, sinusoidTasks, trainMiRegularized } from '../../src/index.js';
import type { MultiTaskData } from '../../src/index.js';


/** Two regression tasks on 3 features. */
function tasks(names = ['a', 'b']): MultiTaskData[] {
  const x = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 5) - 2]);
  return names.map((name, t) => ({ name, x, y: x.map((r) => r[0] * (t + 1) - r[2] + 0.1 * Math.sin(7 * t + r[1])) }));
}

/** onProgress that aborts the run at its `at`-th report. */
function abortAt(at: number): { signal: AbortSignal; onProgress: () => void } {
  const c = new AbortController();
  let k = 0;
  return { signal: c.signal, onProgress: () => { if (++k === at) c.abort(); } };
}

describe('an aborted or failed multi-task fit leaves the model as before the call', () => {
  it('an aborted ALS fit on a fresh model leaves it unfitted: predict and toJSON keep working as before', () => {
    const m = new SharedLatentModel({ rank: 1, solver: 'als', iterations: 50, tol: 0 });
    const before = JSON.stringify(m.toJSON());
    expect(thrown(() => m.fit(tasks(), abortAt(2))).code).toBe('ABORTED');
    expect(JSON.stringify(m.toJSON())).toBe(before);
    expect(m.tasks).toEqual([]);
    expect(thrown(() => m.predict(0, [[1, 2, 3]])).message).toBe('SharedLatentModel.predict: the model is not fitted yet; call fit first');
  });

  for (const solver of ['als', 'adam'] as const) {
    it(`an aborted refit (${solver}) neither renames the tasks nor changes the parameters`, () => {
      const m = new SharedLatentModel({ rank: 1, solver, iterations: 20, epochs: 20, tol: 0 });
      m.fit(tasks());
      const before = JSON.stringify(m.toJSON());
      expect(thrown(() => m.fit(tasks(['c', 'd']), abortAt(2))).code).toBe('ABORTED');
      expect(JSON.stringify(m.toJSON())).toBe(before);
      expect(m.tasks).toEqual(['a', 'b']);
    });
  }

  it('an aborted fineTune does not add the task; one failing in onProgress neither', () => {
    const m = new SharedDictionaryModel({ k: 1, solver: 'adam', epochs: 10 });
    m.fit(tasks());
    const before = JSON.stringify(m.toJSON());
    const [t] = tasks(['new']);
    expect(thrown(() => m.fineTune('new', t, { freezeShared: false, ...abortAt(3) })).code).toBe('ABORTED');
    expect(m.tasks).toEqual(['a', 'b']);
    expect(JSON.stringify(m.toJSON())).toBe(before);
    const mine = new Error('from onProgress');
    expect(() => m.fineTune('new', t, { freezeShared: false, onProgress: () => { throw mine; } })).toThrow(mine);
    expect(JSON.stringify(m.toJSON())).toBe(before);
  });

  it('onProgress and signal are checked before anything changes', () => {
    const m = new SharedLatentModel({ rank: 1 });
    expect(thrown(() => m.fit(tasks(), { onProgress: 5 as never })).message).toBe('SharedLatentModel.fit: onProgress must be a function (got 5)');
    expect(thrown(() => m.fit(tasks(), { sed: 1 } as never)).message).toMatch(/^SharedLatentModel\.fit: unknown option "sed"; did you mean 'seed'\?/);
    expect(m.tasks).toEqual([]);
  });

  it('a 1e308 feature is refused with a named error instead of an infinite scale (item 2)', () => {
    const m = new SharedLatentModel({ rank: 1 });
    const e = thrown(() => m.fit([{ x: [[1e308], [-1e308], [1]], y: [1, 2, 3] }]));
    expect(e.message).toMatch(/^SharedLatentModel\.fit: feature 0 is too large to standardize/);
    expect(m.inputSize).toBe(-1);
  });

  it('a multiclass label of 1e6 is not a million-class head (item 8)', () => {
    const m = new SharedLatentModel({ rank: 1 });
    expect(thrown(() => m.fit([{ x: [[1], [2]], y: [0, 1e6], type: 'multiclass' }])).message).toMatch(/holds label 1000000: labels are class indices 0…C−1 with at most 65536 classes/);
  });

  it('fromJSON refuses what the constructor refuses, naming the field (item 10)', () => {
    const m = new SharedLatentModel({ rank: 1 });
    m.fit(tasks());
    const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    const withConfig = (k: string, v: unknown): unknown => {
      const j = json();
      (j.config as Record<string, unknown>)[k] = v;
      return j;
    };
    expect(thrown(() => SharedLatentModel.fromJSON(withConfig('lambda', -1))).message).toBe('SharedLatentModel.fromJSON: config.lambda must be a finite number in [0, Infinity] (got -1)');
    expect(thrown(() => SharedLatentModel.fromJSON(withConfig('epochs', 1.5))).message).toMatch(/^SharedLatentModel\.fromJSON: config\.epochs must be an integer/);
    const j = json();
    ((j.heads as Record<string, unknown>[])[0]).weight = NaN;
    expect(thrown(() => SharedLatentModel.fromJSON(j)).message).toBe('SharedLatentModel.fromJSON: heads[0].weight must be a finite number ≥ 0 (got NaN)');
    const k = json();
    (k.scale as number[])[0] = 0;
    expect(thrown(() => SharedLatentModel.fromJSON(k)).message).toBe('SharedLatentModel.fromJSON: scale[0] must be a finite number > 0 (got 0)');
    expect(SharedLatentModel.fromJSON(json()).predict(0, [[1, 2, 3]])).toEqual(m.predict(0, [[1, 2, 3]]));
  });
});

describe('trainMiRegularized', () => {
  const data = { x: Array.from({ length: 12 }, (_, i) => [i / 6 - 1]), yA: Array.from({ length: 12 }, (_, i) => i % 2), yB: Array.from({ length: 12 }, (_, i) => i / 12) };
  it("an abort leaves the caller's optimizers as they were (they never run ahead of parameters it did not get)", () => {
    const optimizerA = adam({ lr: 0.01 }), optimizerB = adam({ lr: 0.01 });
    const a0 = JSON.stringify(optimizerA), b0 = JSON.stringify(optimizerB);
    const e = thrown(() => trainMiRegularized(mlp({ sizes: [1, 2] }), mlp({ sizes: [1, 1] }), data, { lambda: 0.1, epochs: 5, optimizerA, optimizerB, ...abortAt(2) }));
    expect(e.code).toBe('ABORTED');
    expect(e.message).toBe('trainMiRegularized: aborted by signal');
    expect(JSON.stringify(optimizerA)).toBe(a0);
    expect(JSON.stringify(optimizerB)).toBe(b0);
    // The same optimizers then train exactly as fresh ones would.
    const o = { lambda: 0.1, epochs: 2, seed: 3 };
    const r1 = trainMiRegularized(mlp({ sizes: [1, 2] }), mlp({ sizes: [1, 1] }), data, { ...o, optimizerA, optimizerB });
    const r2 = trainMiRegularized(mlp({ sizes: [1, 2] }), mlp({ sizes: [1, 1] }), data, { ...o, optimizerA: adam({ lr: 0.01 }), optimizerB: adam({ lr: 0.01 }) });
    expect(Array.from(r1.paramsA)).toEqual(Array.from(r2.paramsA));
  });

  it('names itself, not softBin or mul, and checks its optimizers (item 12)', () => {
    const tiny = { x: [[1e308], [1]], yA: [0, 0], yB: [2.6e-250, 3.5e-323] };
    expect(thrown(() => trainMiRegularized(mlp({ sizes: [1, 2] }), mlp({ sizes: [1, 1] }), tiny, { lambda: 0 })).message).toMatch(/^trainMiRegularized: /);
    expect(thrown(() => trainMiRegularized(mlp({ sizes: [1, 2] }), mlp({ sizes: [1, 1] }), data, { lambda: 0, optimizerA: {} as never })).message).toBe('trainMiRegularized: optimizerA must be an Optimizer from sgd() or adam() (got object Object)');
  });
});

describe('MetaLearner.fit', () => {
  it('an abort from onProgress stops at the last completed step, with the parameters of that step', () => {
    const model = mlp({ sizes: [1, 8, 1] });
    const a = maml({ model, seed: 2 });
    const c = new AbortController();
    const res = a.fit(sinusoidTasks(), { iterations: 10, metaBatchSize: 2, seed: 1, progressEvery: 1, signal: c.signal, onProgress: (p) => { if (p.iteration === 3) c.abort(); } });
    expect(res).toMatchObject({ iterations: 3, aborted: true });
    const b = maml({ model, seed: 2 });
    b.fit(sinusoidTasks(), { iterations: 3, metaBatchSize: 2, seed: 1 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
  });
});
