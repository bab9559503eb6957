// Reptile (Nichol, Achiam & Schulman 2018): plain SGD on each task, and the meta-parameters move toward the adapted
// ones. Always first order.
import type { MetaLearner } from './base.js';
import { buildLearner } from './build.js';
import type { LearnerOptions, Prepared } from './types.js';

/** @internal Reptile's direction for one task: w·(θ − θ̃) added into out, θ̃ after the inner loop; returns ℓ_q(θ̃). */
export function reptileTaskGradient(l: MetaLearner, fn: string, meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
  const fast = l.innerLoop(fn, meta, s, l.innerSteps, false);
  for (let i = 0; i < out.length; i++) out[i] += w * (meta[i] - fast[i]);
  return l.plainLoss(fn, fast, q);
}

/**
 * Reptile (Nichol, Achiam & Schulman 2018): runs `innerSteps` SGD steps on each task and moves θ toward the adapted
 * parameters; the "gradient" fed to the outer optimizer is (1/T) Σᵢ (θ − θ̃ᵢ) (Reptile with Adam, as in the paper's
 * sinusoid experiments). Always first order.
 *
 * Cost: `innerSteps` forward+backward passes per task.
 *
 * @param options - as {@link maml} (`innerSteps` default 5; `firstOrder` is ignored)
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { reptile, mlp } from 'infometa';
 * console.log(reptile({ model: mlp({ sizes: [1, 40, 40, 1] }) }).innerSteps); // 5
 * ```
 */
export function reptile(options: LearnerOptions): MetaLearner {
  return buildLearner('reptile', 'reptile', options);
}
