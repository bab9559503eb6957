// mathjs matrices, driven through the public functions with real mathjs and ml-matrix objects: every
// place that takes an ml-matrix Matrix also takes a mathjs Matrix (dense or sparse) and gives the same bits.
import { create, all } from 'mathjs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  gaussianEntropy,
  gaussianMutualInformationOf,
  jointEntropy,
  ksgMutualInformation,
  mutualInformation,
  mutualInformationOfCounts,
  normalizedMutualInformation,
  taskDependencyMatrix,
} from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

const math = create(all);
const rows = [
  [0.1, 0.2, 0.05],
  [0.15, 0.3, 0.2],
];

describe('matrix objects of other libraries', () => {
  it('2-D tables: number[][], ml-matrix, mathjs dense and sparse give identical results', () => {
    const forms = [rows, new Matrix(rows), math.matrix(rows), math.sparse(rows)];
    for (const f of [mutualInformation, jointEntropy, normalizedMutualInformation]) {
      const want = f(rows);
      for (const m of forms) expect(f(m)).toBe(want);
    }
    const counts = [
      [10, 0, 3],
      [2, 7, 0],
    ];
    expect(mutualInformationOfCounts(math.matrix(counts), { estimator: 'miller-madow' })).toBe(mutualInformationOfCounts(counts, { estimator: 'miller-madow' }));
  });

  it('task label matrices (n × T, one column per task)', () => {
    const labels = [
      [0, 1, 2],
      [1, 1, 0],
      [0, 0, 2],
      [1, 0, 1],
      [1, 1, 1],
      [0, 1, 0],
    ];
    const cols = [0, 1, 2].map((t) => labels.map((r) => r[t]));
    const want = taskDependencyMatrix(cols, { measure: 'nmi' }).values;
    expect(taskDependencyMatrix(math.matrix(labels), { measure: 'nmi' }).values).toEqual(want);
    expect(taskDependencyMatrix(new Matrix(labels), { measure: 'nmi' }).values).toEqual(want);
  });

  it('covariances and samples', () => {
    const cov = [
      [2, 0.5],
      [0.5, 1],
    ];
    expect(gaussianEntropy(math.matrix(cov))).toBe(gaussianEntropy(cov));
    const x = [[0.1], [0.5], [0.9], [1.3], [0.2], [2.2], [1.1], [0.4]];
    const y = [[1.0], [0.7], [0.2], [1.9], [0.3], [2.0], [0.9], [0.6]];
    const want = ksgMutualInformation(x, y, { k: 2, noise: 0 });
    expect(ksgMutualInformation(math.matrix(x), math.matrix(y), { k: 2, noise: 0 })).toBe(want);
    expect(ksgMutualInformation(new Matrix(x), new Matrix(y), { k: 2, noise: 0 })).toBe(want);
    expect(gaussianMutualInformationOf(math.matrix(x), y)).toBe(gaussianMutualInformationOf(x, y));
  });

  it('refuses what it cannot read, naming the function, the argument and the entry', () => {
    expect(errorCodeAndMessage(() => mutualInformation(math.matrix([0.5, 0.5])))).toBe(
      'SHAPE_MISMATCH: mutualInformation: pxy must be a 2-D matrix (got a mathjs matrix of size [2])',
    );
    const big = math.matrix([
      [math.bignumber(0.5), math.bignumber(0)],
      [math.bignumber(0), math.bignumber(0.5)],
    ]);
    expect(errorCodeAndMessage(() => mutualInformation(big))).toBe(
      'INVALID_ARGUMENT: mutualInformation: pxy[0][0] must be a number (got BigNumber); convert a mathjs matrix with math.number(m) first',
    );
    expect(errorCodeAndMessage(() => gaussianEntropy(math.matrix([[1, 2, 3]])))).toBe('SHAPE_MISMATCH: gaussianEntropy: cov must be square (got 1 × 3)');
    expect(errorCodeAndMessage(() => mutualInformation(math.matrix([[0.5, NaN], [0.25, 0.25]])))).toMatch(/^NON_FINITE: mutualInformation: pxy must be finite/);
    expect(errorCodeAndMessage(() => ksgMutualInformation(math.matrix([[1], [Infinity]]), [[1], [2]]))).toBe(
      'NON_FINITE: ksgMutualInformation: x must be finite (got Infinity at row 1, column 0)',
    );
    const hostile = { rows: -1, columns: 2, get: () => 0 };
    expect(errorCodeAndMessage(() => mutualInformation(hostile))).toBe('INVALID_ARGUMENT: mutualInformation: pxy.rows must be a non-negative integer (got -1)');
  });

  it('never writes to the matrix it reads', () => {
    const m = math.matrix(rows.map((r) => r.slice()));
    mutualInformation(m);
    expect(m.toArray()).toEqual(rows);
  });
});
