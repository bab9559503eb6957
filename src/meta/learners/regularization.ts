// Meta-regularization of the outer objective: the penalty l2‖θ‖² + l1‖θ‖₁ and its gradient, the max-norm projection,
// and the validation of the weights (shared with the proximal weight of the inner loop).
import { fail, fmt } from '../../internal/errors.js';
import type { ParamBlock } from '../model.js';
import type { Regularization } from './types.js';

/** @internal A non-negative, finite weight (default 0), else INVALID_OPTION naming it. */
export function checkWeight(fn: string, name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail('INVALID_OPTION', fn, `${name} must be a finite number ≥ 0 (got ${fmt(v)})`);
  return v;
}

/** @internal Validates `regularization: { l2, l1, maxNorm }`, naming any bad or unknown field. */
export function checkRegularization(fn: string, r: unknown): Regularization {
  if (r === undefined) return {};
  if (r === null || typeof r !== 'object' || Array.isArray(r)) fail('INVALID_OPTION', fn, `regularization must be an object { l2, l1, maxNorm } (got ${fmt(r)})`);
  const o = r as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!['l2', 'l1', 'maxNorm'].includes(key)) fail('INVALID_OPTION', fn, `regularization has no option ${fmt(key)}; expected l2, l1 or maxNorm`);
  const out: Regularization = { l2: checkWeight(fn, 'regularization.l2', o.l2), l1: checkWeight(fn, 'regularization.l1', o.l1) };
  if (o.maxNorm !== undefined) {
    const c = o.maxNorm;
    if (typeof c !== 'number' || !(c > 0) || !Number.isFinite(c)) fail('INVALID_OPTION', fn, `regularization.maxNorm must be a finite number > 0 (got ${fmt(c)})`);
    out.maxNorm = c;
  }
  return out;
}

/** @internal Adds ∇(l2‖θ‖² + l1‖θ‖₁) into g for θ = meta[0, P) (sign θ as the l1 subgradient); returns the penalty. */
export function addPenalty(r: { l2: number; l1: number }, P: number, meta: Float64Array, g: Float64Array): number {
  const { l2, l1 } = r;
  if (l2 === 0 && l1 === 0) return 0;
  let pen = 0;
  for (let i = 0; i < P; i++) {
    const v = meta[i];
    pen += l2 * v * v + l1 * Math.abs(v);
    g[i] += 2 * l2 * v + l1 * Math.sign(v);
  }
  return pen;
}

/** @internal Projects every unit's incoming weights (each column of a 2-D block) onto the ball of radius c. */
export function projectMaxNorm(c: number, blocks: readonly ParamBlock[], meta: Float64Array): void {
  if (c === Infinity) return;
  for (const b of blocks) {
    if (b.shape.length !== 2) continue;
    const [rows, cols] = b.shape;
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += meta[b.offset + i * cols + j] ** 2;
      const norm = Math.sqrt(s);
      if (norm > c) for (let i = 0; i < rows; i++) meta[b.offset + i * cols + j] *= c / norm;
    }
  }
}
