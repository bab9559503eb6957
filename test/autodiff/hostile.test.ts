// Issue 13, phase B: the autodiff layer under hostile input. A tensor used after its tidy scope or forged through the
// constructor throws instead of giving NaN; a result that overflows float64 throws NON_FINITE naming the op; helpers
// are never named in place of the function called; functions, flags and sizes are checked.
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/errors.js';
import {
  Tensor, add, binaryCrossEntropy, div, exp, grad, huberLoss, log, matmul, mean, mseLoss, mul, noGrad, oneHot, softmaxCrossEntropy,
  sum, tensor, tidy,
} from '../../src/index.js';


describe('dead and forged tensors (item 5)', () => {
  it('a tensor released by its tidy scope throws in every op, item() and toArray(), naming the op', () => {
    let dead: Tensor | null = null;
    tidy(() => {
      dead = mul(tensor([1, 2]), 2);
      return 0;
    });
    const d = dead as unknown as Tensor;
    const e = thrown(() => add(d, 1));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/^add: a was released when the tidy\(\) scope that created it ended/);
    expect(thrown(() => sum(d)).message).toMatch(/^sum: x was released/);
    expect(thrown(() => d.item()).message).toMatch(/^Tensor\.item: /);
    expect(thrown(() => d.toArray()).message).toMatch(/^Tensor\.toArray: /);
    expect(thrown(() => grad(d, [])).message).toMatch(/^grad: output was released/);
  });

  it('the public constructor checks what it wraps', () => {
    expect(thrown(() => new Tensor(new Float64Array(2), [3])).message).toBe('Tensor: shape [3] holds 3 values but data has 2');
    expect(thrown(() => new Tensor(Float64Array.of(NaN, 1), [2])).message).toBe('Tensor: data[0] must be finite (got NaN)');
    expect(thrown(() => new Tensor([1, 2] as unknown as Float64Array, [2])).code).toBe('INVALID_ARGUMENT');
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => new Tensor(new Float64Array(2), [2, , 1] as number[])).message).toMatch(/^Tensor: shape\[1\] must be a non-negative integer/);
    const t = new Tensor(Float64Array.of(1, 2), [2]);
    expect(add(t, t).toArray()).toEqual([2, 4]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('a buffer swapped for one of another length is refused', () => {
    const t = tensor([1, 2, 3]);
    t.data = new Float64Array(2);
    expect(thrown(() => exp(t)).message).toBe('exp: x.data has 2 values but its shape [3] holds 3');
  });
});

describe('results outside float64 (the promise: never NaN or ±Infinity out of finite input)', () => {
  it('overflow and domain errors throw NON_FINITE naming the op and the index', () => {
    const e = thrown(() => mul(tensor([1, 1e308]), 10));
    expect(e.code).toBe('NON_FINITE');
    expect(e.message).toMatch(/^mul: the result is Infinity at index 1/);
    expect(thrown(() => exp(tensor([1000]))).message).toMatch(/^exp: the result is Infinity at index 0/);
    expect(thrown(() => log(tensor([1, -1]))).message).toMatch(/^log: the result is NaN at index 1/);
    expect(thrown(() => div(tensor([1]), tensor([0]))).code).toBe('NON_FINITE');
    expect(thrown(() => div(1, tensor([0]))).message).toMatch(/^div: /);
    expect(thrown(() => matmul(tensor([1e308, -1e308], [1, 2]), tensor([4, 4], [2, 1]))).message).toMatch(/^matmul: the result is NaN/);
    expect(thrown(() => sum(tensor([1e308, 1e308]))).message).toMatch(/^sum: /);
  });

  it('mean does not overflow where the mean itself is finite', () => {
    expect(mean(tensor([1e308, 1e308, 1e308])).item()).toBe(1e308);
    expect(mean(tensor([1, 2, 3, 4], [2, 2]), 1).toArray()).toEqual([1.5, 3.5]);
  });

  it('losses name themselves, not the op that overflowed', () => {
    expect(thrown(() => mseLoss(tensor([1e308]), tensor([-1e308]))).message).toMatch(/^mseLoss: the result is (NaN|Infinity) at index 0: .*overflows float64/);
    expect(mseLoss(tensor([1e150]), tensor([0])).item()).toBe(1e150 * 1e150);
  });

  it('gradients that overflow throw from grad', () => {
    const y = tensor([1e300], [1], { requiresGrad: true });
    // d/dy of y·2 is 2, fine; the gradient of exp(z)·1e10 at z = 700 is 1e10·e⁷⁰⁰, beyond float64.
    const z = tensor([700], [1], { requiresGrad: true });
    expect(grad(sum(mul(y, 2)), [y])[0].toArray()).toEqual([2]);
    expect(thrown(() => grad(sum(mul(exp(z), 1e10)), [z])).message).toMatch(/^(grad|mul): the result is Infinity/);
  });
});

describe('errors name the function called (item 12)', () => {
  it('mean reports its own name for a bad axis', () => {
    expect(thrown(() => mean(tensor([1, 2]), 'x' as unknown as number)).message).toBe('mean: axis must be an integer in [-1, 0] (got "x")');
  });

  it('softmaxCrossEntropy checks its labels under its own name', () => {
    const z = tensor([1, 2, 3, 4], [2, 2]);
    expect(thrown(() => softmaxCrossEntropy(z, [0])).message).toBe('softmaxCrossEntropy: labels has length 1 but logits has 2 rows');
    expect(thrown(() => softmaxCrossEntropy(z, [0, 0.5])).message).toBe('softmaxCrossEntropy: labels[1] must be a class index, an integer in [0, 1] (got 0.5)');
    expect(thrown(() => softmaxCrossEntropy(z, [0, 7])).code).toBe('INVALID_LABELS');
    expect(thrown(() => softmaxCrossEntropy(z, 'ab' as unknown as number[])).code).toBe('INVALID_ARGUMENT');
  });

  it('huberLoss and binaryCrossEntropy never name reshape', () => {
    const a = tensor([1, 2]);
    expect(thrown(() => huberLoss(a, tensor([1, 2, 3]))).message).toMatch(/^huberLoss: pred has 2 elements but target has 3/);
    expect(thrown(() => binaryCrossEntropy(a, tensor([0, 1, 1]))).message).toMatch(/^binaryCrossEntropy: /);
  });

  it('tidy and noGrad take a function; BigInt and other non-numbers are refused by the ops', () => {
    expect(thrown(() => tidy(null as unknown as () => number)).message).toBe('tidy: fn must be a function (got null)');
    expect(thrown(() => noGrad(5 as unknown as () => number)).message).toBe('noGrad: fn must be a function (got 5)');
    expect(thrown(() => add(tensor([1]), 1n as unknown as number)).message).toBe('add: b must be a Tensor or a number (got 1n (a BigInt; pass a number))');
    expect(thrown(() => mul('2' as unknown as number, tensor([1]))).code).toBe('INVALID_ARGUMENT');
  });

  it('a user error inside tidy is passed through untouched', () => {
    const mine = new Error('mine');
    expect(() => tidy(() => { throw mine; })).toThrow(mine);
  });

  it('matmul transpose flags are booleans', () => {
    const a = tensor([1, 2, 3, 4], [2, 2]);
    expect(thrown(() => matmul(a, a, '' as unknown as boolean)).message).toBe('matmul: transposeA must be a boolean (got "")');
    expect(matmul(a, a, true, false).toArray()).toEqual([10, 14, 14, 20]);
  });

  it('grad rejects unknown options and a non-boolean createGraph', () => {
    const x = tensor([1], [1], { requiresGrad: true });
    expect(thrown(() => grad(sum(x), [x], { creatGraph: true } as never)).message).toMatch(/^grad: unknown option "creatGraph"; did you mean 'createGraph'\?/);
    expect(thrown(() => grad(sum(x), [x], { createGraph: 1 as unknown as boolean })).code).toBe('INVALID_OPTION');
  });
});

describe('bounds (item 8)', () => {
  it('oneHot refuses a matrix of more than 2^27 values at once', () => {
    // Refused before anything is allocated (it used to fill a 16 GiB matrix).
    expect(thrown(() => oneHot([0], 2 ** 31)).message).toMatch(/^oneHot: labels\.length × n = 1 × 2147483648 values exceeds the limit/);
    expect(oneHot([1], 3).toArray()).toEqual([0, 1, 0]);
  });
});
