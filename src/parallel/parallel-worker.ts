// The worker script of infometa's pool: a Web Worker (module) in browsers, a worker_threads worker in Node. It keeps
// the prepared state of each context it is sent and runs chunks against it. Built to dist/parallel-worker.js, beside
// the entry that starts it with `new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' })`.
import { JOBS } from './jobs/index.js';
import { READY, toWire } from './protocol.js';
import type { FromWorker, ToWorker, WireError } from './protocol.js';
import { isNode, nodeModule } from './platform.js';

type Post = (m: FromWorker, transfer?: ArrayBuffer[]) => void;

const states = new Map<number, { job: string; state?: unknown; error?: WireError }>();

/** The pool's setup module: while it loads, messages wait in `waiting`; if it failed, every chunk reports why. */
let waiting: ToWorker[] | null = null;
let setupError: WireError | undefined;

function receive(m: ToWorker, post: Post): void {
  if (waiting !== null) {
    waiting.push(m);
    return;
  }
  if (m.t === 'setup') {
    const queued: ToWorker[] = [];
    waiting = queued;
    import(/* @vite-ignore */ /* webpackIgnore: true */ m.url).then(
      () => undefined,
      (e: unknown) => {
        setupError = { message: `the pool's setup module ${m.url} could not be loaded (${toWire(e).message})` };
      },
    ).finally(() => {
      waiting = null;
      for (const q of queued) receive(q, post);
    });
    return;
  }
  handle(m, post);
}

function handle(m: Exclude<ToWorker, { t: 'setup' }>, post: Post): void {
  if (m.t === 'ctx') {
    // A failing prepare is reported by each chunk that needs the state.
    try {
      states.set(m.ctx, { job: m.job, state: JOBS[m.job].prepare(m.shared) });
    } catch (e) {
      states.set(m.ctx, { job: m.job, error: toWire(e) });
    }
    return;
  }
  if (m.t === 'drop') {
    states.delete(m.ctx);
    return;
  }
  const entry = states.get(m.ctx);
  if (setupError !== undefined || entry === undefined || entry.error !== undefined) {
    post({ t: 'fail', call: m.call, i: m.i, error: setupError ?? entry?.error ?? { message: `no context ${m.ctx}` } });
    return;
  }
  try {
    const job = JOBS[entry.job];
    // Progress while the chunk runs, at most one message per 50 ms (the last one before the result is the caller's
    // to repeat from the result, if it needs it).
    let last = -Infinity;
    const progress = (p: unknown): void => {
      const now = Date.now();
      if (now - last < 50) return;
      last = now;
      post({ t: 'progress', call: m.call, i: m.i, p });
    };
    const result = job.run(entry.state, m.chunk, progress);
    post({ t: 'done', call: m.call, i: m.i, result }, job.transfer?.(result));
  } catch (e) {
    post({ t: 'fail', call: m.call, i: m.i, error: toWire(e) });
  }
}

if (isNode()) {
  // Messages wait in the port until the listener is attached.
  void nodeModule<typeof import('node:worker_threads')>('worker_threads').then(({ parentPort }) => {
    if (parentPort === null) return;
    parentPort.on('message', (m: ToWorker) => receive(m, (r, transfer) => parentPort.postMessage(r, transfer)));
  });
} else {
  const scope = globalThis as unknown as { postMessage(m: unknown, transfer?: ArrayBuffer[]): void; addEventListener(t: 'message', f: (e: { data: ToWorker }) => void): void };
  scope.addEventListener('message', (e) => receive(e.data, (r, transfer) => scope.postMessage(r, transfer ?? [])));
  // The script loaded: the pool stops holding the messages it may need to send to an inline copy instead.
  scope.postMessage(READY);
}
