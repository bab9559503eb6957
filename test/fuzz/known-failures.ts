// Targets that still break a promise, each with the reason and where the fix belongs. This list only shrinks: the
// suite fails when a listed target passes, so that its entry is removed and the target is held to the promise.
//
// Every entry is in src/meta or src/autodiff, which issue 11 is redesigning (branch i11): issue 13 fixes them on top of
// that redesign (its phase B). The item numbers are those of issue 13.
const AUTODIFF_VALUES = 'NaN or ±Infinity out of finite-looking input: forged or dead (after tidy) tensors, overflow (item 5)';
const RAW_TYPE_ERROR = 'a raw TypeError instead of an InfometaError (item 12)';
const HELPER_NAMED = 'the error names an internal helper, not the function called (item 12)';
const HANG = 'a missing upper bound hangs the call (item 8)';
const MODEL_FAULTS = 'non-finite state from extreme features, unchecked long-running options, a failed call changes the model (items 2, 4, 10, Faults)';

/**
 * Why a target fails; `timing` marks a failure that is a call taking longer than the limit, which a lightly loaded
 * machine may not reproduce, so that passing does not demand the entry's removal.
 */
export type KnownFailure = string | { reason: string; timing: true };

export const KNOWN_FAILURES: Readonly<Record<string, KnownFailure>> = {
  'new SharedLatentModel': MODEL_FAULTS,
  'SharedLatentModel.fit': MODEL_FAULTS,
  'SharedLatentModel.fineTune': MODEL_FAULTS,
  'SharedLatentModel.toJSON': `${MODEL_FAULTS}: a 1e308 feature makes the scale Infinity`,
  'SharedLatentModel.fromJSON': `${MODEL_FAULTS}; fromJSON accepts what the constructor rejects (item 10)`,
  'new SharedDictionaryModel': MODEL_FAULTS,
  'SharedDictionaryModel.fit': MODEL_FAULTS,
  'SharedDictionaryModel.fineTune': MODEL_FAULTS,
  'SharedDictionaryModel.toJSON': `${MODEL_FAULTS}: a 1e308 feature makes the scale Infinity`,
  'SharedDictionaryModel.fromJSON': `${MODEL_FAULTS}; fromJSON accepts what the constructor rejects (item 10)`,
  principalAngles: RAW_TYPE_ERROR,
  miml: `${MODEL_FAULTS}; ${HELPER_NAMED} ("SharedLatentModel.fit")`,
  softBin: `${AUTODIFF_VALUES}: softBin of 1e200 (item 2)`,
  trainMiRegularized: `${HELPER_NAMED} ("mul", "softBin"); ${AUTODIFF_VALUES}`,
};
