// The categories of a label column: a growing dictionary from value to code, shared by the mergeable counters
// (core/counter.ts) and the task counter (miml/task-counter.ts).
import { fail } from '../internal/errors.js';

/** A category value: an integer label or a string label. */
export type Category = number | string;

/** Largest number of categories of one column, and of distinct cells, that codes can address (2²⁶). */
export const MAX_CODES = 1 << 26;

/** Sorts category values as `factorize` does: numbers ascending, strings by code unit. */
export function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The categories of one column: a growing dictionary from value to code, codes given in order of first sight.
 * Integer and string labels may not be mixed in one column, across chunks as within one.
 */
export class Categories {
  kind: 'int' | 'string' | undefined = undefined;
  readonly index = new Map<Category, number>();
  readonly values: Category[] = [];

  /** The code of a value, adding it when new. */
  code(v: Category): number {
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      if (c >= MAX_CODES) fail('INVALID_ARGUMENT', 'Categories', `more than ${MAX_CODES} categories in one column`);
      this.index.set(v, c);
      this.values.push(v);
    }
    return c;
  }

  /** Checks that a chunk's label kind agrees with what the column held before, then records it. */
  checkKind(fn: string, name: string, kind: 'int' | 'string'): void {
    if (this.kind !== undefined && this.kind !== kind) {
      const was = this.kind === 'int' ? 'integers' : 'strings';
      fail('INVALID_LABELS', fn, `${name} holds ${kind === 'int' ? 'integers' : 'strings'} but this column held ${was} before; labels must be all strings or all integers`);
    }
    this.kind = kind;
  }

  /** Writes the codes of a validated chunk of labels into out[0 … length). */
  encode(x: unknown, out: Int32Array): void {
    const a = x as ArrayLike<Category>;
    let last: Category | undefined;
    let lastCode = -1;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      // Labels come in runs (sorted exports, constant tasks): one lookup per run.
      if (v !== last) {
        last = v;
        lastCode = this.code(v);
      }
      out[i] = lastCode;
    }
  }

  /** Forgets the categories added after the first k (a roll-back). */
  truncate(k: number): void {
    for (let c = k; c < this.values.length; c++) this.index.delete(this.values[c]);
    this.values.length = k;
  }

  /** rank[c] is the position of code c's value in sorted order. */
  ranks(): Int32Array {
    const order = this.values.map((_, i) => i).sort((a, b) => compareCategories(this.values[a], this.values[b]));
    const rank = new Int32Array(order.length);
    for (let r = 0; r < order.length; r++) rank[order[r]] = r;
    return rank;
  }
}
