import { describe, expect, it } from 'vitest';
import {
  KnowledgeBase, MetricLearner, createRng, fewShotTasks, linear, matchingNet, mlp, protoNet, reshape,
} from '../../../src/index.js';
import type { Model, Task } from '../../../src/index.js';
import { code } from './helpers.js';


// 12 classes in 6-D: class c is a Gaussian blob around a random centre, but the first two coordinates carry
// large class-independent noise, so the raw-feature nearest centroid is weak and a learned metric helps.
function blobs(seed: number): { x: number[][]; y: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: 12 }, () => Array.from({ length: 6 }, (_, j) => (j < 2 ? 0 : 2 * rng.normal())));
  const x: number[][] = [], y: number[] = [];
  for (let c = 0; c < 12; c++) for (let i = 0; i < 30; i++) {
    x.push(centres[c].map((m, j) => m + (j < 2 ? 6 : 0.5) * rng.normal()));
    y.push(c);
  }
  return { x, y };
}

describe('protoNet and matchingNet learn', () => {
  const { x, y } = blobs(1);
  const train = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 5, classes: [0, 1, 2, 3, 4, 5, 6, 7] });
  const test = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 5, classes: [8, 9, 10, 11] }).episodes(60, 3);
  for (const make of [protoNet, matchingNet]) {
    it(`${make.name}: episodic training raises test accuracy on unseen classes and lowers the query loss`, () => {
      const net = make({ encoder: mlp({ sizes: [6, 16, 8] }), seed: 1, ...(make === matchingNet ? { temperature: 10 } : {}) });
      const before = net.score(test);
      const res = net.fit(train, { iterations: 300, seed: 2, outerOptimizer: undefined });
      const after = net.score(test);
      expect(res.iterations).toBe(300);
      expect(after.loss).toBeLessThan(before.loss);
      expect(after.accuracy).toBeGreaterThan(before.accuracy + 0.05);
      expect(after.ci95).toBeGreaterThan(0);
      expect(after.accuracies.length).toBe(60);
    });
  }

  it('adapt needs no gradient step: it leaves the parameters alone and classifies by the prototypes', () => {
    const net = protoNet({ encoder: linear({ inputSize: 2, outputSize: 2 }), params: new Float64Array([1, 0, 0, 1, 0, 0]) });
    const p = net.params.slice();
    const support = { x: [0, 0, 0, 2, 10, 10], y: [0, 0, 1] };
    const clf = net.adapt(support);
    expect(net.params).toEqual(p);
    expect(support.x).toEqual([0, 0, 0, 2, 10, 10]);
    expect(clf.ways).toBe(2);
    expect(Array.from(clf.classify([0, 1, 9, 9]))).toEqual([0, 1]);
    const pr = clf.predict([0, 1]);
    // prototypes (0, 1) and (10, 10): logits −0 and −181
    expect(pr[0]).toBeCloseTo(1, 12);
    expect(pr[1]).toBeCloseTo(Math.exp(-181), 90);
  });

  it('is reproducible from the seed, stops on an aborted signal, reports progress and validation', () => {
    const run = (): Float64Array => {
      const net = protoNet({ encoder: mlp({ sizes: [6, 8, 4] }), seed: 3 });
      net.fit(train, { iterations: 20, seed: 4 });
      return net.params;
    };
    expect(run()).toEqual(run());
    const net = protoNet({ encoder: mlp({ sizes: [6, 8, 4] }), seed: 3 });
    const ac = new AbortController();
    const seen: number[] = [];
    const val = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 5, classes: [8, 9, 10] }).episodes(5, 1);
    const res = net.fit(train, {
      iterations: 50, progressEvery: 5, signal: ac.signal, validation: { tasks: val, every: 5 },
      onProgress: (p) => {
        seen.push(p.iteration);
        expect(typeof p.bestValidationLoss).toBe('number');
        if (p.iteration === 15) ac.abort();
      },
    });
    expect(res.aborted).toBe(true);
    expect(res.iterations).toBe(15);
    expect(seen).toEqual([5, 10, 15]);
    expect(res.validation?.iterations).toEqual([0, 5, 10, 15]);
    expect(res.validation?.losses[res.validation.iterations.indexOf(res.validation.bestIteration)]).toBe(res.validation?.bestLoss);
  });

  it('rejects validation episodes whose classes overlap the training classes', () => {
    const net = protoNet({ encoder: mlp({ sizes: [6, 8, 4] }) });
    const overlapping = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 5, classes: [7, 8, 9] }).episodes(20, 1);
    expect(code(() => net.fit(train, { iterations: 1, validation: { tasks: overlapping } }))).toMatch(/INVALID_OPTION: protoNet.fit: validation.tasks\[\d+\] uses class 7, which the training sampler also draws from/);
  });

  it('serialises and restores', () => {
    for (const net of [protoNet({ encoder: mlp({ sizes: [6, 8, 4] }), seed: 5 }), matchingNet({ encoder: mlp({ sizes: [6, 8, 4] }), seed: 5, temperature: 3 })]) {
      const back = MetricLearner.fromJSON(JSON.parse(JSON.stringify(net)));
      expect(back.kind).toBe(net.kind);
      expect(back.temperature).toBe(net.temperature);
      expect(back.params).toEqual(net.params);
      expect(back.score(test.slice(0, 5)).loss).toBe(net.score(test.slice(0, 5)).loss);
    }
    expect(code(() => MetricLearner.fromJSON({ kind: 'infometa.learner', version: 1 }))).toMatch(/INVALID_JSON: MetricLearner.fromJSON: kind must be 'infometa.metricLearner'/);
    expect(code(() => MetricLearner.fromJSON({ ...protoNet({ encoder: mlp({ sizes: [2, 2] }) }).toJSON(), params: [1] }))).toMatch(/INVALID_JSON: MetricLearner.fromJSON: params must be 6 finite numbers/);
  });
});

describe('bad input', () => {
  const net = protoNet({ encoder: linear({ inputSize: 2, outputSize: 2 }) });
  const ok: Task = { support: { x: [0, 0, 1, 1], y: [0, 1] }, query: { x: [0, 1], y: [1] } };
  it('names the function, the argument and the value', () => {
    expect(code(() => net.evaluate({ ...ok, support: { x: [0, 0, 1, 1], y: [0] } }))).toMatch(/SHAPE_MISMATCH: protoNet.evaluate: task.support.y has 1 labels for 2 rows/);
    expect(code(() => net.evaluate({ ...ok, support: { x: [0, 0, 1, 1], y: [0, 2] } }))).toMatch(/INVALID_LABELS: protoNet.evaluate: task.support.y has no example of class 1/);
    expect(code(() => net.evaluate({ ...ok, support: { x: [0, 0, 1, 1], y: [0, 0.5] } }))).toMatch(/INVALID_LABELS: protoNet.evaluate: task.support.y\[1\] must be a class label/);
    expect(code(() => net.evaluate({ ...ok, query: { x: [0, 1], y: [2] } }))).toMatch(/INVALID_LABELS: protoNet.evaluate: task.query.y\[0\] = 2 is not a class of the support set/);
    expect(code(() => net.evaluate({ ...ok, query: { x: [0, NaN], y: [1] } }))).toMatch(/NON_FINITE: protoNet.evaluate: task.query.x\[1\]/);
    expect(code(() => net.adapt({ x: [0, 0, 1], y: [0, 1] }))).toMatch(/SHAPE_MISMATCH: protoNet.adapt: support.x has 3 values, not a multiple of 2/);
    expect(code(() => net.metaGradient([]))).toMatch(/EMPTY_INPUT: protoNet.metaGradient: tasks is empty/);
    expect(code(() => net.score([]))).toMatch(/EMPTY_INPUT: protoNet.score/);
    expect(code(() => protoNet({ encoder: linear({ inputSize: 2, outputSize: 2 }), temperature: 2 }))).toMatch(/INVALID_OPTION: protoNet: temperature applies to matchingNet only/);
    expect(code(() => matchingNet({ encoder: linear({ inputSize: 2, outputSize: 2 }), temperature: 0 }))).toMatch(/INVALID_OPTION: matchingNet: temperature must be a finite number/);
    expect(code(() => protoNet({ encoder: {} as Model }))).toMatch(/INVALID_OPTION: protoNet: encoder.inputSize must be an integer ≥ 1/);
    expect(code(() => net.fit(fewShotTasks([[1, 2, 3], [1, 2, 3], [4, 5, 6], [4, 5, 6]], [0, 0, 1, 1], { ways: 2, shots: 1, queryShots: 1 }), { iterations: 1 }))).toMatch(/SHAPE_MISMATCH: protoNet.fit: sampler produces rows of 3 features but the encoder takes 2/);
  });

  it('rejects an encoder whose output is not a matrix', () => {
    const base = linear({ inputSize: 2, outputSize: 2 });
    const flat: Model = { ...base, inputSize: 2, outputSize: 2, numParams: base.numParams, blocks: base.blocks, head: base.head, init: (s, k) => base.init(s, k), split: (p, r) => base.split(p, r), toJSON: () => base.toJSON(), forward: (p, xx) => {
      const out = base.forward(p, xx);
      return reshape(out, [out.size]);
    } };
    expect(code(() => protoNet({ encoder: flat }))).toMatch(/SHAPE_MISMATCH: protoNet: encoder.forward must return an n × outputSize \(2\) matrix of embeddings \(got shape \[4\] for 2 rows\)/);
  });
});

describe('KnowledgeBase', () => {
  const enc = linear({ inputSize: 2, outputSize: 2 });
  const id = new Float64Array([1, 0, 0, 1, 0, 0]);
  it('answers by attention over everything stored, with the items that weigh most, and grows without retraining', () => {
    const kb = new KnowledgeBase({ encoder: enc, params: id, temperature: 10 });
    expect(kb.add([[1, 0], [0.8, 0.2]], ['east', 'east'], { task: 't1' })).toBe(2);
    kb.add([[0, 1]], ['north'], { task: 't2' });
    const before = kb.learner.params.slice();
    const [a, b] = kb.query([[1, 0.1], [0.1, 1]], { top: 2 });
    expect(a.label).toBe('east');
    expect(b.label).toBe('north');
    expect(a.labels).toEqual(['east', 'north']);
    expect(a.probabilities[0] + a.probabilities[1]).toBeCloseTo(1, 14);
    expect(a.top.map((t) => t.index)).toEqual([0, 1]);
    expect(b.top[0]).toMatchObject({ index: 2, label: 'north', task: 't2' });
    // N(x) is the class-summed attention: check one weight by hand (cosines 0.995…, 0.874…, 0.0995…)
    const u = (v: number[]): number[] => v.map((t) => t / Math.hypot(...v));
    const q = u([1, 0.1]);
    const cos = [[1, 0], [0.8, 0.2], [0, 1]].map((v) => u(v)[0] * q[0] + u(v)[1] * q[1]);
    const e = cos.map((c) => Math.exp(10 * c));
    expect(a.probabilities[1]).toBeCloseTo(e[2] / (e[0] + e[1] + e[2]), 10);
    kb.add([[1, 0.1]], ['north'], { task: 't3' });
    expect(kb.query([[1, 0.1]])[0].top[0]).toMatchObject({ index: 3, task: 't3' });
    expect(kb.learner.params).toEqual(before);
  });
  it('serialises, takes a trained learner, and refuses to answer when empty', () => {
    const kb = new KnowledgeBase({ encoder: protoNet({ encoder: enc, params: id }), temperature: 4 });
    expect(code(() => kb.query([[1, 0]]))).toMatch(/EMPTY_INPUT: KnowledgeBase.query: the knowledge base is empty/);
    kb.add([[1, 0], [0, 1]], [1, 2], { task: 'a' });
    kb.add([[1, 1]], [3]);
    const back = KnowledgeBase.fromJSON(JSON.parse(JSON.stringify(kb)));
    expect(back.size).toBe(3);
    expect(back.query([[0.3, 0.7]])).toEqual(kb.query([[0.3, 0.7]]));
    expect(code(() => kb.add([[1, 0, 0]], [1]))).toMatch(/SHAPE_MISMATCH: KnowledgeBase.add: x has 3 features per row but the encoder takes 2/);
    expect(code(() => kb.add([[1, 0]], [1, 2]))).toMatch(/SHAPE_MISMATCH: KnowledgeBase.add: x has 1 rows but the labels have length 2/);
    expect(code(() => KnowledgeBase.fromJSON({ ...kb.toJSON(), x: [1] }))).toMatch(/INVALID_JSON: KnowledgeBase.fromJSON/);
  });
  it('fit trains the encoder episodically and re-embeds the store', () => {
    const { x, y } = blobs(2);
    const kb = new KnowledgeBase({ encoder: mlp({ sizes: [6, 8, 4] }), seed: 1 });
    kb.add(x.slice(0, 60), y.slice(0, 60));
    const before = kb.query([x[0]])[0].probabilities.slice();
    kb.fit(fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 3 }), { iterations: 30 });
    expect(kb.query([x[0]])[0].probabilities).not.toEqual(before);
    const fresh = new KnowledgeBase({ encoder: kb.learner });
    fresh.add(x.slice(0, 60), y.slice(0, 60));
    expect(fresh.query([x[0]])[0].probabilities).toEqual(kb.query([x[0]])[0].probabilities);
  });
});
