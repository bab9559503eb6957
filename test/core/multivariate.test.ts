import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  coInformation,
  coInformationOf,
  conditionalMutualInformation,
  contingency,
  dualTotalCorrelation,
  dualTotalCorrelationOf,
  entropy,
  entropyOf,
  information,
  informationMeasure,
  informationOf,
  interactionInformation,
  interactionInformationOf,
  jointEntropy,
  localEntropyOf,
  localInformationOf,
  localMutualInformationOf,
  localTotalCorrelationOf,
  mutualInformation,
  mutualInformationOf,
  normalizedMutualInformation,
  normalizedMutualInformationOf,
  adjustedMutualInformationOf,
  conditionalMutualInformationOf,
  oInformation,
  oInformationOf,
  sInformation,
  sInformationOf,
  table,
  totalCorrelation,
  totalCorrelationOf,
  variationOfInformation,
} from '../../src/index.js';
import type { MeasureName, Table } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

/** A uniform distribution over the given outcomes ("abc" strings of digits), as dit's `uniform`. */
function uniform(outcomes: string[]): Table {
  const d = outcomes[0].length;
  const shape = Array.from({ length: d }, (_, j) => 1 + Math.max(...outcomes.map((o) => Number(o[j]))));
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  for (const o of outcomes) {
    let idx = 0;
    for (let j = 0; j < d; j++) idx = idx * shape[j] + Number(o[j]);
    data[idx] += 1 / outcomes.length;
  }
  return table(data, shape);
}

/** dit's giant_bit(n, k): n copies of one uniform k-ary variable. */
function giantBit(n: number, k: number): Table {
  return uniform(Array.from({ length: k }, (_, v) => String(v).repeat(n)));
}

/** dit's n_mod_m(n, m): the first n − 1 variables uniform, the last making the sum ≡ 0 (mod m). */
function nModM(n: number, m: number): Table {
  const out: string[] = [];
  const total = m ** (n - 1);
  for (let i = 0; i < total; i++) {
    const digits: number[] = [];
    let v = i;
    for (let j = 0; j < n - 1; j++) {
      digits.unshift(v % m);
      v = Math.floor(v / m);
    }
    const s = digits.reduce((a, b) => a + b, 0);
    digits.push((m - (s % m)) % m);
    out.push(digits.join(''));
  }
  return uniform(out);
}

const bits = { base: 2 };
const xor = nModM(3, 2);

describe("dit's published values (tests/multivariate)", () => {
  it('XOR: TC 1, DTC 2, O −1, S 3, co-information −1, interaction information +1 (bits)', () => {
    expect(totalCorrelation(xor, bits)).toBe(1);
    expect(dualTotalCorrelation(xor, bits)).toBe(2);
    expect(oInformation(xor, bits)).toBe(-1);
    expect(sInformation(xor, bits)).toBe(3);
    expect(coInformation(xor, bits)).toBe(-1);
    expect(interactionInformation(xor, bits)).toBe(1);
  });
  it.each([
    [giantBit(5, 2), [[0], [1], [2], [3], [4]], [], 3, 5],
    [giantBit(5, 2), [[0], [1], [2], [3]], [4], 0, 0],
    [giantBit(5, 2), [[0], [1], [2]], [3, 4], 0, 0],
    [nModM(5, 2), [[0], [1], [2], [3], [4]], [], -3, 5],
    [nModM(5, 2), [[0], [1], [2], [3]], [4], -2, 4],
    [nModM(5, 2), [[0], [1], [2]], [3, 4], -1, 3],
  ])('o_information / s_information %#', (d, variables, given, o, s) => {
    expect(oInformation(d, { variables, given, ...bits })).toBeCloseTo(o, 12);
    expect(sInformation(d, { variables, given, ...bits })).toBeCloseTo(s, 12);
  });
  it('total_correlation: parity, subvariables, conditioning, overlapping variables', () => {
    for (let n = 3; n <= 6; n++) expect(totalCorrelation(nModM(n, 2), bits)).toBeCloseTo(1, 12);
    const d = nModM(4, 2);
    expect(totalCorrelation(d, { variables: [[0], [1], [2]], ...bits })).toBeCloseTo(0, 12);
    expect(totalCorrelation(d, { variables: [[0], [1], [2]], given: [3], ...bits })).toBeCloseTo(1, 12);
    expect(totalCorrelation(d, { variables: [[0], [1]], given: [2, 3], ...bits })).toBeCloseTo(1, 12);
    expect(totalCorrelation(d, { variables: [[0, 1], [2], [3]], ...bits })).toBeCloseTo(1, 12);
    expect(totalCorrelation(d, { variables: [[0, 1, 2], [1, 2, 3]], ...bits })).toBeCloseTo(3, 12);
    // T = I for two variables (dit test_tc7).
    const p = uniform(['00', '01', '11']);
    expect(totalCorrelation(p)).toBeCloseTo(mutualInformation(p), 14);
  });
  it('dual_total_correlation', () => {
    expect(dualTotalCorrelation(giantBit(2, 2), bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(giantBit(3, 2), bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(giantBit(3, 2), { variables: [0, 1], given: [2], ...bits })).toBeCloseTo(0, 12);
    expect(dualTotalCorrelation(giantBit(4, 2), bits)).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(giantBit(4, 2), { variables: [[0], [1, 2]], given: [3], ...bits })).toBeCloseTo(0, 12);
    expect(dualTotalCorrelation(xor, { variables: [[0], [1]], given: [2], ...bits })).toBeCloseTo(1, 12);
    expect(dualTotalCorrelation(xor, { variables: [[0], [2]], given: [1], ...bits })).toBeCloseTo(1, 12);
    const p = uniform(['00', '01', '11']);
    expect(dualTotalCorrelation(p)).toBeCloseTo(mutualInformation(p), 14);
  });
  it('coinformation and interaction_information', () => {
    const d = nModM(4, 2);
    expect(coInformation(d, bits)).toBeCloseTo(1, 12);
    expect(coInformation(d, { variables: [0, 1, 2], ...bits })).toBeCloseTo(0, 12);
    expect(coInformation(d, { variables: [0, 1, 2], given: [3], ...bits })).toBeCloseTo(-1, 12);
    expect(coInformation(d, { variables: [0, 1], given: [2, 3], ...bits })).toBeCloseTo(1, 12);
    expect(coInformation(xor, { variables: [0, 1, 2], given: [2], ...bits })).toBeCloseTo(0, 12);
    expect(coInformation(xor, { variables: [0, 1], given: [2], ...bits })).toBeCloseTo(1, 12);
    for (let i = 2; i <= 5; i++) {
      expect(coInformation(giantBit(i, 2), bits)).toBeCloseTo(1, 12);
      expect(interactionInformation(giantBit(i, 2), bits)).toBeCloseTo((-1) ** i, 12);
    }
    expect(interactionInformation(xor, { variables: [0, 1, 2], given: [2] })).toBeCloseTo(0, 12);
    expect(interactionInformation(xor, { variables: [0, 1], given: [2], ...bits })).toBeCloseTo(1, 12);
  });
});

describe('label columns give the values of the empirical table', () => {
  const x = [0, 0, 1, 1, 2, 2, 0, 1, 2, 1];
  const y = ['a', 'b', 'a', 'b', 'a', 'a', 'b', 'b', 'a', 'a'];
  const z = [1, 1, 1, 0, 0, 0, 1, 0, 1, 1];
  function empirical(cols: (readonly (number | string)[])[]): Table {
    const codes = cols.map((c) => {
      const vals = [...new Set(c)].sort();
      return c.map((v) => vals.indexOf(v));
    });
    const shape = codes.map((c) => 1 + Math.max(...c));
    const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < cols[0].length; i++) {
      let idx = 0;
      for (let j = 0; j < cols.length; j++) idx = idx * shape[j] + codes[j][i];
      data[idx] += 1 / cols[0].length;
    }
    return table(data, shape);
  }
  it.each(['total-correlation', 'dual-total-correlation', 'o-information', 's-information', 'co-information', 'interaction-information'] as MeasureName[])(
    '%s',
    (m) => {
      expect(informationOf(m, [x, y, z])).toBeCloseTo(information(m, empirical([x, y, z]), { normalize: true }), 13);
    },
  );
  it('named label functions equal the generic one', () => {
    const v = [x, y, z];
    expect(totalCorrelationOf(v)).toBe(informationOf('total-correlation', v));
    expect(dualTotalCorrelationOf(v)).toBe(informationOf('dual-total-correlation', v));
    expect(oInformationOf(v)).toBe(informationOf('o-information', v));
    expect(sInformationOf(v)).toBe(informationOf('s-information', v));
    expect(coInformationOf(v)).toBe(informationOf('co-information', v));
    expect(interactionInformationOf(v)).toBe(informationOf('interaction-information', v));
  });
  it('a variable made of two columns is their pair', () => {
    const xy = x.map((v, i) => `${v},${y[i]}`);
    expect(totalCorrelationOf([[x, y], z])).toBeCloseTo(mutualInformationOf(xy, z), 14);
  });
  it('the two-variable measures agree with the core functions, for every estimator', () => {
    for (const estimator of ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const) {
      expect(informationOf('mi', [x, y], { estimator })).toBeCloseTo(mutualInformationOf(x, y, { estimator }), 13);
      expect(informationOf('mi', [x, y], { given: z, estimator })).toBeCloseTo(conditionalMutualInformationOf(x, y, z, { estimator }), 13);
      expect(informationOf('nmi', [x, y], { estimator, average: 'max' })).toBeCloseTo(normalizedMutualInformationOf(x, y, { estimator, average: 'max' }), 13);
      expect(informationOf('entropy', [x], { estimator })).toBeCloseTo(entropyOf(x, { estimator }), 13);
    }
    expect(informationOf('ami', [x, y])).toBeCloseTo(adjustedMutualInformationOf(x, y), 13);
    const pxy = contingency(x, y).table;
    expect(information('nmi', pxy, { normalize: true, average: 'geometric' })).toBeCloseTo(normalizedMutualInformation(pxy, { normalize: true, average: 'geometric' }), 14);
    expect(information('vi', pxy, { normalize: true })).toBeCloseTo(variationOfInformation(pxy, { normalize: true }), 14);
  });
  it('accepts every label type, and leaves the inputs untouched', () => {
    const a = Int32Array.from([3, 3, 5, 5, 7, 7, 3, 5]);
    const b = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
    const c = [0, 0, 0, 0, 1, 1, 1, 1];
    const before = [Array.from(a), Array.from(b), c.slice()];
    const v1 = totalCorrelationOf([a, b, c]);
    const v2 = totalCorrelationOf([Array.from(a).map(String), Array.from(b), c.map((t) => t * 10)]);
    expect(v1).toBeCloseTo(v2, 15);
    expect([Array.from(a), Array.from(b), c]).toEqual(before);
  });
  it('many categories and many columns: keys are compacted past 2^53', () => {
    // 12 columns of 40 categories: 40^12 > 2^53.
    const n = 500;
    const cols = Array.from({ length: 12 }, (_, j) => Int32Array.from({ length: n }, (_, i) => (i * (j + 7) + j * j) % 40));
    const asStrings = cols.map((c) => Array.from(c, (v) => `v${v}`));
    const tc = totalCorrelationOf(cols);
    expect(tc).toBeCloseTo(totalCorrelationOf(asStrings), 12);
    let sumH = 0;
    for (const c of cols) sumH += entropyOf(c);
    const joint = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]).join(','));
    expect(tc).toBeCloseTo(sumH - entropyOf(joint), 12);
  });
});

describe('local values', () => {
  it('mean of the local values is the plug-in measure', () => {
    const x = [0, 0, 1, 1, 2, 2, 0, 1, 2, 1, 1, 1];
    const y = [1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1];
    const z = [0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0];
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(localEntropyOf(x))).toBeCloseTo(entropyOf(x), 14);
    expect(mean(localMutualInformationOf(x, y))).toBeCloseTo(mutualInformationOf(x, y), 14);
    expect(mean(localMutualInformationOf(x, y, { given: z }))).toBeCloseTo(conditionalMutualInformationOf(x, y, z), 14);
    expect(mean(localTotalCorrelationOf([x, y, z]))).toBeCloseTo(totalCorrelationOf([x, y, z]), 14);
    for (const m of ['dual-total-correlation', 'o-information', 'co-information', 'vi'] as MeasureName[]) {
      const vars = m === 'vi' ? [x, y] : [x, y, z];
      expect(mean(localInformationOf(m, vars, { base: 2 }))).toBeCloseTo(informationOf(m, vars, { base: 2 }), 14);
    }
  });
  it('pointwise MI is log p(x,y)/(p(x)p(y)) at each sample', () => {
    const x = [0, 0, 1, 1];
    const y = [0, 0, 1, 0];
    const i = localMutualInformationOf(x, y);
    expect(i[0]).toBeCloseTo(Math.log(0.5 / (0.5 * 0.75)), 15);
    expect(i[3]).toBeCloseTo(Math.log(0.25 / (0.5 * 0.75)), 15);
    expect(i.length).toBe(4);
  });
});

// Random 3- and 4-D tables with small alphabets, some cells zero.
const tableArb = fc
  .tuple(fc.integer({ min: 3, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .chain(([d, maxK]) =>
    fc.tuple(fc.array(fc.integer({ min: 1, max: maxK + 1 }), { minLength: d, maxLength: d })).chain(([shape]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return fc
        .array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: size, maxLength: size })
        .filter((w) => w.some((v) => v > 0))
        .map((w) => table(w, shape));
    }),
  );

/** Marginal table over the given axes (in order). */
function marginal(p: Table, axes: number[]): Table {
  const shape = axes.map((a) => p.shape[a]);
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  const d = p.shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let i = 0; i < p.data.length; i++) {
    let o = 0;
    for (const a of axes) o = o * p.shape[a] + idx[a];
    out[o] += p.data[i];
    for (let j = d - 1; j >= 0; j--) {
      if (++idx[j] < p.shape[j]) break;
      idx[j] = 0;
    }
  }
  return table(out, shape);
}

describe('identities (property tests)', () => {
  const o = { normalize: true };
  fcTest.prop([tableArb])('O = TC − DTC and S = TC + DTC', (p) => {
    const tc = totalCorrelation(p, o);
    const dtc = dualTotalCorrelation(p, o);
    expect(oInformation(p, o)).toBeCloseTo(tc - dtc, 12);
    expect(sInformation(p, o)).toBeCloseTo(tc + dtc, 12);
    expect(tc).toBeGreaterThanOrEqual(0);
    expect(dtc).toBeGreaterThanOrEqual(0);
    expect(dtc).toBeLessThanOrEqual(jointEntropy(p, o) + 1e-12);
  });
  fcTest.prop([tableArb])('TC = Σ H(Xᵢ) − H(X), from independent marginal entropies', (p) => {
    let s = 0;
    for (let a = 0; a < p.shape.length; a++) s += entropy(marginal(p, [a]).data, o);
    expect(totalCorrelation(p, o)).toBeCloseTo(Math.max(0, s - jointEntropy(p, o)), 12);
  });
  fcTest.prop([tableArb])('co-information of three variables = I(X;Y) − I(X;Y|Z)', (p) => {
    const p3 = p.shape.length === 3 ? p : marginal(p, [0, 1, 2]);
    const ixy = mutualInformation(marginal(p3, [0, 1]), o);
    const ixyz = conditionalMutualInformation(p3, o);
    expect(coInformation(p3, o)).toBeCloseTo(ixy - ixyz, 12);
    expect(interactionInformation(p3, o)).toBeCloseTo(ixyz - ixy, 12);
    expect(information('mi', p3, { variables: [0, 1], given: [2], ...o })).toBeCloseTo(ixyz, 12);
  });
  fcTest.prop([tableArb])('two variables: TC = DTC = S/2 = I(X;Y), O = 0', (p) => {
    const p2 = marginal(p, [0, 1]);
    const mi = mutualInformation(p2, o);
    expect(totalCorrelation(p2, o)).toBeCloseTo(mi, 13);
    expect(dualTotalCorrelation(p2, o)).toBeCloseTo(mi, 13);
    expect(sInformation(p2, o)).toBeCloseTo(2 * mi, 13);
    expect(oInformation(p2, o)).toBeCloseTo(0, 13);
    expect(coInformation(p2, o)).toBeCloseTo(mi, 13);
  });
  fcTest.prop([tableArb])('symmetric measures do not depend on the order of the variables', (p) => {
    const d = p.shape.length;
    const rev = Array.from({ length: d }, (_, i) => d - 1 - i);
    for (const m of ['total-correlation', 'dual-total-correlation', 'o-information', 'co-information'] as MeasureName[]) {
      expect(information(m, p, { ...o, variables: rev })).toBeCloseTo(information(m, p, o), 12);
      expect(information(m, marginal(p, rev), o)).toBeCloseTo(information(m, p, o), 12);
    }
  });
});

describe('the measure records', () => {
  it('declare each measure once, with the facts callers use', () => {
    const tc = informationMeasure('total-correlation');
    expect([tc.minVariables, tc.symmetric, tc.unit, tc.range, tc.dependence]).toEqual([2, true, 'information', 'non-negative', 'higher']);
    expect(informationMeasure('conditional-entropy').symmetric).toBe(false);
    expect(informationMeasure('vi').dependence).toBe('lower');
    expect(informationMeasure('nmi').terms).toBeNull();
    expect(Object.isFrozen(tc)).toBe(true);
  });
  it('Shannon forms whose dimensions balance (what the KSG estimator needs)', () => {
    for (const m of ['mi', 'vi', 'total-correlation', 'dual-total-correlation', 'o-information', 's-information', 'co-information'] as MeasureName[]) {
      const terms = informationMeasure(m).terms;
      for (let d = 2; d <= 5; d++) {
        if (informationMeasure(m).maxVariables < d) continue;
        const t = terms?.(d) ?? [];
        const dims = t.reduce((s, x) => s + x.coef * x.vars.length, 0);
        if (m !== 'vi') expect(dims).toBe(0);
      }
    }
  });
});

describe('bad input', () => {
  const p3 = xor;
  it.each([
    ['fewer than two variables', () => totalCorrelation(p3, { variables: [0] }), 'INVALID_ARGUMENT: totalCorrelation: total-correlation needs at least 2 variables (got 1)'],
    ['a one-axis table', () => oInformation(table([0.5, 0.5], [2])), 'INVALID_ARGUMENT: oInformation: o-information needs at least 2 variables (got 1)'],
    ['an axis out of range', () => dualTotalCorrelation(p3, { variables: [0, 3] }), 'INVALID_OPTION: dualTotalCorrelation: variables[1] must be an axis of the table, an integer in [0, 2] (got 3)'],
    ['a bad given axis', () => sInformation(p3, { given: [-1] }), 'INVALID_OPTION: sInformation: given[0] must be an axis of the table, an integer in [0, 2] (got -1)'],
    ['an empty variable', () => coInformation(p3, { variables: [[], [1]] }), 'INVALID_OPTION: coInformation: variables[0] must be an axis or a non-empty list of axes (got array of length 0)'],
    ['a table that does not sum to 1', () => totalCorrelation(table([0.5, 0.5, 0.5, 0.5], [2, 2])), 'INVALID_DISTRIBUTION: totalCorrelation: p must sum to 1 (got 2 at length 4); pass { normalize: true } to rescale'],
    ['a negative entry', () => interactionInformation(table([-0.5, 0.5, 0.5, 0.5], [2, 2]), { normalize: true }), 'INVALID_DISTRIBUTION: interactionInformation: p must be non-negative (got -0.5 at index 0)'],
    ['an unknown measure', () => information('tc' as MeasureName, p3), "INVALID_OPTION: information: unknown measure \"tc\"; expected one of 'entropy', 'joint-entropy', 'mi', 'conditional-entropy', 'vi', 'nmi', 'ami', 'total-correlation', 'dual-total-correlation', 'o-information', 's-information', 'co-information', 'interaction-information'"],
    ['ami on probabilities', () => information('ami', table([0.5, 0, 0, 0.5], [2, 2])), 'INVALID_ARGUMENT: information: ami is defined on counts, not on a table of probabilities; use informationOf on the labels'],
    ['average with a Shannon measure', () => information('mi', table([0.5, 0, 0, 0.5], [2, 2]), { average: 'max' }), 'INVALID_OPTION: information: average applies to nmi only (got "max" with mi)'],
    ['given with nmi', () => information('nmi', p3, { variables: [0, 1], given: [2] }), 'INVALID_OPTION: information: given is not defined for nmi (not a sum of entropies)'],
    ['too many variables for mi', () => information('mi', p3), 'INVALID_ARGUMENT: information: mi takes at most 2 variables (got 3)'],
    ['bad base', () => totalCorrelation(p3, { base: 1 }), 'INVALID_OPTION: totalCorrelation: base must be a finite number > 0 and ≠ 1 (got 1)'],
  ])('tables: %s', (_, f, msg) => {
    expect(errorCodeAndMessage(f)).toBe(msg);
  });
  it.each([
    ['one variable', () => totalCorrelationOf([[0, 1]]), 'INVALID_ARGUMENT: totalCorrelationOf: total-correlation needs at least 2 variables (got 1)'],
    ['not an array', () => oInformationOf(5 as never), 'INVALID_ARGUMENT: oInformationOf: variables must be an array of label arrays (got 5)'],
    ['columns of different lengths', () => sInformationOf([[0, 1], [0, 1, 1]]), 'SHAPE_MISMATCH: sInformationOf: variables[0] and variables[1] must have the same length (got 2 and 3)'],
    ['given of another length', () => coInformationOf([[0, 1], [0, 1]], { given: [1, 1, 1] }), 'SHAPE_MISMATCH: coInformationOf: variables[0] and given must have the same length (got 2 and 3)'],
    ['fractional labels', () => dualTotalCorrelationOf([[0, 1.5], [0, 1]]), 'INVALID_LABELS: dualTotalCorrelationOf: variables[0][1] must be an integer label (got 1.5); bin continuous data first or use the estimators module'],
    ['NaN labels', () => interactionInformationOf([[0, 1], [NaN, 1]]), 'NON_FINITE: interactionInformationOf: variables[1][0] must be finite (got NaN)'],
    ['empty columns', () => totalCorrelationOf([[], []]), 'EMPTY_INPUT: totalCorrelationOf: variables[0] is empty'],
    ['unknown estimator', () => totalCorrelationOf([[0, 1], [1, 0]], { estimator: 'mle' as 'plugin' }), "INVALID_OPTION: totalCorrelationOf: unknown estimator \"mle\"; expected one of 'plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'"],
    ['estimator with ami', () => informationOf('ami', [[0, 1], [1, 0]], { estimator: 'grassberger' }), "INVALID_OPTION: informationOf: estimator \"grassberger\" is not available for ami (defined for plug-in estimates only)"],
    ['local value of nmi', () => localInformationOf('nmi', [[0, 1], [1, 0]]), 'INVALID_OPTION: localInformationOf: nmi has no local form (it is not a sum of entropies)'],
    ['local with a bad base', () => localEntropyOf([0, 1], { base: -2 }), 'INVALID_OPTION: localEntropyOf: base must be a finite number > 0 and ≠ 1 (got -2)'],
    ['local with a bad second argument', () => localMutualInformationOf([0, 1], [0, 'a'] as never), 'INVALID_LABELS: localMutualInformationOf: variables[1][1] must be an integer or a string (got "a")'],
    ['local TC of one variable', () => localTotalCorrelationOf([[0, 1]]), 'INVALID_ARGUMENT: localTotalCorrelationOf: total-correlation needs at least 2 variables (got 1)'],
  ])('labels: %s', (_, f, msg) => {
    expect(errorCodeAndMessage(f)).toBe(msg);
  });
  it('informationMeasure rejects an unknown name', () => {
    expect(errorCodeAndMessage(() => informationMeasure('x' as MeasureName))).toMatch(/^INVALID_OPTION: informationMeasure: unknown name "x"/);
  });
  it('normalized weights are accepted with normalize', () => {
    expect(totalCorrelation(table([2, 0, 0, 2], [2, 2]), { normalize: true, base: 2 })).toBe(1);
  });
});

describe('option names', () => {
  it('an unknown option is rejected, naming the closest valid one', () => {
    expect(errorCodeAndMessage(() => totalCorrelation(xor, { bsae: 2 } as never))).toBe(
      "INVALID_OPTION: totalCorrelation: unknown option \"bsae\"; did you mean 'base'? (options: base, normalize, variables, given, average)",
    );
    expect(errorCodeAndMessage(() => oInformationOf([[0, 1], [1, 0]], { estimatr: 'plugin' } as never))).toMatch(/^INVALID_OPTION: oInformationOf: unknown option "estimatr"; did you mean 'estimator'\?/);
  });
});
