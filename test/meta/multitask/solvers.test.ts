import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../helpers/fixtures.js';
import { gramStats, lassoCd, lassoFista, ridgeGram } from '../../../src/meta/multitask/linalg.js';

interface Fit {
  alpha: number;
  coef: number[];
  intercept: number;
}
interface Case {
  n: number;
  d: number;
  x: number[];
  y: number[];
  ridge: Fit[];
  lasso: Fit[];
}
const fx = loadFixture<{ cases: Case[] }>('mt_solvers.json');

function intercept(st: ReturnType<typeof gramStats>, w: Float64Array): number {
  let b = st.yMean;
  for (let j = 0; j < st.d; j++) b -= st.xMean[j] * w[j];
  return b;
}

describe('ridge and lasso solvers against scikit-learn (test/fixtures/mt_generate.py)', () => {
  for (const c of fx.cases) {
    const st = gramStats(c.n, c.d, Float64Array.from(c.x), Float64Array.from(c.y));
    for (const r of c.ridge) {
      it(`Ridge n=${c.n} d=${c.d} alpha=${r.alpha}`, () => {
        const w = ridgeGram(c.d, st.G, st.c, r.alpha);
        for (let j = 0; j < c.d; j++) expect(Math.abs(w[j] - r.coef[j])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r.coef[j])));
        expect(Math.abs(intercept(st, w) - r.intercept)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r.intercept)));
      });
    }
    for (const l of c.lasso) {
      for (const solver of ['cd', 'fista'] as const) {
        it(`Lasso (${solver}) n=${c.n} d=${c.d} alpha=${l.alpha}`, () => {
          // sklearn: (1/2n)‖y − Xw‖² + α‖w‖₁  ⇔  ½wᵀGw − cᵀw + nα‖w‖₁ on centred data.
          const w = new Float64Array(c.d);
          if (solver === 'cd') lassoCd(c.d, st.G, st.c, c.n * l.alpha, w, 1e-15, 1000000);
          else lassoFista(c.d, st.G, st.c, c.n * l.alpha, w, 1e-15, 2000000);
          for (let j = 0; j < c.d; j++) {
            expect(Math.abs(w[j] - l.coef[j])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(l.coef[j])));
            if (l.coef[j] === 0 && solver === 'cd') expect(w[j]).toBe(0);
          }
          expect(Math.abs(intercept(st, w) - l.intercept)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(l.intercept)));
        });
      }
    }
  }
});
