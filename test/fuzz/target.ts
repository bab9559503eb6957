// Builders of fuzz targets, and the arbitrary of one case of a target: its well-formed arguments with none, one or
// two of them replaced by malformed values.
import fc from 'fast-check';
import type { Target } from './oracle.js';

type Extra = Partial<Omit<Target, 'name' | 'valid' | 'hostile' | 'call'>>;

/** A plain function target: `f(...args)`. */
export function fn(name: string, f: (...args: never[]) => unknown, valid: fc.Arbitrary<unknown[]>, hostile: (fc.Arbitrary<unknown> | null)[], extra: Extra = {}): Target {
  return { name, export: name, ...extra, valid, hostile, call: (args) => (f as (...a: unknown[]) => unknown)(...args) };
}

/** A constructor target: `new C(...args)`. */
export function ctor(name: string, C: new (...args: never[]) => unknown, valid: fc.Arbitrary<unknown[]>, hostile: (fc.Arbitrary<unknown> | null)[], extra: Extra = {}): Target {
  return {
    name: `new ${name}`,
    export: name,
    prefix: name,
    ...extra,
    valid,
    hostile,
    call: (args) => new (C as new (...a: unknown[]) => unknown)(...args),
  };
}

/**
 * A method target `recv.method(...args)`: `receiver` builds a fresh, well-formed receiver; the name and the expected
 * error prefix are `Class.method`.
 */
export function method<R extends object>(
  exportName: string,
  name: string,
  receiver: fc.Arbitrary<R>,
  m: (r: R, ...args: never[]) => unknown,
  validArgs: fc.Arbitrary<unknown[]>,
  hostile: (fc.Arbitrary<unknown> | null)[],
  extra: Extra = {},
): Target {
  return {
    name,
    export: exportName,
    isMethod: true,
    ...extra,
    valid: fc.tuple(receiver, validArgs).map(([r, a]) => [r, ...a]),
    hostile: [null, ...hostile],
    call: (args) => (m as (r: unknown, ...a: unknown[]) => unknown)(args[0], ...args.slice(1)),
  };
}

/**
 * A method target whose valid argument lists depend on the receiver: `valid` gives [receiver, ...args] together;
 * `hostile` covers the arguments after the receiver.
 */
export function methodWith(
  exportName: string,
  name: string,
  valid: fc.Arbitrary<unknown[]>,
  call: (args: unknown[]) => unknown,
  hostile: (fc.Arbitrary<unknown> | null)[],
  extra: Extra = {},
): Target {
  return { name, export: exportName, isMethod: true, ...extra, valid, hostile: [null, ...hostile], call };
}

/** One case of a target: its valid arguments with none (1 in 7), one (5 in 7) or two (1 in 7) replaced. */
export function caseOf(t: Target): fc.Arbitrary<unknown[]> {
  const slots: number[] = [];
  t.hostile.forEach((h, i) => {
    if (h !== null && !(t.isMethod === true && i === 0)) slots.push(i);
  });
  const choices: { arbitrary: fc.Arbitrary<number[]>; weight: number }[] = [{ arbitrary: fc.constant([]), weight: 1 }];
  if (slots.length > 0) choices.push({ arbitrary: fc.constantFrom(...slots).map((i) => [i]), weight: 5 });
  if (slots.length > 1) choices.push({ arbitrary: fc.shuffledSubarray(slots, { minLength: 2, maxLength: 2 }), weight: 1 });
  const replacements = fc.tuple(...t.hostile.map((h) => h ?? fc.constant(undefined)));
  return fc.tuple(t.valid, fc.oneof(...choices), replacements).map(([args, which, values]) => {
    const out = args.slice();
    for (const i of which) out[i] = values[i];
    return out;
  });
}
