// I_min, the redundancy of Williams & Beer (2010): I∩(A₁, …, A_m → T) = Σ_t p(t) minᵢ I(Aᵢ; T = t), with the
// specific information I(A; T = t) = Σ_a p(a|t) log(p(a,t) / (p(a) p(t))). Internal.
import { marginal, type Dense } from './dist.js';

/**
 * I_min (nats) of the coalesced table with axes (A₁, …, A_m, T): one specific information per source and target
 * value, the minimum over sources, averaged over the target.
 */
export function iMin(t: Dense): number {
  const m = t.shape.length - 1;
  const kt = t.shape[m];
  const pt = marginal(t, [m]).data;
  const spec = new Float64Array(kt).fill(Infinity);
  for (let i = 0; i < m; i++) {
    const pat = marginal(t, [i, m]);
    const ka = pat.shape[0];
    const pa = new Float64Array(ka);
    for (let a = 0; a < ka; a++) for (let j = 0; j < kt; j++) pa[a] += pat.data[a * kt + j];
    for (let j = 0; j < kt; j++) {
      if (!(pt[j] > 0)) continue;
      let s = 0;
      for (let a = 0; a < ka; a++) {
        const v = pat.data[a * kt + j];
        if (v > 0) s += (v / pt[j]) * Math.log(v / (pa[a] * pt[j]));
      }
      if (s < spec[j]) spec[j] = s;
    }
  }
  let r = 0;
  for (let j = 0; j < kt; j++) if (pt[j] > 0) r += pt[j] * spec[j];
  return r;
}
