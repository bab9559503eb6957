import { describe, expect, it } from 'vitest';
import {
  gaussianEntropy,
  gaussianKlDivergence,
  gaussianMutualInformation,
  gaussianMutualInformationOf,
  klEntropy,
  ksgConditionalMutualInformation,
  ksgMutualInformation,
  mixedMutualInformation,
} from '../../src/estimators/index.js';
import { loadFixture } from '../helpers/fixtures.js';

const load = <T>(name: string): T => loadFixture<T>(name);

interface CcCase { name: string; k: number; x: number[]; y: number[]; sklearn: number; raw: number }
interface CdCase { name: string; k: number; labels: number[]; x: number[]; sklearn: number; raw: number }
interface KnnFix {
  ksg: { name: string; k: number; x: number[][]; y: number[][]; alg1: number; alg2: number }[];
  cmi: { name: string; k: number; x: number[][]; y: number[][]; z: number[][]; cmi: number }[];
  kl: { name: string; k: number; x: number[][]; h: number }[];
}
interface GaussFix {
  closed: { d: number; cov0: number[][]; cov1: number[][]; mu0: number[]; mu1: number[]; entropy: number; mi: number[]; kl: number }[];
  samples: { x: number[][]; y: number[][]; mi: number }[];
}

const TOL = 1e-9;

describe('ksgMutualInformation vs scikit-learn _compute_mi_cc (noise off)', () => {
  const { cases } = load<{ cases: CcCase[] }>('est_ksg.json');
  for (const c of cases) {
    it(c.name, () => {
      const raw = ksgMutualInformation(c.x, c.y, { k: c.k, noise: false });
      expect(Math.abs(raw - c.raw)).toBeLessThanOrEqual(TOL);
      const clipped = ksgMutualInformation(Float64Array.from(c.x), Float64Array.from(c.y), { k: c.k, noise: false, clip: true });
      expect(Math.abs(clipped - c.sklearn)).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('mixedMutualInformation vs scikit-learn _compute_mi_cd (noise off)', () => {
  const { cases } = load<{ cases: CdCase[] }>('est_mixed.json');
  for (const c of cases) {
    it(c.name, () => {
      const raw = mixedMutualInformation(c.labels, c.x, { k: c.k, noise: false });
      expect(Math.abs(raw - c.raw)).toBeLessThanOrEqual(TOL);
      const clipped = mixedMutualInformation(Int32Array.from(c.labels), c.x, { k: c.k, noise: false, clip: true });
      expect(Math.abs(clipped - c.sklearn)).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('multivariate kNN estimators vs scipy cKDTree references', () => {
  const fix = load<KnnFix>('est_knn.json');
  for (const c of fix.ksg) {
    it(`KSG 1 and 2, ${c.name}`, () => {
      expect(Math.abs(ksgMutualInformation(c.x, c.y, { k: c.k, noise: false }) - c.alg1)).toBeLessThanOrEqual(TOL);
      expect(Math.abs(ksgMutualInformation(c.x, c.y, { k: c.k, noise: false, algorithm: 2 }) - c.alg2)).toBeLessThanOrEqual(TOL);
    });
  }
  for (const c of fix.cmi) {
    it(`CMI ${c.name}`, () => {
      expect(Math.abs(ksgConditionalMutualInformation(c.x, c.y, c.z, { k: c.k, noise: false }) - c.cmi)).toBeLessThanOrEqual(TOL);
    });
  }
  for (const c of fix.kl) {
    it(`klEntropy ${c.name}`, () => {
      expect(Math.abs(klEntropy(c.x, { k: c.k, noise: false }) - c.h)).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('Gaussian closed forms vs scipy / numpy', () => {
  const fix = load<GaussFix>('est_gaussian.json');
  for (const c of fix.closed) {
    it(`d = ${c.d}`, () => {
      expect(gaussianEntropy(c.cov0)).toBeCloseTo(c.entropy, 10);
      for (let dx = 1; dx < c.d; dx++) expect(gaussianMutualInformation(c.cov0, dx)).toBeCloseTo(c.mi[dx - 1], 10);
      expect(gaussianKlDivergence(c.mu0, c.cov0, c.mu1, c.cov1)).toBeCloseTo(c.kl, 9);
    });
  }
  fix.samples.forEach((c, i) => {
    it(`gaussianMutualInformationOf sample ${i}`, () => {
      expect(gaussianMutualInformationOf(c.x, c.y)).toBeCloseTo(c.mi, 11);
    });
  });
});
