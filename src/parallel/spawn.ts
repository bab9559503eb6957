// Starting one worker: worker_threads in Node, a module Web Worker in browsers. The script is named with the
// `new URL('./parallel-worker.js', import.meta.url)` form that Vite and webpack 5 follow to bundle it without
// configuration (esbuild users add dist/parallel-worker.js as one more entry point; see docs/parallel.md).
import type { FromWorker, ToWorker } from './protocol.js';
import { isNode, nodeModule } from './platform.js';

/** A running worker, whatever the platform. */
export interface WorkerHandle {
  post(m: ToWorker): void;
  /** Stops it at once; its `dead` callback is not called. */
  terminate(): void;
  /** Stops it at once as a crash would: its `dead` callback is called (for tests of the pool's recovery). */
  kill(): void;
  /** Node: whether the worker keeps the process alive (it does while it has work). No-op in browsers. */
  ref(on: boolean): void;
}

/** What a worker reports. */
export interface WorkerEvents {
  message(m: FromWorker): void;
  /** The worker died (an uncaught error, `process.exit`, killed, failed to load). */
  dead(reason: string): void;
}

interface NodeWorker {
  postMessage(m: unknown): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
  on(ev: 'message', f: (m: FromWorker) => void): void;
  on(ev: 'error', f: (e: Error) => void): void;
  on(ev: 'exit', f: (code: number) => void): void;
}
type NodeWorkerCtor = new (src: URL | string, opts?: { eval?: boolean }) => NodeWorker;

/**
 * The script in Node: dist/parallel-worker.js beside the built entry; when running from the TypeScript sources
 * (this repository's tests), the .ts file through tsx, a development dependency.
 */
async function nodeScript(): Promise<{ src: URL | string; eval: boolean }> {
  const url = new URL('./parallel-worker.js', import.meta.url);
  const fs = await nodeModule<{ existsSync(p: URL): boolean }>('fs');
  if (fs.existsSync(url)) return { src: url, eval: false };
  const ts = new URL('./parallel-worker.ts', import.meta.url);
  if (!fs.existsSync(ts)) return { src: url, eval: false };
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); });`;
  return { src: boot, eval: true };
}

async function spawnNode(on: WorkerEvents): Promise<WorkerHandle> {
  const { Worker } = await nodeModule<{ Worker: NodeWorkerCtor }>('worker_threads');
  const script = await nodeScript();
  const w = new Worker(script.src, { eval: script.eval });
  let live = true;
  w.on('message', (m) => {
    if (live) on.message(m);
  });
  w.on('error', (e) => {
    if (live) {
      live = false;
      on.dead(e.message);
    }
  });
  w.on('exit', (code) => {
    if (live) {
      live = false;
      on.dead(`it exited with code ${code}`);
    }
  });
  return {
    post: (m) => w.postMessage(m),
    terminate: () => {
      live = false;
      void w.terminate();
    },
    kill: () => void w.terminate(),
    ref: (r) => (r ? w.ref() : w.unref()),
  };
}

function spawnWeb(on: WorkerEvents): WorkerHandle {
  const w = new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' });
  let live = true;
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    if (live) on.message(e.data);
  };
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    if (live) {
      live = false;
      on.dead(e.message || 'the worker script failed to load');
    }
  };
  return {
    post: (m) => w.postMessage(m),
    terminate: () => {
      live = false;
      w.terminate();
    },
    kill: () => {
      w.terminate();
      if (live) {
        live = false;
        on.dead('it was terminated');
      }
    },
    ref: () => undefined,
  };
}

/** Starts a worker for this platform. */
export async function spawnWorker(on: WorkerEvents): Promise<WorkerHandle> {
  return isNode() ? spawnNode(on) : spawnWeb(on);
}
