/**
 * Fast, accurate natural logarithm for the kernels' hot loops.
 *
 * Method (table-driven, after ARM optimized-routines / musl `log`, without FMA):
 *
 *   x = 2^k · z with z in [0.6875, 1.375): k comes from the high word of x's bits (read through a shared
 *   Float64Array / Int32Array view) minus the high word of 0.6875, so that 1 lies inside the range and
 *   k·ln2 + ln z never cancels near x = 1. z = x · 2^-k is exact (a table of powers of two).
 *
 *   [0.6875, 1.375) is split into N = 256 sub-intervals of equal width in bit space (each inside one binade).
 *   Sub-interval i has a short centre c_i (c = 1 for the two sub-intervals touching 1), so z − c_i is exact
 *   (Sterbenz) and r = (z − c_i)·invc_i ≈ (z − c_i)/c_i, |r| ≤ 2^-9 (≤ 2^-8 next to 1, where r = z − 1 exactly:
 *   invc = 1), with invc_i = 1/c_i rounded. (Adding the rounding error of invc_i as a second term was measured
 *   to change nothing in the maximum error, so it is left out.)
 *
 *   ln x = k·ln2 + ln c_i + log1p(r),   log1p(r) ≈ r + r²·Q(r),  Q a degree-4 fit of (log1p(r) − r)/r².
 *
 *   ln 2 and ln c_i are split hi + lo with hi a multiple of 2^-43 (ln 2: 2^-42, and |k| < 2^11), so
 *   w = k·LN2_HI + ln c_i,hi is exact; hi = w + r and its rounding error are formed exactly (Fast2Sum), and the
 *   small terms k·LN2_LO + ln c_i,lo + r²·Q(r) join the error term before the one final rounding.
 *
 * The tables are built once at load time (ln c_i by the atanh series, its leading term in double-double
 * arithmetic), which keeps the shipped code small. Accuracy contract: ≤ 2 ulp over the whole double range; test/kernels/log.test.ts
 * measures the maximum against a correctly rounded mpmath reference (test/fixtures/log_fixtures.py: 200 000
 * points including subnormals, the neighbourhood of 1, powers of two and every sub-interval boundary).
 * Special values follow Math.log: ln(±0) = −Infinity, ln(x < 0) = NaN, ln(NaN) = NaN, ln(Infinity) = Infinity,
 * ln(1) = +0.
 */

// Q(r) ≈ (log1p(r) − r)/r² on [−2^-9, 2^-8], |error| ≤ 2^-48.9 (`/usr/bin/python3 test/fixtures/log_fixtures.py
// poly`), then ln 2 = LN2_HI + LN2_LO with LN2_HI = ln 2 truncated to 42 fractional bits.
const K = /* @__PURE__ */ new Float64Array([
  -0.4999999999999981, 0.3333333333337782, -0.25000000315622983, 0.20000017267480888, -0.16597154822264487,
  0.6931471805598903, 5.497923018708371e-14,
]);

/**
 * {@link flog}'s table (exported for the tests): at 4i for sub-interval i of 256, c_i (the centre), invc_i = 1/c_i
 * rounded, ln c_i rounded to a multiple of 2^-43, and ln c_i minus that; at 4·256 + 1023 + k the exact scale
 * factor 2^-k for k in [−1023, 1024] (2^-1024 is subnormal, still exact); at 4·256 + 2048 the constants K.
 */
export const LOG_TABLE: Float64Array = /* @__PURE__ */ flogTable();

/**
 * {@link makeFlogRest}'s table (exported for the tests): the same range cut into 1024 sub-intervals, at 4i c_i,
 * 1/c_i rounded, ln c_i rounded to nearest and the rest of ln c_i (unused: one 32-byte entry per sub-interval), then
 * the powers of two at 4·1024 + 1023 + k. A table of its own, so that a bundle of the entropy scan carries neither flog nor its table.
 */
export const LOG_REST_TABLE: Float64Array = /* @__PURE__ */ buildTable(10);

// --- table construction (load time only) -------------------------------------------------------------------------

/** Error-free product a·b = p + e (Dekker, Veltkamp split); returns e, p passed in. */
function prodErr(a: number, b: number, p: number): number {
  const ta = 134217729 * a;
  const ah = ta - (ta - a);
  const tb = 134217729 * b;
  const bh = tb - (tb - b);
  return ah * bh - p + ah * (b - bh) + (a - ah) * bh + (a - ah) * (b - bh);
}

/**
 * ln c for c in [0.6875, 1.375) as hi + lo: 2u + 2u·Σ_{m≥1} v^m/(2m+1), u = (c − 1)/(c + 1), v = u², |u| < 0.16.
 * Only 2u needs more than double precision (u = uh + ul to double-double precision, by Dekker's product); the
 * tail is below 0.9% of ln c, so summing it in doubles leaves an error of a few ulp of the tail (measured: at most
 * 2^-58.03·|ln c|), a thirtieth of an ulp of any result.
 */
function lnCentre(c: number): [number, number] {
  const a = c - 1; // exact
  const b = c + 1; // exact (c has few significant bits)
  const uh = a / b;
  const p = uh * b;
  const ul = (a - p - prodErr(uh, b, p)) / b;
  const v = uh * uh;
  let s = 0;
  for (let m = 15; m >= 1; m--) s = s * v + 1 / (2 * m + 1);
  const lo = 2 * ul + 2 * uh * v * s;
  const hi = 2 * uh + lo; // Fast2Sum: |2uh| ≥ |lo|
  return [hi, lo - (hi - 2 * uh)];
}

/**
 * A table of 2^bits sub-intervals of [0.6875, 1.375): at 4i c_i, 1/c_i, ln c_i rounded to nearest and the rest of
 * ln c_i; then 2^-k at 4·2^bits + 1023 + k, for k in [−1023, 1024]. Runs once per table, at load time.
 */
function buildTable(bits: number): Float64Array {
  const at = 4 << bits;
  const T = new Float64Array(at + 2048);
  const F64 = new Float64Array(1);
  const I32 = new Int32Array(F64.buffer);
  const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  for (let i = 1023, v = 1; i >= 0; i--, v *= 2) T[at + i] = v;
  for (let i = 1024, v = 0.5; i < 2048; i++, v *= 0.5) T[at + i] = v;
  // Sub-interval i: lower end at high word 0x3fe60000 + i·w (low word 0), w = 2^(20 − bits); its centre adds w/2 in
  // the high word (c = 1 for the two sub-intervals touching 1).
  const w = 0x100000 >> bits;
  for (let i = 0; i < 1 << bits; i++) {
    F64[0] = 0;
    I32[HI] = 0x3fe60000 + i * w;
    const lo = F64[0];
    I32[HI] += w;
    const hi = F64[0];
    I32[HI] -= w >> 1;
    const c = lo === 1 || hi === 1 ? 1 : F64[0];
    T.set([c, 1 / c, ...lnCentre(c)], 4 * i);
  }
  return T;
}

/** {@link LOG_TABLE}: the table of 256, ln c_i split into a multiple of 2^-43 plus the rest, then the constants K. */
function flogTable(): Float64Array {
  const T = new Float64Array(4 * 256 + 2048 + 8);
  T.set(buildTable(8));
  T.set(K, 4 * 256 + 2048);
  for (let j = 2; j < 4 * 256; j += 4) {
    const h = Math.round(T[j] * 8796093022208) / 8796093022208; // 8796093022208 = 2^43
    T[j + 1] += T[j] - h; // T[j] − h is exact (both multiples of ulp(T[j]), |difference| ≤ 2^-44)
    T[j] = h;
  }
  return T;
}

// --- the kernel ----------------------------------------------------------------------------------------------------

/**
 * Builds the kernel as a closure over `const` bindings. Bundlers (esbuild, hence tsup) turn top-level `const`s into
 * `var`s, which V8 must then reload and re-check on every call; a closure's `const`s stay immutable, so once V8
 * inlines `flog` into a loop the table, the scratch views and the offsets are all compile-time constants (measured:
 * ~35% faster per call than the same code over top-level `var`s).
 */
function makeFlog(): (x: number) => number {
  const T = LOG_TABLE;
  // Shared scratch for reading the bits of a double; HI is the index of the word holding sign and exponent.
  const F64 = new Float64Array(1);
  const I32 = new Int32Array(F64.buffer);
  const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  const P2 = 4 * 256 + 1023; // T[P2 + k] = 2^-k
  const KA = 4 * 256 + 2048; // T[KA + m] = K[m]

  /** ln(y·2^dk) for y normal (its high word hy given). */
  const finish = (y: number, hy: number, dk: number): number => {
    const t = (hy - 0x3fe60000) | 0; // minus the high word of 0.6875
    const k = t >> 20;
    const j = (t >>> 10) & 0x3fc; // 4 × the sub-interval index
    const d = y * T[P2 + k] - T[j];
    const r = d * T[j + 1];
    const kk = k + dk;
    const w = kk * T[KA + 5] + T[j + 2];
    const hi = w + r;
    const lo = w - hi + r + (kk * T[KA + 6] + T[j + 3]);
    const r2 = r * r;
    const q = T[KA] + r * T[KA + 1] + r2 * (T[KA + 2] + r * T[KA + 3] + r2 * T[KA + 4]);
    return lo + r2 * q + hi;
  };

  /** The cases outside the fast path: special values, and subnormals scaled by 2^54 into the normal range. */
  const special = (x: number): number => {
    if (!(x >= 0)) return NaN; // negative or NaN (−0 >= 0 holds)
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    const y = x * 18014398509481984; // 2^54
    F64[0] = y;
    return finish(y, I32[HI], -54);
  };

  return function flog(x: number): number {
    F64[0] = x;
    const hx = I32[HI];
    // Negative (sign bit set), zero, subnormal, Infinity and NaN leave the fast path.
    if (hx < 0x00100000 || hx > 0x7fefffff) return special(x);
    return finish(x, hx, 0);
  };
}

/**
 * Natural logarithm, ≤ 2 ulp over the whole double range (see the file comment for the method and the measured
 * error). Small and monomorphic so that V8 inlines it into the kernels' loops; it never allocates or throws.
 *
 * @param x - any double
 * @returns ln(x); −Infinity for ±0, NaN for x < 0 or NaN, Infinity for Infinity, +0 for 1
 */
export const flog: (x: number) => number = /* @__PURE__ */ makeFlog();

/**
 * High word of 0.6875, the lower end of the reduced range: for a normal positive x whose high word (sign and exponent
 * word of its IEEE bits) is hx, k = (hx − LOG_HI_OFFSET) >> 20 is the k of x = 2^k·z, z in [0.6875, 1.375).
 */
export const LOG_HI_OFFSET = 0x3fe60000;

/**
 * Creates the logarithm split for sums of x·ln x: a function flogRest(x, hx) = ln x − k·ln 2 = ln c + log1p(r)
 * (the reduction of {@link flog}, with [0.6875, 1.375) cut into 1024 sub-intervals instead of 256, so that
 * |r| ≤ 2^-10 and a degree-3 Q suffices), where k = (hx − {@link LOG_HI_OFFSET}) >> 20 is left to
 * the caller, who can sum x·k on its own and multiply by ln 2 once. That drops flog's reconstruction of ln x and its
 * special-value branches: x must be a normal positive double (2^-1022 ≤ x < Infinity) and hx its high word (the
 * upper 32 bits of its IEEE representation, as a signed int32). k·ln 2 + flogRest(x, hx), summed exactly, is within
 * 1.30 ulp of ln x, 99.997% of points within 1 ulp (contract: ≤ 2 ulp; test/kernels/log.test.ts, against the mpmath
 * fixtures); flogRest returns values in [−0.38, 0.32].
 *
 * A factory rather than a function: the caller keeps the instance in a closure constant, so that V8 inlines it into
 * the caller's loop without loading an imported binding on every call (which, in CommonJS output, goes through a
 * getter and was measured to make the loop three times slower).
 */
export function makeFlogRest(): (x: number, hx: number) => number {
  const T = LOG_REST_TABLE;
  const P2 = 4 * 1024 + 1023; // T[P2 + k] = 2^-k; the entries c, 1/c, ln c at 4i, i < 1024
  const OFF = LOG_HI_OFFSET;
  // Q(r) ≈ (log1p(r) − r)/r² on [−2^-11, 2^-10], |error| ≤ 2^-47.2, from `cd test/fixtures && /usr/bin/python3 -c
  // "import log_fixtures as L; L.N_BITS = 10; L.N = 1024; L.POLY_DEGREE = 3; L.emit_poly()"`.
  const Q0 = -0.4999999999999987;
  const Q1 = 0.33333333336736015;
  const Q2 = -0.2500000298661265;
  const Q3 = 0.19983723879578968;
  return function flogRest(x: number, hx: number): number {
    const t = (hx - OFF) | 0;
    const j = (t >>> 8) & 0xffc;
    const r = (x * T[(P2 + (t >> 20)) | 0] - T[j]) * T[(j + 1) | 0];
    const r2 = r * r;
    return T[(j + 2) | 0] + (r + r2 * (Q0 + r * Q1 + r2 * (Q2 + r * Q3)));
  };
}
