import { checkSeed, createRng } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, logBase } from '../internal/validate.js';

/** Parsed kNN options. */
export interface ParsedKnn {
  k: number;
  noise: number;
  rng: Rng | null;
  lnBase: number;
  clip: boolean;
}

/** Default tie-breaking noise relative to each column's standard deviation. */
export const DEFAULT_NOISE = 1e-10;

/**
 * Validates the options shared by the kNN estimators; `names` are the option names the calling function accepts
 * (anything else is an unknown option).
 */
export function parseKnn(fn: string, options: unknown, names: readonly string[]): ParsedKnn {
  checkOptions(fn, options, names);
  const o = (options ?? {}) as Record<string, unknown>;
  const k = checkInteger(fn, 'k', o.k, 3, 1);
  let noise: number;
  if (o.noise === false) noise = 0;
  else noise = checkNumber(fn, 'noise', o.noise, DEFAULT_NOISE, 0, 1);
  const seed = checkSeed(fn, 'seed', o.seed);
  const lnBase = logBase(fn, o.base);
  const clip = checkBoolean(fn, 'clip', o.clip, false);
  return { k, noise, rng: noise > 0 ? createRng(seed) : null, lnBase, clip };
}

/** Neumaier-compensated accumulator. */
export class Acc {
  private s = 0;
  private c = 0;

  /** Adds v. */
  add(v: number): void {
    const t = this.s + v;
    if (Math.abs(this.s) >= Math.abs(v)) this.c += this.s - t + v;
    else this.c += v - t + this.s;
    this.s = t;
  }

  /** The sum. */
  get value(): number {
    return this.s + this.c;
  }
}
