// Fuzz targets of infometa/parallel: the pool's constructor and factory, and every async function, walked with the
// arguments (valid and hostile) of its synchronous form's target plus bad pools, closed pools and aborted signals.
// The promise is the same, awaited: a finite result, or a rejection with an InfometaError named for the async
// function; never a raw TypeError, a hang or a mutated argument. Every call runs on one main-thread pool (no worker
// starts), so the walk costs about what the synchronous targets cost.
import fc from 'fast-check';
import * as P from '../../../src/parallel/index.js';
import { badOptions, fresh } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn } from '../target.js';
import { dynamicsTargets } from './dynamics.js';
import { estimatorTargets } from './estimators.js';
import { metaTargets } from './meta.js';
import { mimlTargets } from './miml.js';

/** The pool every async call runs on: chunks on the fuzz worker's own thread, between macrotasks. */
const pool = P.createPool({ mainThread: true });
/** A closed pool: every call must reject with POOL_CLOSED. */
const closed = P.createPool({ mainThread: true });
void closed.close();

/** `options` with the fuzz pool added (a copy; a value that is not a plain object is passed as it is). */
function withPool(options: unknown): unknown {
  if (options === undefined) return { pool };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const proto = Object.getPrototypeOf(options) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.prototype.hasOwnProperty.call(options, 'pool')) return options;
  return { ...options, pool };
}

/** Options of a valid call with a bad, closed or missing-in-action pool, or an already-aborted signal. */
function badPools(valid: fc.Arbitrary<unknown[]>, at: number): fc.Arbitrary<unknown> {
  const bad = fresh(() => closed, () => ({}), () => 2, () => null, () => 'pool', () => Object.create(P.WorkerPool.prototype) as unknown);
  return fc.oneof(
    fc.tuple(valid, bad).map(([a, p]) => ({ ...(a[at] as object), pool: p })),
    valid.map((a) => ({ ...(a[at] as object), signal: AbortSignal.abort(), pool })),
  );
}

const sync = new Map([...dynamicsTargets, ...estimatorTargets, ...metaTargets, ...mimlTargets].map((t) => [t.name, t]));

/**
 * The async form `name` of the synchronous target `of`: the same arguments, the options (at position `at`) on the
 * fuzz pool, plus options with bad pools and aborted signals.
 */
function asyncOf(name: string, of: string, f: (...a: never[]) => Promise<unknown>, at: number, extra: Partial<Target> = {}): Target {
  const t = sync.get(of);
  if (t === undefined) throw new Error(`no fuzz target ${of}`);
  const hostile = t.hostile.slice();
  while (hostile.length <= at) hostile.push(null);
  hostile[at] = fc.oneof(hostile[at] ?? fc.constant(undefined), badPools(t.valid, at));
  return {
    ...t,
    name,
    export: name,
    prefix: name,
    post: undefined,
    ...extra,
    hostile,
    call: (args) => {
      const a = args.slice();
      a[at] = withPool(a[at]);
      return (f as (...x: unknown[]) => Promise<unknown>)(...a);
    },
  };
}

const poolOptions = fc.record({ workers: fc.integer({ min: 1, max: 4 }), idleTimeout: fc.integer({ min: 0, max: 100 }), mainThread: fc.constant(true) }, { requiredKeys: ['mainThread'] });
const POOL = ['workers', 'idleTimeout', 'mainThread'];
/** A pool is created, never used: nothing starts, nothing needs closing. */
const pools = { post: (p: unknown) => (p instanceof P.WorkerPool && p.running === 0 ? null : 'not an idle WorkerPool') };

export const parallelTargets: Target[] = [
  fn('createPool', P.createPool, fc.tuple(poolOptions), [badOptions(POOL, poolOptions)], pools),
  ctor('WorkerPool', P.WorkerPool, fc.tuple(poolOptions), [badOptions(POOL, poolOptions)], { ...pools, prefix: 'createPool' }),
  asyncOf('mutualInformationTestAsync', 'mutualInformationTest', P.mutualInformationTestAsync, 2),
  asyncOf('ksgMutualInformationAsync', 'ksgMutualInformation', P.ksgMutualInformationAsync, 2),
  asyncOf('ksgConditionalMutualInformationAsync', 'ksgConditionalMutualInformation', P.ksgConditionalMutualInformationAsync, 3),
  asyncOf('taskDependencyMatrixAsync', 'taskDependencyMatrix', P.taskDependencyMatrixAsync, 1),
  asyncOf('transferEntropyTestAsync', 'transferEntropyTest', P.transferEntropyTestAsync, 2),
  asyncOf('conditionalTransferEntropyTestAsync', 'conditionalTransferEntropyTest', P.conditionalTransferEntropyTestAsync, 3),
  asyncOf('transferEntropyMatrixAsync', 'transferEntropyMatrix', P.transferEntropyMatrixAsync, 2),
  // The learner and the model are the first arguments (the synchronous targets' receivers): trained in place on
  // success, unchanged when the call rejects.
  asyncOf('fitAsync', 'MetaLearner.fit', P.fitAsync, 2),
  asyncOf('fitMultiTaskAsync', 'SharedLatentModel.fit', P.fitMultiTaskAsync, 2),
];
