// Whole synchronous calls run off the main thread: one chunk, the function's own code, its own errors.
import { klEntropy } from '../../estimators/kl.js';
import { ksgConditionalMutualInformation, ksgMutualInformation } from '../../estimators/ksg.js';
import { mixedMutualInformation } from '../../estimators/mixed.js';
import type { Job } from '../protocol.js';

/** The functions a worker may call whole, by name. */
const CALLABLE = {
  ksgMutualInformation,
  ksgConditionalMutualInformation,
  klEntropy,
  mixedMutualInformation,
} as const;

/** Name of a function of {@link CALLABLE}. */
export type CallableName = keyof typeof CALLABLE;

/** The function and its arguments. */
export interface CallShared {
  fn: CallableName;
  args: unknown[];
}

/** The job: one chunk, the call's result. */
export const callJob: Job<CallShared, null, unknown, CallShared> = {
  prepare: (s) => s,
  run: ({ fn, args }) => (CALLABLE[fn] as (...a: unknown[]) => unknown)(...args),
};
