// Malformed arguments of every kind the issue lists, as fast-check arbitraries. Each draw builds a fresh value (a
// factory per kind), so that a function that wrongly writes to its input cannot spoil later cases.
import fc from 'fast-check';

type Factory = () => unknown;

/** One fresh value from each factory, chosen uniformly. */
export function fresh(...factories: Factory[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...factories).map((f) => f());
}

/** Numbers that break naive code: NaN, ±Infinity, −0, extremes, fractions, out-of-range integers. */
export const badNumbers: Factory[] = [
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => -0,
  () => 0,
  () => -1,
  () => 0.5,
  () => 1.5,
  () => 1e308,
  () => -1e308,
  () => 5e-324,
  () => 2 ** 31,
  () => 2 ** 53 + 2,
  () => 1e9,
];

/** Values of the wrong type altogether. */
export const badTypes: Factory[] = [
  () => undefined,
  () => null,
  () => true,
  () => '',
  () => 'abc',
  () => '2',
  () => '0.5',
  () => 'NaN',
  () => '\u0000',
  () => 1n,
  () => -3n,
  () => Symbol('s'),
  () => ({}),
  () => [],
  () => () => 1,
  () => new Date(0),
  () => Object.create(null),
  () => /x/,
  () => new Map([[1, 2]]),
];

/** Arrays that are not clean vectors of finite numbers. */
export const badArrays: Factory[] = [
  () => [],
  () => [NaN],
  () => [0.5, Infinity],
  // eslint-disable-next-line no-sparse-arrays
  () => [0.5, , 0.5],
  () => new Array(3),
  () => ['0.5', '0.5'],
  () => [1n, 2n],
  () => [1e308, 1e308, 1e308],
  () => [-1, 2],
  () => [0.5, '0.5'],
  () => [5e-324, 5e-324],
  () => [Symbol('s')],
  () => [null, null],
  () => [{}, {}],
  () => {
    // A sparse array of length 10⁷ that is all holes (made sparse from the start, so that it costs nothing to build).
    const a: number[] = [];
    a[1e7 - 1] = 0;
    delete a[1e7 - 1];
    return a;
  },
  () => ({ length: 2, 0: 0.5, 1: 0.5 }),
  () => Float32Array.of(0.1, 0.2, 0.3, 0.4),
  () => Float64Array.of(NaN, 1),
  () => Float64Array.of(),
  () => Int32Array.of(-1, 2),
  () => Uint8Array.of(0, 1, 1, 0),
  () => BigInt64Array.of(1n, 2n),
  () => new DataView(new ArrayBuffer(16)),
  () => [[1, 2], [3]],
  () => [[NaN, 1], [1, 1]],
  () => [[]],
  () => [['a', 'b']],
  () => [[1e308, 1e308], [1e308, 1e308]],
];

/** Objects that claim to be an ml-matrix `Matrix` (rows, columns, get) and lie about it. */
export const badMatrices: Factory[] = [
  () => ({ rows: -1, columns: 2, get: () => 0.25 }),
  () => ({ rows: Infinity, columns: 2, get: () => 0.25 }),
  () => ({ rows: 1.5, columns: 2, get: () => 0.25 }),
  () => ({ rows: NaN, columns: 2, get: () => 0.25 }),
  () => ({ rows: '2', columns: 2, get: () => 0.25 }),
  () => ({ rows: 2, columns: 2, get: () => '0.25' }),
  () => ({ rows: 2, columns: 2, get: () => NaN }),
  () => ({ rows: 2, columns: 2, get: () => 1n }),
  () => ({ rows: 2, columns: 2, get: () => undefined }),
  () => ({ rows: 1e6, columns: 1e6, get: () => 0 }),
  () => ({ rows: 2 ** 31, columns: 1, get: () => 0 }),
  () => ({ rows: 2, columns: 2, get: 42 }),
  () => ({ rows: 0, columns: 0, get: () => 0 }),
];

/** Forged `{ data, rows, cols }` matrices and `{ data, shape }` tables. */
export const badRecords: Factory[] = [
  () => ({ data: new Float64Array(4), rows: -1, cols: 2 }),
  () => ({ data: new Float64Array(4), rows: 3, cols: 2 }),
  () => ({ data: [0.25, 0.25, 0.25, 0.25], rows: 2, cols: 2 }),
  () => ({ data: new Float64Array(4), rows: 2, cols: 2.5 }),
  () => ({ data: Float64Array.of(NaN, 1, 1, 1), rows: 2, cols: 2 }),
  () => ({ data: new Float64Array(4), rows: 1e9, cols: 1e9 }),
  () => ({ data: new Float64Array(4), shape: [2, -2] }),
  () => ({ data: new Float64Array(4), shape: [1e9, 1e9] }),
  () => ({ data: [0.25, 0.25, 0.25, 0.25], shape: [2, 2] }),
  () => ({ data: Float64Array.of(0.25, 0.25, 0.25, 0.25), shape: '2x2' }),
];

/** Anything malformed: every kind above. */
export const anyBad: fc.Arbitrary<unknown> = fresh(...badNumbers, ...badTypes, ...badArrays, ...badMatrices, ...badRecords);

/** A malformed number-like argument (an integer count, a level, an index). */
export const badNumber: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fresh(...badNumbers), weight: 3 }, { arbitrary: fresh(...badTypes), weight: 1 });

/**
 * A malformed work count (permutations, epochs, steps): NaN, fractions, ≤ 0, ±Infinity, 1e308, unsafe integers and
 * wrong types. Not 10⁹: a count of 10⁹ permutations is a well-formed request for a long computation (which the
 * long-running functions let a caller stop through `signal`), not malformed input.
 */
export const badCount: fc.Arbitrary<unknown> = fresh(
  () => NaN,
  () => Infinity,
  () => -1,
  () => 0,
  () => 1.5,
  () => 1e308,
  () => 2 ** 53 + 2,
  () => '10',
  () => null,
  () => true,
  () => 10n,
  () => [10],
);

/** A malformed vector argument. */
export const badVector: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fresh(...badArrays), weight: 3 }, { arbitrary: anyBad, weight: 1 });

/** A malformed table or matrix argument. */
export const badTable: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fresh(...badMatrices, ...badRecords), weight: 2 },
  { arbitrary: fresh(...badArrays), weight: 2 },
  { arbitrary: anyBad, weight: 1 },
);

/** Typos of an option name: a swap of two letters, a wrong case, a plural, a dropped letter. */
function typos(name: string): string[] {
  const out = new Set<string>();
  if (name.length > 1) out.add(name[1] + name[0] + name.slice(2));
  if (name.length > 3) out.add(name.slice(0, 1) + name[2] + name[1] + name.slice(3));
  out.add(name[0].toUpperCase() + name.slice(1));
  out.add(name + 's');
  out.add(name.slice(0, -1));
  out.delete(name);
  return [...out];
}

/**
 * Malformed options for a function whose valid options are `valid` (an arbitrary of good option objects) with the
 * given names: not an object at all; an unknown name (a typo of a real one, or nonsense); a known name with a
 * malformed value; a prototype-pollution attempt; a null-prototype object.
 */
export function badOptions(
  names: readonly string[],
  valid: fc.Arbitrary<Record<string, unknown>>,
  value: fc.Arbitrary<unknown> = anyBad,
  perKey: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
): fc.Arbitrary<unknown> {
  const notObject = fresh(() => null, () => 'base', () => 2, () => [], () => [2], () => new Map([['base', 2]]), () => new Date(0), () => true, () => () => ({}));
  const alternatives: fc.Arbitrary<unknown>[] = [
    notObject,
    fc.tuple(valid, fc.constantFrom('foo', 'options', '', ' ', 'constructor', ...names.flatMap(typos)), anyBad).map(([o, k, v]) => ({ ...o, [k]: v })),
    fc.constant(null).map(() => JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  ];
  if (names.length > 0) {
    const entry = fc.constantFrom(...names).chain((k) => fc.tuple(fc.constant(k), perKey[k] ?? value));
    alternatives.push(fc.tuple(valid, entry).map(([o, [k, v]]) => ({ ...o, [k]: v })));
    alternatives.push(fc.tuple(valid, entry).map(([o, [k, v]]) => ({ ...o, [k]: v })));
    alternatives.push(
      fc.tuple(valid, fc.constantFrom(...names)).map(([o, k]) => {
        const n = Object.create(null) as Record<string, unknown>;
        Object.assign(n, o);
        n[k] = o[k];
        return n;
      }),
    );
  }
  return fc.oneof(...alternatives);
}

/**
 * The JSON form of `value` with `"__proto__": { "polluted": true }` added to every object in it, parsed back: what
 * an attacker's file gives `fromJSON`. Nothing may reach Object.prototype (the oracle checks `({}).polluted`).
 */
export function polluted(value: unknown): unknown {
  const plain = JSON.parse(JSON.stringify(value)) as unknown;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    // An own "__proto__" key, as JSON.parse makes it (an object literal or assignment would set the prototype).
    const o = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    for (const [k, x] of Object.entries(v)) Object.defineProperty(o, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
    return o;
  };
  return walk(plain);
}
