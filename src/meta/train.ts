// The one training step shared by the meta-learners' tape path, the multi-task engine, trainMiRegularized and
// fineTune: the value and gradient of a loss with respect to a flat parameter vector that holds one or more models'
// blocks side by side, and the mini-batches over rows.
import type { Rng } from '../internal/rng.js';
import { grad as gradOf } from '../autodiff/grad.js';
import { Tensor, tidy } from '../autodiff/tensor.js';
import type { Model, ParamBlock } from './model.js';

/** @internal One model's parameters inside a flat vector: its blocks start at `offset`. */
export interface Segment {
  /** The model (only `split`, `blocks` and `numParams` are used). */
  readonly model: Pick<Model, 'split' | 'blocks' | 'numParams'>;
  /** Index of the model's first parameter in the flat vector. */
  readonly offset: number;
}

/**
 * @internal Adds w·(the gradient tensors gs of `blocks`) into out at `offset` + each block's offset, or writes them
 * when `set` (the one "flatten the gradients" loop).
 */
export function scatterGrads(out: Float64Array, offset: number, blocks: readonly ParamBlock[], gs: readonly Tensor[], w = 1, set = false): void {
  for (let b = 0; b < blocks.length; b++) {
    const d = gs[b].data, off = offset + blocks[b].offset;
    if (set) out.set(d, off);
    else for (let i = 0; i < d.length; i++) out[off + i] += w * d[i];
  }
}

/**
 * @internal The value of `loss` and its gradient with respect to the flat vector `params` (written into `grad`,
 * zeros where no block lies): each segment is split into leaf tensors that take gradients, `loss` builds a scalar
 * from them (or returns null for "no loss": value 0, gradient 0), and everything it allocates is recycled.
 */
export function valueAndGrad(params: Float64Array, segments: readonly Segment[], loss: (views: Tensor[][]) => Tensor | null, grad: Float64Array): number {
  return tidy(() => {
    const views = segments.map((s) => s.model.split(params.subarray(s.offset, s.offset + s.model.numParams), true));
    const L = loss(views);
    if (L === null) {
      grad.fill(0);
      return 0;
    }
    const gs = gradOf(L, views.flat());
    if (segments.length !== 1 || segments[0].model.numParams !== params.length) grad.fill(0);
    let k = 0;
    segments.forEach((s, i) => {
      scatterGrads(grad, s.offset, s.model.blocks, gs.slice(k, k + views[i].length), 1, true);
      k += views[i].length;
    });
    return L.item();
  });
}

/** @internal Rows `idx` of a row-major matrix with d columns. */
export function gatherRows(X: Float64Array, d: number, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let i = 0; i < idx.length; i++) out.set(X.subarray(idx[i] * d, idx[i] * d + d), i * d);
  return out;
}

/**
 * @internal Mini-batches over one or more groups of rows (tasks with their own instances) that are stepped together:
 * `steps` batches per epoch, enough to cover the largest group; a group is reshuffled at each epoch when its batches
 * are smaller than it. With `wrap`, a smaller group's batches cycle through it so every batch has `batchSize` rows;
 * without, the batches are consecutive slices (the last one shorter).
 */
export class Batches {
  /** Batches per epoch. */
  readonly steps: number;
  private readonly bs: number;
  private readonly perms: Int32Array[];

  constructor(private readonly rng: Rng, sizes: readonly number[], batchSize: number, private readonly wrap: boolean) {
    const maxN = Math.max(...sizes);
    this.bs = Math.min(batchSize, maxN);
    this.steps = Math.ceil(maxN / this.bs);
    this.perms = sizes.map((n) => Int32Array.from({ length: n }, (_, i) => i));
  }

  /** Starts an epoch: reshuffles every group larger than a batch. */
  shuffle(): void {
    for (const p of this.perms) if (this.bs < p.length) this.rng.shuffle(p);
  }

  /** Row indices of group g in batch s of the epoch. */
  batch(g: number, s: number): Int32Array {
    const perm = this.perms[g], n = perm.length, bs = this.bs;
    if (bs >= n) return perm;
    if (!this.wrap) return perm.subarray(s * bs, Math.min(n, (s + 1) * bs));
    const start = (s * bs) % n;
    const out = new Int32Array(bs);
    for (let i = 0; i < bs; i++) out[i] = perm[(start + i) % n];
    return out;
  }
}
