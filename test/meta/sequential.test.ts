// sequential([...layers]): layout, names, initialisation and forward pass equal to the same mlp; JSON; errors.
import { describe, expect, it } from 'vitest';
import { mlp, modelFromJSON, sequential } from '../../src/index.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';

describe('sequential', () => {
  it('lays out, names, initialises and evaluates like the equivalent mlp', () => {
    const s = sequential([{ dense: 5 }, 'softplus', { dense: 4 }, 'softplus', { dense: 2, name: 'head' }], { inputSize: 3 });
    const m = mlp({ sizes: [3, 5, 4, 2], activation: 'softplus' });
    expect(s.numParams).toBe(m.numParams);
    expect(s.blocks.map((b) => [b.offset, b.shape])).toEqual(m.blocks.map((b) => [b.offset, b.shape]));
    expect(s.blocks.map((b) => b.name)).toEqual(['layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias', 'head.weight', 'head.bias']);
    expect(s.head).toEqual(m.head);
    for (const scheme of ['pytorch', 'glorot', 'he'] as const) expect(Array.from(s.init(7, scheme))).toEqual(Array.from(m.init(7, scheme)));
    const p = m.init(1);
    const x = [0.5, -1, 2, 1, 0, -0.5];
    expect(Array.from(s.apply(p, x))).toEqual(Array.from(m.apply(p, x)));
    const w = s.withOutputSize(4);
    expect(w.outputSize).toBe(4);
    expect(w.blocks.slice(0, 4)).toEqual(s.blocks.slice(0, 4));
    expect(w.blocks[5].name).toBe('head.bias');
  });

  it('allows activations anywhere (then it has no fast path) and round-trips through JSON', () => {
    const s = sequential(['tanh', { dense: 3 }, 'relu', 'sigmoid', { dense: 1 }, 'sigmoid'], { inputSize: 2 });
    expect(s.fastPath('mse')).toBeUndefined();
    const out = s.apply(s.init(2), [1, 2, -3, 0.5]);
    expect(out.every((v) => v > 0 && v < 1)).toBe(true);
    const back = modelFromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(Array.from(back.apply!(s.init(2), [1, 2, -3, 0.5]))).toEqual(Array.from(out));
    expect(sequential([{ dense: 2 }, { dense: 1 }], { inputSize: 2 }).fastPath('mse')).toBeDefined();
  });

  it('rejects malformed stacks, naming the layer', () => {
    expect(errorCodeAndMessage(() => sequential([{ dense: 0 }], { inputSize: 1 }))).toBe('INVALID_OPTION: sequential: layers[0].dense must be an integer ≥ 1 (got 0)');
    expect(errorCodeAndMessage(() => sequential([{ dense: 2 }, 'gelu' as 'relu'], { inputSize: 1 }))).toMatch(/^INVALID_OPTION: sequential: layers\[1\]: unknown activation "gelu"/);
    expect(code(() => sequential([], { inputSize: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sequential(['relu'], { inputSize: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sequential([{ dense: 2, name: 'a' }, { dense: 2, name: 'a' }], { inputSize: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sequential([{ dense: 2, name: 'a.b' }], { inputSize: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sequential([{ dense: 2, units: 3 } as never], { inputSize: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sequential([{ dense: 2 }], {} as never))).toBe('INVALID_OPTION');
    expect(code(() => sequential([{ dense: 2 }], { inputSize: 1 }).apply(new Float64Array(3), [1]))).toBe('SHAPE_MISMATCH');
  });
});
