/**
 * Special functions in double precision: digamma and log-gamma for the estimators (written here so that the core
 * entry needs no dependency), and the numerically stable logistic and softplus of the meta-learning layer.
 */

/** The logistic function 1 / (1 + e^(−z)), without overflow for large |z|. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Softplus ln(1 + e^z) = max(z, 0) + ln(1 + e^(−|z|)), without overflow or cancellation. */
export function log1pExp(z: number): number {
  return (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * Digamma ψ(x) for x > 0 (relative error ~1e-15): recurrence up to x ≥ 10, then the asymptotic series.
 * Returns NaN for x ≤ 0 (callers validate).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const t =
    f *
    (-1 / 12 +
      f * (1 / 120 + f * (-1 / 252 + f * (1 / 240 + f * (-1 / 132 + f * (691 / 32760 + f * (-1 / 12 + f * (3617 / 8160))))))));
  return r + Math.log(x) - 0.5 / x + t;
}

const LN_SQRT_2PI = 0.9189385332046727;

/**
 * ln Γ(x) for x > 0 (relative error ~1e-15 away from the zeros at 1 and 2, absolute ~1e-16 near them):
 * recurrence up to x ≥ 12, then Stirling's series.
 */
export function lgamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  if (x < 12) {
    // ln Γ(x) = ln Γ(x + m) − ln(x (x+1) … (x+m−1)); accumulate the product in a few chunks to avoid overflow.
    let prod = 1;
    while (x < 12) {
      prod *= x;
      x += 1;
    }
    shift = -Math.log(prod);
  }
  const f = 1 / (x * x);
  const series =
    (1 / 12 + f * (-1 / 360 + f * (1 / 1260 + f * (-1 / 1680 + f * (1 / 1188 + f * (-691 / 360360 + f * (1 / 156))))))) / x;
  return shift + (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
}

/** Fills `out[k] = ln k!` for k = 0 … out.length − 1 and returns it. */
export function lnFactorialTable(out: Float64Array): Float64Array {
  const n = out.length;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    if (k >= 2) acc = k <= 20 ? acc + Math.log(k) : lgamma(k + 1);
    out[k] = acc;
  }
  return out;
}
