// Issue 13, item 7: optimizers under hostile input. A step that would overflow (Adam's second moment of a huge
// gradient, a learning rate of 1e308) or that is given NaN parameters throws and writes nothing; optimizerFromJSON
// refuses a negative second moment and names the field; unknown option names are refused.
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/errors.js';
import { adam, optimizerFromJSON, sgd } from '../../src/index.js';


describe('optimizers under hostile input (item 7)', () => {
  it("Adam refuses a gradient whose square overflows the second moment, instead of skipping the step silently", () => {
    const opt = adam({ lr: 0.1 });
    const p = Float64Array.of(1, 2);
    const e = thrown(() => opt.step(p, Float64Array.of(1e308, 1)));
    expect(e.code).toBe('NON_FINITE');
    expect(e.message).toMatch(/^adam\.step: the second moment \(1e\+308 squared\) at index 0 would not be finite in float64; nothing was updated/);
    expect(Array.from(p)).toEqual([1, 2]);
    expect(opt.t).toBe(0);
    expect(opt.toJSON().state).toEqual([]);
    // The optimizer is still usable, with the same numbers as a fresh one.
    const q = Float64Array.of(1, 2), r = Float64Array.of(1, 2);
    opt.step(q, Float64Array.of(3, -1));
    adam({ lr: 0.1 }).step(r, Float64Array.of(3, -1));
    expect(Array.from(q)).toEqual(Array.from(r));
  });

  it('adam({ lr: 1e308 }) and sgd({ lr: 1e308 }) refuse a step that leaves float64 rather than writing NaN', () => {
    const p = Float64Array.of(0.5);
    expect(thrown(() => adam({ lr: 1e308 }).step(p, Float64Array.of(0))).message).toMatch(/^adam\.step: the updated parameter at index 0 would not be finite/);
    expect(thrown(() => adam({ lr: 1e308 }).step(p, Float64Array.of(1))).code).toBe('NON_FINITE');
    expect(thrown(() => sgd({ lr: 1e308 }).step(p, Float64Array.of(10))).message).toMatch(/^sgd\.step: the updated parameter at index 0/);
    expect(Array.from(p)).toEqual([0.5]);
  });

  it('NaN parameters are refused', () => {
    expect(thrown(() => sgd().step(Float64Array.of(NaN), Float64Array.of(1))).message).toBe('sgd.step: params[0] must be finite (got NaN)');
    expect(thrown(() => adam().step(Float64Array.of(1, Infinity), Float64Array.of(1, 1))).message).toBe('adam.step: params[1] must be finite (got Infinity)');
  });

  it('unknown option names are refused, naming the closest', () => {
    expect(thrown(() => adam({ betta1: 0.9 } as never)).message).toMatch(/^adam: unknown option "betta1"; did you mean 'beta1'\?/);
    expect(thrown(() => sgd({ momentun: 0.9 } as never)).code).toBe('INVALID_OPTION');
  });

  it('optimizerFromJSON refuses a negative second moment, a malformed options field and holes, naming the field', () => {
    const base = { kind: 'infometa.adam', version: 1, options: { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }, t: 1 };
    expect(thrown(() => optimizerFromJSON({ ...base, state: [[0], [-1]] })).message).toBe('optimizerFromJSON: state[1][0], a second moment, must be ≥ 0 (got -1)');
    expect(thrown(() => optimizerFromJSON({ ...base, options: [1], state: [] })).message).toBe('optimizerFromJSON: options must be an object (got array of length 1)');
    expect(thrown(() => optimizerFromJSON({ ...base, options: { ...base.options, beta1: 2 }, state: [] })).message).toMatch(/^optimizerFromJSON: options: adam: beta1 must be/);
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => optimizerFromJSON({ ...base, state: [[0, , 1], [0, 0, 0]] })).message).toBe('optimizerFromJSON: state[0][1] must be a finite number (got an empty slot (a hole in the array))');
    expect(thrown(() => optimizerFromJSON({ ...base, t: 1e308, state: [] })).code).toBe('INVALID_JSON');
    const ok = optimizerFromJSON({ ...base, state: [[0.1], [0.01]] });
    const p = Float64Array.of(1);
    ok.step(p, Float64Array.of(1));
    expect(Number.isFinite(p[0])).toBe(true);
  });
});
