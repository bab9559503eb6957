// Matching Networks (Vinyals et al. 2016), without full-context embeddings: the prediction is an attention-weighted
// sum of the support labels, attention = softmax of cosine similarities of embeddings.
import { buildMetric } from '../fewshot/metric.js';
import type { MetricLearner, MetricOptions } from '../fewshot/metric.js';

/**
 * Matching Networks (Vinyals, Blundell, Lillicrap, Kavukcuoglu & Wierstra 2016): p(y = c | x) = Σ_j a(x, x_j)·[y_j = c]
 * over the support examples (x_j, y_j), with a(x, x_j) = softmax_j(τ · cos(f(x), f(x_j))) and cos computed on
 * u = f / √(‖f‖² + 10⁻¹²). The same encoder embeds support and query rows (the paper's full-context embeddings, an
 * LSTM over the support set, are not implemented). Training minimises the mean query negative log-likelihood over
 * episodes; adapting is embedding the support set.
 *
 * Cost: per episode, one forward and backward pass of the encoder plus O(queries · support · D).
 *
 * @param options - `encoder`, `params`, `seed`, `init`, `temperature` τ > 0 (default 1)
 * @returns a {@link MetricLearner}
 * @throws InfometaError as {@link protoNet}; `INVALID_OPTION` for a temperature that is not a finite number > 0
 * @example
 * ```ts
 * import { matchingNet, mlp } from 'infometa';
 * const net = matchingNet({ encoder: mlp({ sizes: [16, 64, 64] }), temperature: 10 });
 * console.log(net.kind, net.temperature); // matchingNet 10
 * ```
 */
export function matchingNet(options: MetricOptions): MetricLearner {
  return buildMetric('matchingNet', 'matchingNet', options);
}
