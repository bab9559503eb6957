// The letter data of the few-shot benchmarks, as bench/fewshot-protocol.md declares it: the alphabetical class split
// (meta-train A–P, meta-validation Q–U, meta-test V–Z) and the features standardised with the meta-train rows' mean
// and standard deviation. Nothing here is part of the library.
import { readFileSync } from 'node:fs';
import { fewShotTasks } from '../src/index.js';
import type { Episode, FewShotSampler, Task } from '../src/index.js';

export const TRAIN = 'ABCDEFGHIJKLMNOP'.split('');
export const VAL = 'QRSTU'.split('');
export const TEST = 'VWXYZ'.split('');

export interface Letter {
  x: Float64Array;
  y: string[];
  d: number;
}

/** letter.csv, standardised with the meta-train rows' statistics. */
export function loadLetter(): Letter {
  const lines = readFileSync(new URL('../examples/data/letter.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const d = 16;
  const x = new Float64Array(lines.length * d);
  const y: string[] = [];
  lines.forEach((line, i) => {
    const v = line.split(',');
    for (let j = 0; j < d; j++) x[i * d + j] = Number(v[j]);
    y.push(v[d]);
  });
  const train = new Set(TRAIN);
  const mean = new Float64Array(d), sd = new Float64Array(d);
  let n = 0;
  y.forEach((c, i) => {
    if (!train.has(c)) return;
    n++;
    for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  });
  for (let j = 0; j < d; j++) mean[j] /= n;
  y.forEach((c, i) => {
    if (!train.has(c)) return;
    for (let j = 0; j < d; j++) sd[j] += (x[i * d + j] - mean[j]) ** 2;
  });
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] / (n - 1));
  for (let i = 0; i < y.length; i++) for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] - mean[j]) / sd[j];
  return { x, y, d };
}

export function samplers(data: Letter, shots: number): { train: FewShotSampler; val: FewShotSampler; test: FewShotSampler } {
  const mk = (classes: string[]): FewShotSampler => fewShotTasks(data.x, data.y, { ways: 5, shots, queryShots: 15, classes });
  return { train: mk(TRAIN), val: mk(VAL), test: mk(TEST) };
}

/** A sampler that replays fixed episodes in order (so infometa and the PyTorch peer train on the very same ones). */
export function replay(base: FewShotSampler, episodes: readonly Episode[]): FewShotSampler {
  let i = 0;
  return { ...base, sample: () => episodes[i++ % episodes.length], episodes: base.episodes };
}

/** An episode as plain arrays for a Python peer. */
export function plain(t: Task): { xs: number[]; ys: number[]; xq: number[]; yq: number[] } {
  return { xs: Array.from(t.support.x), ys: Array.from(t.support.y), xq: Array.from(t.query.x), yq: Array.from(t.query.y) };
}
