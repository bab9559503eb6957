// The inline copy of the worker script, for bundlers that do not follow `new URL('./parallel-worker.js',
// import.meta.url)` (esbuild). The package build replaces this module with the bundled, minified worker script as a
// string (see tsup.config.ts); from the sources there is none, and a worker whose script fails to load is reported
// as dead. Loaded with a dynamic import, only when needed: Vite and webpack emit it as a chunk nobody fetches.

/** The worker script as one self-contained ES module, or undefined (the TypeScript sources, the CommonJS build). */
export const WORKER_SOURCE: string | undefined = undefined;
