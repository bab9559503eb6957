// Issue 13, phase B: models, learners and task samplers under hostile input (items 6, 8, 9, 12).
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/errors.js';
import { MetaLearner, Mlp, createRng, linear, maml, mlp, multiHead, reptile, sequential, sinusoidTasks, tensor } from '../../src/index.js';


describe('holes, NaN and BigInt sizes (items 6, 12)', () => {
  it('mlp, the Mlp constructor and Mlp.fromJSON refuse holes, naming the slot', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holed = [2, , 1] as number[];
    expect(thrown(() => mlp({ sizes: holed })).message).toBe('mlp: sizes[1] must be an integer ≥ 1 (got an empty slot (a hole in the array))');
    expect(thrown(() => new Mlp(holed, 'relu')).message).toBe('Mlp: sizes[1] must be an integer ≥ 1 (got an empty slot (a hole in the array))');
    expect(thrown(() => new Mlp([1n, 2n] as unknown as number[], 'relu')).message).toBe('Mlp: sizes[0] must be an integer ≥ 1 (got 1n (a BigInt; pass a number))');
    expect(thrown(() => new Mlp([2, 1], 'gelu' as never)).code).toBe('INVALID_ARGUMENT');
    const e = thrown(() => Mlp.fromJSON({ kind: 'infometa.mlp', version: 1, sizes: holed, activation: 'relu' }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toMatch(/^Mlp\.fromJSON: sizes\[1\]/);
  });

  it('sizes whose parameter count would take minutes to initialise are refused', () => {
    expect(thrown(() => mlp({ sizes: [1e6, 1e6] })).message).toMatch(/^mlp: sizes \[1000000, 1000000\] make 1000001000000 parameters; at most 134217728/);
    expect(thrown(() => linear({ inputSize: 2 ** 31, outputSize: 1 })).code).toBe('INVALID_OPTION');
  });
});

describe('numeric strings are not coerced (item 9)', () => {
  it('Mlp.apply and metaGradient refuse strings and holes instead of reading them as numbers', () => {
    const m = linear({ inputSize: 1, outputSize: 1 });
    expect(thrown(() => m.apply(m.init(0), ['1', '2'] as never)).message).toBe('Mlp.apply: x[0] must be a number (got "1")');
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => m.apply(m.init(0), [1, , 2] as number[])).message).toBe('Mlp.apply: x[1] must be a number (got an empty slot (a hole in the array))');
    const l = maml({ model: m });
    const e = thrown(() => l.metaGradient([{ support: { x: ['1'] as never, y: [1] }, query: { x: [1], y: [1] } }]));
    expect(e.message).toBe('maml.metaGradient: tasks[0].support.x[0] must be a number (got "1")');
    expect(thrown(() => l.metaGradient([{ support: { x: [1], y: ['1'] as never }, query: { x: [1], y: [1] } }])).message).toMatch(/^maml\.metaGradient: tasks\[0\]\.support\.y\[0\] must be a number/);
  });

  it('Mlp.forward checks its tensors instead of throwing a TypeError', () => {
    const m = mlp({ sizes: [2, 1] });
    const p = m.split(m.init(0));
    expect(thrown(() => m.forward(p, null as never)).message).toBe('Mlp.forward: x must be a Tensor (got null)');
    expect(thrown(() => m.forward(null as never, tensor([1, 2], [1, 2]))).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => m.forward([p[1], p[0]], tensor([1, 2], [1, 2]))).message).toMatch(/^Mlp\.forward: params\[0\] \(layer0\.weight\) must have shape \[2, 1\]/);
  });

  it('so do the models of sequential() and multiHead()', () => {
    const s = sequential([{ dense: 2 }, 'tanh', { dense: 1 }], { inputSize: 2 });
    expect(thrown(() => s.forward(s.split(s.init(0)), null as never)).message).toBe('sequential.forward: x must be a Tensor (got null)');
    expect(thrown(() => s.forward(null as never, tensor([1, 2], [1, 2]))).message).toMatch(/^sequential\.forward: params must be an array of tensors/);
    const h = multiHead({ body: s, heads: { regression: linear({ inputSize: 1, outputSize: 1 }) } });
    expect(thrown(() => h.forward([], tensor([1, 2], [1, 2]), 'regression')).message).toMatch(/^multiHead\.forward: params must have/);
  });
});

describe('upper bounds instead of hangs (item 8)', () => {
  it('innerSteps and adapt steps are bounded', () => {
    const m = linear({ inputSize: 1, outputSize: 1 });
    expect(thrown(() => maml({ model: m, innerSteps: 1e308 })).message).toBe('maml: innerSteps must be an integer in [1, 10000] (got 1e+308)');
    expect(thrown(() => maml({ model: m }).adapt(m.init(0), { x: [1], y: [1] }, { steps: 2 ** 53 + 2 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => reptile({ model: m }).fit(sinusoidTasks(), { iterations: 1, shots: 1e9 })).message).toMatch(/^reptile\.fit: shots must be an integer in \[1, 16777216\]/);
  });

  it('a sinusoid sampler checks its counts and generator before drawing', () => {
    const s = sinusoidTasks();
    expect(thrown(() => s.sample(createRng(1), 1e9, 1)).message).toBe('sinusoidTasks.sample: shots must be an integer in [1, 16777216] (got 1000000000)');
    expect(thrown(() => s.sample({} as never, 1, 1)).message).toBe('sinusoidTasks.sample: rng must be a generator from createRng (got object Object)');
    expect(s.last).toEqual({ amplitude: 0, phase: 0 });
  });
});

describe('the public MetaLearner constructor and the init seed (items 7, 12)', () => {
  it('refuses what the factories refuse, under its own name', () => {
    const m = mlp({ sizes: [1, 1] });
    const p = new Float64Array(2);
    expect(thrown(() => new MetaLearner('maml', m, Infinity, 1, false, 'mse', p)).message).toBe('MetaLearner: innerLr must be a finite number > 0 (got Infinity)');
    expect(thrown(() => new MetaLearner('maml', m, 0.1, 1e308, false, 'mse', p)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new MetaLearner('maml', m, 0.1, 1, false, 'mse', Float64Array.of(NaN, 1))).message).toBe('MetaLearner: params[0] must be finite (got NaN)');
    expect(thrown(() => new MetaLearner('metaSgd', m, 0.1, 1, false, 'mse', p)).code).toBe('SHAPE_MISMATCH');
    expect(new MetaLearner('maml', m, 0.1, 1, false, 'mse', p).params).toBe(p);
  });

  it('maml({ seed }) names maml, not createRng or Mlp.init', () => {
    const m = mlp({ sizes: [1, 1] });
    expect(thrown(() => maml({ model: m, seed: 1.5 })).message).toBe('maml: seed must be an integer (got 1.5)');
    expect(thrown(() => m.init(0.5)).message).toBe('Mlp.init: seed must be an integer (got 0.5)');
  });
});
