// Prototypical Networks (Snell, Swersky & Zemel 2017): a class is its prototype, the mean embedding of its support
// examples; a query is classified by a softmax over minus its squared Euclidean distances to the prototypes.
import { buildMetric } from '../fewshot/metric.js';
import type { MetricLearner, MetricOptions } from '../fewshot/metric.js';

/**
 * Prototypical Networks (Snell et al. 2017). With encoder f and the support examples S_c of class c, the prototype
 * is μ_c = (1/|S_c|) Σ_{x ∈ S_c} f(x) and p(y = c | x) = softmax_c(−‖f(x) − μ_c‖²). Training minimises the mean
 * query negative log-likelihood over episodes; adapting to a new task is computing the prototypes (no gradient step).
 * Any {@link Model} can be the encoder; an {@link Mlp} trains on fused kernels (no tape), any other model through the
 * autodiff tape, with the same numbers.
 *
 * Cost: per episode, one forward and backward pass of the encoder over support + query rows, plus
 * O(queries · ways · D) for the distances.
 *
 * @param options - `encoder`, `params`, `seed`, `init`
 * @returns a {@link MetricLearner}
 * @throws InfometaError `INVALID_OPTION` for a missing or malformed encoder or a bad seed/init (or `temperature`,
 *   which protoNet does not take); `SHAPE_MISMATCH` for an encoder whose output is not an n × outputSize matrix, or
 *   params of the wrong length; `NON_FINITE` for non-finite params
 * @example
 * ```ts
 * import { protoNet, mlp } from 'infometa';
 * const net = protoNet({ encoder: mlp({ sizes: [16, 64, 64] }) });
 * console.log(net.kind, net.params.length, net.embeddingSize); // protoNet 5248 64
 * ```
 */
export function protoNet(options: MetricOptions): MetricLearner {
  return buildMetric('protoNet', 'protoNet', options);
}
