// Fine-tuning any model with frozen blocks: frozen blocks are bit-for-bit unchanged, a replaced output layer gets
// the new size, input-noise augmentation is seeded, the fast path and the tape agree, bad input is named.
import { describe, expect, it } from 'vitest';
import { adam, createRng, fineTune, mlp, sequential } from '../../src/index.js';
import type { Model } from '../../src/index.js';
import { relErr } from '../autodiff/fd.js';
import { errorCode as code, errorCodeAndMessage } from '../helpers/errors.js';
import { HandNet } from './helpers.js';

const rng = createRng(5);
const n = 40;
const x = Float64Array.from({ length: 2 * n }, () => rng.normal());
const cls = Float64Array.from({ length: n }, (_, i) => (x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0));
const reg = Float64Array.from({ length: n }, (_, i) => x[2 * i] - 2 * x[2 * i + 1]);

describe('fineTune', () => {
  it('keeps frozen blocks bit for bit, trains the rest, and replaces the output layer', () => {
    const net = mlp({ sizes: [2, 8, 8, 3], activation: 'tanh' });
    const trained = net.init(3);
    const copy = trained.slice();
    const r = fineTune(net, trained, { x, y: cls }, { loss: 'classification', outputSize: 2, freeze: ['layer0', 'layer1.bias'], epochs: 40, batchSize: 16, optimizer: adam({ lr: 0.02 }) });
    expect(Array.from(trained)).toEqual(Array.from(copy));
    expect(r.model.outputSize).toBe(2);
    expect(r.frozen).toEqual(['layer0.weight', 'layer0.bias', 'layer1.bias']);
    for (const name of r.frozen) {
      const b = r.model.blocks.find((k) => k.name === name)!;
      const len = b.shape.reduce((s, v) => s * v, 1);
      expect(Object.is(r.params[b.offset], trained[b.offset])).toBe(true);
      expect(Array.from(r.params.subarray(b.offset, b.offset + len))).toEqual(Array.from(trained.subarray(b.offset, b.offset + len)));
    }
    const w1 = r.model.blocks.find((k) => k.name === 'layer1.weight')!;
    expect(relErr(r.params.subarray(w1.offset, w1.offset + 64), trained.subarray(w1.offset, w1.offset + 64))).toBeGreaterThan(1e-3);
    expect(r.losses[39]).toBeLessThan(r.losses[0]);
    const acc = (() => {
      const out = r.model.apply(r.params, x);
      let ok = 0;
      for (let i = 0; i < n; i++) ok += (out[2 * i + 1] > out[2 * i] ? 1 : 0) === cls[i] ? 1 : 0;
      return ok / n;
    })();
    expect(acc).toBeGreaterThan(0.85);
  });

  it('works for any model: a sequential stack and a hand-written model, on the tape; the fast path gives the tape\'s numbers', () => {
    const seq = sequential([{ dense: 6, name: 'features' }, 'relu', { dense: 1, name: 'out' }], { inputSize: 2 });
    const a = fineTune(seq, seq.init(1), { x, y: reg }, { freeze: ['features'], epochs: 30, seed: 2 });
    expect(Array.from(a.params.subarray(0, 18))).toEqual(Array.from(seq.init(1).subarray(0, 18)));
    const hand = new HandNet(2, 5, 1);
    const h = fineTune(hand, hand.init(2), { x, y: reg }, { freeze: ['inner'], epochs: 30 });
    expect(Array.from(h.params.subarray(0, 15))).toEqual(Array.from(hand.init(2).subarray(0, 15)));
    expect(h.losses[29]).toBeLessThan(h.losses[0]);
    const run = (fastPath: boolean): Float64Array => {
      const m = mlp({ sizes: [2, 6, 1], activation: 'tanh', fastPath });
      return fineTune(m, m.init(4), { x, y: reg }, { freeze: ['layer0.bias'], epochs: 20, batchSize: 8, noise: 0.1, seed: 3 }).params;
    };
    expect(relErr(run(true), run(false))).toBeLessThan(1e-12);
  });

  it('input noise is seeded augmentation: the same seed gives the same result, noise changes it', () => {
    const m = mlp({ sizes: [2, 4, 1] });
    const go = (noise: number, seed: number): Float64Array => fineTune(m, m.init(1), { x, y: reg }, { noise, seed, epochs: 5 }).params;
    expect(Array.from(go(0.3, 1))).toEqual(Array.from(go(0.3, 1)));
    expect(relErr(go(0.3, 1), go(0, 1))).toBeGreaterThan(1e-6);
    expect(relErr(go(0.3, 1), go(0.3, 2))).toBeGreaterThan(1e-6);
  });

  it('bad input: unknown blocks, models that cannot replace their output, wrong params, bad data and options', () => {
    const m = mlp({ sizes: [2, 4, 1] });
    const p = m.init(1);
    expect(errorCodeAndMessage(() => fineTune(m, p, { x, y: reg }, { freeze: ['layer7'] }))).toBe('INVALID_OPTION: fineTune: freeze: the model has no block "layer7"; its blocks are layer0, layer1');
    expect(code(() => fineTune(m, p, { x, y: reg }, { freeze: 'layer0' as never }))).toBe('INVALID_OPTION');
    const hand: Model = new HandNet(2, 3, 1);
    expect(errorCodeAndMessage(() => fineTune(hand, hand.init(), { x, y: reg }, { outputSize: 2 }))).toBe('INVALID_OPTION: fineTune: outputSize: this model cannot replace its output layer (it has no withOutputSize method)');
    expect(errorCodeAndMessage(() => fineTune(m, new Float64Array(3), { x, y: reg }))).toBe('SHAPE_MISMATCH: fineTune: params must have length 17 (got 3)');
    expect(code(() => fineTune(m, p.map(() => NaN), { x, y: reg }))).toBe('NON_FINITE');
    expect(code(() => fineTune(m, p, { x, y: reg.subarray(1) }))).toBe('SHAPE_MISMATCH');
    expect(code(() => fineTune(m, p, { x, y: reg }, { loss: 'classification', outputSize: 2, epochs: 1 }))).toBe('INVALID_LABELS');
    expect(code(() => fineTune(m, p, { x, y: reg }, { noise: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => fineTune(m, p, { x, y: reg }, { epochs: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => fineTune(m, p, { x, y: reg }, { loss: 'l1' as never }))).toBe('INVALID_OPTION');
    const ctl = new AbortController();
    ctl.abort();
    expect(code(() => fineTune(m, p, { x, y: reg }, { signal: ctl.signal }))).toBe('ABORTED');
  });
});
