// Fuzz targets of the few-shot exports (issue 12): task samplers, protoNet / matchingNet and their MetricLearner,
// and the KnowledgeBase. Training calls are a few episodes on tiny encoders so that each case takes milliseconds.
import fc from 'fast-check';
import * as I from '../../../src/index.js';
import { anyBad, badCount, badNumber, badOptions, badTable, badVector, fresh, polluted } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn, method, methodWith } from '../target.js';
import { signal } from '../valid.js';

const finite = fc.double({ min: -4, max: 4, noNaN: true });
const big = fc.constantFrom(1e308, -1e308, 5e-324, 1e200);
const entry = fc.oneof({ arbitrary: finite, weight: 8 }, { arbitrary: big, weight: 1 });

/** A labelled table of 2-feature rows: 3 classes (numbers or strings) with 4 rows each. */
const table = fc.tuple(fc.array(fc.tuple(entry, entry), { minLength: 12, maxLength: 12 }), fc.boolean()).map(([rows, str]) => ({
  x: rows.map(([a, b]) => [a, b]),
  y: rows.map((_, i) => (str ? ['a', 'b', 'c'][i % 3] : i % 3)) as I.Label[],
}));
const fewOptions = fc.record({ ways: fc.integer({ min: 2, max: 3 }), shots: fc.integer({ min: 1, max: 2 }), queryShots: fc.integer({ min: 1, max: 2 }) });
const groups = (n: number): string[] => Array.from({ length: n }, (_, i) => `g${i % 3}`);
const groupedOptions = fc.record({ shots: fc.integer({ min: 1, max: 2 }), queryShots: fc.oneof(fc.constant('rest' as const), fc.integer({ min: 1, max: 2 })), kind: fc.constantFrom('regression' as const, undefined) }, { requiredKeys: ['shots'] });
const badRows = fc.oneof(badTable, badVector, fresh(() => [[1, 2], [3]], () => [[1, NaN]], () => [[]], () => new Float64Array(5)));
const badLabels = fc.oneof(badVector, fresh(() => [NaN, 1], () => [null, 'a'], () => [{}], () => ['a'], () => [Infinity]));

const encoder = fc.constantFrom('mlp', 'linear', 'tape').map((k) => (k === 'mlp' ? I.mlp({ sizes: [2, 3, 2] }) : k === 'linear' ? I.linear({ inputSize: 2, outputSize: 2 }) : I.mlp({ sizes: [2, 3, 2], fastPath: false })));
const metricOptions = fc.record({ encoder, seed: fc.integer({ min: 0, max: 9 }) });
const learner = fc.tuple(fc.constantFrom(I.protoNet, I.matchingNet), metricOptions).map(([make, o]) => make(o));
/** An episode of 2-feature rows: 2 classes, 2 support and 2 query rows each. */
const episode = fc.array(fc.tuple(entry, entry), { minLength: 8, maxLength: 8 }).map((r): I.Task => ({
  support: { x: r.slice(0, 4).flat(), y: [0, 0, 1, 1] },
  query: { x: r.slice(4).flat(), y: [1, 0, 1, 0] },
}));
const badEpisode = fc.oneof(anyBad, fresh(
  () => ({ support: { x: [0, 0, 1, 1], y: [0, 2] }, query: { x: [0, 0], y: [0] } }),
  () => ({ support: { x: [0, 0, 1, 1], y: [0, 1] }, query: { x: [0, 0], y: [5] } }),
  () => ({ support: { x: [0, 0, 1], y: [0, 1] }, query: { x: [0, 0], y: [0] } }),
  () => ({ support: { x: [0, NaN, 1, 1], y: [0, 1] }, query: { x: [0, 0], y: [0] } }),
  () => ({ support: { x: [0, 0, 1, 1], y: [0, 0.5] }, query: { x: [0, 0], y: [0] } }),
  () => ({ support: null, query: { x: [0, 0], y: [0] } }),
  () => ({ support: { x: [1e308, 1e308, -1e308, 1e308], y: [0, 1] }, query: { x: [1e308, -1e308], y: [0] } }),
));
const badTasks = fc.oneof(anyBad, fresh(() => [], () => [null], () => [{ support: {}, query: {} }]), badEpisode.map((e) => [e]));
const sampler = table.map((t) => I.fewShotTasks(t.x, t.y, { ways: 2, shots: 1, queryShots: 1 }));
const fitOptions = fc.record({ iterations: fc.integer({ min: 0, max: 3 }), metaBatchSize: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 0, max: 9 }), signal }, { requiredKeys: ['iterations'] });
const fitNames = ['iterations', 'metaBatchSize', 'shots', 'queryShots', 'outerOptimizer', 'seed', 'signal', 'onProgress', 'progressEvery', 'validation'];

const knowledge = fc.tuple(encoder, fc.integer({ min: 0, max: 9 }), fc.array(fc.tuple(finite, finite), { minLength: 3, maxLength: 6 })).map(([e, seed, rows]) => {
  const kb = new I.KnowledgeBase({ encoder: e, seed });
  kb.add(rows, rows.map((_, i) => (i % 2 === 0 ? 'even' : 'odd')), { task: 't' });
  return kb;
});

/** A restored object must be usable: its use gives a finite result or an InfometaError. */
function usable(use: (restored: never) => unknown): (restored: unknown) => string | null {
  return (restored) => {
    try {
      use(restored as never);
    } catch (e) {
      return e instanceof I.InfometaError ? null : `using the restored object threw ${String(e)}`;
    }
    return null;
  };
}

const targets: Target[] = [
  fn('fewShotTasks', I.fewShotTasks, fc.tuple(table, fewOptions).map(([t, o]) => [t.x, t.y, o]), [badRows, badLabels, badOptions(['ways', 'shots', 'queryShots', 'classes'], fewOptions, anyBad, { ways: badCount, shots: badCount, classes: fc.oneof(badVector, fresh(() => ['zz'], () => [0, 0], () => [])) })]),
  method('fewShotTasks', 'FewShotSampler.sample', sampler, (s, r: I.Rng, k: number, q: number) => s.sample(r, k, q), fc.tuple(fc.constant(null).map(() => I.createRng(1)), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })), [anyBad, badCount, badCount], { prefix: 'fewShotTasks.sample' }),
  method('fewShotTasks', 'FewShotSampler.episodes', sampler, (s, n: number, seed: number) => s.episodes(n, seed), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 9 })), [badCount, badNumber], { prefix: 'fewShotTasks.episodes' }),
  fn('splitClasses', I.splitClasses, fc.tuple(table, fc.constantFrom([0.5, 0.5], [1], [0.2, 0.3, 0.5]), fc.integer({ min: 0, max: 9 })).map(([t, f, s]) => [t.y, f, s]), [badLabels, fc.oneof(badVector, fresh(() => [0.5, 0.6], () => [1, 0], () => [0.25, 0.25, 0.25, 0.25])), badNumber]),
  fn('groupedTasks', I.groupedTasks, fc.tuple(table, groupedOptions).map(([t, o]) => [t.x, t.x.map((r) => r[0]), groups(12), o]), [badRows, badVector, badLabels, badOptions(['shots', 'queryShots', 'kind', 'groups'], groupedOptions.map((o) => ({ ...o })), anyBad, { shots: badCount, queryShots: fc.oneof(badCount, fresh(() => 'all')), groups: fresh(() => ['nope'], () => []) })]),
  method('groupedTasks', 'GroupedSampler.eachGroup', table.map((t) => I.groupedTasks(t.x, t.x.map((r) => r[1]), groups(12), { shots: 2 })), (s, seed: number) => s.eachGroup(seed), fc.tuple(fc.integer({ min: 0, max: 9 })), [badNumber], { prefix: 'groupedTasks.eachGroup' }),
  fn('protoNet', I.protoNet, metricOptions.map((o) => [o]), [badOptions(['encoder', 'params', 'seed', 'init'], metricOptions.map((o) => ({ ...o })), anyBad, { encoder: fc.oneof(anyBad, fresh(() => ({ inputSize: 2 }), () => I.linear({ inputSize: 2, outputSize: 2 }).toJSON())) })]),
  fn('matchingNet', I.matchingNet, metricOptions.map((o) => [{ ...o, temperature: 5 }]), [badOptions(['encoder', 'params', 'seed', 'init', 'temperature'], metricOptions.map((o) => ({ ...o })), anyBad, { temperature: badNumber })]),
  ctor('MetricLearner', I.MetricLearner, fc.constant(null).map(() => ['protoNet', I.linear({ inputSize: 2, outputSize: 2 }), new Float64Array(6), 1]), [anyBad, anyBad, badVector, badNumber]),
  method('MetricLearner', 'MetricLearner.evaluate', learner, (l, t: I.Task) => l.evaluate(t), fc.tuple(episode), [badEpisode]),
  method('MetricLearner', 'MetricLearner.score', learner, (l, t: I.Task[]) => l.score(t), fc.tuple(fc.array(episode, { minLength: 1, maxLength: 3 })), [badTasks]),
  method('MetricLearner', 'MetricLearner.metaGradient', learner, (l, t: I.Task[]) => l.metaGradient(t), fc.tuple(fc.array(episode, { minLength: 1, maxLength: 2 })), [badTasks]),
  method('MetricLearner', 'MetricLearner.adapt', learner, (l, t: I.TaskData) => l.adapt(t).predict([0, 1]), fc.tuple(episode.map((e) => e.support)), [badEpisode.map((e) => (e !== null && typeof e === 'object' && 'support' in e ? (e as { support: unknown }).support : e))]),
  method('MetricLearner', 'MetricLearner.embed', learner, (l, x: number[]) => l.embed(x), fc.tuple(fc.array(entry, { minLength: 2, maxLength: 2 })), [badVector]),
  methodWith('MetricLearner', 'MetricLearner.fit', fc.tuple(learner, sampler, fitOptions), (a) => (a[0] as I.MetricLearner).fit(a[1] as I.TaskSampler, a[2] as I.MetricFitOptions), [anyBad, badOptions(fitNames, fitOptions.map((o) => ({ ...o })), anyBad, { iterations: badCount, validation: fc.oneof(anyBad, fresh(() => ({ tasks: [] }), () => ({ tasks: [null] }))) })], { mutatesReceiver: true }),
  fn('MetricLearner.fromJSON', I.MetricLearner.fromJSON, learner.map((l) => [JSON.parse(JSON.stringify(l)) as unknown]), [
    fc.oneof(anyBad, learner.map(polluted), learner.chain((l) => fc.tuple(fc.constantFrom('kind', 'version', 'learner', 'encoder', 'temperature', 'params', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(l)) as object), [k]: v })))),
  ], { export: 'MetricLearner', post: usable((l: I.MetricLearner) => l.embed([0, 1])) }),
  ctor('KnowledgeBase', I.KnowledgeBase, fc.tuple(encoder, fc.integer({ min: 0, max: 9 })).map(([e, seed]) => [{ encoder: e, seed, temperature: 3 }]), [badOptions(['encoder', 'params', 'seed', 'init', 'temperature'], fc.constant({ encoder: I.linear({ inputSize: 2, outputSize: 2 }) }), anyBad, { temperature: badNumber })]),
  method('KnowledgeBase', 'KnowledgeBase.add', knowledge, (kb, x: number[][], y: I.Label[], o: { task?: I.Label }) => kb.add(x, y, o), fc.tuple(fc.constant([[0, 1], [1, 0]]), fc.constant(['even', 'new']), fc.constant({ task: 2 })), [badRows, badLabels, badOptions(['task'], fc.constant({}), anyBad)], { mutatesReceiver: true }),
  method('KnowledgeBase', 'KnowledgeBase.query', knowledge, (kb, x: number[][], o: { top?: number }) => kb.query(x, o), fc.tuple(fc.array(fc.tuple(entry, entry).map(([a, b]) => [a, b]), { minLength: 1, maxLength: 3 }), fc.record({ top: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] })), [badRows, badOptions(['top'], fc.constant({}), anyBad, { top: badCount })]),
  methodWith('KnowledgeBase', 'KnowledgeBase.fit', fc.tuple(knowledge, sampler, fitOptions), (a) => (a[0] as I.KnowledgeBase).fit(a[1] as I.TaskSampler, a[2] as I.MetricFitOptions), [anyBad, badOptions(fitNames, fitOptions.map((o) => ({ ...o })), anyBad, { iterations: badCount })], { mutatesReceiver: true }),
  method('KnowledgeBase', 'KnowledgeBase.evaluate', knowledge, (kb, t: I.Task) => kb.evaluate(t), fc.tuple(episode), [badEpisode]),
  fn('KnowledgeBase.fromJSON', I.KnowledgeBase.fromJSON, knowledge.map((kb) => [JSON.parse(JSON.stringify(kb)) as unknown]), [
    fc.oneof(anyBad, knowledge.map(polluted), knowledge.chain((kb) => fc.tuple(fc.constantFrom('kind', 'version', 'learner', 'x', 'y', 'task', '__proto__'), anyBad).map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(kb)) as object), [k]: v })))),
  ], { export: 'KnowledgeBase', post: usable((kb: I.KnowledgeBase) => kb.query([[0, 1]])) }),
];

/** A learner's methods report under the factory the user called: `protoNet.fit`, `matchingNet.evaluate`. */
export const fewShotTargets: Target[] = targets.map((t) => {
  const [owner, m] = t.name.split('.');
  if (owner === 'MetricLearner' && m !== undefined && m !== 'fromJSON') return { ...t, prefix: [`protoNet.${m}`, `matchingNet.${m}`] };
  return t;
});
