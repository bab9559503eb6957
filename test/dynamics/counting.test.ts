// The exact neighbourhood counters behind the KSG transfer entropy, against brute force (ties included).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { BoxTree } from '../../src/dynamics/boxtree.js';
import { countRectangles } from '../../src/dynamics/rankcount.js';
import { SortedLine } from '../../src/estimators/sorted-line.js';

// Values on a coarse grid so that ties and distances exactly equal to a radius are common.
const grid = fc.integer({ min: -6, max: 6 }).map((v) => v / 4);
const radius = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 }).map((v) => v / 4), fc.double({ min: 0, max: 2, noNaN: true }));

describe('SortedLine and countRectangles', () => {
  test.prop([fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.array(grid, { minLength: n, maxLength: n }), fc.array(grid, { minLength: n, maxLength: n }), fc.array(radius, { minLength: n, maxLength: n }), fc.array(radius, { minLength: n, maxLength: n })))])(
    'count = #{j : |a_j − a_i| ≤ ra_i and |b_j − b_i| ≤ rb_i}, self included',
    ([a, b, ra, rb]) => {
      const n = a.length;
      const A = SortedLine.of(Float64Array.from(a), n);
      const B = SortedLine.of(Float64Array.from(b), n);
      const out = new Int32Array(n);
      const [aLo, aHi, bLo, bHi] = [0, 1, 2, 3].map(() => new Int32Array(n));
      A.intervals(Float64Array.from(ra), aLo, aHi);
      B.intervals(Float64Array.from(rb), bLo, bHi);
      countRectangles(A, aLo, aHi, B, bLo, bHi, out);
      // The output may overwrite an a-range input.
      const again = aHi.slice();
      countRectangles(A, aLo, again, B, bLo, bHi, again);
      expect(again).toEqual(out);
      const one = new Int32Array(n);
      A.countAllSwept(Float64Array.from(ra), one);
      // Both counting orders of the one sorted line give the same counts.
      const galloped = new Int32Array(n);
      A.countAll(Float64Array.from(ra), galloped);
      expect(galloped).toEqual(one);
      for (let i = 0; i < n; i++) {
        let c = 0;
        let c1 = 0;
        for (let j = 0; j < n; j++) {
          if (Math.abs(a[j] - a[i]) <= ra[i]) {
            c1++;
            if (Math.abs(b[j] - b[i]) <= rb[i]) c++;
          }
        }
        expect(out[i]).toBe(c);
        expect(one[i]).toBe(c1);
      }
    },
  );

  test.prop([fc.array(grid, { minLength: 2, maxLength: 40 }), fc.integer()])('a permuted axis equals the axis of the permuted sample', (a, seed) => {
    const n = a.length;
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    let s = seed >>> 0;
    for (let i = n - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const A = SortedLine.of(Float64Array.from(a), n).permuted(perm, new Int32Array(n));
    const direct = SortedLine.of(Float64Array.from(perm, (p) => a[p]), n);
    expect(A.s).toEqual(direct.s);
    // Ties may be ordered differently; every rank must hold the sample's value.
    for (let i = 0; i < n; i++) expect(A.s[A.rank[i]]).toBe(a[perm[i]]);
    for (let t = 0; t < n; t++) expect(A.rank[A.order[t]]).toBe(t);
  });
});

describe('BoxTree', () => {
  test.prop([
    fc.integer({ min: 1, max: 4 }).chain((d) =>
      fc.integer({ min: 1, max: 70 }).chain((n) => fc.tuple(fc.constant(d), fc.array(grid, { minLength: n * d, maxLength: n * d }), fc.array(radius, { minLength: n * d, maxLength: n * d }))),
    ),
  ])('counts the points in a box with a radius per dimension, self included', ([d, data, rad]) => {
    const n = data.length / d;
    const tree = new BoxTree(Float64Array.from(data), n, d, 4);
    const out = new Int32Array(n);
    tree.countAll(Float64Array.from(rad), out);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) {
        let ok = true;
        for (let k = 0; k < d; k++) if (Math.abs(data[j * d + k] - data[i * d + k]) > rad[i * d + k]) ok = false;
        if (ok) c++;
      }
      expect(out[i]).toBe(c);
    }
  });
});
