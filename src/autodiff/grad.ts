import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkOptions } from '../internal/validate.js';
import { add } from './ops.js';
import { check } from './ops/shape.js';
import { Tensor, finiteResult, nextEpoch, output, setRecording, within } from './tensor.js';

/** Options of {@link grad}. */
export interface GradOptions {
  /**
   * Record the backward pass as a differentiable graph, so the returned gradients can be differentiated again
   * (`torch.autograd.grad(..., create_graph=True)`). Default false: the gradients are constants and no second-order
   * graph is built (first-order mode).
   */
  createGraph?: boolean;
  /** Gradient of the output (the vector of a vector–Jacobian product); default ones, which for a scalar is d/dx. */
  gradOutput?: Tensor;
}

/**
 * Reverse-mode gradients of `output` with respect to each tensor in `inputs`: for a scalar output, ∂output/∂input
 * with the input's shape; for a tensor output, the vector–Jacobian product with `gradOutput`. Inputs the output does
 * not depend on get zeros. With `createGraph`, the gradients are themselves differentiable (higher order:
 * `grad(grad(f))`).
 *
 * Cost: about twice the cost of the forward computation (three times with `createGraph`), plus O(nodes) for the
 * topological sort.
 *
 * @param output - the tensor to differentiate (usually a scalar loss)
 * @param inputs - tensors to differentiate with respect to (leaves or intermediates)
 * @param options - `createGraph`, `gradOutput`
 * @returns one gradient per input, each with that input's shape
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by `tidy`; `INVALID_OPTION` for an
 *   unknown option or a createGraph that is not a boolean; `SHAPE_MISMATCH` when `gradOutput`'s shape differs from
 *   the output's; `NON_FINITE` when a gradient overflows float64
 * @example
 * ```ts
 * import { tensor, pow, sum, grad } from 'infometa';
 * const x = tensor([3], [1], { requiresGrad: true });
 * const [dy] = grad(sum(pow(x, 3)), [x], { createGraph: true }); // 3x² = 27
 * const [d2y] = grad(sum(dy), [x]); // 6x = 18
 * console.log(dy.item(), d2y.item()); // 27 18
 * ```
 */
export function grad(output: Tensor, inputs: readonly Tensor[], options?: GradOptions): Tensor[] {
  const fn = 'grad';
  check(fn, 'output', output);
  if (!Array.isArray(inputs)) fail('INVALID_ARGUMENT', fn, `inputs must be an array of tensors (got ${fmt(inputs)})`);
  for (let i = 0; i < inputs.length; i++) check(fn, `inputs[${i}]`, inputs[i]);
  checkOptions(fn, options, GRAD_OPTIONS);
  const createGraph = checkBoolean(fn, 'createGraph', options?.createGraph, false);
  const gOut = options?.gradOutput;
  if (gOut !== undefined) {
    check(fn, 'gradOutput', gOut);
    if (gOut.size !== output.size) fail('SHAPE_MISMATCH', fn, `gradOutput has ${gOut.size} elements but output has ${output.size}`);
  }
  const res = within(fn, () => backward(output, inputs, createGraph, gOut));
  for (let i = 0; i < res.length; i++) finiteResult(fn, res[i]);
  return res;
}

const GRAD_OPTIONS: readonly string[] = ['createGraph', 'gradOutput'];

function backward(output: Tensor, inputs: readonly Tensor[], createGraph: boolean, gOut: Tensor | undefined): Tensor[] {
  const prev = setRecording(createGraph);
  const order: Tensor[] = [];
  try {
    if (output.requiresGrad) {
      topoSort(output, order);
      let seed: Tensor;
      if (gOut !== undefined) seed = gOut;
      else {
        seed = outputLike(output);
        seed.data.fill(1);
      }
      output.g = seed;
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i];
        const g = node.g;
        if (g === null || node.op === null) continue;
        const ins = node.inputs as Tensor[];
        const gs = node.op.backward(node, g);
        for (let j = 0; j < ins.length; j++) {
          const inp = ins[j];
          const gj = gs[j];
          if (gj === null || gj === undefined || !inp.requiresGrad) continue;
          inp.g = inp.g === null ? gj : add(inp.g, gj);
        }
      }
    }
    const res: Tensor[] = new Array<Tensor>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i];
      const g = inp.g;
      if (g === null) {
        const z = outputLike(inp);
        z.data.fill(0);
        res[i] = z;
      } else {
        res[i] = g;
      }
    }
    return res;
  } finally {
    for (let i = 0; i < order.length; i++) order[i].g = null;
    setRecording(prev);
  }
}

function outputLike(t: Tensor): Tensor {
  return output(t.shape, t.size);
}

/** Post-order of the nodes reachable from `root` through tensors that require gradients (iterative DFS). */
function topoSort(root: Tensor, order: Tensor[]): void {
  const mark = nextEpoch();
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  root.mark = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const ins = node.inputs;
    const k = next[top];
    if (ins !== null && k < ins.length) {
      next[top] = k + 1;
      const child = ins[k];
      if (child.requiresGrad && child.mark !== mark) {
        child.mark = mark;
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node);
    }
  }
}
