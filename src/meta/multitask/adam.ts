// Adam over the summed task losses, for the multi-task engine (any trunk, any task type): the trunk (unless frozen)
// and the trained heads in one flat parameter vector, mini-batches drawn per group, penalties on weights only.
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import { checkAborted } from '../../internal/validate.js';
import { add, mul } from '../../autodiff/ops.js';
import { Tensor, wrap } from '../../autodiff/tensor.js';
import { lossOf } from '../losses.js';
import { Mlp } from '../models.js';
import { predict } from '../model.js';
import type { Model } from '../model.js';
import { adam } from '../optimizers.js';
import { Batches, gatherRows, valueAndGrad } from '../train.js';
import type { Segment } from '../train.js';
import type { Penalty, PreparedTask } from './data.js';
import type { Engine, MultiTaskFitOptions, MultiTaskFitResult } from './engine.js';

/** Trains the trunk (unless `freezeShared`) and the heads `headIndex` of `e` on `tasks` for `epochs`; stores them. */

export function fitAdam(
  e: Engine,
  fn: string,
  tasks: PreparedTask[],
  groups: { X: Float64Array; n: number }[],
  headIndex: number[],
  freezeShared: boolean,
  seed: number,
  options: MultiTaskFitOptions | undefined,
  epochs: number,
): MultiTaskFitResult {
  const trunk = e.trunk as Model;
  const r = e.cfg.width;
  const S = freezeShared ? 0 : e.shared.length;
  // The trunk (unless frozen) and one linear model per trained head, side by side in one flat vector.
  const segments: Segment[] = freezeShared ? [] : [{ model: trunk, offset: 0 }];
  const heads = headIndex.map((hi) => new Mlp([r, e.heads[hi].out], 'identity'));
  let P = S;
  for (const h of heads) {
    segments.push({ model: h, offset: P });
    P += h.numParams;
  }
  const offsets = segments.slice(freezeShared ? 0 : 1).map((g) => g.offset);
  const params = new Float64Array(P);
  if (!freezeShared) params.set(e.shared);
  headIndex.forEach((hi, q) => params.set(e.headParams[hi], offsets[q]));
  const grads = new Float64Array(P);
  const opt = adam({ lr: e.cfg.lr });
  const batches = new Batches(createRng(seed + 2), groups.map((g) => g.n), e.cfg.batchSize === 0 ? Infinity : e.cfg.batchSize, true);
  const d = e.d;
  // With a frozen trunk its features are computed once.
  const frozenH = freezeShared ? groups.map((g) => predict(trunk, e.shared, g.X)) : null;
  let objective = Infinity;
  let epoch = 0;
  for (epoch = 1; epoch <= epochs; epoch++) {
    checkAborted(fn, options?.signal);
    batches.shuffle();
    let epochLoss = 0;
    for (let s = 0; s < batches.steps; s++) {
      const idx = groups.map((_, gi) => batches.batch(gi, s));
      const loss = valueAndGrad(params, segments, (views) => {
        const headT = freezeShared ? views : views.slice(1);
        const H: Tensor[] = groups.map((g, gi) => {
          if (frozenH !== null) return wrap(gatherRows(frozenH[gi], r, idx[gi]), [idx[gi].length, r]);
          return trunk.forward(views[0], wrap(gatherRows(g.X, d, idx[gi]), [idx[gi].length, d]));
        });
        let total: Tensor | null = null;
        for (let q = 0; q < tasks.length; q++) {
          const t = tasks[q];
          if (t.weight === 0) continue;
          const logits = heads[q].forward(headT[q], H[t.group]);
          const li = mul(taskLoss(t, logits, idx[t.group]), t.weight);
          total = total === null ? li : add(total, li);
        }
        return total;
      }, grads);
      if (!Number.isFinite(loss)) fail('DIVERGED', fn, `the loss became ${fmt(loss)} at epoch ${epoch}`);
      const pen = addPenaltyGrads(e, params, grads, S, trunk, headIndex, offsets);
      epochLoss += (loss + pen) / batches.steps;
      opt.step(params, grads);
    }
    objective = epochLoss;
    options?.onProgress?.({ solver: 'adam', iteration: epoch, total: epochs, objective });
  }
  if (!freezeShared) e.shared = params.slice(0, S);
  headIndex.forEach((hi, q) => (e.headParams[hi] = params.slice(offsets[q], offsets[q] + e.headParams[hi].length)));
  return { solver: 'adam', iterations: epoch - 1, objective };
}

/** Adds the penalty gradients (weights only, never biases) to `grads`; returns the penalty value. */
export function addPenaltyGrads(e: Engine, params: Float64Array, grads: Float64Array, S: number, trunk: Model, headIndex: number[], offsets: number[]): number {
  let pen = 0;
  const apply = (lo: number, hi: number, lam: number, kind: Penalty): void => {
    if (lam === 0) return;
    for (let i = lo; i < hi; i++) {
      const v = params[i];
      if (kind === 'l2') {
        pen += lam * v * v;
        grads[i] += 2 * lam * v;
      } else {
        pen += lam * Math.abs(v);
        grads[i] += lam * Math.sign(v);
      }
    }
  };
  if (S > 0) for (const blk of trunk.blocks) {
    if (blk.shape.length === 2) apply(blk.offset, blk.offset + blk.shape[0] * blk.shape[1], e.cfg.lambdaShared, e.cfg.sharedPenalty);
  }
  const r = e.cfg.width;
  headIndex.forEach((hi, q) => {
    const h = e.heads[hi];
    apply(offsets[q], offsets[q] + r * h.out, e.headLambda(h), e.headPenalty(h));
  });
  return pen;
}

// -------------------------------------------------------------------------------------------------------------
// Prediction

/** The task's own loss (its type names it in the vocabulary of ../losses) on the rows idx of its targets. */
function taskLoss(t: PreparedTask, logits: Tensor, idx: Int32Array): Tensor {
  const m = idx.length;
  const loss = lossOf(t.type);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) y[i] = t.y[idx[i]];
  return loss.graph(logits, y, wrap(y, loss.classes ? [m] : [m, 1]));
}
