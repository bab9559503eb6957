// Closed forms and identities of the dynamics measures (the JIDT comparisons are in jidt.test.ts).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  activeInformationStorage,
  activeInformationStorageLocal,
  conditionalMutualInformationOf,
  conditionalTransferEntropy,
  conditionalTransferEntropyLocal,
  createRng,
  entropyRate,
  entropyRateLocal,
  predictiveInformation,
  predictiveInformationLocal,
  transferEntropy,
  transferEntropyLocal,
} from '../../src/index.js';

/** y[t+1] = b·x[t] + σ·N(0, 1) with x white N(0, 1): TE(X → Y) = ½ ln(1 + b²/σ²). */
function driven(seed: number, n: number, b: number, sigma: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = rng.normal();
  y[0] = rng.normal();
  for (let t = 1; t < n; t++) y[t] = b * x[t - 1] + sigma * rng.normal();
  return { x, y };
}

/** Coupled AR(1) processes x[t] = a x[t−1] + e, y[t] = c y[t−1] + g x[t−1] + s·η, unit-variance e and η. */
function coupledAr(seed: number, n: number, a: number, c: number, g: number, s: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    x[t] = a * x[t - 1] + rng.normal();
    y[t] = c * y[t - 1] + g * x[t - 1] + s * rng.normal();
  }
  return { x: x.subarray(200), y: y.subarray(200) };
}

/** Closed form of TE(X → Y) with k = l = 1 for coupledAr: ½ ln(Var(y[t+1] | y[t]) / s²) from the stationary moments. */
function coupledArTe(a: number, c: number, g: number, s: number): number {
  const vx = 1 / (1 - a * a);
  const cxy = (g * a * vx) / (1 - a * c); // E[x_t y_t]
  const vy = (g * g * vx + 2 * c * g * cxy + s * s) / (1 - c * c);
  const lag1 = c * vy + g * cxy; // E[y_{t+1} y_t]
  return 0.5 * Math.log((vy - (lag1 * lag1) / vy) / (s * s));
}

describe('closed forms', () => {
  it('TE of y[t+1] = b x[t] + noise is ½ ln(1 + b²/σ²): Gaussian to sampling error, KSG close', () => {
    for (const [b, sigma] of [
      [0.5, 1],
      [1, 0.5],
      [0.2, 1],
    ]) {
      const truth = 0.5 * Math.log(1 + (b * b) / (sigma * sigma));
      const { x, y } = driven(7, 20000, b, sigma);
      expect(Math.abs(transferEntropy(x, y, { estimator: 'gaussian' }) - truth)).toBeLessThan(0.01);
      expect(Math.abs(transferEntropy(x, y, { neighbours: 4 }) - truth)).toBeLessThan(0.03);
      expect(Math.abs(transferEntropy(y, x, { estimator: 'gaussian' }))).toBeLessThan(0.002);
    }
  });

  it('Gaussian TE of coupled AR processes equals its closed form', () => {
    const [a, c, g, s] = [0.6, 0.4, 0.5, 0.8];
    const truth = coupledArTe(a, c, g, s);
    const { x, y } = coupledAr(3, 100000, a, c, g, s);
    expect(truth).toBeGreaterThan(0.1);
    expect(Math.abs(transferEntropy(x, y, { estimator: 'gaussian' }) - truth)).toBeLessThan(0.005);
    // Y does not drive X: the reverse TE is 0.
    expect(Math.abs(transferEntropy(y, x, { estimator: 'gaussian', k: 2 }))).toBeLessThan(0.002);
  });

  it('discrete TE of a period-4 pattern is 1 bit at k = 1 and 0 at k = 2', () => {
    const s = Array.from({ length: 4001 }, (_, t) => [0, 0, 1, 1][t % 4]);
    const x = s.slice(1);
    const y = s.slice(0, -1); // y[t+1] = x[t]
    expect(transferEntropy(x, y, { estimator: 'discrete', k: 1, base: 2 })).toBeCloseTo(1, 3);
    expect(transferEntropy(x, y, { estimator: 'discrete', k: 2, base: 2 })).toBe(0);
    expect(activeInformationStorage(x, { estimator: 'discrete', k: 2, base: 2 })).toBeCloseTo(1, 3);
  });

  it("TE from a source to its delayed copy is the copy's entropy rate", () => {
    const rng = createRng(11);
    // A Markov chain on 3 symbols.
    const s = [0];
    for (let t = 1; t < 5001; t++) s.push(rng.next() < 0.6 ? s[t - 1] : rng.int(3));
    const x = s.slice(1);
    const y = s.slice(0, -1); // y[t+1] = x[t]
    const te = transferEntropy(x, y, { estimator: 'discrete' });
    expect(te).toBeCloseTo(entropyRate(y, { estimator: 'discrete', k: 1 }), 12);
    // … which is the source's own entropy rate, up to the one sample at either end.
    expect(te).toBeCloseTo(entropyRate(x, { estimator: 'discrete', k: 1 }), 3);
    expect(te).toBeGreaterThan(0.5);
  });

  it('Gaussian entropy rate of an AR(1) process is ½ ln(2πe σ²)', () => {
    const rng = createRng(2);
    const x = [0];
    for (let t = 1; t < 50000; t++) x.push(0.8 * x[t - 1] + 0.5 * rng.normal());
    const truth = 0.5 * Math.log(2 * Math.PI * Math.E * 0.25);
    expect(Math.abs(entropyRate(x, { estimator: 'gaussian' }) - truth)).toBeLessThan(0.01);
    // Kozachenko–Leonenko on the raw (unstandardised) values agrees.
    expect(Math.abs(entropyRate(x, { normalize: false }) - truth)).toBeLessThan(0.03);
    // AIS of the AR(1) is −½ ln(1 − 0.8²).
    expect(Math.abs(activeInformationStorage(x, { estimator: 'gaussian' }) + 0.5 * Math.log(1 - 0.64))).toBeLessThan(0.01);
  });

  it('conditioning on a common driver removes the spurious transfer', () => {
    const rng = createRng(5);
    const n = 4000;
    const z = Array.from({ length: n }, () => rng.normal());
    const x = z.map((_, t) => (t >= 1 ? z[t - 1] : 0) + 0.5 * rng.normal());
    const y = z.map((_, t) => (t >= 2 ? z[t - 2] : 0) + 0.5 * rng.normal());
    expect(transferEntropy(x, y)).toBeGreaterThan(0.2);
    expect(Math.abs(conditionalTransferEntropy(x, y, [z], { conditionalDelay: 2 }))).toBeLessThan(0.02);
    // An empty list of conditionals is the plain transfer entropy.
    expect(conditionalTransferEntropy(x, y, [])).toBe(transferEntropy(x, y));
  });
});

const smallInts = (alphabet: number, min: number, max: number) => fc.array(fc.integer({ min: 0, max: alphabet - 1 }), { minLength: min, maxLength: max });

describe('identities', () => {
  test.prop([fc.integer({ min: 12, max: 80 }).chain((n) => fc.tuple(smallInts(3, n, n), smallInts(3, n, n))), fc.integer({ min: 1, max: 3 })])(
    'discrete TE ≥ 0 and equals I(X past; Y next | Y past) computed by the core',
    ([x, y], k) => {
      const te = transferEntropy(x, y, { estimator: 'discrete', k });
      expect(te).toBeGreaterThanOrEqual(-1e-12);
      const xp: number[] = [];
      const yn: number[] = [];
      const yp: string[] = [];
      for (let t = k - 1; t < y.length - 1; t++) {
        xp.push(x[t]);
        yn.push(y[t + 1]);
        yp.push(y.slice(t - k + 1, t + 1).join(','));
      }
      expect(te).toBeCloseTo(conditionalMutualInformationOf(xp, yn, yp), 12);
    },
  );

  test.prop([fc.integer({ min: 10, max: 60 }).chain((n) => fc.tuple(smallInts(4, n, n), smallInts(4, n, n)))])('discrete TE is invariant to relabelling the symbols', ([x, y]) => {
    const relabel = [3, 0, 2, 1];
    const te = transferEntropy(x, y, { estimator: 'discrete', k: 2 });
    expect(transferEntropy(x.map((v) => relabel[v]), y.map((v) => relabel[(v + 1) % 4]), { estimator: 'discrete', k: 2 })).toBeCloseTo(te, 12);
  });

  test.prop([fc.integer({ min: 30, max: 120 }), fc.integer({ min: 0, max: 1000 })])('the average of the local values is the measure, for every estimator', (n, seed) => {
    const rng = createRng(seed);
    const x = Array.from({ length: n }, () => rng.normal());
    const y = x.map((v, t) => (t > 0 ? x[t - 1] : 0) + rng.normal());
    const z = Array.from({ length: n }, () => rng.normal());
    const xi = x.map((v) => (v > 0 ? 1 : 0));
    const yi = y.map((v) => (v > 0.5 ? 2 : v > -0.5 ? 1 : 0));
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    for (const [o, hist] of [
      [{ estimator: 'ksg' as const }, {}],
      [{ estimator: 'ksg' as const, algorithm: 2 as const }, { k: 2 }],
      [{ estimator: 'gaussian' as const }, { l: 2 }],
    ] as const) {
      const l = transferEntropyLocal(x, y, { ...o, ...hist, seed });
      expect(l.average).toBe(transferEntropy(x, y, { ...o, ...hist, seed }));
      expect(mean(l.values)).toBeCloseTo(l.average, 10);
      const c = conditionalTransferEntropyLocal(x, y, [z], { ...o, ...hist, seed });
      expect(mean(c.values)).toBeCloseTo(c.average, 10);
      const a = activeInformationStorageLocal(y, { ...o, seed });
      expect(mean(a.values)).toBeCloseTo(a.average, 10);
      const p = predictiveInformationLocal(y, { ...o, seed, k: 2 });
      expect(p.average).toBeCloseTo(predictiveInformation(y, { ...o, seed, k: 2 }), 12);
      expect(mean(p.values)).toBeCloseTo(p.average, 10);
    }
    const d = transferEntropyLocal(xi, yi, { estimator: 'discrete', base: 2 });
    expect(mean(d.values)).toBeCloseTo(d.average, 10);
    for (const estimator of ['kl', 'gaussian', 'discrete'] as const) {
      const e = entropyRateLocal(estimator === 'discrete' ? yi : y, { estimator, seed });
      expect(mean(e.values)).toBeCloseTo(e.average, 10);
    }
  });

  it('local values say where each comes from (trial and time of the predicted sample)', () => {
    const x = [[0, 1, 0, 1, 1], [1, 1, 0, 0]];
    const y = [[1, 0, 1, 0, 1], [0, 1, 1, 0]];
    const l = transferEntropyLocal(x, y, { estimator: 'discrete', k: 2 });
    expect(Array.from(l.trial)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(l.time)).toEqual([2, 3, 4, 2, 3]);
  });

  it('trials are pooled: two copies of one trial give the same estimate as one', () => {
    const rng = createRng(1);
    const x = Array.from({ length: 300 }, () => rng.int(3));
    const y = x.map((v, t) => (t > 0 ? x[t - 1] : 0));
    expect(transferEntropy([x, x], [y, y], { estimator: 'discrete' })).toBeCloseTo(transferEntropy(x, y, { estimator: 'discrete' }), 14);
    const u = x.map((v) => v + rng.normal());
    const w = y.map((v) => v + rng.normal());
    expect(transferEntropy([u, u], [w, w], { estimator: 'gaussian' })).toBeCloseTo(transferEntropy(u, w, { estimator: 'gaussian' }), 10);
  });

  it('a constant source or target transfers exactly 0 (KSG, Gaussian, discrete)', () => {
    const rng = createRng(4);
    const x = Array.from({ length: 200 }, () => rng.normal());
    const c = new Array<number>(200).fill(3);
    for (const estimator of ['ksg', 'gaussian'] as const) {
      expect(transferEntropy(c, x, { estimator })).toBe(0);
      expect(transferEntropy(x, c, { estimator })).toBe(0);
      expect(Array.from(transferEntropyLocal(c, x, { estimator }).values).every((v) => v === 0)).toBe(true);
    }
    expect(transferEntropy(c, x.map((v) => (v > 0 ? 1 : 0)), { estimator: 'discrete' })).toBe(0);
    expect(activeInformationStorage(c)).toBe(0);
  });

  it('the KSG estimate is reproducible from its seed and changes little with it', () => {
    const rng = createRng(6);
    const x = Array.from({ length: 500 }, () => rng.normal());
    const y = x.map((v, t) => (t > 0 ? 0.7 * x[t - 1] : 0) + rng.normal());
    expect(transferEntropy(x, y, { seed: 3 })).toBe(transferEntropy(x, y, { seed: 3 }));
    expect(Math.abs(transferEntropy(x, y, { seed: 3 }) - transferEntropy(x, y, { noise: false }))).toBeLessThan(1e-6);
  });

  it('data of any finite magnitude: the same estimates (entropy rates shifted by ln of the scale)', () => {
    const rng = createRng(13);
    const x = Array.from({ length: 300 }, () => rng.normal());
    const y = x.map((v, t) => (t > 0 ? 0.7 * x[t - 1] : 0) + rng.normal());
    const big = (a: number[]) => a.map((v) => v * 2 ** 700);
    const tiny = (a: number[]) => a.map((v) => v * 2 ** -700);
    // KSG works on standardised columns, bit for bit the same at any scale; the Gaussian logs round differently.
    for (const o of [{}, { algorithm: 2 as const, k: 2 }]) {
      const te = transferEntropy(x, y, o);
      expect(transferEntropy(big(x), big(y), o)).toBe(te);
      expect(transferEntropy(tiny(x), tiny(y), o)).toBe(te);
    }
    const g = transferEntropy(x, y, { estimator: 'gaussian' });
    expect(transferEntropy(big(x), big(y), { estimator: 'gaussian' })).toBeCloseTo(g, 12);
    expect(transferEntropy(tiny(x), tiny(y), { estimator: 'gaussian' })).toBeCloseTo(g, 12);
    const h = entropyRate(y, { estimator: 'gaussian' });
    expect(entropyRate(big(y), { estimator: 'gaussian' })).toBeCloseTo(h + 700 * Math.LN2, 10);
    // (noise off: the noise is drawn from the series' own bits, which scaling changes)
    expect(entropyRate(big(y), { normalize: false, noise: false })).toBeCloseTo(entropyRate(y, { normalize: false, noise: false }) + 700 * Math.LN2, 10);
    expect(entropyRate(tiny(y), { noise: false })).toBe(entropyRate(y, { noise: false }));
    const l = entropyRateLocal(big(y), { estimator: 'gaussian' });
    expect(l.values.reduce((a, v) => a + v, 0) / l.values.length).toBeCloseTo(l.average, 10);
    expect(Number.isFinite(transferEntropy(x.map((v) => v * 1e307), y.map((v) => v * 5e-324)))).toBe(true);
  });

  it('inputs are never modified; typed arrays and arrays give the same result', () => {
    const rng = createRng(8);
    const x = Float64Array.from({ length: 100 }, () => rng.normal());
    const y = Float64Array.from(x, (v) => v + rng.normal());
    const x0 = x.slice();
    const y0 = y.slice();
    const a = transferEntropy(x, y);
    expect(transferEntropy(Array.from(x), Array.from(y))).toBe(a);
    expect(x).toEqual(x0);
    expect(y).toEqual(y0);
    const xi = Int32Array.from({ length: 100 }, () => rng.int(2));
    expect(transferEntropy(xi, Uint8Array.from(xi), { estimator: 'discrete' })).toBe(transferEntropy(Array.from(xi), Array.from(xi), { estimator: 'discrete' }));
  });

  it("the mixed estimator finds a discrete source's transfer to a continuous target, and the reverse", () => {
    const rng = createRng(12);
    const n = 3000;
    const s = Array.from({ length: n }, () => rng.int(3));
    const y = s.map((_, t) => (t > 0 ? s[t - 1] : 0) + 0.5 * rng.normal());
    const te = transferEntropy(s, y, { estimator: 'mixed' });
    expect(te).toBeGreaterThan(0.6);
    expect(Math.abs(transferEntropy(s.slice().reverse(), y, { estimator: 'mixed' }))).toBeLessThan(0.05);
    const c = Array.from({ length: n }, () => rng.normal());
    const d = c.map((_, t) => (t > 0 && c[t - 1] > 0 ? 1 : 0));
    expect(transferEntropy(c, d, { estimator: 'mixed', base: 2 })).toBeGreaterThan(0.7);
    expect(transferEntropy(c, d, { estimator: 'mixed', discrete: 'target' })).toBe(transferEntropy(c, d, { estimator: 'mixed' }));
  });

  it('large alphabets go through the sparse counter and agree with the dense one', () => {
    const rng = createRng(2);
    const x = Array.from({ length: 3000 }, () => rng.int(300));
    const y = x.map((v, t) => (t > 0 ? (x[t - 1] * 7) % 300 : 0));
    // 300² · 300 joint states exceed the dense limit; the core's CMI is the reference.
    const te = transferEntropy(x, y, { estimator: 'discrete' });
    const xp = x.slice(0, -1);
    const yn = y.slice(1);
    const yp = y.slice(0, -1);
    expect(te).toBeCloseTo(conditionalMutualInformationOf(xp, yn, yp), 10);
    const l = transferEntropyLocal(x, y, { estimator: 'discrete' });
    expect(l.average).toBeCloseTo(te, 12);
  });
});
