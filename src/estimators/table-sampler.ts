// Patefield's sampler of contingency tables with fixed margins: the permuted table of a discrete permutation test.
import { lnFactorialTable } from '../internal/special.js';
import type { Rng } from '../internal/rng.js';

/**
 * Draws kx × ky contingency tables with fixed margins from the distribution induced by a uniformly random
 * permutation (the multivariate hypergeometric / Fisher–Freeman–Halton law), cell by cell as in Patefield's
 * algorithm AS 159: cell (i, j) given the cells before it is hypergeometric (draws = what is left of row i,
 * successes = what is left of column j, population = what is left of columns j, j+1, …). Each univariate draw is
 * exact inversion starting at the mode, O(standard deviation) steps. Preallocated: no allocation per table.
 */
export class TableSampler {
  private readonly kx: number;
  private readonly ky: number;
  private readonly rows: Float64Array;
  private readonly cols: Float64Array;
  private readonly n: number;
  private readonly lnFact: Float64Array;
  private readonly colLeft: Float64Array;

  /** Margins are copied; n is their common total. */
  constructor(kx: number, ky: number, rows: Float64Array, cols: Float64Array, n: number) {
    this.kx = kx;
    this.ky = ky;
    this.rows = rows.slice(0, kx);
    this.cols = cols.slice(0, ky);
    this.n = n;
    this.lnFact = lnFactorialTable(new Float64Array(n + 1));
    this.colLeft = new Float64Array(ky);
  }

  /** Fills out[i·ky + j] with a random table having the stored margins. */
  sample(rng: Rng, out: Float64Array): void {
    const { kx, ky, rows } = this;
    const colLeft = this.colLeft;
    colLeft.set(this.cols);
    let total = this.n;
    for (let i = 0; i < kx; i++) {
      const base = i * ky;
      if (i === kx - 1) {
        for (let j = 0; j < ky; j++) out[base + j] = colLeft[j];
        break;
      }
      let draws = rows[i];
      let pop = total;
      for (let j = 0; j < ky; j++) {
        const c = colLeft[j];
        const v = j === ky - 1 ? draws : this.hypergeometric(draws, c, pop, rng);
        out[base + j] = v;
        draws -= v;
        pop -= c;
        colLeft[j] = c - v;
      }
      total -= rows[i];
    }
  }

  /** Number of successes in `draws` draws without replacement from `pop` items of which `succ` are successes. */
  private hypergeometric(draws: number, succ: number, pop: number, rng: Rng): number {
    if (draws === 0 || succ === 0) return 0;
    if (succ === pop) return draws;
    if (draws === pop) return succ;
    const fail = pop - succ;
    const lo = Math.max(0, draws - fail);
    const hi = Math.min(draws, succ);
    if (lo === hi) return lo;
    const lf = this.lnFact;
    const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (succ + 1)) / (pop + 2))));
    const pMode = Math.exp(
      lf[succ] - lf[mode] - lf[succ - mode] + lf[fail] - lf[draws - mode] - lf[fail - draws + mode] - (lf[pop] - lf[draws] - lf[pop - draws]),
    );
    let u = rng.next();
    for (;;) {
      // Inversion over the support in the order mode, mode+1, mode−1, mode+2, …: exact for any fixed order.
      let s = pMode;
      if (u < s) return mode;
      let up = mode;
      let down = mode;
      let pUp = pMode;
      let pDown = pMode;
      while (up < hi || down > lo) {
        if (up < hi) {
          pUp *= ((succ - up) * (draws - up)) / ((up + 1) * (fail - draws + up + 1));
          up++;
          s += pUp;
          if (u < s) return up;
        }
        if (down > lo) {
          pDown *= (down * (fail - draws + down)) / ((succ - down + 1) * (draws - down + 1));
          down--;
          s += pDown;
          if (u < s) return down;
        }
      }
      // The computed probabilities summed to s < 1 by rounding: draw again within the mass actually covered.
      u = rng.next() * s;
    }
  }
}
