import { expect, it } from 'vitest';
import * as dynamics from '../../src/dynamics/index.js';
import * as root from '../../src/index.js';

it('infometa/dynamics exports exactly these names (an API change must be deliberate)', () => {
  expect(Object.keys(dynamics).sort()).toEqual([
    'TransferEntropyMatrix',
    'activeInformationStorage',
    'activeInformationStorageLocal',
    'adjustPValues',
    'conditionalTransferEntropy',
    'conditionalTransferEntropyLocal',
    'conditionalTransferEntropyTest',
    'entropyRate',
    'entropyRateLocal',
    'predictiveInformation',
    'predictiveInformationLocal',
    'selectEmbedding',
    'transferEntropy',
    'transferEntropyLocal',
    'transferEntropyMatrix',
    'transferEntropyTest',
  ]);
  for (const name of Object.keys(dynamics)) expect((root as Record<string, unknown>)[name]).toBe((dynamics as Record<string, unknown>)[name]);
});
