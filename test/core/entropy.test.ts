import { describe, expect, it } from 'vitest';
import { entropy, InfometaError } from '../../src/index.js';

describe('entropy', () => {
  it('matches closed forms', () => {
    expect(entropy([0.5, 0.25, 0.25], { base: 2 })).toBe(1.5);
    expect(entropy([1, 1, 1, 1], { normalize: true })).toBeCloseTo(Math.log(4), 15);
  });
  it('rejects a sum other than 1', () => {
    expect(() => entropy([0.5, 0.6])).toThrow(InfometaError);
  });
});
