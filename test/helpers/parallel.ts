// Shared checks of the infometa/parallel tests.
import { expect } from 'vitest';
import { InfometaError } from '../../src/internal/errors.js';
import type { WorkerPool } from '../../src/parallel/index.js';

/** Asserts that `p` rejects with an InfometaError of `code` whose message starts with `fn`; returns the error. */
export async function rejects(p: Promise<unknown>, code: string, fn: string): Promise<InfometaError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InfometaError);
    expect((e as InfometaError).code).toBe(code);
    expect((e as InfometaError).message.startsWith(`${fn}:`)).toBe(true);
    return e as InfometaError;
  }
  throw new Error('expected a rejection');
}

/** The same call on every pool, one after the other; asserts every result equals the first, bit for bit. */
export async function onEveryPool<T>(pools: readonly WorkerPool[], f: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const out: T[] = [];
  for (const pool of pools) out.push(await f(pool));
  for (const r of out.slice(1)) expect(r).toStrictEqual(out[0]);
  return out[0];
}
