import { describe, expect, it } from 'vitest';
import { createRng, gaussianMutualInformationOf, ksgMutualInformation, mutualInformationOf, mutualInformationTest, permutationTest } from '../../src/index.js';
import { shuffleInt32 } from '../../src/internal/rng.js';
import { TableSampler } from '../../src/estimators/table-sampler.js';
import { NullTally } from '../../src/estimators/permutation-test.js';
import { planChunks } from '../../src/internal/chunks.js';
import { lgamma } from '../../src/internal/special.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';
import { gaussianPair } from './helpers.js';



/** Kolmogorov–Smirnov distance between the sample and U(0, 1). */
function ksUniform(p: number[]): number {
  const s = p.slice().sort((a, b) => a - b);
  let d = 0;
  s.forEach((v, i) => {
    d = Math.max(d, (i + 1) / s.length - v, v - i / s.length);
  });
  return d;
}

describe('permutationTest', () => {
  it('p-values are uniform under independence (KS over 200 seeds)', () => {
    const p: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const a = gaussianPair(seed, 60, 0);
      const b = gaussianPair(seed + 1000, 60, 0);
      p.push(permutationTest(a.x, b.x, (u, v) => ksgMutualInformation(u, v), { permutations: 99, seed }).pValue);
    }
    // 1.63/√200 = 0.115 is the 1% critical value; p-values live on a grid of step 1/100.
    expect(ksUniform(p)).toBeLessThan(0.125);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0.01);
  });

  it('detects ρ = 0.3 at n = 500 with p < 0.01 (KSG statistic)', () => {
    const { x, y } = gaussianPair(1, 500, 0.3);
    const r = mutualInformationTest(x, y, { permutations: 999, seed: 1 });
    expect(r.estimator).toBe('ksg');
    expect(r.pValue).toBeLessThan(0.01);
    expect(r.statistic).toBeGreaterThan(r.nullMean + 3 * r.nullStd);
    expect(Math.abs(r.nullMean)).toBeLessThan(0.01);
  });

  it('p = (b + 1)/(m + 1): all null values at the observed value give p = 1; none give 1/(m+1)', () => {
    const x = [1, 2, 3, 4, 5];
    expect(permutationTest(x, [5, 4, 3, 2, 1], () => 1, { permutations: 9 }).pValue).toBe(1);
    const r = permutationTest(x, [1, 2, 3, 4, 5], (a, b) => (b.every((v, i) => v === a[i]) ? 1 : 0), { permutations: 19, seed: 2 });
    expect(r.pValue).toBeGreaterThanOrEqual(1 / 20);
    expect(r.statistic).toBe(1);
    expect(r.permutations).toBe(19);
  });

  it('permutes rows of arrays, typed arrays and { data, rows, cols }, reusing one buffer; never mutates inputs', () => {
    const x = [0, 1, 2, 3, 4, 5];
    const yArr = [[0, 10], [1, 11], [2, 12], [3, 13], [4, 14], [5, 15]];
    const yTyped = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const yMat = { data: Float64Array.from(yArr.flat()), rows: 6, cols: 2 };
    const copies = [JSON.stringify(yArr), yTyped.slice(), yMat.data.slice()];
    const seen = new Set<unknown>();
    permutationTest(x, yArr, (_, b) => {
      seen.add(b);
      const firsts = b.map((r) => r[0]).sort();
      expect(firsts).toEqual([0, 1, 2, 3, 4, 5]);
      b.forEach((r) => expect(r[1]).toBe(r[0] + 10));
      return 0;
    }, { permutations: 5 });
    expect(seen.size).toBe(2); // the input itself, then one reused buffer
    permutationTest(x, yTyped, (_, b) => {
      expect(b).toBeInstanceOf(Int32Array);
      expect(Array.from(b).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      return 0;
    }, { permutations: 5 });
    permutationTest(x, yMat, (_, b) => {
      for (let i = 0; i < 6; i++) expect(b.data[2 * i + 1]).toBe(b.data[2 * i] + 10);
      return 0;
    }, { permutations: 5 });
    expect([JSON.stringify(yArr), yTyped, yMat.data]).toEqual(copies);
  });

  it('reports progress as plain data and stops with ABORTED when the signal fires', () => {
    const seen: number[] = [];
    permutationTest([1, 2, 3], [3, 2, 1], () => 0, { permutations: 250, onProgress: (p) => {
      expect(p.total).toBe(250);
      seen.push(p.completed);
    } });
    expect(seen[0]).toBe(2);
    expect(seen[seen.length - 1]).toBe(250);
    const ac = new AbortController();
    ac.abort();
    expect(code(() => permutationTest([1, 2], [2, 1], () => 0, { signal: ac.signal }))).toBe('ABORTED: permutationTest: aborted by signal');
    const ac2 = new AbortController();
    let calls = 0;
    expect(code(() => mutualInformationTest([0, 1, 0, 1], [1, 0, 1, 0], { permutations: 1000, signal: ac2.signal, onProgress: () => {
      calls++;
      if (calls === 3) ac2.abort();
    } }))).toBe('ABORTED: mutualInformationTest: aborted by signal');
    expect(calls).toBe(3);
  });

  it('rejects bad input', () => {
    expect(code(() => permutationTest([1, 2], [1, 2], () => 0, { permutations: 0 }))).toBe('INVALID_OPTION: permutationTest: permutations must be an integer ≥ 1 (got 0)');
    expect(code(() => permutationTest([1, 2, 3], [1, 2], () => 0))).toBe('SHAPE_MISMATCH: permutationTest: x and y must have the same number of rows (got 3 and 2)');
    expect(code(() => permutationTest([1, 2], [1, 2], () => NaN))).toMatch(/^INVALID_ARGUMENT: permutationTest: the statistic must return a finite number \(got NaN/);
    expect(code(() => permutationTest([1, 2], 5 as unknown as number[], () => 0))).toMatch(/^INVALID_ARGUMENT: permutationTest: y must be/);
    expect(code(() => permutationTest([1, 2], [1, 2], 3 as unknown as () => number))).toMatch(/^INVALID_ARGUMENT: permutationTest: statistic must be a function/);
    expect(code(() => permutationTest([], [], () => 0))).toMatch(/^EMPTY_INPUT/);
    expect(code(() => mutualInformationTest([0, 1], [1, 0], { permutations: 0.5 }))).toMatch(/^INVALID_OPTION: mutualInformationTest: permutations must be an integer ≥ 1/);
    expect(code(() => mutualInformationTest([0, 1], [1, 0, 1]))).toMatch(/^SHAPE_MISMATCH: mutualInformationTest: x and y must have the same number of samples \(got 2 and 3\)/);
    expect(code(() => mutualInformationTest([0, 1], [1, 0], { kind: 'other' as 'auto' }))).toMatch(/^INVALID_OPTION: mutualInformationTest: unknown kind "other"/);
  });
});

describe('mutualInformationTest', () => {
  it('discrete: statistic is the plug-in MI; table sampling gives the same null as shuffling', () => {
    const rng = createRng(5);
    const n = 4000;
    const x = Int32Array.from({ length: n }, () => rng.int(3));
    const y = Int32Array.from({ length: n }, () => rng.int(4));
    const viaTables = mutualInformationTest(x, y, { permutations: 4000, seed: 1 });
    expect(viaTables.estimator).toBe('plugin');
    expect(viaTables.statistic).toBeCloseTo(mutualInformationOf(x, y), 12);
    const viaShuffle = permutationTest(x, y, (a, b) => mutualInformationOf(a, b), { permutations: 1000, seed: 2 });
    // Null mean ≈ (kx − 1)(ky − 1)/(2n) = 6/8000; both estimates within a few standard errors of each other.
    const se = Math.hypot(viaTables.nullStd / Math.sqrt(4000), viaShuffle.nullStd / Math.sqrt(1000));
    expect(Math.abs(viaTables.nullMean - viaShuffle.nullMean)).toBeLessThan(4 * se);
    expect(Math.abs(viaTables.nullStd / viaShuffle.nullStd - 1)).toBeLessThan(0.1);
    expect(Math.abs(viaTables.nullMean - 6 / 8000)).toBeLessThan(0.00005);
    expect(Math.abs(viaTables.pValue - viaShuffle.pValue)).toBeLessThan(0.06);
  });

  it('discrete with many categories (shuffle path) and strings', () => {
    const x = Array.from({ length: 200 }, (_, i) => `c${i % 50}`);
    const y = Array.from({ length: 200 }, (_, i) => `d${(i * 7) % 50}`);
    const r = mutualInformationTest(x, y, { permutations: 99, seed: 3 });
    expect(r.estimator).toBe('plugin');
    expect(r.statistic).toBeCloseTo(mutualInformationOf(x, y), 12);
    expect(r.pValue).toBeLessThanOrEqual(1);
  });

  it('mixed: labels against continuous samples, either order', () => {
    const rng = createRng(8);
    const labels = Int32Array.from({ length: 300 }, () => rng.int(2));
    const x = Float64Array.from(labels, (l) => l + rng.normal());
    const a = mutualInformationTest(labels, x, { permutations: 199, seed: 1 });
    const b = mutualInformationTest(x, labels, { permutations: 199, seed: 1 });
    expect(a.estimator).toBe('mixed');
    expect(a.pValue).toBe(1 / 200);
    expect(b.statistic).toBe(a.statistic);
    const ind = mutualInformationTest(labels, Float64Array.from({ length: 300 }, () => rng.normal()), { permutations: 199, seed: 1 });
    expect(ind.pValue).toBeGreaterThan(0.01);
  });

  it('continuous: the presorted fast path gives the same null as permuting and re-estimating from scratch', () => {
    const { x, y } = gaussianPair(6, 300, 0.2);
    const yr = Float64Array.from(y, (v) => Math.round(v * 4) / 4); // ties in y
    const fast = mutualInformationTest(x, yr, { permutations: 60, seed: 9, noise: false });
    // From scratch, the documented plan: chunk c starts from the data as given and shuffles from its own stream,
    // seeded by the c-th draw of createRng(seed); every permuted y is estimated anew; tallied in chunk order.
    const slowNull = new NullTally(ksgMutualInformation(x, yr, { noise: false }));
    for (const chunk of planChunks(60, createRng(9))) {
      const rng = createRng(chunk.seed);
      const perm = Int32Array.from({ length: yr.length }, (_, i) => i);
      for (let t = 0; t < chunk.count; t++) {
        shuffleInt32(perm, perm.length, rng);
        slowNull.add(ksgMutualInformation(x, Float64Array.from(perm, (p) => yr[p]), { noise: false }));
      }
    }
    const slow = slowNull.result();
    expect(fast.statistic).toBeCloseTo(slow.statistic, 12);
    expect(fast.nullMean).toBeCloseTo(slow.nullMean, 12);
    expect(fast.nullStd).toBeCloseTo(slow.nullStd, 12);
    expect(fast.pValue).toBe(slow.pValue);
  });

  it('continuous: stops with ABORTED between permutations and reports progress', () => {
    const { x, y } = gaussianPair(3, 200, 0.2);
    const ac = new AbortController();
    const seen: number[] = [];
    expect(
      code(() =>
        mutualInformationTest(x, y, {
          permutations: 500,
          signal: ac.signal,
          onProgress: (p) => {
            seen.push(p.completed);
            if (p.completed >= 25) ac.abort();
          },
        }),
      ),
    ).toBe('ABORTED: mutualInformationTest: aborted by signal');
    expect(seen).toEqual([5, 10, 15, 20, 25]);
  });

  it('kind overrides the guess', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [0, 2, 1, 3, 5, 4, 6, 8, 7, 9];
    expect(mutualInformationTest(x, y, { permutations: 9 }).estimator).toBe('plugin');
    expect(mutualInformationTest(x, y, { permutations: 9, kind: 'continuous' }).estimator).toBe('ksg');
    expect(mutualInformationTest(Float64Array.from(x), Float64Array.from(y), { permutations: 9 }).estimator).toBe('ksg');
    expect(gaussianMutualInformationOf(x, y)).toBeGreaterThan(0);
  });
});

describe('internals of the discrete null', () => {
  it('TableSampler keeps the margins and draws cells with the exact hypergeometric law', () => {
    const rows = new Float64Array([7, 13]);
    const cols = new Float64Array([5, 9, 6]);
    const s = new TableSampler(2, 3, rows, cols, 20);
    const rng = createRng(1);
    const out = new Float64Array(6);
    const freq = new Float64Array(6);
    const m = 40000;
    for (let r = 0; r < m; r++) {
      s.sample(rng, out);
      expect(out[0] + out[1] + out[2]).toBe(7);
      expect([out[0] + out[3], out[1] + out[4], out[2] + out[5]]).toEqual([5, 9, 6]);
      freq[out[0]]++;
    }
    const lc = (a: number, b: number): number => lgamma(a + 1) - lgamma(b + 1) - lgamma(a - b + 1);
    let chi = 0;
    for (let v = 0; v <= 5; v++) {
      const e = m * Math.exp(lc(5, v) + lc(15, 7 - v) - lc(20, 7));
      chi += (freq[v] - e) ** 2 / e;
    }
    expect(chi).toBeLessThan(20.5); // χ²(5) 0.1% critical value
  });

  it('shuffleInt32 is a permutation and is uniform over the 6 orders of 3 items', () => {
    const rng = createRng(4);
    const counts = new Map<string, number>();
    const a = Int32Array.from([0, 1, 2]);
    for (let r = 0; r < 60000; r++) {
      shuffleInt32(a, 3, rng);
      const k = a.join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});
