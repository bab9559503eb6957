// The seeded fuzz suite (issue 13): every export listed by the export snapshot is called with malformed arguments of
// every kind (test/fuzz/hostile.ts) mixed into well-formed ones (test/fuzz/valid.ts), and must keep the README's
// promise (test/fuzz/oracle.ts): a finite result or an InfometaError whose message starts with the function's name,
// arguments left as they were, and no call over 2 s.
//
// Environment: FUZZ_RUNS (cases per target, default 30: a few thousand in all), FUZZ_SEED (default 13013),
// FUZZ_ONLY (comma-separated target names), FUZZ_TIME_LIMIT_MS (default 2000), FUZZ_REPORT=1 (print every failure,
// the known ones too). A failing case is replayed by its target, seed and case index, which the report prints.
//
// The cases run in a worker thread (test/fuzz/runner.ts) whose heartbeat this thread watches: a call that never
// returns is reported as a hang and the worker replaced, rather than freezing the suite. That needs Node's
// worker_threads, so the suite runs in the node project only; the library code it exercises is the same in Chromium,
// where the rest of the tests run too.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_FAILURES } from './known-failures.js';
import { targets } from './registry.js';
import type { Job, TargetResult } from './runner.js';

const DEFAULT_RUNS = 30;
const RUNS = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
const SEED = Number(process.env.FUZZ_SEED ?? 13013);
const LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 2000);
const REPORT = process.env.FUZZ_REPORT === '1';
const ONLY = process.env.FUZZ_ONLY?.split(',').map((s) => s.trim());
/** A call still running this long after the time limit is a hang: the worker is stopped and replaced. */
const HANG_MS = LIMIT_MS + 1500;

/** Export names per entry point, read from the snapshot that test/package/exports.test.ts keeps. */
function snapshotExports(): string[] {
  const snap = readFileSync(new URL('../package/__snapshots__/exports.test.ts.snap', import.meta.url), 'utf8');
  const names = new Set<string>();
  // The entries of infometa, and infometa/parallel (an entry of its own, walked here too; infometa/duckdb is not).
  for (const block of snap.matchAll(/exports\[`public API > infometa\/(?:\w+ exports|parallel exports \([^`]*\)) 1`\] = `\s*\[([^\]]*)\]/g)) {
    for (const m of block[1].matchAll(/"([^"]+)"/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** Runs the named targets in worker threads, replacing a worker whose call hangs or that dies. */
function runAll(names: string[]): Promise<Map<string, TargetResult>> {
  const results = new Map<string, TargetResult>();
  const queue = names.slice();
  return new Promise((resolve, reject) => {
    const start = (): void => {
      if (queue.length === 0) {
        resolve(results);
        return;
      }
      const heartbeat = new SharedArrayBuffer(8 + 4096);
      const beat = new Int32Array(heartbeat, 0, 2);
      const text = new Uint8Array(heartbeat, 8);
      const stopAtFirst = REPORT ? [] : Object.keys(KNOWN_FAILURES);
      const job: Job = { names: queue.slice(), runs: RUNS, seed: SEED, limitMs: LIMIT_MS, stopAtFirst, heartbeat };
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: job });
      let current: string | null = null;
      let last = -1;
      let since = Date.now();
      let finished = false;
      const replace = (kind: string, detail: string): void => {
        finished = true;
        clearInterval(timer);
        const name = current ?? queue[0];
        const end = text.indexOf(0);
        const what = new TextDecoder().decode(text.subarray(0, end < 0 ? text.length : end));
        results.set(name, { name, cases: Atomics.load(beat, 1) + 1, ms: HANG_MS, generateMs: 0, failures: [{ kind, detail, args: what, index: Atomics.load(beat, 1), count: 1 }] });
        queue.splice(queue.indexOf(name), 1);
        void worker.terminate();
        start();
      };
      const timer = setInterval(() => {
        const b = Atomics.load(beat, 0);
        if (b !== last) {
          last = b;
          since = Date.now();
        } else if (b % 2 === 1 && Date.now() - since > HANG_MS) {
          replace('hang', `no return after ${HANG_MS} ms`);
        }
      }, 100);
      worker.on('message', (m: { type: string; name?: string; result?: TargetResult }) => {
        if (m.type === 'start') current = m.name ?? null;
        else if (m.type === 'result' && m.result) {
          results.set(m.result.name, m.result);
          queue.splice(queue.indexOf(m.result.name), 1);
          current = null;
        } else if (m.type === 'done') {
          finished = true;
          clearInterval(timer);
          void worker.terminate();
          start();
        }
      });
      worker.on('error', (e) => {
        if (finished) return;
        if (current === null) {
          clearInterval(timer);
          reject(e);
          return;
        }
        replace('crash', String(e).slice(0, 300));
      });
      worker.on('exit', (code) => {
        if (!finished && current !== null) replace('crash', `worker exited with code ${code}`);
      });
    };
    start();
  });
}

function report(r: TargetResult): string {
  return r.failures
    .map((f) => `  ${f.kind} ×${f.count}: ${f.detail}\n    case ${f.index} (FUZZ_ONLY=${r.name} FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${f.args}`)
    .join('\n');
}

const all = targets.filter((t) => ONLY === undefined || ONLY.includes(t.name));
let results = new Map<string, TargetResult>();

describe('fuzz: every export keeps its promise under hostile input', () => {
  beforeAll(async () => {
    results = await runAll(all.map((t) => t.name));
  }, 900_000);

  afterAll(() => {
    let cases = 0;
    let failing = 0;
    for (const r of results.values()) {
      cases += r.cases;
      if (r.failures.length > 0) failing++;
    }
    const exportsWalked = new Set(all.map((t) => t.export)).size;
    console.info(`fuzz: ${cases} cases over ${results.size} targets (${exportsWalked} exports), seed ${SEED}; ${failing} targets with failures (${Object.keys(KNOWN_FAILURES).length} known)`);
    const rs = [...results.values()];
    const slowest = rs.sort((a, b) => b.ms + b.generateMs - a.ms - a.generateMs).slice(0, 5);
    const sum = (f: (r: TargetResult) => number): string => (rs.reduce((a, r) => a + f(r), 0) / 1000).toFixed(1);
    console.info(`fuzz: ${sum((r) => r.ms)} s in calls, ${sum((r) => r.generateMs)} s generating cases; slowest ${slowest.map((r) => `${r.name} ${((r.ms + r.generateMs) / 1000).toFixed(1)} s`).join(', ')}`);
    if (REPORT) for (const r of results.values()) if (r.failures.length > 0) console.info(`${r.name}:\n${report(r)}`);
  });

  it('has a target for every export in the export snapshot, and none for names it does not list', () => {
    const exported = snapshotExports();
    const covered = new Set(targets.map((t) => t.export));
    expect(exported.filter((n) => !covered.has(n))).toEqual([]);
    expect([...covered].filter((n) => !exported.includes(n))).toEqual([]);
    const names = targets.map((t) => t.name);
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(KNOWN_FAILURES).filter((n) => !names.includes(n))).toEqual([]);
  });

  it.each(all.map((t) => t.name))('%s', (name) => {
    const r = results.get(name);
    expect(r, `no result for ${name}`).toBeDefined();
    if (r === undefined) return;
    const known = KNOWN_FAILURES[name];
    if (known !== undefined) {
      // A known failure that no longer fails: take it off the list (checked at the default number of cases or more;
      // a failure by time alone may not show on a lightly loaded machine).
      const timing = typeof known === 'object' && known.timing;
      if (r.failures.length === 0 && RUNS >= DEFAULT_RUNS && !timing) throw new Error(`${name} passes now: remove it from test/fuzz/known-failures.ts`);
      return;
    }
    if (r.failures.length > 0) throw new Error(`${name} broke its promise in ${r.failures.reduce((a, f) => a + f.count, 0)} of ${r.cases} cases:\n${report(r)}`);
  });
});
