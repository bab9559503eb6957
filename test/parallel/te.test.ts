// The transfer-entropy async forms: the synchronous functions' results to the last bit on 1, 2 and 3 workers and on
// the main-thread fallback; bad input rejected as the synchronous form rejects it, before any work; signals,
// progress and a closed pool.
import { afterAll, describe, expect, it } from 'vitest';
import { InfometaError } from '../../src/internal/errors.js';
import { createRng } from '../../src/internal/rng.js';
import { conditionalTransferEntropyTest, transferEntropyTest } from '../../src/dynamics/te-test.js';
import { transferEntropyMatrix } from '../../src/dynamics/te-matrix.js';
import { conditionalTransferEntropyTestAsync, createPool, transferEntropyMatrixAsync, transferEntropyTestAsync } from '../../src/parallel/index.js';
import type { WorkerPool } from '../../src/parallel/index.js';
import { onEveryPool, rejects } from '../helpers/parallel.js';

const pools: WorkerPool[] = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 }), createPool({ mainThread: true })];
afterAll(async () => {
  for (const p of pools) await p.close();
});

const rng = createRng(21);
const n = 300;
const a = Array.from({ length: n }, () => rng.normal());
const c = Array.from({ length: n }, () => rng.normal());
const b = a.map((_, t) => (t > 0 ? 0.8 * a[t - 1] : 0) + 0.5 * rng.normal());
const d = b.map((_, t) => (t > 1 ? 0.6 * b[t - 2] + 0.3 * c[t - 1] : 0) + 0.5 * rng.normal());
const labels = Array.from({ length: n }, () => rng.int(3));
const labelsY = labels.map((v, t) => (t > 0 && rng.next() < 0.7 ? labels[t - 1] : rng.int(3)));

describe('transferEntropyTestAsync: the synchronous test, bit for bit, on 1, 2, 3 workers and the main thread', () => {
  it.each([
    ['ksg, shuffle, 150 surrogates (3 chunks)', a, b, { surrogates: 150, seed: 4 }],
    ['ksg, circular, 2 trials', [a.slice(0, 150), a.slice(150)], [b.slice(0, 150), b.slice(150)], { surrogates: 70, seed: 5, surrogate: 'circular' }],
    ['gaussian, k = 2, base 2', b, d, { estimator: 'gaussian', k: 2, surrogates: 65, seed: 6, base: 2 }],
    ['discrete', labels, labelsY, { estimator: 'discrete', surrogates: 99, seed: 7 }],
    ['mixed', labels, b, { estimator: 'mixed', surrogates: 40, seed: 8 }],
  ] as const)('%s', async (_, x, y, opts) => {
    const r = await onEveryPool(pools, (pool) => transferEntropyTestAsync(x, y, { ...opts, pool }));
    expect(r).toStrictEqual(transferEntropyTest(x, y, opts));
    expect(r.surrogates).toBe(opts.surrogates);
  }, 120_000);

  it('conditionalTransferEntropyTestAsync too', async () => {
    const opts = { conditionalDelay: 2, surrogates: 70, seed: 3 };
    const r = await onEveryPool(pools, (pool) => conditionalTransferEntropyTestAsync(c, d, [b], { ...opts, pool }));
    expect(r).toStrictEqual(conditionalTransferEntropyTest(c, d, [b], opts));
  }, 120_000);

  it('detects the coupling it should, and not the reverse one', async () => {
    expect((await transferEntropyTestAsync(a, b, { surrogates: 99, seed: 1, pool: pools[1] })).pValue).toBe(0.01);
    expect((await transferEntropyTestAsync(b, a, { surrogates: 99, seed: 1, pool: pools[1] })).pValue).toBeGreaterThan(0.05);
  }, 60_000);
});

describe('transferEntropyMatrixAsync: the synchronous matrix, bit for bit', () => {
  it.each([
    ['ksg with surrogates', { surrogates: 70, seed: 2 }],
    ['gaussian, circular surrogates', { estimator: 'gaussian', surrogates: 65, surrogate: 'circular', seed: 3 }],
    ['without surrogates', { k: 2 }],
  ] as const)('%s', async (_, opts) => {
    const names = ['a', 'b', 'c', 'd'];
    const m = await onEveryPool(pools, async (pool) => (await transferEntropyMatrixAsync([a, b, c, d], names, { ...opts, pool })).toJSON());
    expect(m).toStrictEqual(transferEntropyMatrix([a, b, c, d], names, opts).toJSON());
  }, 180_000);

  it('finds the edges of the network', async () => {
    const m = await transferEntropyMatrixAsync([a, b, c, d], ['a', 'b', 'c', 'd'], { surrogates: 99, seed: 1, pool: pools[1] });
    // 99 surrogates: the smallest p-value is 0.01, too large to survive a correction over 12 tests.
    const edges = m.edges({ correction: 'none', alpha: 0.01 }).map((e) => `${e.source}→${e.target}`);
    expect(edges).toContain('a→b');
    expect(edges).not.toContain('b→a');
    expect(m.pValues?.[1 * 4 + 0]).toBeGreaterThan(0.05);
  }, 60_000);

  it('reports progress in surrogates over all pairs, ending at T(T − 1)·m', async () => {
    const seen: { completed: number; total: number }[] = [];
    await transferEntropyMatrixAsync([a, b, c], undefined, { surrogates: 70, pool: pools[1], onProgress: (p) => seen.push(p) });
    // 6 pairs × 2 chunks (64 + 6 surrogates).
    expect(seen.length).toBe(12);
    expect(seen.every((p) => p.total === 420)).toBe(true);
    expect(seen.map((p) => p.completed)).toStrictEqual([...seen.map((p) => p.completed)].sort((x, y) => x - y));
    expect(seen[seen.length - 1].completed).toBe(420);
  }, 60_000);
});

describe('bad input, signals and a closed pool', () => {
  it.each([
    ['a series too short for the embedding', () => [[a.slice(0, 3), b.slice(0, 3)], { k: 5, surrogates: 10 }] as const],
    ['circular minShift above half a trial', () => [[a, b], { surrogate: 'circular', minShift: 200, surrogates: 10 }] as const],
    ['an unknown option', () => [[a, b], { surrogate: 'shuffle', surogates: 10 }] as const],
    ['surrogates = 0', () => [[a, b], { surrogates: 0 }] as const],
    ['a NaN sample', () => [[[1, 2, NaN, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]], {}] as const],
  ])('%s: the synchronous error, named for the async function, before any worker starts', async (_, make) => {
    const [[x, y], opts] = make();
    const pool = createPool({ workers: 2 });
    // The message after the function's name; the async forms accept one more option name, pool.
    const text = (e: InfometaError): string => e.message.replace(/^\w+: /, '').replace(', pool)', ')');
    const cases = [
      ['transferEntropyTestAsync', () => transferEntropyTest(x, y, opts as never), () => transferEntropyTestAsync(x, y, { ...(opts as object), pool })],
      ['transferEntropyMatrixAsync', () => transferEntropyMatrix([x, y], undefined, opts as never), () => transferEntropyMatrixAsync([x, y], undefined, { ...(opts as object), pool })],
    ] as const;
    for (const [fn, sync, async] of cases) {
      let want: InfometaError | undefined;
      try {
        sync();
      } catch (e) {
        want = e as InfometaError;
      }
      expect(want).toBeInstanceOf(InfometaError);
      const err = await rejects(async(), (want as InfometaError).code, fn);
      expect(text(err)).toBe(text(want as InfometaError));
    }
    expect(pool.running).toBe(0);
    await pool.close();
  });

  it('an error found by an estimator in a worker rejects with the synchronous error, named for the async function', async () => {
    const opts = { estimator: 'discrete', surrogates: 10 } as const;
    const x = a.map((v) => Math.abs(v));
    let want = '';
    try {
      transferEntropyTest(x, labels, opts);
    } catch (e) {
      want = (e as Error).message;
    }
    const err = await rejects(transferEntropyTestAsync(x, labels, { ...opts, pool: pools[2] }), 'INVALID_LABELS', 'transferEntropyTestAsync');
    expect(err.message.replace(/^\w+: /, '')).toBe(want.replace(/^\w+: /, ''));
  }, 60_000);

  it('rejects a bad pool, a closed pool and an already-fired signal', async () => {
    await rejects(transferEntropyTestAsync(a, b, { pool: {} as WorkerPool }), 'INVALID_OPTION', 'transferEntropyTestAsync');
    const closed = createPool({ workers: 1 });
    await closed.close();
    await rejects(transferEntropyTestAsync(a, b, { surrogates: 10, pool: closed }), 'POOL_CLOSED', 'transferEntropyTestAsync');
    await rejects(transferEntropyMatrixAsync([a, b], undefined, { pool: closed }), 'POOL_CLOSED', 'transferEntropyMatrixAsync');
    await rejects(conditionalTransferEntropyTestAsync(a, b, [c], { pool: closed }), 'POOL_CLOSED', 'conditionalTransferEntropyTestAsync');
    const t0 = performance.now();
    await rejects(transferEntropyMatrixAsync([a, b], undefined, { surrogates: 10, signal: AbortSignal.abort(), pool: pools[1] }), 'ABORTED', 'transferEntropyMatrixAsync');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it.each([
    ['transferEntropyTestAsync', (signal: AbortSignal, pool: WorkerPool) => transferEntropyTestAsync(a, b, { surrogates: 1_000_000, signal, pool })],
    ['transferEntropyMatrixAsync', (signal: AbortSignal, pool: WorkerPool) => transferEntropyMatrixAsync([a, b, c, d], undefined, { surrogates: 100_000, signal, pool })],
  ] as const)('%s: AbortSignal.timeout stops it within 50 ms while two workers are busy, and the next call works', async (fn, call) => {
    const pool = pools[1];
    const signal = AbortSignal.timeout(400);
    let fired = 0;
    signal.addEventListener('abort', () => (fired = performance.now()));
    await rejects(call(signal, pool), 'ABORTED', fn);
    const late = performance.now() - fired;
    expect(fired).toBeGreaterThan(0);
    expect(late, `rejected ${late.toFixed(1)} ms after the signal fired`).toBeLessThan(50);
    const r = await transferEntropyTestAsync(a, b, { surrogates: 20, seed: 1, pool });
    expect(r).toStrictEqual(transferEntropyTest(a, b, { surrogates: 20, seed: 1 }));
  }, 60_000);
});
