// The fixed cut of chunked work lives in internal/chunks.ts, since the synchronous functions run the same chunks.
export { CHUNKS, MIN_UNITS, planChunks } from '../internal/chunks.js';
export type { Chunk } from '../internal/chunks.js';
