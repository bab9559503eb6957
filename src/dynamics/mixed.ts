import { fail } from '../internal/errors.js';
import { argsortF64 } from '../internal/argsort.js';
import { mixedCore } from '../estimators/mixed.js';
import type { Block } from './ksg.js';

/**
 * The mixed estimator of transfer entropy, for one discrete and one continuous side, by the chain rule over Ross's
 * discrete–continuous kNN mutual information (Ross 2014, as scikit-learn's `mutual_info_classif`):
 * a discrete source X and continuous target: I(X; Y | Z) = I(X; (Y, Z)) − I(X; Z);
 * a continuous source X and discrete target: I(X; Y | Z) = I((Y, Z); X) − I(Z; X), the target states as labels.
 * Internal.
 */

/** Dense codes 0 … k − 1 of integer state codes (in sorted order of the states). */
export function denseCodes(states: Int32Array | Float64Array): { codes: Int32Array; k: number } {
  const n = states.length;
  const f = states instanceof Float64Array ? states : Float64Array.from(states);
  const order = argsortF64(f, n);
  const codes = new Int32Array(n);
  let k = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0 && f[order[t]] !== f[order[t - 1]]) k++;
    codes[order[t]] = k;
  }
  return { codes, k: n === 0 ? 0 : k + 1 };
}

/** Inputs: either a discrete source (codes) against continuous y, z, or a continuous source against target codes. */
export type MixedInput =
  | { readonly side: 'source'; readonly n: number; readonly x: { codes: Int32Array; k: number }; readonly yz: Block; readonly z: Block }
  | { readonly side: 'target'; readonly n: number; readonly x: Block; readonly yz: { codes: Int32Array; k: number }; readonly z: { codes: Int32Array; k: number } };

function ross(fn: string, codes: Int32Array, k: number, b: Block, n: number, K: number): number {
  if (k <= 1) return 0;
  const v = mixedCore(codes, k, b.data, n, b.cols, K);
  if (Number.isNaN(v)) fail('INVALID_ARGUMENT', fn, `every discrete state occurs once (${n} samples); the mixed estimator needs states that repeat`);
  return v;
}

/** The mixed estimate in nats, with the source rows permuted by `perm` when given. */
export function mixedValue(fn: string, m: MixedInput, K: number, perm: Int32Array | null): number {
  const n = m.n;
  if (m.side === 'source') {
    let codes = m.x.codes;
    if (perm !== null) {
      codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = m.x.codes[perm[i]];
    }
    return ross(fn, codes, m.x.k, m.yz, n, K) - ross(fn, codes, m.x.k, m.z, n, K);
  }
  let x = m.x;
  if (perm !== null) {
    const c = x.cols;
    const data = new Float64Array(n * c);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) data[i * c + j] = m.x.data[perm[i] * c + j];
    x = { data, cols: c };
  }
  return ross(fn, m.yz.codes, m.yz.k, x, n, K) - ross(fn, m.z.codes, m.z.k, x, n, K);
}
