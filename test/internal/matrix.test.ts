import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { isMatrixLike, matrixDims, MAX_MATRIX_ENTRIES, readMatrix } from '../../src/internal/matrix.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

describe('the one MatrixLike converter (issue 13, items 8 and 9)', () => {
  it('reads an ml-matrix Matrix', () => {
    const m = new Matrix([[1, 2], [3, 4]]);
    expect(isMatrixLike(m)).toBe(true);
    const r = readMatrix('f', 'm', m);
    expect([r.rows, r.cols, Array.from(r.data)]).toEqual([2, 2, [1, 2, 3, 4]]);
  });
  it('rejects rows or columns that are negative, fractional, infinite, NaN or not numbers', () => {
    for (const rows of [-1, 1.5, Infinity, NaN, '2']) {
      expect(errorCodeAndMessage(() => matrixDims('f', 'm', { rows, columns: 2, get: () => 0 } as never))).toMatch(/^INVALID_ARGUMENT: f: m\.rows must be a non-negative integer/);
    }
    expect(errorCodeAndMessage(() => matrixDims('f', 'm', { rows: 2, columns: -3, get: () => 0 }))).toBe('INVALID_ARGUMENT: f: m.columns must be a non-negative integer (got -3)');
  });
  it('rejects a matrix too large to read through get (1e6 × 1e6) at once, instead of hanging', () => {
    expect(errorCodeAndMessage(() => readMatrix('f', 'm', { rows: 1e6, columns: 1e6, get: () => 0 }))).toBe(
      `INVALID_ARGUMENT: f: m is too large: 1000000 × 1000000 entries (at most ${MAX_MATRIX_ENTRIES} are read through get)`,
    );
  });
  it('never coerces: get() must return numbers', () => {
    expect(errorCodeAndMessage(() => readMatrix('f', 'm', { rows: 1, columns: 2, get: (_i: number, j: number) => (j === 1 ? ('0.5' as unknown as number) : 0.5) }))).toBe(
      'INVALID_ARGUMENT: f: m.get(0, 1) must return a number (got "0.5")',
    );
    expect(errorCodeAndMessage(() => readMatrix('f', 'm', { rows: 1, columns: 1, get: () => 1n as unknown as number }))).toMatch(/got 1n/);
  });
  it('is not fooled by arrays, typed arrays or records without get', () => {
    expect(isMatrixLike([[1]])).toBe(false);
    expect(isMatrixLike(Float64Array.of(1))).toBe(false);
    expect(isMatrixLike({ data: [1], rows: 1, cols: 1 })).toBe(false);
    expect(isMatrixLike({ rows: 1, columns: 1, get: 3 })).toBe(false);
  });
});
