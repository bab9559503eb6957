import { expect } from 'vitest';
import { InfometaError } from '../../src/index.js';

/** The InfometaError code thrown by f; rethrows anything else, and fails when f does not throw. */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InfometaError) return e.code;
    throw e;
  }
  throw new Error('did not throw');
}

/** The InfometaError message thrown by f; rethrows anything else, and fails when f does not throw. */
export function errorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InfometaError) return e.message;
    throw e;
  }
  throw new Error('did not throw');
}

/** `code: message` of the InfometaError thrown by f (asserts it is one), for matching both at once. */
export function errorCodeAndMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InfometaError);
    return `${(e as InfometaError).code}: ${(e as Error).message}`;
  }
  throw new Error('did not throw');
}

/** The InfometaError thrown by f (asserts it is one), for checks on its code, message and fields. */
export function thrown(f: () => unknown): InfometaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InfometaError);
    return e as InfometaError;
  }
  throw new Error('expected an InfometaError');
}
