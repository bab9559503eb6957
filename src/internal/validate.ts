import { fail, fmt, fmtAt } from './errors.js';
import { closest } from './suggest.js';

/** Anything array-like of numbers that the public API accepts as a vector. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray | readonly number[];

/** True for a JS array or a numeric typed array (not a DataView, not a BigInt array). */
export function isNumericArray(x: unknown): x is NumericArray {
  if (Array.isArray(x)) return true;
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/**
 * Returns a Float64Array view of `x` with every entry finite. A Float64Array is returned as is (never written to);
 * anything else is copied. Throws for a non-array, an empty array, or a non-finite or non-number entry.
 */
export function toFiniteVector(fn: string, name: string, x: unknown, allowEmpty = false): Float64Array {
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers or a Float64Array (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0 && !allowEmpty) fail('EMPTY_INPUT', fn, `${name} is empty`);
  // One pass: type, then finiteness, of each entry in order (a Float64Array is returned as it is, never written).
  const out = x instanceof Float64Array ? x : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmtAt(x, i)})`);
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
    if (out !== x) out[i] = v;
  }
  return out;
}

/** Validates `base` and returns ln(base), the divisor that converts nats into that unit (as scipy divides). */
export function logBase(fn: string, base: unknown): number {
  if (base === undefined) return 1;
  if (typeof base !== 'number' || !(base > 0) || base === 1 || !Number.isFinite(base)) {
    fail('INVALID_OPTION', fn, `base must be a finite number > 0 and ≠ 1 (got ${fmt(base)})`);
  }
  return base === Math.E ? 1 : Math.log(base);
}

/**
 * Validates that `options` is undefined or a plain object (not an array, a typed array, a Map, a Date, …) and, when
 * `known` is given, that it names no other option: an unknown name (a typo such as `bsae`) is rejected, naming the
 * closest valid option, rather than silently ignored. Only own enumerable string keys are looked at.
 */
export function checkOptions(fn: string, options: unknown, known?: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Object.prototype.toString.call(options) !== '[object Object]') {
    fail('INVALID_ARGUMENT', fn, `options must be an object (got ${fmt(options)})`);
  }
  if (known === undefined) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail('INVALID_OPTION', fn, unknownOption(key, known));
  }
}

/** "unknown option 'bsae'; did you mean 'base'? (options: base, normalize)". */
export function unknownOption(key: string, known: readonly string[]): string {
  const near = closest(key, known);
  const list = known.length === 0 ? 'this function takes no options' : `options: ${known.join(', ')}`;
  return `unknown option ${fmt(key)}${near !== undefined ? `; did you mean '${near}'?` : ''} (${list})`;
}

type Exactly<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never] ? K : { missing: Exclude<keyof T, K[number]> };

/**
 * The option names of an options interface, for {@link checkOptions}: `optionNames<DistributionOptions>()('base',
 * 'normalize')`. The compiler checks that the list is exactly the interface's keys, so the runtime list cannot fall
 * behind the type.
 */
export function optionNames<T extends object>(): <const K extends readonly (keyof T & string)[]>(...names: K & Exactly<T, K>) => readonly string[] {
  return (...names) => names;
}

/** Validates a choice among string literals. */
export function checkChoice<T extends string>(fn: string, name: string, value: unknown, choices: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail('INVALID_OPTION', fn, `unknown ${name} ${fmt(value)}; expected one of ${choices.map((c) => `'${c}'`).join(', ')}`);
  }
  return value as T;
}

/** Validates a boolean option. */
export function checkBoolean(fn: string, name: string, value: unknown, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== 'boolean') fail('INVALID_OPTION', fn, `${name} must be a boolean (got ${fmt(value)})`);
  return value;
}

/** Validates a positive integer option (`k`, `permutations`, …) within [min, max]. */
export function checkInteger(fn: string, name: string, value: unknown, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    fail('INVALID_OPTION', fn, `${name} must be an integer ${range} (got ${fmt(value)})`);
  }
  return value;
}

/** Validates a finite number option within [min, max]. */
export function checkNumber(fn: string, name: string, value: unknown, dflt: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail('INVALID_OPTION', fn, `${name} must be a finite number in [${fmt(min)}, ${fmt(max)}] (got ${fmt(value)})`);
  }
  return value;
}

/** Throws `ABORTED` if the signal has fired. */
export function checkAborted(fn: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) fail('ABORTED', fn, 'aborted by signal');
}
