// Every bad input of the dynamics measures gets an InfometaError naming the function, the argument and the value.
import { describe, expect, it } from 'vitest';
import {
  activeInformationStorage,
  adjustPValues,
  conditionalTransferEntropy,
  createRng,
  entropyRate,
  selectEmbedding,
  transferEntropy,
  transferEntropyLocal,
  transferEntropyMatrix,
  TransferEntropyMatrix,
  transferEntropyTest,
} from '../../src/index.js';
import type { SeriesInput } from '../../src/index.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';

const rng = createRng(1);
const x = Array.from({ length: 50 }, () => rng.normal());
const y = Array.from({ length: 50 }, () => rng.normal());
const bits = Array.from({ length: 50 }, () => rng.int(2));

describe('series', () => {
  it('different lengths', () => {
    expect(code(() => transferEntropy(x, y.slice(1)))).toBe('SHAPE_MISMATCH: transferEntropy: source and target must have the same length (got 50 and 49)');
    expect(code(() => transferEntropy([x, x], [y, y.slice(2)]))).toBe('SHAPE_MISMATCH: transferEntropy: source[1] and target[1] must have the same length (got 50 and 48)');
    expect(code(() => transferEntropy([x, x], [y]))).toBe('SHAPE_MISMATCH: transferEntropy: source and target must have the same number of trials (got 2 and 1)');
    expect(code(() => transferEntropy([x, x], y))).toBe("SHAPE_MISMATCH: transferEntropy: source is a list of 2 trials but target is a single series; pass both the same way");
    expect(code(() => conditionalTransferEntropy(x, y, [x.slice(3)]))).toBe('SHAPE_MISMATCH: conditionalTransferEntropy: source and conditionals[0] must have the same length (got 50 and 47)');
  });

  it('too short for the embedding, naming the length it needs', () => {
    expect(code(() => transferEntropy(x.slice(0, 5), y.slice(0, 5), { k: 3, kTau: 2 }))).toBe(
      'INVALID_ARGUMENT: transferEntropy: source (and its partners) is too short for the embedding (k = 3, kTau = 2, l = 1, lTau = 1, delay = 1): it needs at least 6 samples (got 5)',
    );
    expect(code(() => transferEntropy([x, x.slice(0, 3)], [y, y.slice(0, 3)], { delay: 4 }))).toBe(
      'INVALID_ARGUMENT: transferEntropy: source[1] (and its partners) is too short for the embedding (k = 1, kTau = 1, l = 1, lTau = 1, delay = 4): it needs at least 5 samples (got 3)',
    );
    expect(code(() => activeInformationStorage([1, 2, 3], { k: 3 }))).toBe('INVALID_ARGUMENT: activeInformationStorage: series is too short for the embedding (k = 3, tau = 1): it needs at least 4 samples (got 3)');
  });

  it('non-finite values, naming trial and index', () => {
    expect(code(() => transferEntropy([0, 1, NaN, 2], [0, 1, 2, 3]))).toBe('NON_FINITE: transferEntropy: source[2] must be finite (got NaN)');
    expect(code(() => transferEntropy([x, x], [y, [...y.slice(0, 49), Infinity]]))).toBe('NON_FINITE: transferEntropy: target[1][49] must be finite (got Infinity)');
    expect(code(() => activeInformationStorage(Float64Array.from([1, -Infinity, 3])))).toBe('NON_FINITE: activeInformationStorage: series[1] must be finite (got -Infinity)');
  });

  it('empty series, empty list of trials, non-arrays, non-numbers', () => {
    expect(code(() => transferEntropy([], []))).toBe('EMPTY_INPUT: transferEntropy: source is empty');
    expect(code(() => transferEntropy([x, []], [y, []]))).toBe('EMPTY_INPUT: transferEntropy: source[1] is empty');
    expect(code(() => transferEntropy([] as unknown as number[][], [] as unknown as number[][]))).toBe('EMPTY_INPUT: transferEntropy: source is empty');
    expect(code(() => activeInformationStorage('abc' as unknown as number[]))).toBe('INVALID_ARGUMENT: activeInformationStorage: series must be a series (an array or typed array of numbers) or an array of trials (got "abc")');
    expect(code(() => transferEntropy([0, '1', 2] as unknown as number[], [0, 1, 2]))).toBe('INVALID_ARGUMENT: transferEntropy: source[1] must be a number (got "1")');
    expect(code(() => transferEntropy(x, y, 3 as unknown as object))).toBe('INVALID_ARGUMENT: transferEntropy: options must be an object (got 3)');
  });
});

describe('discrete estimator', () => {
  it('non-integer or negative samples', () => {
    expect(code(() => transferEntropy(x, bits, { estimator: 'discrete' }))).toMatch(/^INVALID_LABELS: transferEntropy: source\[0\] must be a non-negative integer for the discrete estimator \(got -?[0-9.]+\)$/);
    expect(code(() => transferEntropy(bits, [...bits.slice(0, 10), -1, ...bits.slice(11)], { estimator: 'discrete' }))).toBe(
      'INVALID_LABELS: transferEntropy: target[10] must be a non-negative integer for the discrete estimator (got -1)',
    );
    expect(code(() => transferEntropy([bits], [Int32Array.from(bits, (v, i) => (i === 7 ? -3 : v))], { estimator: 'discrete' }))).toBe(
      'INVALID_LABELS: transferEntropy: target[0][7] must be a non-negative integer for the discrete estimator (got -3)',
    );
  });

  it('a joint state space that overflows 2⁵³ states', () => {
    const big = bits.map((v) => v * 1_000_000);
    expect(code(() => transferEntropy(big, big, { estimator: 'discrete', k: 2 }))).toBe(
      'INVALID_ARGUMENT: transferEntropy: the joint state space of the discrete estimator overflows: source (1000001 symbols, 1 sample), target (1000001 symbols, 1 sample), target (1000001 symbols, 2 samples) give 1.00e+24 joint states, more than 2⁵³; use shorter histories or fewer symbols',
    );
  });
});

describe('options', () => {
  it('k, kTau, l, lTau, delay, tau below 1 or not integers', () => {
    for (const name of ['k', 'kTau', 'l', 'lTau', 'delay']) {
      for (const bad of [0, -1, 1.5, Number.NaN, '2']) {
        expect(code(() => transferEntropy(x, y, { [name]: bad }))).toBe(`INVALID_OPTION: transferEntropy: ${name} must be an integer ≥ 1 (got ${typeof bad === 'string' ? '"2"' : String(bad)})`);
      }
    }
    expect(code(() => activeInformationStorage(x, { tau: 0 }))).toBe('INVALID_OPTION: activeInformationStorage: tau must be an integer ≥ 1 (got 0)');
    expect(code(() => conditionalTransferEntropy(x, y, [x], { conditionalDelay: [0] }))).toBe('INVALID_OPTION: conditionalTransferEntropy: conditionalDelay[0] must be an integer ≥ 1 (got 0)');
    expect(code(() => conditionalTransferEntropy(x, y, [x], { conditionalK: [1, 2] }))).toBe('SHAPE_MISMATCH: conditionalTransferEntropy: conditionalK must have one entry per conditional series (got 2 for 1)');
  });

  it('estimator, neighbours, algorithm, noise, base', () => {
    expect(code(() => transferEntropy(x, y, { estimator: 'kl' as 'ksg' }))).toBe("INVALID_OPTION: transferEntropy: unknown estimator \"kl\"; expected one of 'ksg', 'discrete', 'gaussian', 'mixed'");
    expect(code(() => transferEntropy(x.slice(0, 5), y.slice(0, 5)))).toBe(
      'INVALID_OPTION: transferEntropy: neighbours must be less than the number of embedded samples (got neighbours = 4 with 4 samples); pass longer series or fewer neighbours',
    );
    expect(code(() => transferEntropy(x, y, { neighbours: 0 }))).toBe('INVALID_OPTION: transferEntropy: neighbours must be an integer ≥ 1 (got 0)');
    expect(code(() => transferEntropy(x, y, { algorithm: 3 as 1 }))).toBe('INVALID_OPTION: transferEntropy: algorithm must be 1 or 2 (got 3)');
    expect(code(() => transferEntropy(x, y, { noise: -1 }))).toBe('INVALID_OPTION: transferEntropy: noise must be a finite number in [0, 1] (got -1)');
    expect(code(() => transferEntropy(x, y, { base: 1 }))).toBe('INVALID_OPTION: transferEntropy: base must be a finite number > 0 and ≠ 1 (got 1)');
    expect(code(() => transferEntropy(x, y, { normalize: 1 as unknown as boolean }))).toBe('INVALID_OPTION: transferEntropy: normalize must be a boolean (got 1)');
    expect(code(() => transferEntropy(x, y, { kTua: 2 } as object))).toBe(
      "INVALID_OPTION: transferEntropy: unknown option \"kTua\"; did you mean 'kTau'? (options: estimator, k, kTau, l, lTau, delay, discrete, neighbours, algorithm, noise, seed, normalize, base)",
    );
    expect(code(() => activeInformationStorage(x, { l: 2 } as object))).toMatch(/^INVALID_OPTION: activeInformationStorage: unknown option "l"; did you mean 'k'\?/);
    expect(code(() => transferEntropyTest(x, y, { permutations: 9 } as object))).toMatch(/^INVALID_OPTION: transferEntropyTest: unknown option "permutations"/);
    expect(code(() => transferEntropy(x, y, { seed: 1.5 }))).toBe('INVALID_OPTION: transferEntropy: seed must be an integer (got 1.5)');
    expect(code(() => entropyRate(x, { estimator: 'ksg' as 'kl' }))).toBe("INVALID_OPTION: entropyRate: unknown estimator \"ksg\"; expected one of 'kl', 'discrete', 'gaussian'");
  });

  it('the mixed estimator needs exactly one discrete side and gives no local values', () => {
    expect(code(() => transferEntropy(x, y, { estimator: 'mixed' }))).toBe(
      "INVALID_OPTION: transferEntropy: the mixed estimator needs one discrete side: neither source and target hold only non-negative integers; pass { discrete: 'source' } or { discrete: 'target' }",
    );
    expect(code(() => transferEntropy(bits, bits, { estimator: 'mixed' }))).toMatch(/needs one discrete side: both source and target/);
    expect(code(() => transferEntropyLocal(bits, y, { estimator: 'mixed' }))).toBe("INVALID_OPTION: transferEntropyLocal: local values are not available for the 'mixed' estimator; use 'ksg' or 'discrete'");
  });

  it('conditionals that are not a list of series', () => {
    expect(code(() => conditionalTransferEntropy(x, y, x as unknown as SeriesInput[]))).toBe(
      'INVALID_ARGUMENT: conditionalTransferEntropy: conditionals must be an array of series, one per conditional variable (got an array of numbers: wrap a single series as [series])',
    );
    expect(code(() => conditionalTransferEntropy(x, y, 'z' as unknown as SeriesInput[]))).toBe(
      'INVALID_ARGUMENT: conditionalTransferEntropy: conditionals must be an array with one series (or list of trials) per conditional variable (got "z")',
    );
  });

  it('singular covariances (Gaussian) and repeated vectors (Kozachenko–Leonenko)', () => {
    const ramp = Array.from({ length: 50 }, (_, t) => t);
    expect(code(() => activeInformationStorage(ramp, { estimator: 'gaussian', k: 2 }))).toMatch(/^NOT_POSITIVE_DEFINITE: activeInformationStorage: the covariance of the source past/);
    expect(code(() => entropyRate(bits, { noise: false }))).toMatch(/^INVALID_ARGUMENT: entropyRate: embedded vector \d+ has 4 or more exact duplicates/);
  });

  it('embedding selection', () => {
    expect(code(() => selectEmbedding(x, { kMax: 0 }))).toBe('INVALID_OPTION: selectEmbedding: kMax must be an integer ≥ 1 (got 0)');
    expect(code(() => selectEmbedding(x, { method: 'fnn' as 'ais' }))).toBe("INVALID_OPTION: selectEmbedding: unknown method \"fnn\"; expected one of 'ais', 'ragwitz'");
    expect(code(() => selectEmbedding(x.slice(0, 8), { kMax: 8 }))).toMatch(/^INVALID_ARGUMENT: selectEmbedding: series is too short for the embedding \(k = 8, tau = 1, the largest tried\): it needs at least 9 samples \(got 8\)$/);
  });
});

describe('surrogates and matrices', () => {
  it('surrogate options', () => {
    expect(code(() => transferEntropyTest(x, y, { surrogates: 0 }))).toBe('INVALID_OPTION: transferEntropyTest: surrogates must be an integer ≥ 1 (got 0)');
    expect(code(() => transferEntropyTest(x, y, { surrogate: 'phase' as 'shuffle' }))).toBe("INVALID_OPTION: transferEntropyTest: unknown surrogate \"phase\"; expected one of 'shuffle', 'circular'");
    expect(code(() => transferEntropyTest(x, y, { surrogate: 'circular', minShift: 30 }))).toBe(
      'INVALID_OPTION: transferEntropyTest: minShift must be at most half the observations of the shortest trial for circular surrogates (got 30 with 49 observations)',
    );
    expect(code(() => transferEntropyTest(x, y, { onProgress: 1 as unknown as () => void }))).toBe('INVALID_OPTION: transferEntropyTest: onProgress must be a function (got 1)');
    expect(code(() => transferEntropyTest(x, y, { signal: {} as AbortSignal }))).toBe('INVALID_OPTION: transferEntropyTest: signal must be an AbortSignal (got object Object)');
    expect(code(() => transferEntropyTest(x, y, { seed: Number.NaN }))).toBe('INVALID_OPTION: transferEntropyTest: seed must be an integer (got NaN)');
  });

  it('an aborted signal stops the test', () => {
    const ac = new AbortController();
    ac.abort();
    expect(code(() => transferEntropyTest(x, y, { signal: ac.signal, surrogates: 10 }))).toBe('ABORTED: transferEntropyTest: aborted by signal');
    const ac2 = new AbortController();
    expect(
      code(() =>
        transferEntropyMatrix([x, y], undefined, {
          surrogates: 200,
          signal: ac2.signal,
          onProgress: (p) => {
            if (p.completed >= 64) ac2.abort();
          },
        }),
      ),
    ).toBe('ABORTED: transferEntropyMatrix: aborted by signal');
  });

  it('matrix arguments', () => {
    expect(code(() => transferEntropyMatrix([x]))).toBe('INVALID_ARGUMENT: transferEntropyMatrix: series must be an array of at least 2 series (got array of length 1)');
    expect(code(() => transferEntropyMatrix(x as unknown as number[][]))).toBe('INVALID_ARGUMENT: transferEntropyMatrix: series must be an array of series (one per variable), not a single series of numbers');
    expect(code(() => transferEntropyMatrix([x, y], ['a']))).toBe('SHAPE_MISMATCH: transferEntropyMatrix: names must have one entry per series (got 1 names for 2 series)');
    expect(code(() => transferEntropyMatrix([x, y], ['a', 'a']))).toBe('INVALID_ARGUMENT: transferEntropyMatrix: names must be distinct');
    expect(code(() => transferEntropyMatrix([x, y.slice(1)]))).toBe('SHAPE_MISMATCH: transferEntropyMatrix: series[0] and series[1] must have the same length (got 50 and 49)');
    expect(code(() => transferEntropyMatrix([x, y], undefined, { estimator: 'mixed' as 'ksg' }))).toMatch(/^INVALID_OPTION: transferEntropyMatrix: unknown estimator "mixed"/);
    const m = transferEntropyMatrix([x, y], ['a', 'b'], { estimator: 'gaussian' });
    expect(code(() => m.get('c', 'a'))).toBe('INVALID_ARGUMENT: TransferEntropyMatrix.get: source must be a series name ("a", "b") or an index below 2 (got "c")');
    expect(code(() => m.edges())).toBe('INVALID_ARGUMENT: TransferEntropyMatrix.edges: the matrix has no p-values: compute it with { surrogates }');
    expect(code(() => TransferEntropyMatrix.fromJSON({ kind: 'infometa.DependencyMatrix', version: 1 }))).toBe(
      "INVALID_JSON: TransferEntropyMatrix.fromJSON: expected { kind: 'infometa.TransferEntropyMatrix', version: 1 } (got \"infometa.DependencyMatrix\")",
    );
    expect(code(() => new TransferEntropyMatrix(['a', 'b'], [0, 1, 2]))).toBe('SHAPE_MISMATCH: TransferEntropyMatrix: values must hold T × T = 4 entries for 2 series (got 3)');
  });

  it('adjustPValues', () => {
    expect(code(() => adjustPValues([0.1, 1.2]))).toBe('INVALID_ARGUMENT: adjustPValues: pValues[1] must be in [0, 1] (got 1.2)');
    expect(code(() => adjustPValues([Number.NaN]))).toBe('NON_FINITE: adjustPValues: pValues[0] must be a number in [0, 1] (got NaN)');
    expect(code(() => adjustPValues([0.1], { method: 'sidak' as 'bh' }))).toBe("INVALID_OPTION: adjustPValues: unknown method \"sidak\"; expected one of 'bh', 'bonferroni', 'holm'");
    expect(code(() => adjustPValues('p' as unknown as number[]))).toBe('INVALID_ARGUMENT: adjustPValues: pValues must be an array of numbers (got "p")');
  });
});
