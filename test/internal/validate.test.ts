import { describe, expect, it } from 'vitest';
import { InfometaError } from '../../src/index.js';
import { fmt, fmtAt } from '../../src/internal/errors.js';
import { closest, editDistance } from '../../src/internal/suggest.js';
import { checkOptions, optionNames, unknownOption } from '../../src/internal/validate.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

describe('unknown option names are rejected with the closest valid one (issue 13, item 13)', () => {
  it('names the closest option for a typo, a wrong case, a plural', () => {
    expect(errorCodeAndMessage(() => checkOptions('entropy', { bsae: 2 }, ['base', 'normalize']))).toBe(
      `INVALID_OPTION: entropy: unknown option "bsae"; did you mean 'base'? (options: base, normalize)`,
    );
    expect(unknownOption('Normalize', ['base', 'normalize'])).toMatch(/did you mean 'normalize'/);
    expect(unknownOption('permutation', ['permutations', 'seed'])).toMatch(/did you mean 'permutations'/);
    expect(unknownOption('numPermutations', ['permutations', 'seed'])).toMatch(/did you mean 'permutations'/);
  });
  it('lists the options when nothing is close', () => {
    expect(unknownOption('colour', ['base', 'normalize'])).toBe('unknown option "colour" (options: base, normalize)');
    expect(unknownOption('x', [])).toBe('unknown option "x" (this function takes no options)');
  });
  it('rejects a JSON prototype-pollution key like any other unknown name', () => {
    const polluted = JSON.parse('{"__proto__": {"base": 2}}') as object;
    expect(errorCodeAndMessage(() => checkOptions('f', polluted, ['base']))).toMatch(/^INVALID_OPTION: f: unknown option "__proto__"/);
    expect(({} as { base?: number }).base).toBeUndefined();
  });
  it('accepts known names (also with undefined values) and a null-prototype object', () => {
    expect(() => checkOptions('f', { base: undefined }, ['base'])).not.toThrow();
    const o = Object.create(null) as Record<string, unknown>;
    o.base = 2;
    expect(() => checkOptions('f', o, ['base'])).not.toThrow();
  });
  it('rejects options that are not a plain object', () => {
    for (const bad of [null, 2, 'base', [2], new Map([['base', 2]]), new Date(0), Float64Array.of(1), () => ({})]) {
      expect(errorCodeAndMessage(() => checkOptions('f', bad, ['base']))).toMatch(/^INVALID_ARGUMENT: f: options must be an object \(got /);
    }
  });
  it('optionNames returns the names it is given', () => {
    expect(optionNames<{ a?: number; b?: string }>()('a', 'b')).toEqual(['a', 'b']);
  });
});

describe('closest and editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('base', 'base')).toBe(0);
    expect(editDistance('bsae', 'base')).toBe(2); // a swap is two edits (Levenshtein)
    expect(editDistance('bas', 'base')).toBe(1);
    expect(editDistance('vase', 'base')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('finds nothing when every candidate is far', () => {
    expect(closest('zzzz', ['base', 'normalize'])).toBeUndefined();
    expect(closest('SEED', ['seed', 'signal'])).toBe('seed');
  });
});

describe('messages format any value without throwing', () => {
  it('BigInt, symbols, functions, holes, hostile objects', () => {
    expect(fmt(3n)).toBe('3n (a BigInt; pass a number)');
    expect(fmt(Symbol('s'))).toBe('Symbol(s)');
    expect(fmt(() => 1)).toBe('a function');
    expect(fmt(Object.create(null))).toBe('object Object');
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(fmt(hostile)).toBe('object Object');
    // eslint-disable-next-line no-sparse-arrays
    expect(fmtAt([1, , 3], 1)).toBe('an empty slot (a hole in the array)');
    expect(fmtAt([1, undefined, 3], 1)).toBe('undefined');
  });
  it('InfometaError itself never throws, whatever its message', () => {
    expect(new InfometaError('INVALID_ARGUMENT', Symbol('x') as unknown as string).message).toBe('Symbol(x)');
    expect(new InfometaError('INVALID_ARGUMENT', Object.create(null) as string).message).toBe('object Object');
  });
});
