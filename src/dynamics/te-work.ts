// Transfer entropies and their surrogates as chunked work, expressed once: the synchronous functions
// (transferEntropyTest, conditionalTransferEntropyTest, transferEntropyMatrix) run the chunks in order on the calling
// thread, infometa/parallel runs the same chunks on a pool's workers. A chunk is either the observed values of a
// group of pairs or one surrogate chunk (SURROGATE_CHUNK surrogates) of one pair; its result depends on the chunk
// alone (the noise on the seed and the samples, the surrogates on the seed, the pair's samples and the chunk index),
// so both paths, with any number of workers, give the same bits.
import { checkAborted } from '../internal/validate.js';
import { layoutRows } from './embedding.js';
import type { Setup } from './options.js';
import { Pool, prepareMeasure } from './prepare.js';
import type { Prepared } from './prepare.js';
import type { Variable } from './series.js';
import { chunkCount, chunkEnd, circularMinShift, runChunk, SURROGATE_CHUNK } from './surrogates.js';
import type { SurrogateJob, SurrogateMethod, SurrogatePlan, SurrogateProgress } from './surrogates.js';
import { describeTe, teSpec } from './transfer-entropy.js';
import type { TeEmbedding } from './transfer-entropy.js';

/** One transfer entropy of the work: TE(vars[source] → vars[target] | vars[conditionals]). */
export interface TePair {
  readonly source: number;
  readonly target: number;
  readonly conditionals: readonly number[];
}

/** The surrogates of every pair: m each, made by `method`, seeded by `seed`; `minShifts[p]` for circular ones. */
export interface TeSurrogates {
  readonly m: number;
  readonly method: SurrogateMethod;
  readonly seed: number;
  readonly minShifts: readonly number[];
}

/** A validated transfer-entropy computation, plain data (it crosses to workers by structured clone). */
export interface TeWork {
  readonly setup: Setup;
  readonly vars: readonly Variable[];
  readonly emb: TeEmbedding;
  readonly pairs: readonly TePair[];
  /** Pairs whose observed values one chunk computes (pairs of one target together: KSG builds its side once). */
  readonly groups: readonly (readonly number[])[];
  readonly surrogates: TeSurrogates | null;
}

/** A unit of the work: the observed values of a group of pairs, or chunk `chunk` of pair `pair`'s surrogates. */
export type TeChunk = { readonly kind: 'observed'; readonly group: number } | { readonly kind: 'surrogates'; readonly pair: number; readonly chunk: number };

/** The surrogate stream of a (source, target) pair: a function of their samples only. */
export function pairStream(pool: Pool, source: number, target: number): number {
  return (Math.imul(pool.fingerprint(source), 0x27d4eb2d) ^ pool.fingerprint(target)) >>> 0;
}

/**
 * Completes a validated computation: lays out each pair's rows (throwing, before any estimate, for a series too
 * short for the embedding) and checks the circular surrogates' smallest shift against them.
 */
export function planTeWork(
  setup: Setup,
  vars: readonly Variable[],
  emb: TeEmbedding,
  pairs: readonly TePair[],
  groups: readonly (readonly number[])[],
  plan: SurrogatePlan | null,
): TeWork {
  const fn = setup.fn;
  const minShifts = pairs.map((p) => {
    const rows = layoutRows(fn, vars, teSpec(emb, p.source, p.target, p.conditionals), describeTe(emb));
    return plan !== null && plan.method === 'circular' ? circularMinShift(fn, plan, rows) : 0;
  });
  const surrogates = plan === null ? null : { m: plan.m, method: plan.method, seed: plan.seed, minShifts };
  return { setup, vars, emb, pairs, groups, surrogates };
}

/** The chunks of the work, in the fixed order their results are combined: observed groups, then pair by pair. */
export function teChunks(work: TeWork): TeChunk[] {
  const out: TeChunk[] = work.groups.map((_, group) => ({ kind: 'observed', group }));
  const s = work.surrogates;
  if (s !== null) for (let pair = 0; pair < work.pairs.length; pair++) for (let chunk = 0; chunk < chunkCount(s.m); chunk++) out.push({ kind: 'surrogates', pair, chunk });
  return out;
}

/** Surrogates each chunk computes (0 for the observed values), for progress. */
export function teChunkSizes(work: TeWork, chunks: readonly TeChunk[]): number[] {
  const m = work.surrogates?.m ?? 0;
  return chunks.map((c) => (c.kind === 'observed' ? 0 : chunkEnd(m, c.chunk) - c.chunk * SURROGATE_CHUNK));
}

/** What a thread keeps while it computes chunks of one work: the variables' pool and each pair's prepared measure. */
export class TeWorkState {
  private readonly pool: Pool;
  private readonly prepared = new Map<number, { p: Prepared; job: SurrogateJob }>();
  private perm = new Int32Array(0);

  constructor(
    private readonly work: TeWork,
    private readonly signal?: AbortSignal,
  ) {
    this.pool = new Pool(work.setup, work.vars);
  }

  private pair(index: number): { p: Prepared; job: SurrogateJob } {
    let e = this.prepared.get(index);
    if (e === undefined) {
      const { emb } = this.work;
      const q = this.work.pairs[index];
      const p = prepareMeasure(this.pool, teSpec(emb, q.source, q.target, q.conditionals), 'cmi', describeTe(emb));
      e = { p, job: { stream: pairStream(this.pool, q.source, q.target), rows: p.rows, evaluate: (perm) => p.value(perm, null) } };
      this.prepared.set(index, e);
    }
    return e;
  }

  /** The chunk's result: observed values in nats (one per pair of the group), or the chunk's surrogate values. */
  run(chunk: TeChunk): Float64Array {
    if (chunk.kind === 'observed') return Float64Array.from(this.work.groups[chunk.group], (q) => this.pair(q).p.value(null, null));
    const s = this.work.surrogates as TeSurrogates;
    const { job } = this.pair(chunk.pair);
    if (this.perm.length !== job.rows.n) this.perm = new Int32Array(job.rows.n);
    const out = new Float64Array(chunkEnd(s.m, chunk.chunk) - chunk.chunk * SURROGATE_CHUNK);
    runChunk(this.work.setup.fn, job, { ...s, signal: this.signal }, s.minShifts[chunk.pair], chunk.chunk, this.perm, out);
    return out;
  }
}

/**
 * The synchronous driver: every chunk in order on the calling thread, the signal checked before every surrogate and
 * progress reported after every surrogate chunk (`{ completed, total }` surrogates over all pairs).
 */
export function runTeWork(work: TeWork, signal: AbortSignal | undefined, onProgress: ((p: SurrogateProgress) => void) | undefined): Float64Array[] {
  checkAborted(work.setup.fn, signal);
  const state = new TeWorkState(work, signal);
  const chunks = teChunks(work);
  const sizes = teChunkSizes(work, chunks);
  const total = work.pairs.length * (work.surrogates?.m ?? 0);
  let completed = 0;
  return chunks.map((c, i) => {
    const r = state.run(c);
    if (sizes[i] > 0) {
      completed += sizes[i];
      onProgress?.({ completed, total });
    }
    return r;
  });
}

/** The chunks' results combined in their fixed order: each pair's observed value (nats) and its m surrogates. */
export function combineTe(work: TeWork, results: readonly Float64Array[]): { observed: Float64Array; nulls: Float64Array[] } {
  const observed = new Float64Array(work.pairs.length);
  let i = 0;
  for (const group of work.groups) {
    const r = results[i++];
    for (let k = 0; k < group.length; k++) observed[group[k]] = r[k];
  }
  const s = work.surrogates;
  const nulls: Float64Array[] = [];
  if (s !== null) {
    for (let p = 0; p < work.pairs.length; p++) {
      const v = new Float64Array(s.m);
      for (let c = 0; c < chunkCount(s.m); c++) v.set(results[i++], c * SURROGATE_CHUNK);
      nulls.push(v);
    }
  }
  return { observed, nulls };
}
