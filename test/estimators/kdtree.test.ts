import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { argsortF64 } from '../../src/internal/argsort.js';
import { KdTree } from '../../src/estimators/kdtree.js';
import { radiusCounter } from '../../src/estimators/radius-counter.js';
import { kthDistanceSorted, SortedLine } from '../../src/estimators/sorted-line.js';
import { createRng } from '../../src/internal/rng.js';

function maxNorm(a: Float64Array, i: number, j: number, d: number): number {
  let m = 0;
  for (let t = 0; t < d; t++) m = Math.max(m, Math.abs(a[i * d + t] - a[j * d + t]));
  return m;
}

function randomPoints(seed: number, n: number, d: number, integer: boolean): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) a[i] = integer ? rng.int(6) : rng.normal();
  return a;
}

describe('KdTree (max-norm)', () => {
  for (const [n, d, integer] of [
    [1, 1, false],
    [2, 2, false],
    [57, 1, false],
    [300, 2, false],
    [300, 2, true],
    [200, 3, true],
    [150, 4, false],
  ] as const) {
    it(`kNN distances match brute force: n=${n}, d=${d}, ${integer ? 'many ties' : 'continuous'}`, () => {
      const a = randomPoints(n * 31 + d, n, d, integer);
      const before = a.slice();
      const tree = new KdTree(a, n, d, 4);
      expect(a).toEqual(before);
      for (const k of [1, 3, 7]) {
        if (k > n - 1) continue;
        const dist = new Float64Array(k);
        const pos = new Int32Array(k);
        for (let p = 0; p < n; p++) {
          tree.knnSelf(p, k, dist, pos);
          const i = tree.idx[p];
          const all: number[] = [];
          for (let j = 0; j < n; j++) if (j !== i) all.push(maxNorm(a, i, j, d));
          all.sort((u, v) => u - v);
          expect(Array.from(dist)).toEqual(all.slice(0, k));
          // pos holds tree positions of neighbours at those distances
          for (let t = 0; t < k; t++) expect(maxNorm(a, i, tree.idx[pos[t]], d)).toBe(dist[t]);
        }
        if (d === 2) {
          const kth = new Float64Array(n);
          tree.kthDistances2(k, kth);
          for (let p = 0; p < n; p++) {
            tree.knnSelf(p, k, dist, pos);
            expect(kth[p]).toBe(dist[k - 1]);
          }
        }
      }
    });
  }

  it('radius counts (≤ r, self included) match brute force for trees and sorted lines', () => {
    for (const [n, d, integer] of [
      [200, 1, true],
      [200, 1, false],
      [250, 2, true],
      [120, 3, false],
      // Integer coordinates and radii: many points exactly on the ball's boundary and on split planes, which the
      // leaf-climbing count (KdTree.countAllSelf) must not drop.
      [300, 4, true],
      [64, 5, true],
    ] as const) {
      const a = randomPoints(n + d, n, d, integer);
      const c = radiusCounter(a, n, d, 0, d);
      const radius = new Float64Array(n);
      const rng = createRng(5);
      for (let i = 0; i < n; i++) radius[i] = integer ? rng.int(3) : rng.next() * 0.5;
      const out = new Int32Array(n);
      c.countAll(radius, out);
      for (let i = 0; i < n; i++) {
        let brute = 0;
        for (let j = 0; j < n; j++) if (maxNorm(a, i, j, d) <= radius[i]) brute++;
        expect(out[i]).toBe(brute);
        expect(c.count(i, radius[i])).toBe(brute);
      }
    }
  });

  it('a single point, a constant column and all-equal points', () => {
    const one = new KdTree(new Float64Array([3, 4]), 1, 2);
    expect(one.countWithin(new Float64Array([3, 4]), 0, 0)).toBe(1);
    const same = new Float64Array(40).fill(2);
    const t = new KdTree(same, 20, 2, 3);
    const dist = new Float64Array(3);
    const pos = new Int32Array(3);
    t.knnSelf(5, 3, dist, pos);
    expect(Array.from(dist)).toEqual([0, 0, 0]);
    expect(t.countWithin(same, 0, 0)).toBe(20);
  });
});

describe('argsortF64 and SortedLine', () => {
  test.prop([fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 300 })])('argsort sorts any doubles, stably', (xs) => {
    const v = Float64Array.from(xs);
    const order = argsortF64(v, v.length);
    for (let t = 1; t < order.length; t++) {
      const a = v[order[t - 1]];
      const b = v[order[t]];
      expect(a <= b).toBe(true);
      if (a === b && Object.is(a, b)) expect(order[t - 1] < order[t]).toBe(true);
    }
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
  });

  it('sorts large inputs (16-bit digits from 65 536 values) stably, with ties and signs', () => {
    const rng = createRng(12);
    const n = 70000;
    const v = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Math.round(rng.normal() * 10) : rng.normal() * 1e3));
    const order = argsortF64(v, n);
    for (let t = 1; t < n; t++) {
      const a = v[order[t - 1]];
      const b = v[order[t]];
      const ok = a < b || (Object.is(a, b) && order[t - 1] < order[t]) || (Object.is(a, -0) && Object.is(b, 0));
      if (!ok) expect([t, a, b, order[t - 1], order[t]]).toBe('sorted');
    }
  });

  it('orders −0 before +0 and handles strides', () => {
    const v = new Float64Array([0, 9, -0, 9, -1, 9, 2, 9]);
    const order = argsortF64(v, 4, 2, 0);
    expect(Array.from(order)).toEqual([2, 1, 0, 3]);
  });

  test.prop([fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 6 })])(
    'countAround equals the brute-force count',
    (xs, r) => {
      const v = Float64Array.from(xs, (x) => x / 4);
      const line = SortedLine.of(v, v.length);
      for (let i = 0; i < v.length; i++) {
        const brute = xs.filter((_, j) => Math.abs(v[i] - v[j]) <= r / 4).length;
        expect(line.countAround(i, r / 4)).toBe(brute);
      }
    },
  );
});

describe('kthDistanceSorted', () => {
  test.prop([fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 2, maxLength: 120 }), fc.integer({ min: 1, max: 8 })])(
    'equals the brute-force k-th neighbour distance (ties included)',
    (xs, k0) => {
      const n = xs.length;
      const k = Math.min(k0, n - 1);
      const s = Float64Array.from(xs, (x) => x / 8).sort();
      const out = new Float64Array(n);
      kthDistanceSorted(s, n, k, out);
      for (let t = 0; t < n; t++) {
        const d: number[] = [];
        for (let j = 0; j < n; j++) if (j !== t) d.push(Math.abs(s[t] - s[j]));
        d.sort((a, b) => a - b);
        expect(out[t]).toBe(d[k - 1]);
      }
    },
  );
});
