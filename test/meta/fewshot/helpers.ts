import { expect } from 'vitest';
import { InfometaError } from '../../../src/index.js';

/** `CODE: message` of the InfometaError that f throws (failing the test for any other error), or undefined. */
export function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InfometaError);
    return `${(e as InfometaError).code}: ${(e as Error).message}`;
  }
  return undefined;
}
