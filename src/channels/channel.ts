// Validation shared by the channel functions: a channel (or encoder, or distortion) matrix given as rows, an
// ml-matrix Matrix or a 2-D Table, returned row-major. Internal.
import { fail, fmt } from '../internal/errors.js';
import { sumTolerance } from '../core/distribution.js';
import { toTable } from '../core/table.js';

/** A validated row-major matrix. */
export interface Rows {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A finite matrix (any entries): for distortion matrices. */
export function toMatrix(fn: string, name: string, m: unknown): Rows {
  const t = toTable(fn, name, m, 2);
  return { data: t.data, rows: t.shape[0], cols: t.shape[1] };
}

/**
 * A channel matrix W[x][y] = p(y | x): every row a distribution (or, with `normalize`, non-negative weights with a
 * positive total, rescaled row by row). A copy when rescaled; never written to otherwise.
 */
export function toChannel(fn: string, name: string, m: unknown, normalize: boolean): Rows {
  const { data, rows, cols } = toMatrix(fn, name, m);
  let out = data;
  for (let x = 0; x < rows; x++) {
    let s = 0;
    for (let y = 0; y < cols; y++) {
      const v = data[x * cols + y];
      if (v < 0) fail('INVALID_DISTRIBUTION', fn, `${name} must be non-negative (got ${fmt(v)} at row ${x}, column ${y})`);
      s += v;
    }
    if (normalize) {
      if (!(s > 0)) fail('INVALID_DISTRIBUTION', fn, `${name} row ${x} is all zeros; a channel row must be a distribution`);
      if (out === data) out = Float64Array.from(data);
      for (let y = 0; y < cols; y++) out[x * cols + y] /= s;
    } else if (Math.abs(s - 1) > sumTolerance(cols)) {
      fail('INVALID_DISTRIBUTION', fn, `${name} row ${x} must be a distribution p(y | x = ${x}) summing to 1 (got ${fmt(s)}); pass { normalize: true } to rescale each row`);
    }
  }
  return { data: out, rows, cols };
}
