// Well-formed arguments, small enough that every call takes milliseconds, but with the extreme magnitudes the issue
// found trouble with (weights near 1e308 or 5e-324, samples at 1e±150…1e±300): a valid argument must give a finite
// result, whatever its scale.
import fc from 'fast-check';

/** A probability vector of length n (entries summing to 1 within rounding). */
export function probs(n: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n })
    .filter((w) => w.some((v) => v > 0))
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / s);
    });
}

/** Non-negative weights with a positive total, at an ordinary or an extreme scale. */
export function weights(n: number): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }).filter((w) => w.some((v) => v > 0)),
      fc.constantFrom(1, 1e-3, 1e300, 1e-300, 5e-324, 2 ** 1000),
    )
    .map(([w, s]) => w.map((v) => v * s));
}

/** A length, then a distribution of that length. */
export const probVector = fc.integer({ min: 1, max: 8 }).chain(probs);

/** Two distributions of the same length. */
export const probPair = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(probs(n), probs(n)));

/** A kx × ky joint distribution as rows. */
export const probRows = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([r, c]) => probs(r * c).map((p) => Array.from({ length: r }, (_, i) => p.slice(i * c, (i + 1) * c))));

/** Integer counts as rows (a contingency table), some of them huge. */
export const countRows = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 1, 1, 1e300, 2 ** 60))
  .chain(([r, c, s]) =>
    fc
      .array(fc.integer({ min: 0, max: 50 }), { minLength: r * c, maxLength: r * c })
      .filter((w) => w.some((v) => v > 0))
      .map((w) => Array.from({ length: r }, (_, i) => w.slice(i * c, (i + 1) * c).map((v) => v * s))),
  );

/** Labels: small integers or strings, length n. */
export function labels(n: number): fc.Arbitrary<number[] | string[]> {
  return fc.oneof(
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: n, maxLength: n }),
    fc.array(fc.constantFrom(-5, 7, 2 ** 40), { minLength: n, maxLength: n }),
  );
}

/** A scale for continuous samples: ordinary, or extreme (the estimators must rescale, never overflow). */
export const scale = fc.constantFrom(1, 1, 1, 1e-300, 1e-150, 1e150, 1e155, 1e300, 5e-320);

/** n samples of a scalar (1-D array), at one scale; some ties. */
export function samples1(n: number): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, 1)), { minLength: n, maxLength: n }), scale)
    .map(([x, s]) => x.map((v) => v * s));
}

/** n samples of a d-dimensional variable, as rows. */
export function samplesRows(n: number, d: number): fc.Arbitrary<number[][]> {
  return fc
    .tuple(fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }), scale)
    .map(([x, s]) => x.map((r) => r.map((v) => v * s)));
}

/** n samples in any accepted layout: a 1-D array, rows, or a `{ data, rows, cols }` matrix. */
export function samples(n: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    samples1(n),
    samplesRows(n, 2),
    samplesRows(n, 1).map((rows) => ({ data: Float64Array.from(rows.flat()), rows: n, cols: 1 })),
    samples1(n).map((x) => Float64Array.from(x)),
  );
}

/** A symmetric positive-definite d × d covariance (A Aᵀ + εI), at an ordinary or extreme scale. */
export const covariance = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(1, 1, 1e300, 1e-300, 5e-320, 1e154))
  .chain(([d, s]) =>
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d * d, maxLength: d * d }).map((a) => {
      const c: number[][] = [];
      for (let i = 0; i < d; i++) {
        c.push([]);
        for (let j = 0; j < d; j++) {
          let v = i === j ? 0.1 : 0;
          for (let k = 0; k < d; k++) v += a[i * d + k] * a[j * d + k];
          c[i].push(v * s);
        }
      }
      return c;
    }),
  );

/** A small positive integer option (k, a count). */
export const smallInt = fc.integer({ min: 1, max: 4 });

/** An AbortSignal that has already fired, or one that never will. */
export const signal = fc.constantFrom('live', 'aborted').map((k) => {
  const c = new AbortController();
  if (k === 'aborted') c.abort();
  return c.signal;
});
