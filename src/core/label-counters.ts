// The one- and two-column counters: a JointCounter of one label column, and of two (a contingency table).
import { fail, fmt } from '../internal/errors.js';
import type { Labels } from './labels.js';
import { JointCounter } from './counter.js';

/**
 * Counts of one label column, fed in chunks, mergeable and serialisable: a {@link JointCounter} of one column. As a
 * 1-D {@link Table} it feeds `entropyOfCounts` with every estimator.
 *
 * @example
 * ```ts
 * import { LabelCounter, entropyOfCounts, entropyOf } from 'infometa';
 * const shard1 = new LabelCounter('color').add(['red', 'red', 'blue']);
 * const shard2 = new LabelCounter('color').add(['green', 'red']);
 * const all = shard1.merge(shard2);
 * console.log(all.categories(), Array.from(all.data)); // [ 'blue', 'green', 'red' ] [ 1, 1, 3 ]
 * console.log(entropyOfCounts(all) === entropyOf(['red', 'red', 'blue', 'green', 'red'])); // true
 * ```
 */
export class LabelCounter extends JointCounter {
  /** The class name used in error messages. */
  static override readonly label: string = 'LabelCounter';
  /** The `kind` tag of this class's JSON. */
  static override readonly kind: string = 'infometa.LabelCounter';

  /**
   * An empty counter of one column.
   *
   * @param name - the column name (default `x`)
   * @throws InfometaError `INVALID_ARGUMENT` for a name that is not a string
   */
  constructor(name: string = 'x') {
    super([name]);
  }

  /**
   * Counts one chunk of labels.
   *
   * @param x - labels (integer typed array, integer `number[]` or `string[]`); may be empty
   * @returns this counter
   * @throws InfometaError `INVALID_ARGUMENT` for a non-array; `INVALID_LABELS` / `NON_FINITE` for bad labels or a
   *   switch between integers and strings
   */
  override add(x: Labels): this {
    return super.add(x);
  }

  /**
   * Rebuilds a counter from its JSON (see {@link JointCounter.fromJSON}).
   *
   * @param json - the plain data, kind `'infometa.LabelCounter'`
   * @returns the counter
   * @throws InfometaError `INVALID_JSON` as {@link JointCounter.fromJSON}
   */
  static override fromJSON(json: unknown): LabelCounter {
    return super.fromJSON.call(this, json) as LabelCounter;
  }

  protected static override create(columns: readonly string[]): JointCounter {
    if (columns.length !== 1) fail('INVALID_ARGUMENT', 'LabelCounter', `a LabelCounter counts one column (got ${columns.length})`);
    return new LabelCounter(columns[0]);
  }
}

/**
 * Counts of paired labels (a contingency table), fed in chunks with `add(xChunk, yChunk)`, mergeable and
 * serialisable: a {@link JointCounter} of two columns. As a 2-D {@link Table} it feeds `mutualInformationOfCounts`
 * (every estimator) and the table functions (`mutualInformation`, `conditionalEntropy`, `normalizedMutualInformation`,
 * `variationOfInformation`, with `{ normalize: true }`).
 *
 * @example
 * ```ts
 * import { ContingencyCounter, mutualInformationOfCounts, mutualInformationOf } from 'infometa';
 * const x = ['a', 'a', 'b', 'b', 'a', 'b'];
 * const y = [1, 1, 2, 2, 2, 2];
 * const c = new ContingencyCounter();
 * c.add(x.slice(0, 4), y.slice(0, 4)).add(x.slice(4), y.slice(4)); // two chunks
 * console.log(mutualInformationOfCounts(c) === mutualInformationOf(x, y)); // true
 * ```
 */
export class ContingencyCounter extends JointCounter {
  /** The class name used in error messages. */
  static override readonly label: string = 'ContingencyCounter';
  /** The `kind` tag of this class's JSON. */
  static override readonly kind: string = 'infometa.ContingencyCounter';

  /**
   * An empty counter of two columns.
   *
   * @param columns - the two column names (default `['x', 'y']`)
   * @throws InfometaError `INVALID_ARGUMENT` unless two unique string names
   */
  constructor(columns: readonly [string, string] = ['x', 'y']) {
    if (!Array.isArray(columns) || columns.length !== 2) fail('INVALID_ARGUMENT', 'ContingencyCounter', `columns must be two names (got ${fmt(columns)})`);
    super(columns);
  }

  /**
   * Counts one chunk of paired labels.
   *
   * @param x - row labels of the chunk
   * @param y - column labels of the chunk, the same length as x
   * @returns this counter
   * @throws InfometaError as {@link JointCounter.add}; `SHAPE_MISMATCH` when x and y differ in length
   */
  override add(x: Labels, y: Labels): this {
    return super.add(x, y);
  }

  /**
   * Rebuilds a counter from its JSON (see {@link JointCounter.fromJSON}).
   *
   * @param json - the plain data, kind `'infometa.ContingencyCounter'`
   * @returns the counter
   * @throws InfometaError `INVALID_JSON` as {@link JointCounter.fromJSON}
   */
  static override fromJSON(json: unknown): ContingencyCounter {
    return super.fromJSON.call(this, json) as ContingencyCounter;
  }

  protected static override create(columns: readonly string[]): JointCounter {
    if (columns.length !== 2) fail('INVALID_ARGUMENT', 'ContingencyCounter', `a ContingencyCounter counts two columns (got ${columns.length})`);
    return new ContingencyCounter([columns[0], columns[1]]);
  }
}
