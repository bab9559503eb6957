// Turning head outputs into predictions and probabilities.
import { fail } from '../../internal/errors.js';
import { logistic } from '../../internal/special.js';
import type { HeadInfo } from './engine.js';

/** @internal Value, P(y = 1) or argmax class of each row. */
export function predictions(o: { z: Float64Array; n: number; h: HeadInfo }): Float64Array {
  const { z, n, h } = o;
  if (h.type === 'regression') return z;
  if (h.type === 'binary') return z.map(logistic);
  const out = new Float64Array(n);
  const C = h.out;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (z[i * C + c] > z[i * C + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** @internal P(y = 1) of a binary head or the row-wise softmax of a multiclass head. */
export function probabilities(fn: string, o: { z: Float64Array; n: number; h: HeadInfo }): Float64Array {
  const { z, n, h } = o;
  if (h.type === 'regression') fail('INVALID_ARGUMENT', fn, `task ${JSON.stringify(h.name)} is a regression task; use predict`);
  if (h.type === 'binary') return z.map(logistic);
  const C = h.out;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, z[i * C + c]);
    let s = 0;
    for (let c = 0; c < C; c++) s += out[i * C + c] = Math.exp(z[i * C + c] - mx);
    for (let c = 0; c < C; c++) out[i * C + c] /= s;
  }
  return out;
}

