// The page: reads a CSV file, shows the task-dependency heatmap and the related tasks of a chosen target, and
// meta-trains a sinusoid MAML live. The matrix and its permutations run on infometa's worker pool
// (taskDependencyMatrixAsync from infometa/parallel: one Web Worker per core, cancelled by the Stop button's
// AbortSignal); the training runs in a Web Worker of its own (worker.ts). This thread only draws, so the page stays
// responsive.
import { InfometaError } from 'infometa';
import { dependencyHeatmapSVG, selectRelatedTasks } from 'infometa/miml';
import type { DependencyMatrix, DependencyMeasure, SelectionStrategy } from 'infometa/miml';
import { createPool, taskDependencyMatrixAsync } from 'infometa/parallel';
import { readLabelTable } from './csv.js';
import { drawChart } from './plot.js';
import type { Series } from './plot.js';
import type { Curve, Request, Response, TrainRequest, TrainStarted } from './protocol.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

const ui = {
  drop: $<HTMLDivElement>('drop'),
  file: $<HTMLInputElement>('file'),
  sample: $<HTMLButtonElement>('sample'),
  labels: $<HTMLInputElement>('labels'),
  measure: $<HTMLSelectElement>('measure'),
  permutations: $<HTMLInputElement>('permutations'),
  dataStatus: $<HTMLSpanElement>('data-status'),
  depProgress: $<HTMLProgressElement>('dep-progress'),
  depStop: $<HTMLButtonElement>('dep-stop'),
  analysis: $<HTMLDivElement>('analysis'),
  heatmap: $<HTMLElement>('heatmap'),
  target: $<HTMLSelectElement>('target'),
  k: $<HTMLInputElement>('k'),
  strategy: $<HTMLSelectElement>('strategy'),
  related: $<HTMLTableElement>('related'),
  relatedNote: $<HTMLParagraphElement>('related-note'),
  train: $<HTMLButtonElement>('train'),
  stop: $<HTMLButtonElement>('stop'),
  trainProgress: $<HTMLProgressElement>('train-progress'),
  trainStatus: $<HTMLSpanElement>('train-status'),
  curve: $<HTMLCanvasElement>('curve'),
  curveCaption: $<HTMLElement>('curve-caption'),
  loss: $<HTMLCanvasElement>('loss'),
  result: $<HTMLParagraphElement>('maml-result'),
};

const setStatus = (el: HTMLElement, state: string, text: string): void => {
  el.dataset.state = state;
  el.textContent = text;
};

const spawn = (): Worker => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (w: Worker, req: Request): void => w.postMessage(req);
let nextId = 1;

// ---------------------------------------------------------------------------------------------------------------
// 1. Data and task dependencies

let data: { text: string; source: string } | null = null;
/** The analysis in progress: Stop (or a newer analysis) aborts it through this controller. */
let analysis: AbortController | null = null;
let dep: DependencyMatrix | null = null;
/**
 * infometa's worker pool, started with the first analysis and stopped when idle: one Web Worker per core but one, so
 * that the page's own thread keeps a core for clicks and drawing while every other core computes.
 */
const pool = createPool({ workers: Math.max(1, (navigator.hardwareConcurrency || 2) - 1) });

function readInt(input: HTMLInputElement, name: string, min: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${input.value || 'nothing'})`);
  return v;
}

function readNumber(input: HTMLInputElement, name: string, positive: boolean): number {
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(v) || (positive && !(v > 0))) throw new Error(`${name} must be a ${positive ? 'positive ' : ''}number (got ${input.value || 'nothing'})`);
  return v;
}

async function analyze(): Promise<void> {
  if (data === null) return;
  // A new request supersedes the one in progress: abort it (the pool stops its workers at once).
  analysis?.abort();
  let labels: number;
  let permutations: number;
  try {
    labels = readInt(ui.labels, 'label columns N', 2);
    permutations = readInt(ui.permutations, 'permutations', 0);
  } catch (e) {
    setStatus(ui.dataStatus, 'error', (e as Error).message);
    return;
  }
  const measure = ui.measure.value as DependencyMeasure;
  const controller = new AbortController();
  analysis = controller;
  const { source, text } = data;
  setStatus(ui.dataStatus, 'busy', `${source}: computing the ${labels} × ${labels} dependency matrix${permutations > 0 ? ` and ${permutations} permutations` : ''}…`);
  ui.depProgress.hidden = permutations === 0;
  ui.depProgress.value = 0;
  ui.depStop.disabled = false;
  const t0 = performance.now();
  try {
    const table = readLabelTable(text, labels);
    const bits = measure === 'mi' || measure === 'conditional-entropy';
    const m = await taskDependencyMatrixAsync(table.labels, {
      names: table.labelNames,
      measure,
      ...(bits ? { base: 2 } : {}),
      ...(permutations > 0 ? { permutations, seed: 7 } : {}),
      pool,
      signal: controller.signal,
      onProgress: ({ completed, total }) => {
        if (analysis === controller) ui.depProgress.value = completed / total;
      },
    });
    if (analysis !== controller) return;
    dep = m;
    showMatrix(dep);
    const perm = dep.permutations ? ` with ${dep.permutations} permutations` : '';
    setStatus(
      ui.dataStatus, 'ready',
      `${source}: ${table.rows} rows, ${table.featureCount} feature columns, ${dep.size} label columns · matrix${perm} in ${(performance.now() - t0).toFixed(0)} ms (${pool.workers} worker${pool.workers === 1 ? '' : 's'})`,
    );
  } catch (e) {
    if (analysis !== controller) return; // superseded by a newer analysis
    if (e instanceof InfometaError && e.code === 'ABORTED') setStatus(ui.dataStatus, 'stopped', `${source}: stopped after ${(performance.now() - t0).toFixed(0)} ms.`);
    else setStatus(ui.dataStatus, 'error', `${source}: ${(e as Error).message}`);
  } finally {
    if (analysis === controller) {
      analysis = null;
      ui.depProgress.hidden = true;
      ui.depStop.disabled = true;
    }
  }
}

ui.depStop.addEventListener('click', () => analysis?.abort());

/**
 * Crops the heatmap's viewBox to what is drawn on it. The SVG sizes itself from an estimate of the text widths
 * (0.6 em per glyph), which leaves blank space on the right in most fonts; cropped, it scales up to its column.
 */
function cropToContent(svg: SVGSVGElement): void {
  const ctm = svg.getScreenCTM();
  if (ctm === null) return;
  const inv = ctm.inverse();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const el of Array.from(svg.querySelectorAll('text, rect')).slice(1)) { // [0] is the white background
    const r = el.getBoundingClientRect();
    for (const [cx, cy] of [[r.left, r.top], [r.right, r.bottom]]) {
      const p = new DOMPoint(cx, cy).matrixTransform(inv);
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    }
  }
  if (!(x1 > x0 && y1 > y0)) return;
  const pad = 10;
  const box = [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad].map((v) => Math.round(v));
  svg.setAttribute('viewBox', box.join(' '));
  svg.setAttribute('width', String(box[2]));
  svg.setAttribute('height', String(box[3]));
}

function showMatrix(d: DependencyMatrix): void {
  ui.analysis.hidden = false;
  ui.heatmap.innerHTML = dependencyHeatmapSVG(d, { digits: d.measure === 'mi' || d.measure === 'conditional-entropy' ? 3 : 2 });
  const svg = ui.heatmap.querySelector('svg');
  if (svg !== null) cropToContent(svg);
  const previous = ui.target.value;
  ui.target.replaceChildren(...d.names.map((n) => new Option(n, n, false, n === previous)));
  if (!d.names.includes(previous)) ui.target.value = d.names[0];
  ui.k.max = String(d.size - 1);
  if (Number(ui.k.value) > d.size - 1) ui.k.value = String(d.size - 1);
  showRelated();
}

/** A p-value for the table: 4 decimals, or "< 0.001" below what 1000 permutations can resolve. */
const pText = (p: number | null): string => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(4));

function showRelated(): void {
  if (dep === null) return;
  const body = ui.related.tBodies[0];
  try {
    const k = Math.min(readInt(ui.k, 'k', 1), dep.size - 1);
    const strategy = ui.strategy.value as SelectionStrategy;
    const chosen = selectRelatedTasks(dep, ui.target.value, { k, strategy });
    body.replaceChildren(
      ...chosen.map((r, i) => {
        const tr = document.createElement('tr');
        if (r.pValue !== null && r.pValue <= 0.05) tr.className = 'sig';
        for (const [text, cls] of [[String(i + 1), ''], [r.name, 'task'], [r.score.toFixed(4), 'num'], [pText(r.pValue), 'num']]) {
          const td = document.createElement('td');
          td.textContent = text;
          if (cls) td.className = cls;
          tr.append(td);
        }
        return tr;
      }),
    );
    const unit = dep.measure === 'mi' || dep.measure === 'conditional-entropy' ? ' (bits)' : '';
    const score = dep.measure === 'conditional-entropy' ? `−H(${ui.target.value} | task)` : `${dep.measure.toUpperCase()}(${ui.target.value}; task)`;
    ui.relatedNote.textContent =
      `score = ${score}${unit}` +
      (strategy === 'mrmr' ? '; mRMR trades relevance against redundancy with the tasks already chosen' : '; highest first') +
      (dep.pValues ? `; green p-values ≤ 0.05 (one-sided permutation test)` : '; set permutations > 0 for p-values');
  } catch (e) {
    body.replaceChildren();
    ui.relatedNote.textContent = (e as Error).message;
  }
}

function load(text: string, source: string): void {
  data = { text, source };
  void analyze();
}

async function loadFile(file: File): Promise<void> {
  setStatus(ui.dataStatus, 'busy', `reading ${file.name}…`);
  load(await file.text(), file.name);
}

ui.file.addEventListener('change', () => {
  const f = ui.file.files?.[0];
  if (f) void loadFile(f);
  ui.file.value = '';
});
ui.drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  ui.drop.classList.add('over');
});
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void loadFile(f);
});
ui.drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') ui.file.click();
});
ui.sample.addEventListener('click', async () => {
  setStatus(ui.dataStatus, 'busy', 'fetching emotions.csv…');
  try {
    const res = await fetch(new URL('./emotions.csv', import.meta.url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    ui.labels.value = '6';
    load(await res.text(), 'emotions.csv');
  } catch (e) {
    setStatus(ui.dataStatus, 'error', `could not fetch the sample: ${(e as Error).message}`);
  }
});
for (const el of [ui.labels, ui.measure, ui.permutations]) el.addEventListener('change', () => void analyze());
for (const el of [ui.target, ui.k, ui.strategy]) el.addEventListener('change', showRelated);

// ---------------------------------------------------------------------------------------------------------------
// 2. MAML

let trainer: Worker | null = null;
let run: { id: number; controller: AbortController; task: TrainStarted | null; losses: number[]; request: TrainRequest } | null = null;

const last: { task: TrainStarted | null; curve: Curve | null; steps: number; losses: readonly number[]; total: number } = { task: null, curve: null, steps: 10, losses: [], total: 500 };

function plotCurve(task: TrainStarted | null, curve: Curve | null, steps: number): void {
  Object.assign(last, { task, curve, steps });
  const series: Series[] = [];
  let lim = 6;
  if (task !== null) {
    lim = Math.max(2, 1.25 * Math.max(...task.truth.map(Math.abs)));
    series.push({ label: 'true sinusoid', color: '#1d2330', x: task.grid, y: task.truth, width: 2 });
    if (curve !== null) {
      series.push({ label: 'meta-init, before adapting', color: '#8a93a3', x: task.grid, y: curve.before, width: 1.5, dash: [5, 4] });
      series.push({ label: `after ${steps} step${steps === 1 ? '' : 's'} on K points`, color: '#2f6fdb', x: task.grid, y: curve.adapted, width: 2.5 });
    }
    series.push({ label: `K = ${task.supportX.length} support points`, color: '#e0672b', x: task.supportX, y: task.supportY, kind: 'points' });
  }
  drawChart(ui.curve, series, { xLabel: 'x', yLabel: 'y = A·sin(x − φ)', xRange: [-5, 5], yRange: [-lim, lim], empty: 'Start training to see a held-out task.' });
}

function plotLoss(losses: readonly number[], total: number): void {
  Object.assign(last, { losses, total });
  const series: Series[] = [];
  let top = 1;
  if (losses.length > 0) {
    const xs = losses.map((_, i) => i + 1);
    const sorted = [...losses].sort((a, b) => a - b);
    top = Math.max(0.5, sorted[Math.floor(0.97 * (sorted.length - 1))] * 1.1);
    const w = 25;
    const mean: number[] = [];
    let s = 0;
    losses.forEach((v, i) => {
      s += v - (i >= w ? losses[i - w] : 0);
      mean.push(s / Math.min(i + 1, w));
    });
    series.push({ label: 'per iteration', color: '#b8c8ea', x: xs, y: losses, width: 1 });
    series.push({ label: `mean of last ${w}`, color: '#2f6fdb', x: xs, y: mean, width: 2.5 });
  }
  drawChart(ui.loss, series, { xLabel: 'meta-iteration', yLabel: 'query MSE', xRange: [0, Math.max(total, 10)], yRange: [0, top], empty: 'No training yet.' });
}

function finishRun(state: 'done' | 'stopped' | 'error', text: string): void {
  setStatus(ui.trainStatus, state, text);
  ui.train.disabled = false;
  ui.stop.disabled = true;
  run = null;
}

function onTraining(msg: Response): void {
  if (run === null || msg.id !== run.id) return;
  const steps = run.request.adaptSteps;
  if (msg.type === 'train-started') {
    run.task = msg;
    ui.curveCaption.textContent =
      `Held-out task A = ${msg.amplitude.toFixed(2)}, φ = ${msg.phase.toFixed(2)} rad; the network (${msg.numParams} parameters) adapts with ${steps} gradient step${steps === 1 ? '' : 's'} of α = ${run.request.innerLr} on the K = ${msg.supportX.length} orange points.`;
    plotCurve(msg, null, steps);
  } else if (msg.type === 'train-progress' || msg.type === 'train-done') {
    if (msg.type === 'train-progress') run.losses.push(...msg.losses);
    else run.losses = Array.from(msg.losses);
    ui.trainProgress.value = msg.iteration / msg.iterations;
    plotCurve(run.task, msg.curve, steps);
    plotLoss(run.losses, msg.iterations);
    const rate = msg.iteration / (msg.ms / 1000);
    const summary = `iteration ${msg.iteration} / ${msg.iterations} · ${rate.toFixed(0)} it/s`;
    if (msg.type === 'train-progress') {
      if (!run.controller.signal.aborted) setStatus(ui.trainStatus, 'training', `Training… ${summary}`);
      return;
    }
    ui.result.dataset.iterations = String(msg.iteration);
    ui.result.dataset.mse = String(msg.curve.mse);
    ui.result.dataset.mseBefore = String(msg.curve.mseBefore);
    ui.result.dataset.stopped = String(msg.stopped);
    ui.result.innerHTML = '';
    const b = document.createElement('strong');
    b.textContent = `MSE on the held-out task after ${steps} adaptation step${steps === 1 ? '' : 's'}: ${msg.curve.mse.toFixed(3)}`;
    ui.result.append(b, ` (before adapting: ${msg.curve.mseBefore.toFixed(3)}) — after ${msg.iteration} of ${msg.iterations} meta-iterations, ${(msg.ms / 1000).toFixed(1)} s.`);
    if (msg.stopped) finishRun('stopped', `Stopped at ${summary}.`);
    else finishRun('done', `Done: ${summary}.`);
  } else if (msg.type === 'error') {
    finishRun('error', `Training failed: ${msg.message}`);
  }
}

function startTraining(): void {
  let request: TrainRequest;
  try {
    request = {
      type: 'train', id: nextId++,
      iterations: readInt($('iterations'), 'iterations', 1),
      metaBatchSize: readInt($('batch'), 'meta-batch', 1),
      shots: readInt($('shots'), 'shots K', 1),
      hidden: readInt($('hidden'), 'hidden units', 1),
      innerLr: readNumber($('inner-lr'), 'inner lr', true),
      outerLr: readNumber($('outer-lr'), 'outer lr', true),
      adaptSteps: readInt($('adapt-steps'), 'adaptation steps', 0),
      seed: readInt($('seed'), 'seed', 0),
    };
  } catch (e) {
    setStatus(ui.trainStatus, 'error', (e as Error).message);
    return;
  }
  if (trainer === null) {
    trainer = spawn();
    trainer.onmessage = (event: MessageEvent<Response>) => onTraining(event.data);
    trainer.onerror = (event) => {
      trainer?.terminate();
      trainer = null;
      if (run !== null) finishRun('error', `worker failed: ${event.message}`);
    };
  }
  const worker = trainer;
  // Stop is an AbortController: its signal tells the worker to end after the iteration in progress.
  const controller = new AbortController();
  controller.signal.addEventListener('abort', () => send(worker, { type: 'stop', id: request.id }), { once: true });
  run = { id: request.id, controller, task: null, losses: [], request };
  ui.train.disabled = true;
  ui.stop.disabled = false;
  ui.trainProgress.value = 0;
  ui.result.textContent = '';
  for (const key of ['iterations', 'mse', 'mseBefore', 'stopped']) delete ui.result.dataset[key];
  setStatus(ui.trainStatus, 'training', 'Training… starting');
  plotLoss([], request.iterations);
  send(worker, request);
}

ui.train.addEventListener('click', startTraining);
ui.stop.addEventListener('click', () => {
  if (run === null || run.controller.signal.aborted) return;
  run.controller.abort();
  ui.stop.disabled = true;
  setStatus(ui.trainStatus, 'stopping', 'Stopping after the current iteration…');
});

plotCurve(null, null, 10);
plotLoss([], 500);
// Canvases are drawn at their CSS size; redraw the last picture when the layout changes.
window.addEventListener('resize', () => {
  plotCurve(last.task, last.curve, last.steps);
  plotLoss(last.losses, last.total);
});
