// Every job a worker can run, by name (the worker script imports them all; the main-thread fallback runs the job a
// call passes with its context, so a bundle of one async function carries only that function's job).
import { erase } from '../protocol.js';
import type { AnyJob } from '../protocol.js';
import { dependencyJob } from './dependency.js';
import { ksgJob } from './ksg.js';
import { metaJob } from './meta.js';
import { metaSharedJob } from './meta-shared.js';
import { miTestJob } from './mi-test.js';
import { multiTaskJob } from './multitask.js';
import { teJob } from './te.js';

/** The jobs by name. */
export const JOBS: Readonly<Record<string, AnyJob>> = Object.freeze({
  dependency: erase(dependencyJob),
  ksg: erase(ksgJob),
  meta: erase(metaJob),
  'meta-shared': erase(metaSharedJob),
  'mi-test': erase(miTestJob),
  multitask: erase(multiTaskJob),
  te: erase(teJob),
});
