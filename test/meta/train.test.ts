// The shared training step: value and gradient over a flat vector of several models' blocks, and the mini-batches.
import { describe, expect, it } from 'vitest';
import { add, createRng, grad, linear, mean, mlp, mul, sub, tensor } from '../../src/index.js';
import { Batches, valueAndGrad } from '../../src/meta/train.js';

describe('valueAndGrad', () => {
  it('places each model\'s block gradients at its offset in the flat vector', () => {
    const a = mlp({ sizes: [2, 3, 1], activation: 'tanh' }), b = linear({ inputSize: 2, outputSize: 1 });
    const params = Float64Array.from({ length: a.numParams + b.numParams }, (_, i) => Math.sin(i + 1));
    const x = tensor([1, 2, -1, 0.5], [2, 2]);
    const g = new Float64Array(params.length).fill(7);
    const v = valueAndGrad(params, [{ model: a, offset: 0 }, { model: b, offset: a.numParams }], ([ta, tb]) => mean(mul(add(a.forward(ta, x), b.forward(tb, x)), sub(a.forward(ta, x), 1))), g);
    const ta = a.split(params.slice(0, a.numParams), true), tb = b.split(params.slice(a.numParams), true);
    const L = mean(mul(add(a.forward(ta, x), b.forward(tb, x)), sub(a.forward(ta, x), 1)));
    const gs = grad(L, [...ta, ...tb]);
    expect(v).toBe(L.item());
    expect(Array.from(g)).toEqual(gs.flatMap((t) => Array.from(t.data)));
    expect(valueAndGrad(params, [{ model: b, offset: a.numParams }], () => null, g)).toBe(0);
    expect(g.every((q) => q === 0)).toBe(true);
  });
});

describe('Batches', () => {
  it('slices or cycles, reshuffling only groups larger than a batch', () => {
    const sl = new Batches(createRng(1), [10], 4, false);
    expect(sl.steps).toBe(3);
    sl.shuffle();
    const seen = [0, 1, 2].flatMap((s) => Array.from(sl.batch(0, s)));
    expect(seen.length).toBe(10);
    expect([...seen].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cy = new Batches(createRng(1), [10, 3], 4, true);
    cy.shuffle();
    expect(cy.steps).toBe(3);
    expect(Array.from(cy.batch(1, 0))).toEqual([0, 1, 2]);
    for (let s = 0; s < 3; s++) expect(cy.batch(0, s).length).toBe(4);
  });
});
