import { describe, expect, it } from 'vitest';
import { createRng, informationOf, informationTest, ksgInformation, mutualInformationTest } from '../../src/index.js';
import type { MeasureName } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

const n = 240;
const x = Array.from({ length: n }, (_, i) => i % 2);
const y = Array.from({ length: n }, (_, i) => (i >> 1) % 2);
const z = x.map((v, i) => v ^ y[i]);

describe('the statistic, its direction and its estimator come from the measure record', () => {
  it('the observed statistic is the measure on the data', () => {
    for (const m of ['mi', 'nmi', 'vi', 'conditional-entropy'] as MeasureName[]) {
      expect(informationTest(m, [x, z], { permutations: 9 }).statistic).toBe(informationOf(m, [x, z]));
    }
    expect(informationTest('total-correlation', [x, y, z], { permutations: 9, base: 2 }).statistic).toBeCloseTo(1, 14);
  });
  it('alternatives: greater for MI, less for VI and conditional entropy, two-sided for O-information', () => {
    expect(informationTest('mi', [x, y], { permutations: 9 }).alternative).toBe('greater');
    expect(informationTest('vi', [x, y], { permutations: 9 }).alternative).toBe('less');
    expect(informationTest('conditional-entropy', [x, y], { permutations: 9 }).alternative).toBe('less');
    expect(informationTest('o-information', [x, y, z], { permutations: 9 }).alternative).toBe('two-sided');
  });
  it('XOR: pairwise independent (large p), jointly synergistic (O < 0, small p), dependent given the third', () => {
    expect(informationTest('mi', [x, z], { permutations: 199 }).pValue).toBeGreaterThan(0.2);
    const o = informationTest('o-information', [x, y, z], { permutations: 199 });
    expect(o.statistic).toBeLessThan(0);
    expect(o.pValue).toBe(1 / 200);
    expect(informationTest('mi', [x, z], { given: y, permutations: 199 }).pValue).toBe(1 / 200);
    // VI: lower means dependent; x and its copy are as dependent as can be.
    expect(informationTest('vi', [x, x.slice()], { permutations: 99 }).pValue).toBe(1 / 100);
  });
  it('conditioning shuffles within strata: two noisy copies of Z are dependent, but not given Z', () => {
    const rng = createRng(4);
    const zz = Array.from({ length: 400 }, () => rng.int(3));
    const a = zz.map((v) => (rng.next() < 0.8 ? v : rng.int(3)));
    const b = zz.map((v) => (rng.next() < 0.8 ? v : rng.int(3)));
    expect(informationTest('mi', [a, b], { permutations: 99, seed: 1 }).pValue).toBe(0.01);
    expect(informationTest('mi', [a, b], { given: zz, permutations: 99, seed: 1 }).pValue).toBeGreaterThan(0.05);
  });
  it('continuous samples go to KSG, with the same statistic as mutualInformationTest and ksgInformation', () => {
    const rng = createRng(7);
    const u: number[] = [];
    const v: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < 300; i++) {
      const a = rng.normal();
      const b = rng.normal();
      u.push(a);
      v.push(b);
      w.push(a + b + 0.3 * rng.normal());
    }
    const t = informationTest('mi', [u, w], { permutations: 49, noise: false });
    expect(t.estimator).toBe('ksg');
    expect(t.statistic).toBeCloseTo(mutualInformationTest(u, w, { permutations: 1, noise: false }).statistic, 12);
    expect(t.pValue).toBe(1 / 50);
    const o = informationTest('o-information', [u, v, w], { permutations: 49, noise: false });
    expect(o.statistic).toBeCloseTo(ksgInformation('o-information', [u, v, w], { noise: false }), 12);
    expect(o.pValue).toBe(1 / 50);
    expect(informationTest('mi', [u, v], { permutations: 99, seed: 3 }).pValue).toBeGreaterThan(0.05);
  });
  it('is reproducible by seed, reports progress, and leaves inputs alone', () => {
    const xs = x.slice();
    const seen: number[] = [];
    const a = informationTest('mi', [xs, z], { permutations: 50, seed: 5, onProgress: (p) => seen.push(p.completed) });
    const b = informationTest('mi', [xs, z], { permutations: 50, seed: 5 });
    expect(a).toEqual(b);
    expect(seen[seen.length - 1]).toBe(50);
    expect(xs).toEqual(x);
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown measure', () => informationTest('kl' as MeasureName, [x, y]), /^INVALID_OPTION: informationTest: unknown measure "kl"/],
    ['one variable', () => informationTest('mi', [x]), 'INVALID_ARGUMENT: informationTest: mi needs at least 2 variables (got 1)'],
    ['mixed kinds', () => informationTest('mi', [x, [0.5, 1.5]]), 'INVALID_ARGUMENT: informationTest: variables mix labels and continuous samples; pass kind, or bin the continuous ones'],
    ['given with continuous data', () => informationTest('mi', [[0.1, 0.2, 0.3, 0.4, 0.5], [0.5, 0.1, 0.2, 0.3, 0.4]], { given: [0, 1, 0, 1, 0] }), 'INVALID_OPTION: informationTest: given applies to the discrete test only (a conditional permutation of continuous data needs a local permutation scheme)'],
    ['a measure without a KSG form', () => informationTest('vi', [[0.1, 0.2, 0.3, 0.4, 0.5], [0.5, 0.1, 0.2, 0.3, 0.4]], { k: 1 }), /^INVALID_OPTION: informationTest: vi has no KSG estimator/],
    ['permutations 0', () => informationTest('mi', [x, y], { permutations: 0 }), 'INVALID_OPTION: informationTest: permutations must be an integer ≥ 1 (got 0)'],
    ['a bad seed', () => informationTest('mi', [x, y], { seed: Infinity }), 'INVALID_OPTION: informationTest: seed must be an integer (got Infinity)'],
    ['k with labels', () => informationTest('mi', [x, y], { k: 3 }), 'INVALID_OPTION: informationTest: k and noise apply to the continuous (KSG) test only'],
  ])('%s', (_, f, msg) => {
    const got = errorCodeAndMessage(f);
    if (typeof msg === 'string') expect(got).toBe(msg);
    else expect(got).toMatch(msg);
  });
  it('a fired signal aborts', () => {
    const c = new AbortController();
    c.abort();
    expect(errorCodeAndMessage(() => informationTest('mi', [x, y], { signal: c.signal }))).toBe('ABORTED: informationTest: aborted by signal');
  });
});
