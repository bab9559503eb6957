// Every fuzz target, by layer. The suite checks that every export listed by the export snapshot has at least one.
import type { Target } from './oracle.js';
import { channelTargets } from './specs/channels.js';
import { coreTargets } from './specs/core.js';
import { counterFuzzTargets } from './specs/counters.js';
import { dynamicsTargets } from './specs/dynamics.js';
import { estimatorTargets } from './specs/estimators.js';
import { fewShotTargets } from './specs/fewshot.js';
import { metaTargets } from './specs/meta.js';
import { mimlTargets } from './specs/miml.js';
import { multivariateTargets } from './specs/multivariate.js';
import { parallelTargets } from './specs/parallel.js';

export const targets: readonly Target[] = [
  ...coreTargets,
  ...counterFuzzTargets,
  ...multivariateTargets,
  ...estimatorTargets,
  ...channelTargets,
  ...mimlTargets,
  ...metaTargets,
  ...dynamicsTargets,
  ...fewShotTargets,
  ...parallelTargets,
];

/** The targets by name (names are unique). */
export const byName: ReadonlyMap<string, Target> = new Map(targets.map((t) => [t.name, t]));
