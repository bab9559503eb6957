// Every job a worker (or the main-thread fallback) can run, by name: one registry for both sides.
import { erase } from '../protocol.js';
import type { AnyJob } from '../protocol.js';
import { callJob } from './call.js';
import { dependencyJob } from './dependency.js';
import { ksgJob } from './ksg.js';
import { metaJob } from './meta.js';
import { miTestJob } from './mi-test.js';
import { multiTaskJob } from './multitask.js';
import { teJob } from './te.js';

/** The jobs by name. */
export const JOBS: Readonly<Record<string, AnyJob>> = Object.freeze({
  call: erase(callJob),
  dependency: erase(dependencyJob),
  ksg: erase(ksgJob),
  meta: erase(metaJob),
  'mi-test': erase(miTestJob),
  multitask: erase(multiTaskJob),
  te: erase(teJob),
});
