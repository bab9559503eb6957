// createPool({ setup }): a module each worker imports first, so that fitAsync can rebuild a learner built on a model
// registered with registerModel.
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, fitAsync } from '../../src/parallel/index.js';
import { maml, registerModel, sinusoidTasks } from '../../src/index.js';
import { HandNet } from '../meta/helpers.js';
import { rejects } from '../helpers/parallel.js';

registerModel('test.handnet', (j) => {
  const o = j as { inputSize: number; hidden: number; outputSize: number };
  return new HandNet(o.inputSize, o.hidden, o.outputSize);
});

const setup = new URL('./fixtures/setup-handnet.ts', import.meta.url);
const withSetup = createPool({ workers: 2, setup });
const without = createPool({ workers: 1 });
const badSetup = createPool({ workers: 1, setup: new URL('./fixtures/no-such-module.ts', import.meta.url) });
afterAll(async () => {
  for (const p of [withSetup, without, badSetup]) await p.close();
});

const make = () => maml({ model: new HandNet(1, 8, 1), innerLr: 0.01, seed: 3 });
const opts = { iterations: 3, metaBatchSize: 4, shots: 5, seed: 2 };

describe('createPool({ setup })', () => {
  it('a custom model registered by the setup module trains in the workers: the synchronous fit to the last bit', async () => {
    expect(withSetup.setup).toBe(setup.href);
    const sync = make();
    const want = sync.fit(sinusoidTasks(), opts);
    const learner = make();
    expect(await fitAsync(learner, sinusoidTasks(), { ...opts, pool: withSetup })).toStrictEqual(want);
    expect(learner.params).toStrictEqual(sync.params);
    // A string works as well as a URL.
    const again = createPool({ workers: 1, setup: setup.href });
    const l2 = make();
    await fitAsync(l2, sinusoidTasks(), { ...opts, pool: again });
    expect(l2.params).toStrictEqual(sync.params);
    await again.close();
  }, 120_000);

  it('without it, the call says which kind is missing and how to register it; the pool stays usable', async () => {
    const e = await rejects(fitAsync(make(), sinusoidTasks(), { ...opts, pool: without }), 'INVALID_ARGUMENT', 'fitAsync');
    expect(e.message).toMatch(/kind "test\.handnet" is registered only in the thread that called registerModel; pass createPool\(\{ setup \}\)/);
    const res = await fitAsync(maml({ model: new HandNet(1, 4, 1) }), sinusoidTasks(), { ...opts, pool: createPool({ mainThread: true }) });
    expect(res.iterations).toBe(3);
  }, 120_000);

  it('a setup module that fails to load fails each call with WORKER_FAILED naming it', async () => {
    const e = await rejects(fitAsync(make(), sinusoidTasks(), { ...opts, pool: badSetup }), 'WORKER_FAILED', 'fitAsync');
    expect(e.message).toContain("the pool's setup module");
    expect(e.message).toContain('no-such-module.ts');
  }, 120_000);

  it('rejects a setup that is not a URL or a non-empty string', () => {
    for (const bad of ['', 3, {}, null]) expect(() => createPool({ setup: bad as never })).toThrow(/createPool: setup must be a URL or a non-empty string/);
  });
});
