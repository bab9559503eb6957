import { optionNames } from '../internal/validate.js';

/** Options shared by the measures computed from distributions and tables. */
export interface DistributionOptions {
  /** Logarithm base: `Math.E` (default, nats), 2 (bits), 10 (hartleys), any finite number > 0 and ≠ 1. */
  base?: number;
  /**
   * `false` (default): each argument must be a distribution summing to 1 within a tolerance proportional to its
   * length. `true`: non-negative weights with a positive total are rescaled to sum to 1, as scipy does.
   */
  normalize?: boolean;
}

/** The option names of {@link DistributionOptions}. */
export const DISTRIBUTION_OPTIONS = optionNames<DistributionOptions>()('base', 'normalize');
