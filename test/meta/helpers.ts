// Tasks and a hand-written model shared by the tests of the Model interface, regularization, mixed kinds and
// fine-tuning.
import { add, createRng, matmul, tanh, tensor } from '../../src/index.js';
import type { InitScheme, Model, ModelJSON, ParamBlock, Task, TaskKind, Tensor } from '../../src/index.js';

/** Tasks with d-dimensional inputs whose targets suit the kind: reals, probabilities, 0/1 or class indices. */
export function tasksFor(kind: TaskKind, n: number, seed: number, d = 2, C = 3, K = 5, Q = 4): Task[] {
  const rng = createRng(seed);
  const cls = kind === 'softmaxCrossEntropy' || kind === 'classification' || kind === 'multiclass';
  const set = (k: number): { x: Float64Array; y: Float64Array } => {
    const x = Float64Array.from({ length: d * k }, () => rng.uniform(-2, 2));
    const y = cls
      ? Float64Array.from({ length: k }, () => rng.int(C))
      : Float64Array.from({ length: k * C }, () => (kind === 'binaryCrossEntropy' ? rng.next() : kind === 'binary' ? rng.int(2) : rng.uniform(-3, 3)));
    return { x, y };
  };
  return Array.from({ length: n }, () => ({ support: set(K), query: set(Q) }));
}

/**
 * A two-layer tanh network written by hand against the Model interface (no fast path), laid out like
 * mlp({ sizes: [d, h, o], activation: 'tanh' }) so the two can be compared.
 */
export class HandNet implements Model {
  readonly numParams: number;
  readonly blocks: readonly ParamBlock[];
  readonly head: { start: number; end: number };
  constructor(readonly inputSize: number, readonly hidden: number, readonly outputSize: number) {
    const d = inputSize, h = hidden, o = outputSize;
    this.blocks = [
      { name: 'inner.weight', offset: 0, shape: [d, h] },
      { name: 'inner.bias', offset: d * h, shape: [h] },
      { name: 'outer.weight', offset: d * h + h, shape: [h, o] },
      { name: 'outer.bias', offset: d * h + h + h * o, shape: [o] },
    ];
    this.numParams = d * h + h + h * o + o;
    this.head = { start: d * h + h, end: this.numParams };
  }
  init(seed = 0, _scheme: InitScheme = 'pytorch'): Float64Array {
    const rng = createRng(seed);
    return Float64Array.from({ length: this.numParams }, () => rng.uniform(-0.5, 0.5));
  }
  forward(p: readonly Tensor[], x: Tensor): Tensor {
    return add(matmul(tanh(add(matmul(x, p[0]), p[1])), p[2]), p[3]);
  }
  split(flat: Float64Array, requiresGrad = false): Tensor[] {
    return this.blocks.map((b) => tensor(flat.subarray(b.offset, b.offset + b.shape.reduce((s, v) => s * v, 1)), b.shape, { requiresGrad }));
  }
  toJSON(): ModelJSON & { inputSize: number; hidden: number; outputSize: number } {
    return { kind: 'test.handnet', version: 1, inputSize: this.inputSize, hidden: this.hidden, outputSize: this.outputSize };
  }
}
