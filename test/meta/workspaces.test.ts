// Issue 13, Faults: a learner's fast-path workspaces are bounded by the largest batch it has seen, however many
// distinct batch sizes it meets, and reusing a larger workspace for a smaller batch gives bit-identical results.
import { describe, expect, it } from 'vitest';
import { createRng, maml, metaSgd, mlp, reptile, sinusoidTasks } from '../../src/index.js';
import type { MetaLearner, Task } from '../../src/index.js';

/** The learner's private buffer sets (one per fast path). */
function bufferSets(l: MetaLearner): number {
  return (l as unknown as { bufs: Map<unknown, unknown> }).bufs.size;
}

const sizes = [7, 1, 30, 2, 12, 64, 3, 64, 5];
function tasks(): Task[] {
  const rng = createRng(3);
  const s = sinusoidTasks();
  return sizes.map((k, i) => s.sample(rng, k, sizes[(i + 3) % sizes.length]));
}

describe('fast-path workspaces', () => {
  for (const [name, make] of [['maml', maml], ['metaSgd', metaSgd], ['reptile', reptile]] as const) {
    it(`${name}: one buffer set however many batch sizes; results bit-identical to a fresh learner per size`, () => {
      const model = mlp({ sizes: [1, 16, 16, 1] });
      const shared = make({ model, innerSteps: 2, seed: 4 });
      for (const t of tasks()) {
        const a = shared.metaGradient([t]);
        const b = make({ model, innerSteps: 2, seed: 4 }).metaGradient([t]);
        expect(Array.from(a.grad)).toEqual(Array.from(b.grad));
        expect(a.loss).toBe(b.loss);
        expect(Array.from(shared.adapt(shared.params, t.support))).toEqual(Array.from(make({ model, innerSteps: 2, seed: 4 }).adapt(shared.params, t.support)));
      }
      expect(bufferSets(shared)).toBe(1);
    });
  }
});
