import { expect, it } from 'vitest';
import * as multitask from '../../../src/meta/multitask/index.js';
import * as root from '../../../src/index.js';

it('multi-task exports are exactly these names, re-exported from the package root (API changes are deliberate)', () => {
  const names = [
    'SharedDictionaryModel', 'SharedLatentModel', 'miRegularizedLoss', 'miml', 'principalAngles', 'softBin',
    'softMutualInformation', 'trainMiRegularized',
  ];
  expect(Object.keys(multitask).sort()).toEqual(names);
  for (const name of names) expect((root as Record<string, unknown>)[name]).toBe((multitask as Record<string, unknown>)[name]);
});
