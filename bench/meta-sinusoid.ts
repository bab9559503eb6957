// Sinusoid few-shot regression benchmark (Finn et al. 2017, Li et al. 2017), infometa side.
//
// Protocol: y = A·sin(x − φ), A ~ U[0.1, 5], φ ~ U[0, π], x ~ U[−5, 5]; network 1-40-40-1 ReLU (PyTorch-default init);
// meta-batch 25 tasks, K = 10 support + 10 query points per training task, inner lr 0.01, one inner step (Reptile:
// 5 SGD steps), outer Adam lr 1e-3, `--iterations` meta-iterations (paper: 70 000). Evaluation on 600 new tasks
// (a separate seed): support sets of K = 5, 10, 20 points (nested: the first K of 20), 100 query points, after 1 and
// 10 adaptation steps with lr 0.01 (Meta-SGD: its learned per-parameter rates). Mean query MSE ± 95% CI
// (1.96·sd/√600). The pretrained baseline is trained by multi-task regression on the same task stream (all 20 points
// of each task, no inner loop) and fine-tuned like the others at evaluation.
//
//   npx tsx bench/meta-sinusoid.ts --iterations 70000 --learners maml,fomaml,metasgd,reptile,pretrained --json out.json
//   npx tsx bench/meta-sinusoid.ts --table a.json b.json …      (merge result files into one markdown table)
//   … --checkpoint ck.json  (save the learner every 2500 iterations)   … --eval-checkpoint ck.json  (evaluate one)
//   /usr/bin/python3 bench/peers/maml_sinusoid.py --iterations 70000 --json peer.json   (PyTorch reference)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { MetaLearner as Learner, adam, anil, createRng, grad, maml, metaSgd, mlp, mseLoss, reptile, sinusoidTasks, tensor, tidy } from '../src/index.js';
import type { MetaLearner, Task } from '../src/index.js';

/** Names of the learners this benchmark can train. */
export type SinusoidLearner = 'maml' | 'fomaml' | 'metasgd' | 'reptile' | 'anil' | 'pretrained';

/** Options of {@link runSinusoid}. */
export interface SinusoidBenchOptions {
  learner: SinusoidLearner;
  iterations: number;
  evalTasks?: number;
  seed?: number;
  evalSeed?: number;
  onProgress?: (it: number, loss: number) => void;
  /** Writes the learner (JSON) and the completed iteration count to this file every `checkpointEvery` iterations. */
  checkpoint?: string;
  checkpointEvery?: number;
}

/** One row of results: mean MSE and 95% CI half-width for each K and number of steps. */
export interface SinusoidResult {
  learner: string;
  iterations: number;
  evalTasks: number;
  seconds: number;
  /** key `K=${k},steps=${s}` → [mean, ci95] */
  mse: Record<string, [number, number]>;
}

export const SHOTS = [5, 10, 20] as const;
export const STEPS = [1, 10] as const;

function makeLearner(name: SinusoidLearner, seed: number): MetaLearner {
  const model = mlp({ sizes: [1, 40, 40, 1], activation: 'relu' });
  switch (name) {
    case 'maml':
      return maml({ model, innerLr: 0.01, innerSteps: 1, seed });
    case 'fomaml':
      return maml({ model, innerLr: 0.01, innerSteps: 1, firstOrder: true, seed });
    case 'metasgd':
      return metaSgd({ model, innerLr: 0.01, innerSteps: 1, seed });
    case 'anil':
      return anil({ model, innerLr: 0.01, innerSteps: 1, seed });
    case 'reptile':
      return reptile({ model, innerLr: 0.01, innerSteps: 5, seed });
    default:
      // The pretrained baseline is evaluated as a MAML learner (plain SGD fine-tuning with lr 0.01).
      return maml({ model, innerLr: 0.01, innerSteps: 1, seed });
  }
}

function pretrain(learner: MetaLearner, iterations: number, seed: number, onProgress?: (it: number, loss: number) => void, save?: (it: number) => void): void {
  const model = learner.model;
  const sampler = sinusoidTasks();
  const rng = createRng(seed);
  const opt = adam({ lr: 1e-3 });
  const B = 25, K = 10;
  const X = new Float64Array(B * 2 * K), Y = new Float64Array(B * 2 * K);
  const g = new Float64Array(model.numParams);
  for (let it = 0; it < iterations; it++) {
    for (let t = 0; t < B; t++) {
      const task = sampler.sample(rng, K, K);
      X.set(task.support.x as Float64Array, t * 2 * K);
      X.set(task.query.x as Float64Array, t * 2 * K + K);
      Y.set(task.support.y as Float64Array, t * 2 * K);
      Y.set(task.query.y as Float64Array, t * 2 * K + K);
    }
    const loss = tidy(() => {
      const theta = model.split(learner.params, true);
      const L = mseLoss(model.forward(theta, tensor(X, [B * 2 * K, 1])), tensor(Y, [B * 2 * K, 1]));
      const gs = grad(L, theta);
      for (let b = 0; b < gs.length; b++) g.set(gs[b].data, model.blocks[b].offset);
      return L.item();
    });
    opt.step(learner.params, g);
    if (onProgress && (it + 1) % 1000 === 0) onProgress(it + 1, loss);
    save?.(it + 1);
  }
}

/** Evaluation tasks: 20 support points (the first K are used) and 100 query points each. */
export function evalTasks(n: number, seed: number): Task[] {
  const sampler = sinusoidTasks();
  const rng = createRng(seed);
  const out: Task[] = [];
  for (let i = 0; i < n; i++) out.push(sampler.sample(rng, 20, 100));
  return out;
}

/** Mean query MSE ± 95% CI after adaptation, for every K and step count. */
export function evaluate(learner: MetaLearner, tasks: readonly Task[]): Record<string, [number, number]> {
  const res: Record<string, [number, number]> = {};
  for (const K of SHOTS) {
    for (const steps of STEPS) {
      let diverged = 0;
      const v = tasks.map((t) => {
        const sx = (t.support.x as Float64Array).subarray(0, K);
        const sy = (t.support.y as Float64Array).subarray(0, K);
        try {
          return learner.evaluate({ support: { x: sx, y: sy }, query: t.query }, { steps });
        } catch (e) {
          if ((e as { code?: string }).code !== 'DIVERGED') throw e;
          diverged++;
          return Infinity;
        }
      });
      const n = v.length;
      if (diverged > 0) {
        res[`K=${K},steps=${steps}`] = [Infinity, diverged];
        continue;
      }
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1));
      res[`K=${K},steps=${steps}`] = [mean, (1.96 * sd) / Math.sqrt(n)];
    }
  }
  return res;
}

/** Trains one learner on the sinusoid protocol and evaluates it. */
export function runSinusoid(o: SinusoidBenchOptions): SinusoidResult {
  const seed = o.seed ?? 1;
  const learner = makeLearner(o.learner, seed);
  const t0 = performance.now();
  const every = o.checkpointEvery ?? 2500;
  const save = (it: number): void => {
    if (o.checkpoint !== undefined && (it % every === 0 || it === o.iterations)) {
      const ck = { learner: o.learner, iterations: it, seconds: (performance.now() - t0) / 1000, state: learner.toJSON() };
      writeFileSync(o.checkpoint + '.tmp', JSON.stringify(ck));
      renameSync(o.checkpoint + '.tmp', o.checkpoint);
    }
  };
  if (o.learner === 'pretrained') {
    pretrain(learner, o.iterations, seed + 1000, o.onProgress, save);
  } else {
    learner.fit(sinusoidTasks(), {
      iterations: o.iterations,
      metaBatchSize: 25,
      shots: 10,
      queryShots: 10,
      outerOptimizer: adam({ lr: 1e-3 }),
      seed: seed + 1000,
      progressEvery: Math.min(1000, every),
      onProgress: (p) => {
        if (p.iteration % 1000 === 0) o.onProgress?.(p.iteration, p.loss);
        save(p.iteration);
      },
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const n = o.evalTasks ?? 600;
  return { learner: o.learner, iterations: o.iterations, evalTasks: n, seconds, mse: evaluate(learner, evalTasks(n, o.evalSeed ?? 424242)) };
}

function cell(r: SinusoidResult, c: string): string {
  const v = r.mse[c] as [number | null, number | null] | undefined;
  if (v === undefined) return '—';
  const [m, ci] = v;
  // Non-finite parameters in some tasks (DIVERGED): the second entry counts them. JSON turns ±Infinity into null.
  if (m === null || m === Infinity) return `diverged (${ci}/${r.evalTasks} tasks)`;
  // Finite but so large that the standard deviation overflowed.
  if (ci === null || !Number.isFinite(ci)) return `unstable (mean ${m.toExponential(1)})`;
  return `${m.toFixed(3)} ± ${ci.toFixed(3)}`;
}

/** Markdown table of result rows (ours and the PyTorch reference share the format). */
export function table(rows: readonly SinusoidResult[]): string {
  const cols: string[] = [];
  for (const K of SHOTS) for (const s of STEPS) cols.push(`K=${K},steps=${s}`);
  const head = `| learner | iterations | train time (s) | ${cols.map((c) => c.replace(',', ', ')).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(cols.length + 3)}`;
  const body = rows.map((r) => `| ${r.learner} | ${r.iterations} | ${r.seconds.toFixed(0)} | ${cols.map((c) => cell(r, c)).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Evaluates a checkpoint written during training (for runs that could not finish). */
export function evaluateCheckpoint(file: string, nEval = 600): SinusoidResult {
  const ck = JSON.parse(readFileSync(file, 'utf8')) as { learner: string; iterations: number; seconds: number; state: unknown };
  const learner = Learner.fromJSON(ck.state);
  return { learner: ck.learner, iterations: ck.iterations, evalTasks: nEval, seconds: ck.seconds, mse: evaluate(learner, evalTasks(nEval, 424242)) };
}

/**
 * Evaluates parameters trained by bench/peers/maml_sinusoid.py (its checkpoint lists W (fan_in × fan_out) and b per
 * layer, the same flat layout as infometa) on infometa's evaluation tasks, for a paired comparison.
 */
export function evaluateTorchCheckpoint(file: string, nEval = 600): SinusoidResult {
  const ck = JSON.parse(readFileSync(file, 'utf8')) as { learner: string; iterations: number; seconds: number; params: (number[] | number[][])[] };
  const flat = Float64Array.from(ck.params.flatMap((p) => (Array.isArray(p[0]) ? (p as number[][]).flat() : (p as number[]))));
  const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1], activation: 'relu' }), innerLr: 0.01, params: flat });
  return { learner: `${ck.learner} (params evaluated by infometa)`, iterations: ck.iterations, evalTasks: nEval, seconds: ck.seconds, mse: evaluate(learner, evalTasks(nEval, 424242)) };
}

function main(argv: string[]): void {
  const torchEval = arg(argv, '--eval-torch-checkpoint');
  if (torchEval !== undefined) {
    const r = evaluateTorchCheckpoint(torchEval, Number(arg(argv, '--eval-tasks') ?? 600));
    const out = arg(argv, '--json');
    if (out) writeFileSync(out, JSON.stringify([r], null, 1));
    console.log(table([r]));
    return;
  }
  const ckEval = arg(argv, '--eval-checkpoint');
  if (ckEval !== undefined) {
    const r = evaluateCheckpoint(ckEval, Number(arg(argv, '--eval-tasks') ?? 600));
    const out = arg(argv, '--json');
    if (out) writeFileSync(out, JSON.stringify([r], null, 1));
    console.log(table([r]));
    return;
  }
  if (argv.includes('--table')) {
    const files = argv.slice(argv.indexOf('--table') + 1);
    const rows = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as SinusoidResult[]);
    console.log(table(rows));
    return;
  }
  const iterations = Number(arg(argv, '--iterations') ?? 70000);
  const learners = (arg(argv, '--learners') ?? 'maml,fomaml,metasgd,reptile,pretrained').split(',') as SinusoidLearner[];
  const nEval = Number(arg(argv, '--eval-tasks') ?? 600);
  const seed = Number(arg(argv, '--seed') ?? 1);
  const out = arg(argv, '--json');
  const ck = arg(argv, '--checkpoint');
  const rows: SinusoidResult[] = [];
  for (const learner of learners) {
    const r = runSinusoid({
      learner,
      iterations,
      evalTasks: nEval,
      seed,
      checkpoint: ck === undefined ? undefined : learners.length > 1 ? `${ck}.${learner}` : ck,
      onProgress: (it, loss) => {
        if (it % 5000 === 0) console.error(`${new Date().toISOString()} ${learner} ${it}/${iterations} loss ${loss.toFixed(4)}`);
      },
    });
    rows.push(r);
    console.error(`${learner} done in ${r.seconds.toFixed(1)} s`);
    if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
  }
  console.log(table(rows));
}

if (process.argv[1] !== undefined && /meta-sinusoid\.ts$/.test(process.argv[1])) main(process.argv.slice(2));
