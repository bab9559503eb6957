// The arguments of a command, checked before any input is read: unknown flags (naming the closest one), flags given
// twice, option values a command cannot use (numbers out of range, unknown choices, an unwritable output path), and
// options that do not apply to the rest of the command line. Every failure is a UsageError (exit code 2) naming the
// flag and the value. The rules are data, so that every command (and a new one) checks `--base`, `--k`,
// `--permutations` and `--seed` the same way.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closest } from '../internal/suggest.js';
import { UsageError } from './kit.js';

/** The options of a command, as `node:util`'s `parseArgs` takes them. */
export type FlagSpecs = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** A number an option must be: integer or not, and its range. */
export interface NumberRule {
  /** What the value must be, in the words of the message: `an integer ≥ 1`. */
  readonly expect: string;
  /** Only integers (any notation whose value is one: `1000`, `1e3`). */
  readonly integer?: boolean;
  /** Smallest value allowed (inclusive), unless `above` is set. */
  readonly min?: number;
  /** The value must be greater than this (exclusive bound). */
  readonly above?: number;
  /** Largest value allowed (inclusive). */
  readonly max?: number;
  /** Values refused inside the range (a logarithm base of 1). */
  readonly not?: readonly number[];
}

/** An integer in [min, max] (max defaults to 2⁵³ − 1, so that the number typed is the number used). */
export function integerRule(min: number, max = Number.MAX_SAFE_INTEGER): NumberRule {
  const expect = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  return { expect, integer: true, min, max };
}

/** The logarithm base of every command: a finite number > 0 other than 1. */
export const BASE: NumberRule = { expect: 'a number > 0 other than 1 (2 for bits, 10 for digits; the default e gives nats)', above: 0, max: Number.MAX_VALUE, not: [1] };
/** Neighbours of the kNN estimators (`--k`). */
export const NEIGHBOURS: NumberRule = integerRule(1);
/** Rounds of a permutation test. */
export const PERMUTATIONS: NumberRule = integerRule(1);
/** A seed: an integer that a double holds exactly. */
export const SEED: NumberRule = {
  expect: `an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
  integer: true,
  min: -Number.MAX_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
};

/** A decimal number as people type it: `2`, `-1.5`, `.5`, `1e3`, `2.5E-3` (no hex, no `Infinity`, no spaces). */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The value of a numeric option, or `dflt` when it was not given.
 *
 * @throws UsageError naming the flag, what it must be and the value given
 */
export function numberFlag(value: string | undefined, flag: string, rule: NumberRule, dflt: number): number {
  if (value === undefined) return dflt;
  const x = DECIMAL.test(value) ? Number(value) : NaN;
  const ok =
    Number.isFinite(x) &&
    (!rule.integer || Number.isInteger(x)) &&
    (rule.above === undefined ? rule.min === undefined || x >= rule.min : x > rule.above) &&
    (rule.max === undefined || x <= rule.max) &&
    !(rule.not ?? []).includes(x);
  if (!ok) throw new UsageError(`--${flag} must be ${rule.expect} (got '${value}')`);
  return x;
}

/**
 * A number, or an integer, with no range: `numberFlag` with a rule of its own is clearer for new flags.
 *
 * @throws UsageError naming the flag and the value
 */
export function num(v: string | undefined, flag: string, dflt: number, integer = false): number {
  return numberFlag(v, flag, integer ? { expect: 'an integer', integer: true } : { expect: 'a number' }, dflt);
}

/**
 * A list of numbers (`--probs 0.5,0.25,0.25`), each checked by `rule`.
 *
 * @throws UsageError naming the flag, the position in the list and the value
 */
export function numberListFlag(value: string, flag: string, rule: NumberRule): number[] {
  return value.split(',').map((s, i) => {
    try {
      return numberFlag(s.trim(), flag, rule, NaN);
    } catch {
      throw new UsageError(`--${flag}: entry ${i + 1} must be ${rule.expect} (got '${s}')`);
    }
  });
}

/**
 * One of a list of words, or `dflt` when not given.
 *
 * @throws UsageError naming the flag, the value, the closest choice and all of them
 */
export function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if ((choices as readonly string[]).includes(value)) return value as T;
  const near = closest(value, choices);
  throw new UsageError(`unknown --${flag} '${value}' (${near === undefined ? '' : `did you mean '${near}'? `}one of ${choices.join(', ')})`);
}

/** Multipliers of the units a size may carry (powers of 1024). */
const SIZE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/**
 * A size in bytes: a whole number, optionally with K, M or G (powers of 1024; `16M`, `512k`, `1G`, with or without a
 * trailing B), in [min, max].
 *
 * @throws UsageError naming the flag, the range and the value
 */
export function sizeFlag(value: string | undefined, flag: string, min: number, max: number, dflt: number): number {
  if (value === undefined) return dflt;
  const m = /^(\d+)\s*([kmg]?)i?b?$/i.exec(value.trim());
  const x = m === null ? NaN : Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
  if (!(x >= min && x <= max)) throw new UsageError(`--${flag} must be a size from ${formatSize(min)} to ${formatSize(max)}, in bytes or with K, M or G (got '${value}')`);
  return x;
}

/** A byte count as the size flags write it: `16M`, `512K`, `300`. */
export function formatSize(bytes: number): string {
  for (const [unit, f] of [['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) if (bytes >= f && bytes % f === 0) return `${bytes / f}${unit}`;
  return String(bytes);
}

/**
 * Checks, before any work, that a file can be written at `path` (its folder exists and is writable, and the path is
 * not a folder or a read-only file), so that a long computation does not end in a failed write.
 *
 * @throws UsageError naming the flag, the path and the reason
 */
export function checkWritable(path: string, flag: string): void {
  const cannot = (why: string): never => {
    throw new UsageError(`--${flag} ${path}: cannot write there (${why})`);
  };
  if (path === '') cannot('the path is empty');
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) cannot('it is a folder');
  const dir = dirname(resolve(path));
  let dst;
  try {
    dst = statSync(dir);
  } catch {
    cannot(`the folder ${dir} does not exist`);
  }
  if (!dst?.isDirectory()) cannot(`${dir} is not a folder`);
  try {
    accessSync(st ? path : dir, constants.W_OK);
  } catch {
    cannot(st ? 'the file is read-only for you' : `the folder ${dir} is read-only for you`);
  }
}

/** A reason a write failed, without Node's code prefix and syscall: `no such file or directory`. */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
  };
  return (err.code !== undefined && known[err.code]) || err.message;
}

/** A value such as `-1` or `-.5` that must be read as the value of the flag before it, not as a flag. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Parses a command's arguments with `parseArgs` (strict: every flag must be known), after checking what it lets
 * through or words badly: an unknown flag is named with the closest known one, a flag that takes one value may be
 * given once, and a negative number is read as a value (`--seed -1`, not a flag `-1`).
 *
 * @param command - the command, for the messages (`mi`)
 * @throws UsageError for an unknown flag, a flag given twice, or a value parseArgs refuses (a missing value)
 */
export function parseFlags<const O extends FlagSpecs>(command: string, args: readonly string[], options: O) {
  const names = Object.keys(options);
  const argv: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      argv.push(...args.slice(i));
      break;
    }
    if (a.startsWith('-') && a !== '-' && !NEGATIVE_NUMBER.test(a)) {
      const name = a.startsWith('--') ? a.slice(2).split('=')[0] : a.slice(1);
      if (!Object.hasOwn(options, name) || !a.startsWith('--')) {
        const near = closest(name, names);
        throw new UsageError(`unknown option '${a.split('=')[0]}' for ${command} (${near === undefined ? `see 'infometa ${command} --help'` : `did you mean --${near}?`})`);
      }
      // A value that looks like a negative number belongs to the flag before it.
      if (options[name].type === 'string' && !a.includes('=') && i + 1 < args.length && NEGATIVE_NUMBER.test(args[i + 1])) {
        argv.push(`${a}=${args[++i]}`);
        continue;
      }
    }
    argv.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const seen = new Map<string, string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || options[t.name].multiple === true) continue;
    const value = t.value ?? '';
    const before = seen.get(t.name);
    if (before !== undefined) {
      const shown = options[t.name].type === 'string' ? ` (as '${before}' and as '${value}')` : '';
      throw new UsageError(`--${t.name} is given twice${shown}; give it once`);
    }
    seen.set(t.name, value);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * Refuses flags that have no effect in this command line, rather than ignoring them.
 *
 * @param given - the parsed flags
 * @param flags - flags that must not be present
 * @param why - completes "--FLAG …": `needs --test`, `does not apply to --probs`
 * @throws UsageError naming the first such flag present
 */
export function refuseFlags(given: Readonly<Record<string, unknown>>, flags: readonly string[], why: string): void {
  for (const f of flags) if (given[f] !== undefined) throw new UsageError(`--${f} ${why}`);
}
