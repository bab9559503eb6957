// Surrogate tests, the transfer-entropy matrix and the multiple-testing corrections.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  conditionalTransferEntropyTest,
  createRng,
  transferEntropy,
  transferEntropyMatrix,
  TransferEntropyMatrix,
  transferEntropyTest,
} from '../../src/index.js';
import { chunkCount, chunkEnd, drawSurrogate, parseSurrogates, runChunk, SURROGATE_CHUNK } from '../../src/dynamics/surrogates.js';
import type { SurrogateJob } from '../../src/dynamics/surrogates.js';

function coupled(seed: number, n: number, g: number): { x: number[]; y: number[] } {
  const rng = createRng(seed);
  const x = Array.from({ length: n }, () => rng.normal());
  const y = x.map((_, t) => (t > 0 ? g * x[t - 1] : 0) + rng.normal());
  return { x, y };
}

describe('transferEntropyTest', () => {
  it('finds a real coupling and keeps an absent one', () => {
    const { x, y } = coupled(1, 400, 0.5);
    const r = transferEntropyTest(x, y, { surrogates: 99, seed: 2 });
    expect(r.pValue).toBe(0.01);
    expect(r.statistic).toBe(transferEntropy(x, y, { seed: 2 }));
    expect(r.surrogates).toBe(99);
    expect(r.surrogate).toBe('shuffle');
    expect(Math.abs(r.nullMean)).toBeLessThan(0.02);
    expect(r.nullStd).toBeGreaterThan(0);
    const rev = transferEntropyTest(y, x, { surrogates: 99, seed: 2, surrogate: 'circular' });
    expect(rev.pValue).toBeGreaterThan(0.05);
    expect(rev.surrogate).toBe('circular');
  });

  it('is reproducible from its seed, and units follow base', () => {
    const { x, y } = coupled(3, 200, 0.3);
    const a = transferEntropyTest(x, y, { surrogates: 70, seed: 9, estimator: 'gaussian' });
    expect(transferEntropyTest(x, y, { surrogates: 70, seed: 9, estimator: 'gaussian' })).toEqual(a);
    const bits = transferEntropyTest(x, y, { surrogates: 70, seed: 9, estimator: 'gaussian', base: 2 });
    expect(bits.pValue).toBe(a.pValue);
    expect(bits.statistic).toBeCloseTo(a.statistic / Math.LN2, 14);
    expect(bits.nullMean).toBeCloseTo(a.nullMean / Math.LN2, 14);
  });

  it('reports progress per chunk and ends at the total', () => {
    const { x, y } = coupled(4, 120, 0.3);
    const seen: number[] = [];
    transferEntropyTest(x, y, { surrogates: 150, estimator: 'gaussian', onProgress: (p) => seen.push(p.completed) });
    expect(seen).toEqual([64, 128, 150]);
  });

  it('p-values of independent series are uniform', () => {
    // 400 independent pairs, 19 surrogates each: P(p ≤ j/20) = j/20 exactly under the null.
    const counts = new Array<number>(21).fill(0);
    const N = 400;
    for (let s = 0; s < N; s++) {
      const rng = createRng(1000 + s);
      const x = Array.from({ length: 60 }, () => rng.int(2));
      const y = Array.from({ length: 60 }, () => rng.int(2));
      const p = transferEntropyTest(x, y, { estimator: 'discrete', surrogates: 19, seed: s }).pValue;
      counts[Math.round(p * 20)]++;
    }
    // Discrete ties make surrogates ≥ observed more often, so p can only be conservative; check the two halves and
    // the small-p tail against binomial bounds (≈ 4 standard deviations).
    let low = 0;
    for (let j = 1; j <= 10; j++) low += counts[j];
    expect(Math.abs(low - N / 2)).toBeLessThan(4 * Math.sqrt(N / 4) + 20);
    expect(counts[1]).toBeLessThan(N * 0.05 + 4 * Math.sqrt(N * 0.05));
    expect(counts[1] + counts[2]).toBeGreaterThan(3);
  });

  it('Gaussian-null p-values are uniform too (continuous statistic, no ties)', () => {
    const N = 300;
    let below = 0;
    let belowHalf = 0;
    for (let s = 0; s < N; s++) {
      const rng = createRng(5000 + s);
      const x = Array.from({ length: 80 }, () => rng.normal());
      const y = Array.from({ length: 80 }, () => rng.normal());
      const p = transferEntropyTest(x, y, { estimator: 'gaussian', surrogates: 19, seed: s }).pValue;
      if (p <= 0.1) below++;
      if (p <= 0.5) belowHalf++;
    }
    expect(Math.abs(below - 0.1 * N)).toBeLessThan(4 * Math.sqrt(N * 0.09));
    expect(Math.abs(belowHalf - 0.5 * N)).toBeLessThan(4 * Math.sqrt(N * 0.25));
  });

  it('conditional test: a mediated or common-driver link is not significant once conditioned', () => {
    const rng = createRng(4);
    const n = 500;
    const z = Array.from({ length: n }, () => rng.normal());
    const x = z.map((_, t) => (t >= 1 ? z[t - 1] : 0) + 0.5 * rng.normal());
    const y = z.map((_, t) => (t >= 2 ? z[t - 2] : 0) + 0.5 * rng.normal());
    expect(transferEntropyTest(x, y, { surrogates: 49, seed: 1 }).pValue).toBe(0.02);
    expect(conditionalTransferEntropyTest(x, y, [z], { conditionalDelay: 2, surrogates: 49, seed: 1 }).pValue).toBeGreaterThan(0.05);
  });
});

describe('chunked surrogate work', () => {
  it('chunks computed separately, in any order, give the same values as in order', () => {
    const rng = createRng(5);
    const v = Float64Array.from({ length: 50 }, () => rng.normal());
    const rows = { n: 50, tMin: 0, counts: Int32Array.from([30, 20]) };
    // A statistic of the permutation itself, so the comparison is exact.
    const job: SurrogateJob = { stream: 77, rows, evaluate: (perm) => perm.reduce((s, p, i) => s + v[p] * (i + 1), 0) };
    for (const method of ['shuffle', 'circular'] as const) {
      const plan = parseSurrogates('t', { surrogates: 150, surrogate: method, seed: 12 }, 1);
      const seq = new Float64Array(150);
      const perm = new Int32Array(50);
      for (let c = 0; c < chunkCount(150); c++) runChunk('t', job, plan, 3, c, perm, seq.subarray(c * SURROGATE_CHUNK, chunkEnd(150, c)));
      const out = new Float64Array(150);
      for (let c = chunkCount(150) - 1; c >= 0; c--) {
        const part = new Float64Array(chunkEnd(150, c) - c * SURROGATE_CHUNK);
        runChunk('t', job, plan, 3, c, new Int32Array(50), part);
        out.set(part, c * SURROGATE_CHUNK);
      }
      expect(out).toEqual(seq);
      expect(chunkCount(150)).toBe(Math.ceil(150 / SURROGATE_CHUNK));
    }
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 4, max: 40 }), { minLength: 1, maxLength: 4 }), fc.integer()])(
    'circular surrogates rotate each trial by a shift in [minShift, count − minShift]; shuffles are permutations',
    (minShift, counts, seed) => {
      const c = counts.map((k) => Math.max(k, 2 * minShift));
      const n = c.reduce((a, b) => a + b, 0);
      const rows = { n, tMin: 0, counts: Int32Array.from(c) };
      const perm = new Int32Array(n);
      const rng = createRng(seed);
      drawSurrogate('circular', rows, minShift, rng, perm);
      let row = 0;
      for (const k of c) {
        const s = (perm[row] - row + k) % k;
        expect(s === 0 ? k : s).toBeGreaterThanOrEqual(minShift);
        expect(s).toBeLessThanOrEqual(k - minShift);
        for (let i = 0; i < k; i++) expect(perm[row + i]).toBe(row + ((i + s) % k));
        row += k;
      }
      drawSurrogate('shuffle', rows, 0, rng, perm);
      expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    },
  );
});

describe('transferEntropyMatrix', () => {
  const rng = createRng(8);
  const n = 300;
  const a = Array.from({ length: n }, () => rng.normal());
  const b = a.map((_, t) => (t > 0 ? 0.9 * a[t - 1] : 0) + 0.5 * rng.normal());
  const c = b.map((_, t) => (t > 0 ? 0.8 * b[t - 1] : 0) + 0.5 * rng.normal());
  const d = Array.from({ length: n }, () => rng.normal());

  it('entries equal the pairwise transfer entropies and tests (same options and seed)', () => {
    const series = [a, b, c, d];
    const m = transferEntropyMatrix(series, ['a', 'b', 'c', 'd'], { surrogates: 40, seed: 5 });
    for (let i = 0; i < 4; i++) {
      expect(m.get(i, i)).toBe(0);
      expect(m.pValues?.[i * 5]).toBe(1);
      for (let j = 0; j < 4; j++) {
        if (i === j) continue;
        const t = transferEntropyTest(series[i], series[j], { surrogates: 40, seed: 5 });
        expect(m.get(i, j)).toBe(t.statistic);
        expect(m.pValues?.[i * 4 + j]).toBe(t.pValue);
      }
    }
    expect(m.get('a', 'b')).toBeGreaterThan(m.get('b', 'c'));
    expect(m.pValues?.[1]).toBe(1 / 41);
    // Significance over 12 tests needs p well below 0.05 (Bonferroni: 0.05 / 12): enough surrogates for that.
    const g = transferEntropyMatrix(series, ['a', 'b', 'c', 'd'], { surrogates: 299, seed: 5, estimator: 'gaussian' });
    expect(g.edges().map((e) => `${e.source}→${e.target}`)).toEqual(['a→b', 'b→c']);
    expect(g.edges({ correction: 'bonferroni' }).map((e) => `${e.source}→${e.target}`)).toEqual(['a→b', 'b→c']);
  });

  it('corrections: BH and Bonferroni over the off-diagonal p-values', () => {
    const m = transferEntropyMatrix([a, b, c], ['a', 'b', 'c'], { surrogates: 19, seed: 1, estimator: 'gaussian' });
    const off = [1, 2, 3, 5, 6, 7].map((k) => m.pValues?.[k] as number);
    const q = adjustPValues(off);
    const bf = adjustPValues(off, { method: 'bonferroni' });
    [1, 2, 3, 5, 6, 7].forEach((k, t) => {
      expect(m.qValues?.[k]).toBe(q[t]);
      expect(m.bonferroni?.[k]).toBe(bf[t]);
    });
    const none = m.edges({ correction: 'none', alpha: 1 });
    expect(none.length).toBe(6);
    expect(m.edges({ correction: 'holm', alpha: 0.2 }).every((e) => e.adjusted <= 0.2)).toBe(true);
  });

  it('round-trips through JSON, and works without surrogates', () => {
    const m = transferEntropyMatrix([a, b], undefined, { surrogates: 10, surrogate: 'circular', seed: 4, base: 2 });
    const back = TransferEntropyMatrix.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(back.names).toEqual(['X1', 'X2']);
    expect(back.base).toBe(2);
    expect(back.qValues).toEqual(m.qValues);
    const plain = transferEntropyMatrix([a, b], ['p', 'q'], { estimator: 'gaussian', k: 2 });
    expect(plain.pValues).toBeNull();
    expect(plain.get('p', 'q')).toBe(transferEntropy(a, b, { estimator: 'gaussian', k: 2 }));
  });

  it('trials of several series', () => {
    const m = transferEntropyMatrix([[a.slice(0, 150), a.slice(150)], [b.slice(0, 150), b.slice(150)]], ['a', 'b'], { estimator: 'gaussian' });
    expect(m.get('a', 'b')).toBe(transferEntropy([a.slice(0, 150), a.slice(150)], [b.slice(0, 150), b.slice(150)], { estimator: 'gaussian' }));
  });
});

/** BH and Holm by their definitions over explicit ranks (an independent reference for adjustPValues). */
function reference(p: number[], method: 'bh' | 'holm'): number[] {
  const m = p.length;
  const rank = p.map((v, i) => p.filter((w, j) => w < v || (w === v && j < i)).length + 1);
  return p.map((v, i) => {
    if (method === 'bh') {
      let best = 1;
      p.forEach((w, j) => {
        if (rank[j] >= rank[i]) best = Math.min(best, (m * w) / rank[j]);
      });
      return best;
    }
    let worst = 0;
    p.forEach((w, j) => {
      if (rank[j] <= rank[i]) worst = Math.max(worst, Math.min(1, (m - rank[j] + 1) * w));
    });
    return worst;
  });
}

describe('adjustPValues', () => {
  it("R's p.adjust on a textbook example", () => {
    const p = [0.01, 0.04, 0.03, 0.2];
    expect(Array.from(adjustPValues(p))).toEqual([0.04, 0.05333333333333333, 0.05333333333333333, 0.2]);
    expect(Array.from(adjustPValues(p, { method: 'holm' }))).toEqual([0.04, 0.09, 0.09, 0.2]);
    expect(Array.from(adjustPValues(p, { method: 'bonferroni' }))).toEqual([0.04, 0.16, 0.12, 0.8]);
    expect(adjustPValues([]).length).toBe(0);
  });

  test.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })])('matches the definitions; Holm ≤ Bonferroni; all in [p, 1]', (p) => {
    const bh = adjustPValues(p);
    const holm = adjustPValues(p, { method: 'holm' });
    const bf = adjustPValues(p, { method: 'bonferroni' });
    const rb = reference(p, 'bh');
    const rh = reference(p, 'holm');
    p.forEach((v, i) => {
      expect(bh[i]).toBeCloseTo(rb[i], 12);
      expect(holm[i]).toBeCloseTo(rh[i], 12);
      expect(holm[i]).toBeLessThanOrEqual(bf[i] + 1e-15);
      expect(bh[i]).toBeLessThanOrEqual(holm[i] + 1e-15);
      for (const a of [bh[i], holm[i], bf[i]]) {
        expect(a).toBeGreaterThanOrEqual(v - 1e-15);
        expect(a).toBeLessThanOrEqual(1);
      }
    });
  });
});
