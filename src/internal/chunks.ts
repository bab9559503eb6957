// The fixed cut of chunked work: how many chunks, which units each covers, and the seed of each chunk's stream. None
// of it depends on the number of workers, which is why 1, 2 or 16 workers give the same bits.
import type { Rng } from './rng.js';

/** Chunks a unit count is cut into at most: enough to balance 16 workers. */
export const CHUNKS = 64;

/** Fewest units per chunk (when there are few units): a message costs tens of microseconds, a chunk should more. */
export const MIN_UNITS = 4;

/** One chunk: units [start, start + count) and the seed of its own random stream. */
export interface Chunk {
  start: number;
  count: number;
  seed: number;
}

/**
 * Cuts `total` units into min(`chunks`, ⌈total / minUnits⌉) contiguous chunks of near-equal size, in order, each
 * seeded by the next 32-bit draw of `rng` (drawn in chunk order, so the seeds depend on `rng` alone). The cut depends
 * on `total` only, never on the number of workers. `minUnits` (default MIN_UNITS) is smaller for heavy units: a
 * permutation round of a dependency matrix is a whole matrix of statistics.
 */
export function planChunks(total: number, rng: Rng, chunks = CHUNKS, minUnits = MIN_UNITS): Chunk[] {
  const c = Math.min(chunks, Math.ceil(total / minUnits));
  const out: Chunk[] = [];
  for (let i = 0; i < c; i++) {
    const start = Math.floor((i * total) / c);
    const end = Math.floor(((i + 1) * total) / c);
    out.push({ start, count: end - start, seed: rng.nextUint32() });
  }
  return out;
}
