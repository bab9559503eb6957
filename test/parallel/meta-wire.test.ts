// The wire forms of fitAsync's chunks: tasks packed into one buffer, and the row draws of fewShotTasks.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/internal/rng.js';
import { fewShotTasks } from '../../src/meta/fewshot/tasks.js';
import { sinusoidTasks } from '../../src/meta/tasks.js';
import type { Task } from '../../src/meta/tasks.js';
import { buildTask, plannerOf } from '../../src/meta/task-plans.js';
import { packPlans, packTasks, unpackPlans, unpackTasks } from '../../src/parallel/jobs/meta.js';

describe('packTasks / unpackTasks', () => {
  it('round-trips the sets and kinds of Float64Array tasks, without touching them', () => {
    const rng = createRng(1);
    const s = sinusoidTasks();
    const tasks: Task[] = [s.sample(rng, 3, 4), { ...s.sample(rng, 5, 2), kind: 'regression' }, s.sample(rng, 1, 1)];
    const before = structuredClone(tasks);
    const packed = packTasks(tasks);
    expect(packed).not.toBeNull();
    expect(tasks).toStrictEqual(before);
    const back = unpackTasks(packed as NonNullable<typeof packed>);
    expect(back.map((t) => [Array.from(t.support.x), Array.from(t.support.y), Array.from(t.query.x), Array.from(t.query.y), t.kind])).toStrictEqual(
      tasks.map((t) => [Array.from(t.support.x), Array.from(t.support.y), Array.from(t.query.x), Array.from(t.query.y), t.kind]),
    );
    expect('kind' in back[0]).toBe(false);
    expect(unpackTasks(tasks)).toBe(tasks);
  });

  it('leaves tasks it cannot pack exactly as they are (number arrays, bad kinds, malformed tasks)', () => {
    const t = sinusoidTasks().sample(createRng(2), 2, 2);
    expect(packTasks([t, { ...t, support: { x: [1, 2], y: t.support.y } }])).toBeNull();
    expect(packTasks([{ ...t, kind: 3 as never }])).toBeNull();
    expect(packTasks([null as never])).toBeNull();
    expect(packTasks([{ support: t.support } as never])).toBeNull();
    expect(packTasks([])).toStrictEqual({ packed: new Float64Array(0), kinds: [] });
  });
});

describe('fewShotTasks plans', () => {
  const rng = createRng(3);
  const x = Float64Array.from({ length: 10 * 8 * 4 }, () => rng.normal());
  const y = Array.from({ length: 80 }, (_, i) => i % 10);

  it('sample(rng) is the task built from plan(rng): the same draws, the same bits', () => {
    const sampler = fewShotTasks(x, y, { ways: 4, shots: 2, queryShots: 3 });
    const planner = plannerOf(sampler);
    expect(planner).toBeDefined();
    const p = planner as NonNullable<typeof planner>;
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 20; i++) {
      const ep = sampler.sample(a, 2, 3);
      const plan = p.plan(b, 2, 3);
      const built = buildTask(p.source, plan);
      expect(built.support).toStrictEqual(ep.support);
      expect(built.query).toStrictEqual(ep.query);
      expect(plan.support).toStrictEqual(ep.supportRows);
    }
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('plan checks shots as sample does; a replaced sample has no planner', () => {
    const sampler = fewShotTasks(x, y, { ways: 4, shots: 2, queryShots: 3 });
    const p = plannerOf(sampler) as NonNullable<ReturnType<typeof plannerOf>>;
    expect(() => p.plan(createRng(1), 7, 2)).toThrow(/fewShotTasks\.sample.*fewer than shots \+ queryShots = 9/);
    sampler.sample = (r) => sinusoidTasks().sample(r, 1, 1) as never;
    expect(plannerOf(sampler)).toBeUndefined();
    expect(plannerOf(sinusoidTasks())).toBeUndefined();
  });

  it('packPlans / unpackPlans round-trip', () => {
    const plans = [
      { support: Int32Array.of(1, 2, 3), query: Int32Array.of(4) },
      { support: Int32Array.of(), query: Int32Array.of(5, 6) },
    ];
    expect(unpackPlans(packPlans(plans))).toStrictEqual(plans);
    expect(unpackPlans(packPlans([]))).toStrictEqual([]);
  });
});
