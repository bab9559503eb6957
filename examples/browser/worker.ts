// The page's MAML meta-training, off the main thread, reporting the adapted curve as it goes. (The task-dependency
// matrix runs on infometa's worker pool instead: see main.ts.)
import { InfometaError, createRng } from 'infometa';
import { adam, maml, mlp, sinusoidTasks } from 'infometa/meta';
import type { MetaLearner } from 'infometa/meta';
import type { Curve, Request, Response, TrainRequest } from './protocol.js';

// The DOM lib types `self` as a Window; in a dedicated worker these two members are what we use.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: Response): void;
};
const post = (message: Response): void => scope.postMessage(message);

/** The controller of the training in progress; a `stop` message aborts it. */
let training: { id: number; controller: AbortController } | null = null;

/** Lets queued messages (a `stop`) run between two chunks of synchronous training. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function train(req: TrainRequest): Promise<void> {
  const t0 = performance.now();
  const controller = new AbortController();
  training = { id: req.id, controller };
  const model = mlp({ sizes: [1, req.hidden, req.hidden, 1] });
  const learner = maml({ model, innerLr: req.innerLr, seed: req.seed });
  const outer = adam({ lr: req.outerLr });
  const sampler = sinusoidTasks();

  // A new task, never seen in training (its own sampler and seed), with K support points to adapt on.
  const heldOut = sinusoidTasks();
  const task = heldOut.sample(createRng(req.seed + 7919), req.shots, 1);
  const { amplitude, phase } = heldOut.last;
  const grid = Float64Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);
  const truth = grid.map((x) => amplitude * Math.sin(x - phase));
  post({
    type: 'train-started', id: req.id, amplitude, phase, grid, truth,
    supportX: Float64Array.from(task.support.x), supportY: Float64Array.from(task.support.y), numParams: learner.params.length,
  });

  const mse = (p: Float64Array): number => p.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / p.length;
  const curve = (l: MetaLearner): Curve => {
    const before = model.apply(l.params, grid);
    const adapted = model.apply(l.adapt(l.params, task.support, { steps: req.adaptSteps }), grid);
    return { before, adapted, mse: mse(adapted), mseBefore: mse(before) };
  };

  // `fit` is synchronous and checks its signal between iterations, but a worker cannot receive the page's `stop`
  // while a synchronous call runs. So train in chunks of about 100 tasks, yielding to the event loop in between;
  // the outer optimizer (Adam's moments) carries over from chunk to chunk, and each chunk's task stream has its
  // own seed.
  const chunk = Math.max(1, Math.round(100 / req.metaBatchSize));
  let done = 0;
  let stopped = false;
  const all: number[] = [];
  try {
    while (done < req.iterations) {
      const res = learner.fit(sampler, {
        iterations: Math.min(chunk, req.iterations - done),
        metaBatchSize: req.metaBatchSize,
        shots: req.shots,
        outerOptimizer: outer,
        seed: req.seed * 1_000_003 + done,
        signal: controller.signal,
      });
      done += res.iterations;
      all.push(...res.losses);
      if (res.aborted) {
        stopped = true;
        break;
      }
      if (done < req.iterations) {
        post({ type: 'train-progress', id: req.id, iteration: done, iterations: req.iterations, losses: res.losses, curve: curve(learner), ms: performance.now() - t0 });
      }
      await yieldToEvents();
      if (controller.signal.aborted) {
        stopped = done < req.iterations;
        break;
      }
    }
    post({ type: 'train-done', id: req.id, iteration: done, iterations: req.iterations, stopped, losses: Float64Array.from(all), curve: curve(learner), ms: performance.now() - t0 });
  } finally {
    if (training?.controller === controller) training = null;
  }
}

function report(id: number, e: unknown): void {
  post({ type: 'error', id, message: e instanceof Error ? e.message : String(e), code: e instanceof InfometaError ? e.code : null });
}

scope.onmessage = (event: MessageEvent<Request>): void => {
  const req = event.data;
  try {
    if (req.type === 'train') train(req).catch((e: unknown) => report(req.id, e));
    else if (req.type === 'stop' && training?.id === req.id) training.controller.abort();
  } catch (e) {
    report(req.id, e);
  }
};
