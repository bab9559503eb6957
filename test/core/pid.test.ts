import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mutualInformation, partialInformationDecomposition as pid, table } from '../../src/index.js';
import type { PidMeasure, Table } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';
import { loadFixture } from '../helpers/fixtures.js';

/** dit's Distribution(outcomes, pmf): outcomes are strings of digits, one per variable. */
function dist(outcomes: string[], pmf?: number[]): Table {
  const d = outcomes[0].length;
  const shape = Array.from({ length: d }, (_, j) => 1 + Math.max(...outcomes.map((o) => Number(o[j]))));
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  outcomes.forEach((o, k) => {
    let idx = 0;
    for (let j = 0; j < d; j++) idx = idx * shape[j] + Number(o[j]);
    data[idx] += pmf ? pmf[k] : 1 / outcomes.length;
  });
  return table(data, shape);
}

const bits = { base: 2 };
// dit.pid.distributions (bivariates / trivariates); the last variable is the target.
const xor = dist(['000', '011', '101', '110']);
const and = dist(['000', '010', '100', '111']);
const rdn = dist(['000', '111']);
const unq = dist(['000', '011', '100', '111']);
const cat = dist(['000', '011', '102', '113']);
const reducedOr = dist(['000', '011', '101'], [0.5, 0.25, 0.25]);
const giantBit = dist(['0000', '1111']);

const atomsOf = (m: PidMeasure, p: Table, o = {}): Record<string, number> => pid(p, m, { ...bits, ...o }).atoms;

function expectAtoms(got: Record<string, number>, want: Record<string, number>, digits = 9): void {
  for (const [id, v] of Object.entries(want)) expect(got[id], id).toBeCloseTo(v, digits);
}

describe('canonical examples (closed forms), every measure where it is known', () => {
  it('XOR: synergy 1, nothing else', () => {
    for (const m of ['imin', 'broja', 'ccs'] as const) expectAtoms(atomsOf(m, xor), { '{0}{1}': 0, '{0}': 0, '{1}': 0, '{0:1}': 1 });
  });
  it('AND: I(S₁S₂;T) = 0.8113; BROJA and I_min: redundancy 0.3113, synergy 0.5, unique 0', () => {
    const r = pid(and, 'broja', bits);
    expect(r.mutualInformation).toBeCloseTo(0.8112781244591328, 12);
    expect(r.redundancy).toBeCloseTo(0.3112781244591328, 10);
    expect(r.synergy).toBeCloseTo(0.5, 10);
    expect(r.unique[0]).toBeCloseTo(0, 10);
    expect(r.unique[1]).toBeCloseTo(0, 10);
    expectAtoms(atomsOf('imin', and), { '{0}{1}': 0.3112781244591328, '{0}': 0, '{1}': 0, '{0:1}': 0.5 });
    // I_ccs for AND (Ince 2017, table 2): 0.1038 redundancy, 0.2075 unique each, 0.2925 synergy.
    expectAtoms(atomsOf('ccs', and), { '{0}{1}': 0.10375937481971094, '{0}': 0.20751874963942191, '{1}': 0.20751874963942191, '{0:1}': 0.2924812503605781 });
  });
  it('RDN (a giant bit): redundancy 1', () => {
    for (const m of ['imin', 'broja', 'ccs'] as const) expectAtoms(atomsOf(m, rdn), { '{0}{1}': 1, '{0}': 0, '{1}': 0, '{0:1}': 0 });
    // Three copies and a copied target: all redundant, for the measures that take three sources.
    for (const m of ['imin', 'ccs'] as const) {
      const r = pid(giantBit, m, bits);
      expect(r.redundancy).toBeCloseTo(1, 10);
      for (const n of r.lattice.slice(1)) expect(n.atom, n.id).toBeCloseTo(0, 10);
    }
  });
  it('UNQ (T = S₂): 1 bit unique to source 1', () => {
    for (const m of ['imin', 'broja', 'ccs'] as const) expectAtoms(atomsOf(m, unq), { '{0}{1}': 0, '{0}': 0, '{1}': 1, '{0:1}': 0 });
  });
  it('COPY / CAT (T = (S₁, S₂)): BROJA and I_ccs unique 1 each; I_min redundancy 1 and synergy 1', () => {
    expectAtoms(atomsOf('broja', cat), { '{0}{1}': 0, '{0}': 1, '{1}': 1, '{0:1}': 0 });
    expectAtoms(atomsOf('ccs', cat), { '{0}{1}': 0, '{0}': 1, '{1}': 1, '{0:1}': 0 });
    expectAtoms(atomsOf('imin', cat), { '{0}{1}': 1, '{0}': 0, '{1}': 0, '{0:1}': 1 });
  });
  it('reduced OR: BROJA (= dit’s I_proj there) redundancy 0.3113, synergy 0.6887', () => {
    expectAtoms(atomsOf('broja', reducedOr), { '{0}{1}': 0.3112781244591328, '{0}': 0, '{1}': 0, '{0:1}': 0.6887218755408672 });
  });
});

describe("dit's published values (tests/pid)", () => {
  it('test_pid_wb1: I_min of "prob. 1"', () => {
    expectAtoms(atomsOf('imin', dist(['000', '001', '010', '011', '100'])), {
      '{0}{1}': 0.019973094021974794,
      '{0}': 0.15097750043269376,
      '{1}': 0,
      '{0:1}': 0,
    });
  });
  it('test_pid_wb2: I_min of the trivariate "sum"', () => {
    const r = pid(dist(['0000', '0011', '0101', '0112', '1001', '1012', '1102', '1113']), 'imin', bits);
    for (const n of r.lattice) {
      const want = n.id === '{0}{1}{2}' ? 0.31127812445913294 : n.id === '{0:1}{0:2}{1:2}' ? 0.5 : n.id === '{0:1:2}' ? 1 : 0;
      expect(n.atom, n.id).toBeCloseTo(want, 10);
    }
  });
  it('test_pid_broja1: BROJA of "diff"', () => {
    expectAtoms(atomsOf('broja', dist(['000', '001', '010', '101'])), {
      '{0}{1}': 0.12255624891826589,
      '{0}': 0.18872187554086706,
      '{1}': 0.18872187554086706,
      '{0:1}': 0,
    });
  });
  it('test_pid_ccs1: I_ccs of "gband"', () => {
    expectAtoms(atomsOf('ccs', dist(['000', '010', '100', '111', '222', '232', '322', '333'])), {
      '{0}{1}': 0.81127812445913283,
      '{0}': 0.5,
      '{1}': 0.5,
      '{0:1}': 0,
    });
  });
  it('test_pid_ccs2: I_ccs of the trivariate "anddup", every atom of the 18-node lattice', () => {
    const r = pid(dist(['0000', '0100', '1010', '1111']), 'ccs', bits);
    const pos = ['{2}{0:1}', '{0}{1:2}', '{0:1}{0:2}', '{0:1}{1:2}', '{0:2}{1:2}', '{0:1:2}'];
    const neg = ['{2}', '{0}', '{0:1}{0:2}{1:2}', '{0:2}'];
    expect(r.lattice.length).toBe(18);
    for (const n of r.lattice) {
      let want = 0;
      if (n.id === '{0}{1}{2}') want = 0.10375937481971094;
      else if (n.id === '{0}{2}' || n.id === '{1}') want = 0.20751874963942191;
      else if (pos.includes(n.id)) want = 0.14624062518028902;
      else if (neg.includes(n.id)) want = -0.14624062518028902;
      expect(n.atom, n.id).toBeCloseTo(want, 9);
    }
  });
});

describe('BROJA against an independent solver (scipy SLSQP, test/fixtures/generate_pid.py)', () => {
  const fx = loadFixture<{ cases: { shape: number[]; p: number[]; miSources: number; minMi: number }[] }>('pid_broja.json');
  it.each(fx.cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const r = pid(table(c.p, c.shape), 'broja', { normalize: true });
    expect(r.mutualInformation).toBeCloseTo(c.miSources, 12);
    // SLSQP's feasible value bounds the minimum from above; ours may not exceed it and agrees to 1e-9.
    const ours = r.mutualInformation - r.synergy;
    expect(ours).toBeLessThanOrEqual(c.minMi + 1e-12);
    expect(ours).toBeCloseTo(c.minMi, 9);
    expect(r.convergence?.converged).toBe(true);
    expect(r.convergence?.achieved).toBeLessThanOrEqual(1e-12);
  });
});

// Random joint distributions of two sources and a target, small alphabets, some zeros.
const pidArb = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 }))
  .chain(([a, b, c]) =>
    fc
      .array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: a * b * c, maxLength: a * b * c })
      .filter((w) => w.filter((v) => v > 0).length >= 2)
      .map((w) => table(w, [a, b, c])),
  );

describe('properties', () => {
  fcTest.prop([pidArb], { numRuns: 40 })('atoms sum to I(S₁S₂; T); the source nodes hold I(Sᵢ; T); BROJA and I_min atoms are ≥ 0', (p) => {
    const o = { normalize: true };
    for (const m of ['imin', 'broja', 'ccs'] as const) {
      const r = pid(p, m, o);
      const sum = r.lattice.reduce((s, n) => s + n.atom, 0);
      expect(sum).toBeCloseTo(r.mutualInformation, 10);
      const pxt0 = r.lattice.find((n) => n.id === '{0}');
      const pxt1 = r.lattice.find((n) => n.id === '{1}');
      // I(S₁; T) from the 2-D marginal, computed independently.
      const m0 = new Float64Array(p.shape[0] * p.shape[2]);
      const m1 = new Float64Array(p.shape[1] * p.shape[2]);
      for (let i = 0; i < p.shape[0]; i++)
        for (let j = 0; j < p.shape[1]; j++)
          for (let t = 0; t < p.shape[2]; t++) {
            const v = p.data[(i * p.shape[1] + j) * p.shape[2] + t];
            m0[i * p.shape[2] + t] += v;
            m1[j * p.shape[2] + t] += v;
          }
      expect(pxt0?.redundancy).toBeCloseTo(mutualInformation(table(m0, [p.shape[0], p.shape[2]]), o), 10);
      expect(pxt1?.redundancy).toBeCloseTo(mutualInformation(table(m1, [p.shape[1], p.shape[2]]), o), 10);
      if (m !== 'ccs') for (const n of r.lattice) expect(n.atom, `${m} ${n.id}`).toBeGreaterThanOrEqual(-1e-10);
    }
  });
  fcTest.prop([pidArb], { numRuns: 30 })('BROJA redundancy ≤ I_min redundancy is not required, but BROJA unique ≤ I(Sᵢ; T) and the gap is certified', (p) => {
    const r = pid(p, 'broja', { normalize: true });
    expect(r.convergence?.converged).toBe(true);
    expect(r.unique[0]).toBeLessThanOrEqual(r.lattice[1].redundancy + 1e-12);
    expect(r.unique[1]).toBeLessThanOrEqual(r.lattice[2].redundancy + 1e-12);
  });
});

describe('plain data', () => {
  it('the result survives JSON; the lattice lists covers', () => {
    const r = pid(and, 'imin', bits);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.lattice.map((n) => [n.id, n.children])).toEqual([
      ['{0}{1}', []],
      ['{0}', ['{0}{1}']],
      ['{1}', ['{0}{1}']],
      ['{0:1}', ['{0}', '{1}']],
    ]);
    expect(r.sources).toEqual([[0], [1]]);
    expect(r.target).toEqual([2]);
    expect(r.convergence).toBeNull();
  });
  it('sources and target may be groups of axes and any axis', () => {
    // Target first: (T, S₁, S₂) with T = S₁ xor S₂.
    const p = dist(['000', '101', '110', '011']);
    const r = pid(p, 'broja', { ...bits, target: 0 });
    expect(r.synergy).toBeCloseTo(1, 10);
    // Sources grouped: {S₁, S₂} (whose xor is the target) against a third source that is constant.
    const q = dist(['0000', '0101', '1001', '1100']);
    const g = pid(q, 'imin', { ...bits, sources: [[0, 1], 2], target: 3 });
    expect(g.unique[0]).toBeCloseTo(1, 10);
  });
  it('the 4-source lattice has 166 nodes', () => {
    const p = dist(['00000', '11111']);
    const r = pid(p, 'imin', bits);
    expect(r.lattice.length).toBe(166);
    expect(r.redundancy).toBeCloseTo(1, 10);
  });
});

describe('bad input and convergence', () => {
  it.each([
    ['a target out of range', () => pid(xor, 'imin', { target: 3 }), 'INVALID_OPTION: partialInformationDecomposition: target must be an axis of the table, an integer in [0, 2] (got 3)'],
    ['a negative target', () => pid(xor, 'imin', { target: [-1] }), 'INVALID_OPTION: partialInformationDecomposition: target[0] must be an axis of the table, an integer in [0, 2] (got -1)'],
    ['a single source', () => pid(xor, 'broja', { sources: [0] }), 'INVALID_ARGUMENT: partialInformationDecomposition: a decomposition needs at least two sources (got 1); the target is axis 2'],
    ['a two-axis table', () => pid(table([0.5, 0, 0, 0.5], [2, 2]), 'imin'), 'INVALID_ARGUMENT: partialInformationDecomposition: a decomposition needs at least two sources (got 1); the target is axis 1'],
    ['three sources for BROJA', () => pid(giantBit, 'broja'), 'INVALID_ARGUMENT: partialInformationDecomposition: broja takes at most 2 sources (got 3)'],
    ['a source holding the target', () => pid(xor, 'imin', { sources: [0, [1, 2]] }), 'INVALID_ARGUMENT: partialInformationDecomposition: sources[1] contains axis 2, which is (part of) the target'],
    ['an unknown measure', () => pid(xor, 'mmi' as PidMeasure), "INVALID_OPTION: partialInformationDecomposition: unknown measure \"mmi\"; expected one of 'imin', 'broja', 'ccs'"],
    ['a table that does not sum to 1', () => pid(table([1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2]), 'imin'), 'INVALID_DISTRIBUTION: partialInformationDecomposition: p must sum to 1 (got 8 at length 8); pass { normalize: true } to rescale'],
    ['a bad tolerance', () => pid(and, 'broja', { tolerance: 0 }), 'INVALID_OPTION: partialInformationDecomposition: tolerance must be a finite number > 0 (got 0)'],
    ['a bad maxIterations', () => pid(and, 'ccs', { maxIterations: 1.5 }), 'INVALID_OPTION: partialInformationDecomposition: maxIterations must be an integer ≥ 1 (got 1.5)'],
  ])('%s', (_, f, msg) => {
    expect(errorCodeAndMessage(f)).toBe(msg);
  });
  it('BROJA that does not converge says so, with the gap it reached', () => {
    expect(errorCodeAndMessage(() => pid(and, 'broja', { maxIterations: 3 }))).toMatch(
      /^NOT_CONVERGED: partialInformationDecomposition: did not converge in 3 iterations: the bound on the optimality gap of min I_Q\(T; S₁S₂\), nats is [0-9.e-]+ > tolerance 1e-12; raise maxIterations or tolerance, or pass \{ strict: false \} to get the last iterate$/,
    );
    const r = pid(and, 'broja', { maxIterations: 3, strict: false });
    expect(r.convergence?.converged).toBe(false);
    expect(r.convergence?.iterations).toBe(3);
    expect(r.convergence?.achieved).toBeGreaterThan(1e-12);
  });
  it('I_ccs that does not converge says so', () => {
    expect(errorCodeAndMessage(() => pid(and, 'ccs', { maxIterations: 2 }))).toMatch(/^NOT_CONVERGED: partialInformationDecomposition: did not converge in \d+ iterations: the largest marginal error/);
  });
  it('a fired signal stops the work; progress is reported', () => {
    const c = new AbortController();
    c.abort();
    expect(errorCodeAndMessage(() => pid(and, 'broja', { signal: c.signal }))).toBe('ABORTED: partialInformationDecomposition: aborted by signal');
    const seen: number[] = [];
    pid(and, 'ccs', { onProgress: (pr) => seen.push(pr.gap) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBeLessThanOrEqual(1e-12);
  });
});
