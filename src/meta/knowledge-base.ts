// The meta-knowledge base M: labelled examples from many tasks, stored with their embeddings under a trained
// encoder; a new input is answered by attention over everything stored (a Matching Network whose support set is
// the whole store). It grows without retraining and serialises.
import { fail, fmt } from '../internal/errors.js';
import { checkInteger, checkOptions, optionNames } from '../internal/validate.js';
import type { TaskSampler, Task } from './tasks.js';
import type { FitResult } from './learners/types.js';
import { buildMetric, MetricLearner } from './fewshot/metric.js';
import type { FewShotScore, MetricFitOptions, MetricLearnerJSON } from './fewshot/metric.js';
import { cosineAttention } from './fewshot/kernels.js';
import { readLabels, readRows } from './fewshot/rows.js';
import type { Label, Rows } from './fewshot/rows.js';
import { InfometaError } from '../internal/errors.js';
import { jsonObject } from './model.js';
import type { InitScheme, Model } from './model.js';

const KB_OPTIONS = optionNames<KnowledgeBaseOptions>()('encoder', 'params', 'seed', 'init', 'temperature');

/** Runs f, naming its errors (`matchingNet.fit: …`) after the knowledge base's method (`KnowledgeBase.fit: …`). */
function renamed<T>(fn: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InfometaError && !e.message.startsWith(`${fn}:`)) {
      throw new InfometaError(e.code, `${fn}:${e.message.slice(e.message.indexOf(':') + 1)}`);
    }
    throw e;
  }
}

/** Options of the {@link KnowledgeBase} constructor. */
export interface KnowledgeBaseOptions {
  /** The encoder: a {@link Model} of any kind, or a trained {@link MetricLearner} whose encoder, parameters and temperature are copied. */
  encoder: Model | MetricLearner;
  /** Initial encoder parameters (copied; a Model encoder only); default `encoder.init(seed, init)`. */
  params?: Float64Array;
  /** Seed of the default initialisation (default 0). */
  seed?: number;
  /** Initialisation scheme (default `'pytorch'`). */
  init?: InitScheme;
  /** Attention logits are τ·cosine similarity (default 10; from a MetricLearner: its own). */
  temperature?: number;
}

/** One stored item that carried attention weight in a {@link KnowledgeBase.query}. */
export interface KnowledgeItem {
  /** Index of the item in the store (insertion order). */
  index: number;
  /** Its label. */
  label: Label;
  /** The task it came from (the `task` passed to `add`), or null. */
  task: Label | null;
  /** Its attention weight (weights over all items sum to 1). */
  weight: number;
}

/** The answer of a {@link KnowledgeBase} for one input row. */
export interface KnowledgeAnswer {
  /** The classes of N(x), in {@link KnowledgeBase.labels} order. */
  labels: Label[];
  /** N(x): the attention weight of each class (sums to 1). */
  probabilities: Float64Array;
  /** The most probable class. */
  label: Label;
  /** The items with the largest weights, largest first. */
  top: KnowledgeItem[];
}

/** The plain-JSON form of a {@link KnowledgeBase}. */
export interface KnowledgeBaseJSON {
  /** Always `'infometa.knowledgeBase'`. */
  kind: 'infometa.knowledgeBase';
  /** Format version, currently 1. */
  version: 1;
  /** The encoder and its parameters (a matchingNet learner). */
  learner: MetricLearnerJSON;
  /** The stored rows (raw inputs, row-major). */
  x: number[];
  /** Their labels. */
  y: Label[];
  /** Their tasks (null for none). */
  task: (Label | null)[];
}

/**
 * A meta-knowledge base: labelled examples from many tasks stored with their embeddings, read by attention. For an
 * input x, N(x)_c = Σ_{items i of class c} a_i(x) with a(x) = softmax_i(τ·cos(f(x), f(x_i))) over every stored item
 * (a Matching Network whose support set is the whole store); {@link KnowledgeBase.query} also returns the items that
 * carried the most weight. {@link KnowledgeBase.add} grows it without retraining; {@link KnowledgeBase.fit} trains
 * the encoder episodically with the Matching Network loss (the same attention) and re-embeds the store.
 *
 * @example
 * ```ts
 * import { KnowledgeBase, linear } from 'infometa';
 * const kb = new KnowledgeBase({ encoder: linear({ inputSize: 2, outputSize: 2 }), params: new Float64Array([1, 0, 0, 1, 0, 0]) });
 * kb.add([[1, 0], [0.9, 0.1], [0, 1]], ['east', 'east', 'north'], { task: 'compass' });
 * const [a] = kb.query([[1, 0.05]], { top: 1 });
 * console.log(a.label, a.top[0].index, a.top[0].task, kb.size); // east 0 compass 3
 * ```
 */
export class KnowledgeBase {
  /** The encoder and its parameters, as a matchingNet learner (what {@link KnowledgeBase.fit} trains). */
  readonly learner: MetricLearner;
  private rows: Float64Array = new Float64Array(0);
  private emb: Float64Array = new Float64Array(0);
  private ys: Label[] = [];
  private tasks: (Label | null)[] = [];

  /**
   * Creates an empty knowledge base.
   *
   * Cost: O(1) (the encoder is checked on two rows).
   *
   * @param options - `encoder` (a Model or a trained MetricLearner), `params`, `seed`, `init`, `temperature`
   * @throws InfometaError `INVALID_OPTION` for a missing or malformed encoder or a bad temperature;
   *   `SHAPE_MISMATCH` for an encoder whose output is not a matrix or params of the wrong length
   */
  constructor(options: KnowledgeBaseOptions) {
    const fn = 'KnowledgeBase';
    checkOptions(fn, options, KB_OPTIONS);
    if (options === undefined) fail('INVALID_OPTION', fn, 'options with an encoder are required');
    const enc = options.encoder;
    if (enc instanceof MetricLearner) {
      if (options.params !== undefined) fail('INVALID_OPTION', fn, 'params applies to a Model encoder; a MetricLearner brings its own');
      this.learner = buildMetric(fn, 'matchingNet', { encoder: enc.encoder, params: enc.params, temperature: options.temperature ?? enc.temperature });
    } else {
      this.learner = buildMetric(fn, 'matchingNet', { encoder: enc, params: options.params, seed: options.seed, init: options.init, temperature: options.temperature ?? 10 });
    }
  }

  /** Number of stored items. */
  get size(): number {
    return this.ys.length;
  }

  /** The distinct labels stored, in first-added order. */
  get labels(): Label[] {
    return [...new Set(this.ys)];
  }

  /**
   * Stores labelled rows, embedded under the current encoder, without retraining.
   *
   * Cost: one forward pass over the rows.
   *
   * @param x - rows (an array of rows or a flat row-major array with y.length rows)
   * @param y - their labels (numbers or strings)
   * @param options - `task`: the task the rows come from (returned with the items a query weighs most)
   * @returns the new size
   * @throws InfometaError `SHAPE_MISMATCH` for labels of the wrong length or rows of the wrong width;
   *   `INVALID_LABELS` / `NON_FINITE` / `EMPTY_INPUT` for bad labels or rows
   */
  add(x: Rows, y: readonly Label[], options?: { task?: Label }): number {
    const fn = 'KnowledgeBase.add';
    checkOptions(fn, options, ['task']);
    const task = options?.task ?? null;
    if (task !== null && typeof task !== 'string' && !(typeof task === 'number' && Number.isFinite(task))) fail('INVALID_OPTION', fn, `task must be a number or a string (got ${fmt(task)})`);
    const lab = readLabels(fn, 'y', y);
    const { data, d } = readRows(fn, 'x', x, lab.n);
    const want = this.learner.encoder.inputSize;
    if (d !== want) fail('SHAPE_MISMATCH', fn, `x has ${d} features per row but the encoder takes ${want}`);
    const rows = new Float64Array(this.rows.length + data.length);
    rows.set(this.rows);
    rows.set(data, this.rows.length);
    const e = renamed(fn, () => this.learner.embed(data));
    const emb = new Float64Array(this.emb.length + e.length);
    emb.set(this.emb);
    emb.set(e, this.emb.length);
    this.rows = rows;
    this.emb = emb;
    for (let i = 0; i < lab.n; i++) {
      this.ys.push(y[i]);
      this.tasks.push(task);
    }
    return this.size;
  }

  /**
   * N(x) for each row of x: the class distribution by attention over every stored item, the most probable class,
   * and the `top` items that carried the most weight.
   *
   * Cost: O(rows · items · D) after one forward pass over the rows.
   *
   * @param x - rows to answer
   * @param options - `top`: how many items to return per row (default 5)
   * @returns one {@link KnowledgeAnswer} per row
   * @throws InfometaError `EMPTY_INPUT` when the knowledge base is empty; as {@link KnowledgeBase.add} for bad rows;
   *   `INVALID_OPTION` for top < 0
   */
  query(x: Rows, options?: { top?: number }): KnowledgeAnswer[] {
    const fn = 'KnowledgeBase.query';
    checkOptions(fn, options, ['top']);
    const top = checkInteger(fn, 'top', options?.top, 5, 0);
    if (this.size === 0) fail('EMPTY_INPUT', fn, 'the knowledge base is empty: add(x, y) labelled examples before querying it');
    const d = this.learner.encoder.inputSize;
    const nested = Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
    const len = (x as { length?: unknown } | null)?.length;
    if (!nested && typeof len === 'number' && len % d !== 0) fail('SHAPE_MISMATCH', fn, `x has ${len} values, not a whole number of rows of ${d} features`);
    const n = nested ? (x as unknown[]).length : typeof len === 'number' ? len / d : 1;
    const { data } = readRows(fn, 'x', x, n);
    if (data.length !== n * d) fail('SHAPE_MISMATCH', fn, `x has ${data.length / n} features per row but the encoder takes ${d}`);
    const D = this.learner.embeddingSize, m = this.size;
    const a = cosineAttention(m, n, D, this.emb, renamed(fn, () => this.learner.embed(data)), this.learner.temperature);
    const labels = this.labels;
    const code = new Map(labels.map((l, i) => [l, i] as const));
    const ci = Int32Array.from(this.ys, (l) => code.get(l) as number);
    return Array.from({ length: n }, (_, i) => {
      const row = a.subarray(i * m, (i + 1) * m);
      const p = new Float64Array(labels.length);
      for (let j = 0; j < m; j++) p[ci[j]] += row[j];
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
      const order = Array.from({ length: m }, (_, j) => j).sort((u, v) => row[v] - row[u] || u - v).slice(0, top);
      return { labels, probabilities: p, label: labels[best], top: order.map((j) => ({ index: j, label: this.ys[j], task: this.tasks[j], weight: row[j] })) };
    });
  }

  /**
   * Trains the encoder episodically (Matching Network loss: the same attention the store is read with) as
   * {@link MetricLearner.fit}, then re-embeds the stored items under the new encoder.
   *
   * @param sampler - the episode source
   * @param options - as {@link MetricLearner.fit}
   * @returns as {@link MetricLearner.fit}
   * @throws InfometaError as {@link MetricLearner.fit}
   */
  fit(sampler: TaskSampler, options: MetricFitOptions): FitResult {
    return renamed('KnowledgeBase.fit', () => {
      const res = this.learner.fit(sampler, options);
      if (this.size > 0) this.emb = this.learner.embed(this.rows);
      return res;
    });
  }

  /**
   * The Matching Network query loss of an episode under the current encoder (as {@link MetricLearner.evaluate}).
   *
   * @param task - an episode
   * @returns the query loss in nats
   * @throws InfometaError as {@link MetricLearner.evaluate}
   */
  evaluate(task: Task): number {
    return renamed('KnowledgeBase.evaluate', () => this.learner.evaluate(task));
  }

  /**
   * Accuracy over episodes (as {@link MetricLearner.score}).
   *
   * @param tasks - episodes
   * @returns accuracy, its 95% half-width, mean loss and per-episode accuracies
   * @throws InfometaError as {@link MetricLearner.score}
   */
  score(tasks: readonly Task[]): FewShotScore {
    return renamed('KnowledgeBase.score', () => this.learner.score(tasks));
  }

  /** The encoder, its parameters and the stored items as plain JSON. */
  toJSON(): KnowledgeBaseJSON {
    return { kind: 'infometa.knowledgeBase', version: 1, learner: this.learner.toJSON(), x: Array.from(this.rows), y: this.ys.slice(), task: this.tasks.slice() };
  }

  /**
   * Restores a knowledge base from {@link KnowledgeBase.toJSON} output (the items are re-embedded).
   *
   * @param json - parsed JSON
   * @returns the knowledge base
   * @throws InfometaError `INVALID_JSON` for a wrong kind or version or malformed fields
   * @example
   * ```ts
   * import { KnowledgeBase, linear } from 'infometa';
   * const kb = new KnowledgeBase({ encoder: linear({ inputSize: 1, outputSize: 2 }), seed: 1 });
   * kb.add([[0], [5]], [0, 1]);
   * const back = KnowledgeBase.fromJSON(JSON.parse(JSON.stringify(kb)));
   * console.log(back.size, back.query([[5]])[0].label === kb.query([[5]])[0].label); // 2 true
   * ```
   */
  static fromJSON(json: unknown): KnowledgeBase {
    const fn = 'KnowledgeBase.fromJSON';
    const o = jsonObject(fn, json, 'infometa.knowledgeBase', 1);
    const learner = renamed(fn, () => MetricLearner.fromJSON(o.learner));
    const kb = new KnowledgeBase({ encoder: learner });
    const { x, y, task } = o;
    if (!Array.isArray(y) || !Array.isArray(task) || task.length !== y.length || !Array.isArray(x)) fail('INVALID_JSON', fn, 'x, y and task must be arrays, y and task of the same length');
    if (y.length > 0) {
      try {
        const groups = new Map<string, number[]>();
        y.forEach((_, i) => {
          const k = JSON.stringify(task[i]);
          (groups.get(k) ?? groups.set(k, []).get(k) as number[]).push(i);
        });
        const d = learner.encoder.inputSize;
        if (x.length !== y.length * d) fail('INVALID_JSON', fn, `x must hold ${y.length} rows of ${d} values`);
        // Re-add in the stored order (one add per run of the same task keeps the indices).
        let i = 0;
        while (i < y.length) {
          let j = i;
          while (j < y.length && JSON.stringify(task[j]) === JSON.stringify(task[i])) j++;
          kb.add(x.slice(i * d, j * d) as number[], y.slice(i, j) as Label[], task[i] === null ? undefined : { task: task[i] as Label });
          i = j;
        }
      } catch (e) {
        if ((e as { code?: string }).code !== undefined && (e as { code?: string }).code !== 'INVALID_JSON') fail('INVALID_JSON', fn, (e as Error).message);
        throw e;
      }
    }
    return kb;
  }
}
