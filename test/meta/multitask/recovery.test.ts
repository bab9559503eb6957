// Planted structure is recovered, and sharing beats single-task learning on small tasks.
import { describe, expect, it } from 'vitest';
import { SharedDictionaryModel, SharedLatentModel, principalAngles } from '../../../src/index.js';
import type { MultiTaskData } from '../../../src/index.js';
import { createRng } from '../../../src/internal/rng.js';
import { gramStats, ridgeGram } from '../../../src/meta/multitask/linalg.js';

const d = 10, T = 12;

function makeWorld(width: number, sparse: boolean, seed: number): { basis: Float64Array; W: Float64Array[] } {
  const rng = createRng(seed);
  const basis = Float64Array.from({ length: d * width }, () => rng.normal());
  const W = Array.from({ length: T }, (_, t) => {
    const s = new Float64Array(width);
    if (sparse) {
      s[t % width] = 1 + rng.next();
      s[(t + 1 + rng.int(width - 1)) % width] = -1 - rng.next();
    } else for (let c = 0; c < width; c++) s[c] = rng.normal();
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) for (let c = 0; c < width; c++) w[j] += basis[j * width + c] * s[c];
    return w;
  });
  return { basis, W };
}

function draw(W: Float64Array[], n: number, seed: number): MultiTaskData[] {
  const rng = createRng(seed);
  return W.map((w, t) => {
    const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
    return { name: `t${t}`, x, y: x.map((r) => r.reduce((a, v, j) => a + v * w[j], t / 4) + 0.5 * rng.normal()) };
  });
}

function testMse(pred: (t: number, x: MultiTaskData['x']) => Float64Array, tasks: MultiTaskData[]): number {
  let s = 0, n = 0;
  tasks.forEach((task, t) => pred(t, task.x).forEach((p, i) => { s += (p - (task.y[i] as number)) ** 2; n++; }));
  return s / n;
}

function singleTask(tasks: MultiTaskData[], alpha: number): (t: number, x: MultiTaskData['x']) => Float64Array {
  const fits = tasks.map((task) => {
    const st = gramStats(task.x.length, d, Float64Array.from(task.x.flatMap((r) => Array.from(r))), Float64Array.from(task.y));
    const w = ridgeGram(d, st.G, st.c, alpha);
    return { w, b: st.yMean - st.xMean.reduce((a, v, j) => a + v * w[j], 0) };
  });
  return (t, x) => Float64Array.from(x, (r) => fits[t].b + Array.from(r).reduce((a, v, j) => a + v * fits[t].w[j], 0));
}

describe('synthetic recovery', () => {
  it('SharedLatentModel recovers a planted rank-2 subspace at n = 2000 per task (largest angle < 0.1 rad)', () => {
    const { basis, W } = makeWorld(2, false, 1);
    const m = new SharedLatentModel({ rank: 2, lambda: 1e-4, lambdaShared: 1e-4, standardize: false });
    m.fit(draw(W, 2000, 2));
    expect(Math.max(...principalAngles(m.projection(), 2, basis, 2))).toBeLessThan(0.1);
  });

  it('SharedDictionaryModel recovers the span of a planted sparse dictionary at n = 2000 per task', () => {
    const { basis, W } = makeWorld(4, true, 3);
    const m = new SharedDictionaryModel({ k: 4, lambda: 1e-3, lambdaShared: 1e-3, standardize: false });
    m.fit(draw(W, 2000, 4));
    expect(Math.max(...principalAngles(m.dictionary(), 4, basis, 4))).toBeLessThan(0.1);
  });

  it('with 20 samples per task both models beat single-task ridge on held-out data', () => {
    for (const [width, sparse] of [[2, false], [4, true]] as const) {
      const { W } = makeWorld(width, sparse, 5 + width);
      const train = draw(W, 20, 6);
      const test = draw(W, 300, 7);
      const model = sparse
        ? new SharedDictionaryModel({ k: width, lambda: 0.01, lambdaShared: 0.01, standardize: false })
        : new SharedLatentModel({ rank: width, lambda: 0.01, lambdaShared: 0.01, standardize: false });
      model.fit(train);
      const mtl = testMse((t, x) => model.predict(t, x), test);
      const best = Math.min(...[0.1, 1, 10].map((a) => testMse(singleTask(train, a), test)));
      expect(mtl).toBeLessThan(best);
    }
  });
});
