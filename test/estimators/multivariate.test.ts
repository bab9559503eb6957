import { describe, expect, it } from 'vitest';
import {
  createRng,
  dualTotalCorrelationOf,
  ksgConditionalMutualInformation,
  ksgDualTotalCorrelation,
  ksgInformation,
  ksgLocalInformation,
  ksgMutualInformation,
  ksgOInformation,
  ksgSInformation,
  ksgTotalCorrelation,
  oInformationOf,
  sInformationOf,
  totalCorrelationOf,
} from '../../src/index.js';
import type { MeasureName } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';
import { loadFixture } from '../helpers/fixtures.js';

interface JidtFixture {
  discrete: { base: number; states: number[][]; tc: number; dtc: number; o: number; s: number }[];
  kraskov: { k: number; data: number[][]; tc: number; dtc: number; o: number; s: number; localO: number[] }[];
}
const fx = loadFixture<JidtFixture>('mv_jidt.json');
const columns = <T>(rows: T[][]): T[][] => rows[0].map((_, j) => rows.map((r) => r[j]));

describe('JIDT (test/fixtures/MvJidtHarness.java), equal to 1e-9', () => {
  it.each(fx.kraskov.map((c, i) => [i, c] as const))('KSG case %i: TC, DTC, O, S and local O (noise off, NORMALISE=false)', (_, c) => {
    const vars = columns(c.data);
    const o = { k: c.k, noise: false as const };
    expect(ksgTotalCorrelation(vars, o)).toBeCloseTo(c.tc, 9);
    expect(ksgDualTotalCorrelation(vars, o)).toBeCloseTo(c.dtc, 9);
    expect(ksgOInformation(vars, o)).toBeCloseTo(c.o, 9);
    expect(ksgSInformation(vars, o)).toBeCloseTo(c.s, 9);
    const local = ksgLocalInformation('o-information', vars, o);
    let worst = 0;
    for (let i = 0; i < local.length; i++) worst = Math.max(worst, Math.abs(local[i] - c.localO[i]));
    expect(worst).toBeLessThan(1e-9);
  });
  it.each(fx.discrete.map((c, i) => [i, c] as const))('discrete case %i: TC, DTC, O, S in bits', (_, c) => {
    const vars = columns(c.states);
    const bits = { base: 2 };
    expect(totalCorrelationOf(vars, bits)).toBeCloseTo(c.tc, 9);
    expect(dualTotalCorrelationOf(vars, bits)).toBeCloseTo(c.dtc, 9);
    expect(oInformationOf(vars, bits)).toBeCloseTo(c.o, 9);
    expect(sInformationOf(vars, bits)).toBeCloseTo(c.s, 9);
  });
});

function gaussianSample(n: number, seed: number): { x: number[]; y: number[]; z: number[] } {
  const rng = createRng(seed);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    x.push(a);
    y.push(0.6 * a + 0.8 * b);
    z.push(a - b + 0.5 * rng.normal());
  }
  return { x, y, z };
}

describe('the generic KSG form reproduces the dedicated estimators', () => {
  const { x, y, z } = gaussianSample(800, 3);
  const o = { noise: false as const, k: 4 };
  it('mi is ksgMutualInformation; mi given z is the Frenzel–Pompe CMI', () => {
    expect(ksgInformation('mi', [x, y], o)).toBeCloseTo(ksgMutualInformation(x, y, o), 12);
    expect(ksgInformation('mi', [x, y], { ...o, given: z })).toBeCloseTo(ksgConditionalMutualInformation(x, y, z, o), 12);
  });
  it('TC of two variables is the MI; O of two is 0; O = TC − DTC and S = TC + DTC with one shared radius', () => {
    expect(ksgTotalCorrelation([x, y], o)).toBeCloseTo(ksgMutualInformation(x, y, o), 12);
    expect(ksgOInformation([x, y], o)).toBe(0);
    const tc = ksgTotalCorrelation([x, y, z], o);
    const dtc = ksgDualTotalCorrelation([x, y, z], o);
    expect(ksgOInformation([x, y, z], o)).toBeCloseTo(tc - dtc, 12);
    expect(ksgSInformation([x, y, z], o)).toBeCloseTo(tc + dtc, 12);
  });
  it('a multivariate variable: TC of ([x, y], z) is the KSG MI between the pair and z', () => {
    const xy = x.map((v, i) => [v, y[i]]);
    expect(ksgTotalCorrelation([xy, z], o)).toBeCloseTo(ksgMutualInformation(xy, z, o), 12);
  });
  it('local values average to the estimate; base rescales', () => {
    const local = ksgLocalInformation('dual-total-correlation', [x, y, z], { ...o, base: 2 });
    const mean = local.reduce((s, v) => s + v, 0) / local.length;
    expect(mean).toBeCloseTo(ksgDualTotalCorrelation([x, y, z], o) / Math.LN2, 12);
  });
  it('Gaussian closed form: TC of three correlated Gaussians', () => {
    // Cov = [[1, .6, .3], [.6, 1, .5], [.3, .5, 1]]: TC = −½ ln det(Cov).
    const rng = createRng(9);
    const L = [
      [1, 0, 0],
      [0.6, 0.8, 0],
      [0.3, 0.4, Math.sqrt(1 - 0.09 - 0.16)],
    ];
    const cols: number[][] = [[], [], []];
    for (let i = 0; i < 4000; i++) {
      const e = [rng.normal(), rng.normal(), rng.normal()];
      for (let r = 0; r < 3; r++) cols[r].push(L[r][0] * e[0] + L[r][1] * e[1] + L[r][2] * e[2]);
    }
    const det = 1 * (1 - 0.25) - 0.6 * (0.6 - 0.15) + 0.3 * (0.3 - 0.3);
    expect(ksgTotalCorrelation(cols)).toBeCloseTo(-0.5 * Math.log(det), 1);
  });
  it('noise is seeded: the same seed gives the same value', () => {
    expect(ksgOInformation([x, y, z], { seed: 4 })).toBe(ksgOInformation([x, y, z], { seed: 4 }));
  });
  it('does not modify the inputs', () => {
    const xs = Float64Array.from(x);
    ksgSInformation([xs, y, z]);
    expect(Array.from(xs)).toEqual(x);
  });
});

describe('bad input', () => {
  const a = [1, 2, 3, 4, 5];
  const b = [2, 1, 4, 3, 6];
  it.each([
    ['one variable', () => ksgTotalCorrelation([a]), 'INVALID_ARGUMENT: ksgTotalCorrelation: total-correlation needs at least 2 variables (got 1)'],
    ['not an array', () => ksgOInformation(3 as never), 'INVALID_ARGUMENT: ksgOInformation: variables must be an array of samples, one per variable (got 3)'],
    ['different lengths', () => ksgSInformation([a, b.slice(0, 4)]), 'SHAPE_MISMATCH: ksgSInformation: variables[0] and variables[1] must have the same number of samples (got 5 and 4)'],
    ['given of another length', () => ksgInformation('mi', [a, b], { given: [1, 2] }), 'SHAPE_MISMATCH: ksgInformation: variables[0] and given must have the same number of samples (got 5 and 2)'],
    ['NaN', () => ksgDualTotalCorrelation([a, [1, NaN, 3, 4, 5]]), 'NON_FINITE: ksgDualTotalCorrelation: variables[1] must be finite (got NaN at row 1)'],
    ['k ≥ N', () => ksgTotalCorrelation([a, b], { k: 5 }), 'INVALID_OPTION: ksgTotalCorrelation: k must be less than the number of samples (got k = 5 with n = 5); need at least k + 1 = 6 samples'],
    ['entropy has no KSG form', () => ksgInformation('entropy', [a]), 'INVALID_OPTION: ksgInformation: entropy has no KSG estimator (its entropy terms do not cancel the neighbourhood volumes); use klEntropy or a discrete estimator'],
    ['nmi has no KSG form', () => ksgInformation('nmi', [a, b]), 'INVALID_OPTION: ksgInformation: nmi has no KSG estimator (its entropy terms do not cancel the neighbourhood volumes); use klEntropy or a discrete estimator'],
    ['unknown measure', () => ksgLocalInformation('tc' as MeasureName, [a, b]), /^INVALID_OPTION: ksgLocalInformation: unknown measure "tc"/],
    ['negative noise', () => ksgOInformation([a, b], { noise: -1 }), 'INVALID_OPTION: ksgOInformation: noise must be a finite number in [0, 1] (got -1)'],
  ])('%s', (_, f, msg) => {
    const got = errorCodeAndMessage(f);
    if (typeof msg === 'string') expect(got).toBe(msg);
    else expect(got).toMatch(msg);
  });
});
