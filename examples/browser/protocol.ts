// Messages between the page (main.ts) and its training Web Worker (worker.ts). Plain data only: it crosses
// postMessage.

/** Meta-train a sinusoid MAML and report the adapted curve of one held-out task as it goes. */
export interface TrainRequest {
  type: 'train';
  id: number;
  iterations: number;
  metaBatchSize: number;
  shots: number;
  hidden: number;
  innerLr: number;
  outerLr: number;
  adaptSteps: number;
  seed: number;
}

/** Stop the running training after the iteration in progress (sent when the page's AbortSignal fires). */
export interface StopRequest {
  type: 'stop';
  id: number;
}

export type Request = TrainRequest | StopRequest;

/** The held-out task the curve is drawn for. */
export interface TrainStarted {
  type: 'train-started';
  id: number;
  amplitude: number;
  phase: number;
  grid: Float64Array;
  truth: Float64Array;
  supportX: Float64Array;
  supportY: Float64Array;
  numParams: number;
}

/** Predictions on the grid before and after adapting to the held-out task's support set. */
export interface Curve {
  before: Float64Array;
  adapted: Float64Array;
  /** Mean squared error of `adapted` against the true sinusoid over the grid. */
  mse: number;
  /** The same for `before`. */
  mseBefore: number;
}

export interface TrainProgress {
  type: 'train-progress';
  id: number;
  iteration: number;
  iterations: number;
  /** Meta-training losses of the iterations since the last message. */
  losses: Float64Array;
  curve: Curve;
  ms: number;
}

export interface TrainDone {
  type: 'train-done';
  id: number;
  iteration: number;
  iterations: number;
  stopped: boolean;
  losses: Float64Array;
  curve: Curve;
  ms: number;
}

export interface WorkerError {
  type: 'error';
  id: number;
  message: string;
  code: string | null;
}

export type Response = TrainStarted | TrainProgress | TrainDone | WorkerError;
