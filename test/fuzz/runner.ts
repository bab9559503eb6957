// The fuzz worker: runs the cases of each target it is given and posts what broke. The main thread watches a shared
// heartbeat, so a call that never returns is reported (and the worker replaced) instead of hanging the suite.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { check, describe, signature } from './oracle.js';
import type { Failure } from './oracle.js';
import { byName } from './registry.js';
import { caseOf } from './target.js';

/** What the main thread asks for. */
export interface Job {
  names: string[];
  runs: number;
  seed: number;
  limitMs: number;
  /** Targets to stop at their first failure (the known ones: it is enough to see that they still fail). */
  stopAtFirst: string[];
  /** [calls started + calls finished, case index], then the UTF-8 description of the current case. */
  heartbeat: SharedArrayBuffer;
}

/** What the worker reports for one target. */
export interface TargetResult {
  name: string;
  cases: number;
  /** Wall time of the target's calls (and their checks), ms. */
  ms: number;
  /** Wall time spent generating the target's cases, ms. */
  generateMs: number;
  /** One example per distinct failure signature, with how often it occurred. */
  failures: (Failure & { count: number })[];
}

/** A 32-bit seed per target, from the run's seed and the target's name (FNV-1a). */
export function seedOf(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

const job = workerData as Job;
const beat = new Int32Array(job.heartbeat, 0, 2);
const text = new Uint8Array(job.heartbeat, 8);
const encoder = new TextEncoder();

for (const name of job.names) {
  parentPort?.postMessage({ type: 'start', name });
  const target = byName.get(name);
  if (target === undefined) throw new Error(`no fuzz target ${name}`);
  const g0 = performance.now();
  const cases = fc.sample(caseOf(target), { seed: seedOf(job.seed, name), numRuns: job.runs });
  const generateMs = performance.now() - g0;
  const bySig = new Map<string, Failure & { count: number }>();
  const stop = job.stopAtFirst.includes(name);
  const t0 = performance.now();
  let ran = 0;
  for (let index = 0; index < cases.length; index++) {
    if (stop && bySig.size > 0) break;
    const args = cases[index];
    ran++;
    const printed = describe(args);
    const { written } = encoder.encodeInto(`${name} case ${index}: ${printed}`, text.subarray(0, text.length - 1));
    text[written] = 0;
    Atomics.store(beat, 1, index);
    Atomics.add(beat, 0, 1);
    // Async targets (infometa/parallel) return a promise of the verdict.
    const f = await check(target, args, index, job.limitMs, printed);
    Atomics.add(beat, 0, 1);
    if (f === null) continue;
    const sig = signature(f);
    const seen = bySig.get(sig);
    if (seen === undefined) bySig.set(sig, { ...f, count: 1 });
    else seen.count++;
  }
  const result: TargetResult = { name, cases: ran, ms: performance.now() - t0, generateMs, failures: [...bySig.values()] };
  parentPort?.postMessage({ type: 'result', result });
}
parentPort?.postMessage({ type: 'done' });
