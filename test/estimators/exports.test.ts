import { expect, it } from 'vitest';
import * as estimators from '../../src/estimators/index.js';
import * as root from '../../src/index.js';

it('infometa/estimators exports exactly these names (an API change must be deliberate)', () => {
  expect(Object.keys(estimators).sort()).toEqual([
    'gaussianEntropy',
    'gaussianKlDivergence',
    'gaussianMutualInformation',
    'gaussianMutualInformationOf',
    'informationTest',
    'klEntropy',
    'ksgConditionalMutualInformation',
    'ksgDualTotalCorrelation',
    'ksgInformation',
    'ksgLocalInformation',
    'ksgMutualInformation',
    'ksgOInformation',
    'ksgSInformation',
    'ksgTotalCorrelation',
    'mixedMutualInformation',
    'mutualInformationTest',
    'permutationTest',
  ]);
  for (const name of Object.keys(estimators)) expect((root as Record<string, unknown>)[name]).toBe((estimators as Record<string, unknown>)[name]);
});
