// What the pool needs to know about where it runs, without a static import of any Node module (a browser bundle of
// infometa/parallel must not pull one in): Node's built-ins are reached through a specifier bundlers cannot see.

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p !== undefined && typeof p.versions?.node === 'string' ? p : undefined;
}

/** True in Node (and runtimes that pass as Node: Bun, Deno's compatibility layer). */
export function isNode(): boolean {
  return nodeProcess() !== undefined;
}

/** A Node built-in module (`'worker_threads'`, `'os'`, …), loaded at run time. */
export async function nodeModule<T>(name: string): Promise<T> {
  const get = nodeProcess()?.getBuiltinModule;
  if (get !== undefined) return get(`node:${name}`) as T;
  // Node < 20.16: a computed specifier, which bundlers leave alone.
  const spec = ['node', name].join(':');
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ spec)) as T;
}

/**
 * The number of cores: `os.availableParallelism()` in Node ≥ 20.16 (through `process.getBuiltinModule`),
 * `navigator.hardwareConcurrency` elsewhere (browsers, Node ≥ 21), else 1.
 */
export function coreCount(): number {
  const get = nodeProcess()?.getBuiltinModule;
  if (get !== undefined) {
    const os = get('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] };
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const c = nav?.hardwareConcurrency;
  return typeof c === 'number' && c >= 1 ? Math.floor(c) : 1;
}

/** Whether this environment can start workers at all. */
export function canStartWorkers(): boolean {
  return isNode() || typeof (globalThis as { Worker?: unknown }).Worker === 'function';
}
