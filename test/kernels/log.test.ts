import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { dentropyScan } from '../../src/kernels/entropy.js';
import { flog, LOG_HI_OFFSET, LOG_REST_TABLE, LOG_TABLE, makeFlogRest } from '../../src/kernels/log.js';
import logFixtures from '../fixtures/log_fixtures.json';

// Reference: test/fixtures/log_fixtures.py (mpmath, 256 bits, rounded once). The points are not stored: both sides
// draw them from the same splitmix64 stream; `xcheck` pins every 1000th point's bits.
interface LogFixtures {
  seed: number;
  count: number;
  categories: [string, number][];
  xcheck: [number, string][];
  lnCentres: [number, number][];
  y: string;
  e: string;
}

const fx = logFixtures as unknown as LogFixtures;

const M64 = (1n << 64n) - 1n;
const ONE = 0x3ff0000000000000n;
const OFF = 0x3fe6000000000000n;
const MAX_FINITE = 0x7fefffffffffffffn;
const N_BITS = 8n;
const R_AT = 0; // makeFlogRest's entries open LOG_REST_TABLE

function splitmix64(seed: bigint): { next: () => bigint; below: (n: bigint) => bigint } {
  let s = seed & M64;
  const next = (): bigint => {
    s = (s + 0x9e3779b97f4a7c15n) & M64;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
  return { next, below: (n: bigint) => next() % n };
}

const clamp = (b: bigint): bigint => (b < 1n ? 1n : b > MAX_FINITE ? MAX_FINITE : b);

/** The fixture points' bit patterns, drawn exactly as log_fixtures.py draws them. */
function points(): BigUint64Array {
  const rng = splitmix64(BigInt(fx.seed));
  const out = new BigUint64Array(fx.count);
  let n = 0;
  for (const [name, count] of fx.categories) {
    for (let c = 0; c < count; c++) {
      let b: bigint;
      if (name === 'uniform-bits') {
        b = 1n + rng.below(MAX_FINITE);
      } else if (name === 'subnormal') {
        b = 1n + rng.below(1n << (1n + rng.below(52n)));
      } else if (name === 'near-one') {
        const m = rng.below(1n << rng.below(53n));
        b = rng.below(2n) ? ONE + m : ONE - m;
      } else if (name === 'near-power-of-two') {
        const e = 1n + rng.below(2046n);
        const d = rng.below(1n << rng.below(20n));
        b = clamp(rng.below(2n) ? (e << 52n) + d : (e << 52n) - d);
      } else if (name === 'table-boundary') {
        const i = rng.below((1n << N_BITS) + 1n);
        const shift = rng.below(2046n) - 1022n;
        const d = rng.below(1n << rng.below(16n));
        const b0 = OFF + (i << (52n - N_BITS)) + (shift << 52n);
        b = clamp(rng.below(2n) ? b0 + d : b0 - d);
      } else {
        throw new Error(`unknown category ${name}`);
      }
      out[n++] = b;
    }
  }
  return out;
}

function decode(b64: string): DataView {
  // atob exists in Node ≥ 16 and in browsers alike (Buffer is Node-only).
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new DataView(bytes.buffer);
}

const scratch = new DataView(new ArrayBuffer(8));
/** Spacing of the doubles in the binade of |v| (v normal, non-zero). */
function ulpOf(v: number): number {
  scratch.setFloat64(0, Math.abs(v));
  const e = (scratch.getUint16(0) >> 4) & 0x7ff;
  return 2 ** (e - 1075);
}
function isPowerOfTwo(v: number): boolean {
  scratch.setFloat64(0, Math.abs(v));
  return (scratch.getUint32(0) & 0xfffff) === 0 && scratch.getUint32(4) === 0;
}

interface Row {
  x: number;
  y: number;
  err: number; // |flog(x) − ln x| in ulps of ln x
}

function measure(): { rows: Row[]; byCategory: Map<string, number>; exact: number } {
  const bits = points();
  const ys = decode(fx.y);
  const es = decode(fx.e);
  const xv = new DataView(new ArrayBuffer(8));
  const rows: Row[] = [];
  const byCategory = new Map<string, number>();
  let exact = 0;
  let n = 0;
  for (const [name, count] of fx.categories) {
    let worst = 0;
    for (let c = 0; c < count; c++, n++) {
      xv.setBigUint64(0, bits[n]);
      const x = xv.getFloat64(0);
      const y = ys.getFloat64(8 * n, true);
      const e = es.getInt16(2 * n, true);
      const got = flog(x);
      if (got === y) exact++;
      let err: number;
      if (y === 0) {
        err = got === 0 ? 0 : Infinity;
      } else {
        // ln x = y + (e/32768) ulp(y); the true value lies below |y| when y is a power of two and e pulls it in,
        // in which case its ulp is half as large.
        let ulp = ulpOf(y);
        if (isPowerOfTwo(y) && e !== 0 && Math.sign(e) !== Math.sign(y)) ulp /= 2;
        err = Math.abs((got - y) / ulp - (e / 32768) * (ulpOf(y) / ulp));
      }
      if (err > worst) worst = err;
      rows.push({ x, y, err });
    }
    byCategory.set(name, worst);
  }
  return { rows, byCategory, exact };
}

describe('flog against a correctly rounded reference (mpmath, 200 000 points)', () => {
  const { rows, byCategory, exact } = measure();

  it('draws exactly the points the generator drew', () => {
    const bits = points();
    for (const [k, hex] of fx.xcheck) expect(bits[k].toString(16).padStart(16, '0')).toBe(hex);
    expect(rows.length).toBe(fx.count);
    expect(fx.count).toBe(200_000);
  });

  it('is within 2 ulp everywhere (the contract), and within 1 ulp as designed', () => {
    let worst = rows[0];
    for (const r of rows) if (r.err > worst.err) worst = r;
    expect(worst.err, `worst at x = ${worst.x}`).toBeLessThanOrEqual(2);
    expect(worst.err, `worst at x = ${worst.x}`).toBeLessThan(1);
  });

  it('is within 1 ulp in every category (subnormals, near 1, powers of two, table boundaries)', () => {
    for (const [name, worst] of byCategory) expect(worst, name).toBeLessThan(1);
  });

  it('returns the correctly rounded value for the vast majority of points', () => {
    expect(exact / rows.length).toBeGreaterThan(0.99);
  });
});

describe('flog special values (as Math.log)', () => {
  const cases = [0, -0, -1, -5e-324, -Infinity, Infinity, NaN, 1, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE];
  for (const x of cases) {
    it(`flog(${Object.is(x, -0) ? '-0' : x})`, () => {
      const want = Math.log(x);
      if (Number.isNaN(want) || !Number.isFinite(want) || want === 0) expect(Object.is(flog(x), want)).toBe(true);
      else expect(Math.abs(flog(x) - want) / ulpOf(want)).toBeLessThanOrEqual(1);
    });
  }

  it('ln 1 is +0 and ln 2^k is exact to rounding for every binade', () => {
    expect(Object.is(flog(1), 0)).toBe(true);
    for (let k = -1074; k <= 1023; k++) {
      const want = k * Math.LN2; // k·ln2 rounded twice: within 1 ulp of the truth
      expect(Math.abs(flog(2 ** k) - want) / ulpOf(want || 1)).toBeLessThanOrEqual(1);
    }
    for (let k = -1023; k <= 1024; k++) expect(LOG_TABLE[4 * 256 + 1023 + k]).toBe(2 ** -k);
  });
});

describe('flog properties', () => {
  test.prop([fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true })])('agrees with Math.log within 2 ulp', (x) => {
    const want = Math.log(x);
    const got = flog(x);
    if (!Number.isFinite(want) || want === 0) return Object.is(got, want);
    return Math.abs(got - want) / ulpOf(want) <= 2;
  });

  test.prop([fc.double({ min: 2 ** -1022, max: 2 ** 1000, noNaN: true })])('is monotone on neighbours', (x) => {
    const up = x * (1 + 2 ** -40);
    return flog(up) >= flog(x);
  });
});

describe('flog table (built at load time)', () => {
  it('has one centre per sub-interval, 1/c, ln c split as designed, ln c within 2^-57·|ln c| of mpmath', () => {
    const dv = new DataView(new ArrayBuffer(8));
    expect(LOG_TABLE.length).toBe(4 * 256 + 2048 + 8);
    expect(LOG_REST_TABLE.length).toBe(4 * 1024 + 2048);
    expect(fx.lnCentres.length).toBe(256);
    for (let i = 0; i < 256; i++) {
      dv.setBigUint64(0, OFF + (BigInt(i) << 44n));
      const lo = dv.getFloat64(0);
      dv.setBigUint64(0, OFF + (BigInt(i + 1) << 44n));
      const hi = dv.getFloat64(0);
      const [c, invc, logcHi, logcLo] = LOG_TABLE.subarray(4 * i, 4 * i + 4);
      if (lo === 1 || hi === 1) expect(c).toBe(1);
      else expect(c).toBe((lo + hi) / 2);
      expect(invc).toBe(1 / c);
      expect(Number.isInteger(logcHi * 2 ** 43)).toBe(true);
      expect(Math.abs(logcLo)).toBeLessThanOrEqual(2 ** -44);
      // (hi + lo) against the reference (H + L): compare the differences, which are exact or nearly so.
      const [H, L] = fx.lnCentres[i];
      const diff = logcHi - H + (logcLo - L);
      // Only the leading term 2u of the series is double-double; the tail (< 0.9% of ln c) is summed in doubles.
      // Measured worst: 2^-58.03·|ln c| (i = 20), a thirtieth of an ulp of flog's result.
      expect(Math.abs(diff), `i = ${i}`).toBeLessThanOrEqual(2 ** -57 * Math.abs(H));
    }
    // makeFlogRest's 1024 entries: c, 1/c, ln c rounded to nearest, the rest of ln c. (Their ln c are checked against mpmath
    // through flogRest's accuracy test below; here against Math.log, within 1 ulp.)
    for (let i = 0; i < 1024; i++) {
      dv.setBigUint64(0, OFF + (BigInt(i) << 42n));
      const lo = dv.getFloat64(0);
      dv.setBigUint64(0, OFF + (BigInt(i + 1) << 42n));
      const hi = dv.getFloat64(0);
      dv.setBigUint64(0, OFF + (BigInt(i) << 42n) + (1n << 41n));
      const centre = dv.getFloat64(0);
      const [c, invc, lnc, rest] = LOG_REST_TABLE.subarray(R_AT + 4 * i, R_AT + 4 * i + 4);
      expect(c).toBe(lo === 1 || hi === 1 ? 1 : centre);
      expect(invc).toBe(1 / c);
      expect(Math.abs(rest)).toBeLessThanOrEqual(c === 1 ? 0 : ulpOf(lnc) / 2); // lnc is ln c rounded to nearest
      if (c === 1) expect(lnc).toBe(0);
      else expect(Math.abs(lnc - Math.log(c)) / ulpOf(lnc), `i = ${i}`).toBeLessThanOrEqual(1);
    }
    for (let k = -1023; k <= 1024; k++) expect(LOG_TABLE[4 * 256 + 1023 + k]).toBe(2 ** -k);
  });
});

describe('makeFlogRest: ln x = k·ln 2 + rest, for normal positive x (the split the entropy scan sums)', () => {
  const flogRest = makeFlogRest();
  const LN2_HI = LOG_TABLE[4 * 256 + 2048 + 5]; // 42 fractional bits: k·LN2_HI is exact
  const LN2_LO = LOG_TABLE[4 * 256 + 2048 + 6];
  const hiWord = (x: number): number => {
    scratch.setFloat64(0, x);
    return scratch.getInt32(0);
  };

  it('k·ln 2 + rest, summed exactly, is within 1.5 ulp of ln x at every normal fixture point (contract: 2)', () => {
    const bits = points();
    const ys = decode(fx.y);
    const es = decode(fx.e);
    const xv = new DataView(new ArrayBuffer(8));
    let worst = 0;
    let worstX = NaN;
    let tested = 0;
    let within1 = 0;
    for (let n = 0; n < fx.count; n++) {
      xv.setBigUint64(0, bits[n]);
      const x = xv.getFloat64(0);
      if (!(x >= 2 ** -1022)) continue;
      tested++;
      const y = ys.getFloat64(8 * n, true);
      const e = es.getInt16(2 * n, true);
      const hx = hiWord(x);
      const k = (hx - LOG_HI_OFFSET) >> 20;
      const rest = flogRest(x, hx);
      expect(rest).toBeGreaterThanOrEqual(-0.38);
      expect(rest).toBeLessThanOrEqual(0.32);
      // k·LN2_HI + rest = sh + sl exactly (TwoSum); sh − y is exact (Sterbenz: both within a factor 2 of ln x).
      const a = k * LN2_HI;
      const sh = a + rest;
      const bv = sh - a;
      const sl = a - (sh - bv) + (rest - bv);
      let err: number;
      if (y === 0) {
        err = sh === 0 && sl === 0 ? 0 : Infinity;
      } else {
        let ulp = ulpOf(y);
        if (isPowerOfTwo(y) && e !== 0 && Math.sign(e) !== Math.sign(y)) ulp /= 2;
        err = Math.abs((sh - y + sl + k * LN2_LO - (e / 32768) * ulpOf(y)) / ulp);
      }
      if (err < 1) within1++;
      if (err > worst) {
        worst = err;
        worstX = x;
      }
    }
    expect(tested).toBeGreaterThan(180_000);
    expect(worst, `worst at x = ${worstX}`).toBeLessThanOrEqual(1.5);
    expect(within1 / tested).toBeGreaterThan(0.999);
  });

  it('agrees with flog (≤ 0.67 ulp) within 2 ulp at every one of its 1024 sub-interval boundaries, in many binades', () => {
    // The fixtures' table-boundary points are flog's 256 boundaries; these are the other 768 as well.
    const rng = splitmix64(1024n);
    const dv = new DataView(new ArrayBuffer(8));
    let worst = 0;
    for (let i = 0; i <= 1024; i++) {
      for (let rep = 0; rep < 8; rep++) {
        const shift = rng.below(2040n) - 1018n;
        const d = rng.below(1n << rng.below(12n));
        const b0 = OFF + (BigInt(i) << 42n) + (shift << 52n);
        dv.setBigUint64(0, rng.below(2n) ? b0 + d : b0 - d);
        const x = dv.getFloat64(0);
        const hx = dv.getInt32(0);
        const got = ((hx - LOG_HI_OFFSET) >> 20) * LN2_HI + (flogRest(x, hx) + ((hx - LOG_HI_OFFSET) >> 20) * LN2_LO);
        const want = flog(x);
        const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / ulpOf(want);
        if (err > worst) worst = err;
      }
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('agrees with flog to within 1 ulp on random normal doubles', () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -1022, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        const hx = hiWord(x);
        const got = ((hx - LOG_HI_OFFSET) >> 20) * Math.LN2 + flogRest(x, hx);
        const want = flog(x);
        return want === 0 ? Math.abs(got) < 2 ** -60 : Math.abs(got - want) / ulpOf(want) <= 1.5;
      }),
    );
  });
});

describe('dentropyScan (the fused entropy pass built on makeFlogRest)', () => {
  const ref = (p: ArrayLike<number>): [number, number] => {
    let s = 0;
    let h = 0;
    for (let i = 0; i < p.length; i++) {
      s += p[i];
      if (p[i] > 0) h += p[i] * Math.log(p[i]);
    }
    return [s, h];
  };
  const out = new Float64Array(3);

  it('handles 0, −0, subnormals, odd lengths and offsets on the contiguous path', () => {
    const rng = splitmix64(99n);
    for (const len of [16, 17, 255, 256, 257, 1000, 1001]) {
      const p = new Float64Array(len + 3);
      for (let i = 0; i < p.length; i++) {
        const u = Number(rng.next() >> 11n) / 2 ** 53;
        const kind = Number(rng.below(10n));
        p[i] = kind === 0 ? 0 : kind === 1 ? -0 : kind === 2 ? u * 2 ** -1030 : kind === 3 ? u * 1e300 : u;
      }
      for (const offset of [0, 1, 3]) {
        const n = len + 3 - offset;
        expect(dentropyScan(n, p, 1, offset, out)).toBe(-1);
        const [s, h] = ref(p.subarray(offset));
        expect(Math.abs(out[0] - s) / s).toBeLessThan(1e-14);
        expect(Math.abs(out[1] - h) / Math.abs(h)).toBeLessThan(1e-13);
      }
    }
  });

  it('agrees with the strided path, which goes element by element through flog', () => {
    const p = new Float64Array(2 * 999);
    for (let i = 0; i < p.length; i++) p[i] = ((i * 7919) % 1009) / 1009 + 1e-9;
    const contiguous = new Float64Array(999);
    for (let i = 0; i < 999; i++) contiguous[i] = p[2 * i];
    dentropyScan(999, p, 2, 0, out);
    const [s, h] = [out[0], out[1]];
    dentropyScan(999, contiguous, 1, 0, out);
    expect(Math.abs(out[0] - s) / s).toBeLessThan(1e-15);
    expect(Math.abs(out[1] - h) / Math.abs(h)).toBeLessThan(1e-14);
  });

  it('returns the index of the first NaN, negative or +Infinity entry (relative to the offset)', () => {
    for (const bad of [NaN, -1, -5e-324, Infinity, -Infinity]) {
      for (const at of [0, 1, 16, 255, 256, 300]) {
        const p = new Float64Array(400).fill(1 / 400);
        p[at + 2] = bad;
        expect(dentropyScan(398, p, 1, 2, out), `${bad} at ${at}`).toBe(at);
        expect(dentropyScan(10, p, 1, 2, out)).toBe(at < 10 ? at : -1);
      }
    }
  });

  it('gives [0, 0] for N ≤ 0 and for all-zero input', () => {
    expect(dentropyScan(0, new Float64Array(4), 1, 0, out)).toBe(-1);
    expect([out[0], out[1]]).toEqual([0, 0]);
    expect(dentropyScan(100, new Float64Array(100), 1, 0, out)).toBe(-1);
    expect([out[0], out[1]]).toEqual([0, 0]);
  });
});
