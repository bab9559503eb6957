import { loadFixture } from '../helpers/fixtures.js';
export { errorCode as code } from '../helpers/errors.js';

/** Pairwise reference values of one data set, T × T nested arrays (row i, column j). */
export interface PairwiseFx {
  mi: number[][];
  nmi: number[][];
  nmi_geometric: number[][];
  ami: number[][];
  ami_max: number[][];
  ce: number[][];
  entropy: number[];
}

/** Soft predictions with their MI (scipy) and the gradient of the MI formula (torch autograd). */
export interface PredictionFx {
  probsA: number[][];
  probsB: number[][];
  mi: number;
  torchValue: number;
  gradA: number[];
  gradB: number[];
}

/** The whole of test/fixtures/miml_reference.json. */
export interface MimlFx {
  emotions: PairwiseFx & { names: string[]; labels: string[] };
  yeast: PairwiseFx & { names: string[]; labels: string[] };
  multi: PairwiseFx & { labels: string[][] };
  predictions: PredictionFx[];
}

let cached: MimlFx | undefined;

/** Loads the MIML fixture once. */
export function mimlFixture(): MimlFx {
  cached ??= loadFixture<MimlFx>('miml_reference.json');
  return cached;
}

/** Decodes the '0'/'1' label strings of the fixture. */
export function bitsToLabels(s: string): Int32Array {
  const out = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) - 48;
  return out;
}


/** The InfometaError message thrown by f. */
export { errorMessage as message } from '../helpers/errors.js';
