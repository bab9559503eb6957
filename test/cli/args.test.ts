// The flag checks every command shares (src/cli/args.ts), in-process: the number rules, sizes, choices, and the
// parser's refusals (unknown flag with the closest one, a flag given twice, negative numbers as values).
import { describe, expect, it } from 'vitest';
import { BASE, choiceFlag, formatSize, integerRule, NEIGHBOURS, numberFlag, numberListFlag, parseFlags, PERMUTATIONS, SEED, sizeFlag } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/kit.js';

const usage = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('numberFlag', () => {
  it('applies the shared rules of --base, --k, --permutations and --seed', () => {
    expect(numberFlag(undefined, 'base', BASE, Math.E)).toBe(Math.E);
    expect(numberFlag('2', 'base', BASE, Math.E)).toBe(2);
    expect(numberFlag('0.5', 'base', BASE, Math.E)).toBe(0.5);
    for (const bad of ['1', '0', '-2', '1e400', 'Infinity', 'NaN', '', ' 2', '0x10', 'two']) {
      expect(usage(() => numberFlag(bad, 'base', BASE, Math.E))).toBe(`--base must be ${BASE.expect} (got '${bad}')`);
    }
    expect(numberFlag('1e3', 'permutations', PERMUTATIONS, 0)).toBe(1000);
    for (const bad of ['0', '-1', '2.5', '1e20']) expect(usage(() => numberFlag(bad, 'permutations', PERMUTATIONS, 0))).toContain('--permutations must be an integer ≥ 1');
    expect(usage(() => numberFlag('0', 'k', NEIGHBOURS, 3))).toBe("--k must be an integer ≥ 1 (got '0')");
    expect(numberFlag('-7', 'seed', SEED, 0)).toBe(-7);
    expect(usage(() => numberFlag('9007199254740993', 'seed', SEED, 0))).toContain('--seed must be an integer from');
    expect(usage(() => numberFlag('7', 'labels', integerRule(2, 5), 0))).toBe("--labels must be an integer from 2 to 5 (got '7')");
  });

  it('checks every entry of a list', () => {
    const rule = { expect: 'a number ≥ 0', min: 0 };
    expect(numberListFlag('0.5, 0.25,0.25', 'probs', rule)).toEqual([0.5, 0.25, 0.25]);
    expect(usage(() => numberListFlag('0.5,,0.5', 'probs', rule))).toBe("--probs: entry 2 must be a number ≥ 0 (got '')");
  });
});

describe('sizeFlag and choiceFlag', () => {
  it('reads sizes with K, M and G (powers of 1024) within a range', () => {
    expect(sizeFlag('16M', 'max-row-size', 1024, 2 ** 28, 0)).toBe(16 * 2 ** 20);
    expect(sizeFlag('512kb', 'max-row-size', 1024, 2 ** 28, 0)).toBe(512 * 1024);
    expect(sizeFlag('2048', 'max-row-size', 1024, 2 ** 28, 0)).toBe(2048);
    expect(sizeFlag('1GiB', 'max-row-size', 1024, 2 ** 30, 0)).toBe(2 ** 30);
    for (const bad of ['1G', '10', '-5M', '1.5M', 'lots']) expect(usage(() => sizeFlag(bad, 'max-row-size', 1024, 2 ** 28, 0))).toContain('--max-row-size must be a size from 1K to 256M');
    expect(formatSize(300)).toBe('300');
    expect(formatSize(3 * 2 ** 20)).toBe('3M');
  });

  it('names the closest choice', () => {
    expect(choiceFlag(undefined, 'estimator', ['plugin', 'ksg'], 'plugin')).toBe('plugin');
    expect(usage(() => choiceFlag('kgs', 'estimator', ['plugin', 'ksg'], 'plugin'))).toBe("unknown --estimator 'kgs' (did you mean 'ksg'? one of plugin, ksg)");
  });
});

describe('parseFlags', () => {
  const spec = { x: { type: 'string' }, col: { type: 'string', multiple: true }, json: { type: 'boolean' }, seed: { type: 'string' } } as const;

  it('parses values, repeatable flags and negative numbers as values', () => {
    const { values, positionals } = parseFlags('mi', ['f.csv', '--x', 'a', '--col', '1', '--col=2', '--seed', '-3', '--json'], spec);
    expect(values).toMatchObject({ x: 'a', col: ['1', '2'], seed: '-3', json: true });
    expect(positionals).toEqual(['f.csv']);
    expect(parseFlags('mi', ['--x', 'a', '--', '--json'], spec).positionals).toEqual(['--json']);
  });

  it('refuses an unknown flag (with the closest one), a short flag, a flag given twice and a missing value', () => {
    expect(usage(() => parseFlags('mi', ['--jsno'], spec))).toBe("unknown option '--jsno' for mi (did you mean --json?)");
    expect(usage(() => parseFlags('mi', ['--zzzzzz=1'], spec))).toBe("unknown option '--zzzzzz' for mi (see 'infometa mi --help')");
    expect(usage(() => parseFlags('mi', ['-x', 'a'], spec))).toContain("unknown option '-x' for mi");
    expect(usage(() => parseFlags('mi', ['--x', 'a', '--x=b'], spec))).toBe("--x is given twice (as 'a' and as 'b'); give it once");
    expect(usage(() => parseFlags('mi', ['--json', '--json'], spec))).toBe('--json is given twice; give it once');
    expect(usage(() => parseFlags('mi', ['--x'], spec))).toMatch(/--x/);
  });
});
