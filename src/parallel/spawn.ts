// Starting one worker: worker_threads in Node, a module Web Worker in browsers. The script is named with the
// `new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' })` form that Vite and webpack 5
// follow to bundle it without configuration. esbuild leaves that URL as it is (nothing is emitted there), so when the
// script fails to load before it has said it is ready, the worker is started again from the inline copy of the script
// that the build embeds (worker-source.ts, loaded only then), with the messages already posted to it.
import { READY } from './protocol.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { isNode, nodeModule } from './platform.js';

/** A running worker, whatever the platform. */
export interface WorkerHandle {
  /** Posts a message; the `transfer` buffers are moved to the worker (detached here) rather than copied. */
  post(m: ToWorker, transfer?: ArrayBuffer[]): void;
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
  postMessage(m: unknown, transfer?: readonly ArrayBuffer[]): void;
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
  // Through a variable: bundlers treat `new URL('…', import.meta.url)` as an asset to emit (webpack fails on the .ts).
  const here = import.meta.url;
  const url = new URL('./parallel-worker.js', here);
  const fs = await nodeModule<{ existsSync(p: URL): boolean }>('fs');
  if (fs.existsSync(url)) return { src: url, eval: false };
  const ts = new URL('./parallel-worker.ts', here);
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
    post: (m, transfer) => w.postMessage(m, transfer),
    terminate: () => {
      live = false;
      void w.terminate();
    },
    kill: () => void w.terminate(),
    ref: (r) => (r ? w.ref() : w.unref()),
  };
}

/** The script's URL: the bundler's (Vite, webpack) or the file beside this module. Throws where there is no URL. */
function scriptWorker(): Worker {
  return new Worker(new URL('./parallel-worker.js', import.meta.url), { type: 'module' });
}

/** Set once the script's URL has failed to load: later workers start from the inline copy at once. */
let inlineOnly = false;
let inlineUrl: Promise<string | undefined> | undefined;

/** An object URL of the inline copy of the worker script, or undefined when this build has none (the sources). */
function inlineScript(): Promise<string | undefined> {
  inlineUrl ??= import('./worker-source.js').then(({ WORKER_SOURCE }) =>
    WORKER_SOURCE === undefined ? undefined : URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })),
  );
  return inlineUrl;
}

function spawnWeb(on: WorkerEvents): WorkerHandle {
  let w: Worker | null = null;
  let live = true;
  let ready = false;
  let fellBack = false;
  // What was posted before the worker said it is ready, to post again to a replacement.
  let early: ToWorker[] = [];
  const die = (reason: string): void => {
    if (!live) return;
    live = false;
    w?.terminate();
    on.dead(reason);
  };
  const attach = (worker: Worker): void => {
    w = worker;
    worker.onmessage = (e: MessageEvent<FromWorker | typeof READY>) => {
      if (!live || w !== worker) return;
      if (e.data === READY) {
        ready = true;
        early = [];
      } else on.message(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      if (!live || w !== worker) return;
      if (!ready && !fellBack) fallBack();
      else die(e.message || 'the worker script failed to load');
    };
    for (const m of early) worker.postMessage(m);
  };
  const fallBack = (): void => {
    fellBack = true;
    inlineOnly = true;
    w?.terminate();
    w = null;
    void inlineScript().then(
      (url) => {
        if (!live) return;
        if (url === undefined) die('the worker script failed to load');
        else attach(new Worker(url, { type: 'module' }));
      },
      (e: unknown) => die(`the worker script failed to load (${String(e)})`),
    );
  };
  if (inlineOnly) fallBack();
  else {
    try {
      attach(scriptWorker());
    } catch {
      // No import.meta.url (a bundle in a classic script), or a worker URL the page may not load.
      fallBack();
    }
  }
  return {
    post: (m, transfer) => {
      // Before the script has said it is ready, the message may have to be posted again to an inline copy: copied,
      // so that its buffers are still here to post.
      if (!ready) {
        early.push(m);
        w?.postMessage(m);
      } else w?.postMessage(m, transfer ?? []);
    },
    terminate: () => {
      live = false;
      w?.terminate();
    },
    kill: () => die('it was terminated'),
    ref: () => undefined,
  };
}

/** Starts a worker for this platform. */
export async function spawnWorker(on: WorkerEvents): Promise<WorkerHandle> {
  return isNode() ? spawnNode(on) : spawnWeb(on);
}
