// The WebAssembly SIMD twin of gemmAcc (src/autodiff/wasm/gemm.wat) gives the same bits as the JavaScript loop, and
// the meta-learners give the same bits with and without it. Runs in Node and in Chromium.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it, vi } from 'vitest';
import { anil, createRng, maml, metaSgd, mlp, reptile, sinusoidTasks } from '../../src/index.js';
import type { MetaLearner, Task } from '../../src/index.js';
import { dgemm, gemmAcc } from '../../src/autodiff/kernels.js';
import { createArena, resetWasm, setWasm, stagedGemm, wasmAvailable, wasmGemmFor } from '../../src/autodiff/wasm/arena.js';

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('WebAssembly arena', () => {
  it('is available here (Node 20 and Chromium both have WebAssembly SIMD)', () => {
    expect(wasmAvailable()).toBe(true);
    const a = createArena(16, 4);
    expect(a.wasm).toBe(true);
    const x = a.alloc(10);
    expect(x.length).toBe(10);
    expect(Array.from(x)).toEqual(new Array(10).fill(0));
    expect(wasmGemmFor(x.buffer)).toBeDefined();
    expect(wasmGemmFor(new Float64Array(3).buffer)).toBeUndefined();
  });

  it('hands out disjoint views and refuses to overflow', () => {
    const a = createArena(10, 4);
    const x = a.alloc(6), y = a.alloc(4);
    x.fill(1);
    y.fill(2);
    expect(Array.from(x)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(y)).toEqual([2, 2, 2, 2]);
    expect(() => a.alloc(1)).toThrow(RangeError);
  });

  it('falls back to plain arrays when switched off', () => {
    const prev = setWasm(false);
    try {
      expect(wasmAvailable()).toBe(false);
      const a = createArena(8, 4);
      expect(a.wasm).toBe(false);
      const x = a.alloc(100);
      expect(x.length).toBe(100);
      expect(wasmGemmFor(x.buffer)).toBeUndefined();
    } finally {
      setWasm(prev);
    }
  });
});

/** C += op(A)·B twice: operands in an arena (WebAssembly) and in plain arrays (JavaScript); returns both C. */
function both(m: number, n: number, k: number, tA: boolean, A0: number[], B0: number[], C0: number[], kmax = 64): [Float64Array, Float64Array, boolean] {
  const arena = createArena(A0.length + B0.length + C0.length, kmax);
  const A = arena.alloc(A0.length), B = arena.alloc(B0.length), C = arena.alloc(C0.length);
  A.set(A0); B.set(B0); C.set(C0);
  const A2 = Float64Array.from(A0), B2 = Float64Array.from(B0), C2 = Float64Array.from(C0);
  const [ars, acs] = tA ? [1, m] : [k, 1];
  // offsets 1, 2, 3 exercise unaligned starts
  gemmAcc(m, n, k, A, 1, ars, acs, B, 2, C, 3);
  gemmAcc(m, n, k, A2, 1, ars, acs, B2, 2, C2, 3);
  return [C, C2, arena.wasm];
}

const entry = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(0, -0) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e-310, 1e300) },
);

describe('gemmAcc: WebAssembly SIMD and JavaScript give the same bits', () => {
  test.prop(
    [fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 19 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 })],
    { numRuns: 300 },
  )('random shapes, zeros, signed zeros, non-finite and extreme values', (m, n, k, tA, seed) => {
    const rng = createRng(seed);
    const pick = (): number => {
      const u = rng.next();
      if (u < 0.35) return 0;
      if (u < 0.4) return -0;
      if (u < 0.42) return [Number.NaN, Infinity, -Infinity, 1e-310, 1e300][Math.floor(rng.next() * 5)];
      return rng.uniform(-3, 3);
    };
    const A0 = Array.from({ length: m * k + 1 }, pick);
    const B0 = Array.from({ length: k * n + 2 }, pick);
    const C0 = Array.from({ length: m * n + 3 }, () => rng.uniform(-1, 1));
    const [C, C2, wasm] = both(m, n, k, tA, A0, B0, C0);
    expect(wasm).toBe(true);
    expect(sameBits(C, C2)).toBe(true);
  });

  test.prop([fc.array(entry, { minLength: 24, maxLength: 24 }), fc.array(entry, { minLength: 30, maxLength: 30 })])(
    'a 4×5 · 6×5 product with arbitrary entries',
    (a, b) => {
      const [C, C2] = both(4, 5, 6, false, [0, ...a], [0, 0, ...b], new Array(23).fill(0.5));
      expect(sameBits(C, C2)).toBe(true);
    },
  );

  it('matches a naive triple loop on the MLP shapes (10×40·40×40, 40×10ᵀ·10×40, 10×40·40×1)', () => {
    const rng = createRng(7);
    for (const [m, n, k, tA] of [[10, 40, 40, false], [40, 40, 10, true], [10, 1, 40, false], [40, 1, 10, true], [10, 40, 1, false]] as const) {
      const A0 = Array.from({ length: m * k + 1 }, () => (rng.next() < 0.5 ? 0 : rng.uniform(-1, 1)));
      const B0 = Array.from({ length: k * n + 2 }, () => rng.uniform(-1, 1));
      const C0 = Array.from({ length: m * n + 3 }, () => rng.uniform(-1, 1));
      const [C, C2] = both(m, n, k, tA, A0, B0, C0);
      expect(sameBits(C, C2)).toBe(true);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = C0[3 + i * n + j];
          for (let p = 0; p < k; p++) s += A0[1 + (tA ? p * m + i : i * k + p)] * B0[2 + p * n + j];
          expect(Math.abs(C[3 + i * n + j] - s)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('falls back to JavaScript when the inner dimension exceeds the kernel scratch', () => {
    const rng = createRng(8);
    const m = 3, n = 4, k = 9;
    const A0 = Array.from({ length: m * k + 1 }, () => rng.uniform(-1, 1));
    const B0 = Array.from({ length: k * n + 2 }, () => rng.uniform(-1, 1));
    const C0 = Array.from({ length: m * n + 3 }, () => rng.uniform(-1, 1));
    const [C, C2] = both(m, n, k, false, A0, B0, C0, 4);
    expect(sameBits(C, C2)).toBe(true);
  });
});

describe('meta-learners give the same bits with and without WebAssembly', () => {
  function tasks(n: number, seed: number): Task[] {
    const s = sinusoidTasks();
    const rng = createRng(seed);
    return Array.from({ length: n }, () => s.sample(rng, 10, 10));
  }
  const make: [string, (o: { model: ReturnType<typeof mlp>; innerLr: number; innerSteps: number; seed: number; firstOrder?: boolean }) => MetaLearner][] = [
    ['maml', (o) => maml(o)],
    ['first-order maml', (o) => maml({ ...o, firstOrder: true })],
    ['metaSgd', (o) => metaSgd(o)],
    ['anil', (o) => anil(o)],
    ['reptile', (o) => reptile(o)],
  ];
  for (const [name, f] of make) {
    it(`${name}: meta-gradient, adaptation and 5 iterations of fit`, () => {
      const run = (wasm: boolean): Float64Array[] => {
        const prev = setWasm(wasm);
        try {
          const model = mlp({ sizes: [1, 40, 40, 1], activation: 'relu' });
          const learner = f({ model, innerLr: 0.01, innerSteps: 2, seed: 1 });
          const ts = tasks(4, 2);
          const g = learner.metaGradient(ts).grad.slice();
          const fast = learner.adapt(learner.params, ts[0].support);
          learner.fit(sinusoidTasks(), { iterations: 5, metaBatchSize: 3, seed: 4 });
          return [g, fast, learner.params.slice()];
        } finally {
          setWasm(prev);
        }
      };
      const a = run(true), b = run(false);
      for (let i = 0; i < a.length; i++) expect(sameBits(a[i], b[i])).toBe(true);
    });
  }
});

describe('staged products (operands outside any arena)', () => {
  /** dgemm with WebAssembly on and off. */
  function dg(m: number, n: number, k: number, tA: boolean, tB: boolean, A: Float64Array, B: Float64Array, wasm: boolean): Float64Array {
    const prev = setWasm(wasm);
    try {
      const C = new Float64Array(m * n).fill(Number.NaN);
      dgemm(m, n, k, A, tA, B, tB, C);
      return C;
    } finally {
      setWasm(prev);
    }
  }

  it('give the JavaScript bits for all four transpose cases, small and large (staging memory grows past 64 KiB)', () => {
    const rng = createRng(11);
    for (const [m, n, k] of [[3, 4, 5], [20, 33, 17], [150, 32, 103], [7, 1, 700]] as const) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const A = Float64Array.from({ length: m * k }, () => (rng.next() < 0.3 ? 0 : rng.uniform(-1, 1)));
          const B = Float64Array.from({ length: k * n }, () => rng.uniform(-1, 1));
          const c1 = dg(m, n, k, tA, tB, A, B, true), c2 = dg(m, n, k, tA, tB, A, B, false);
          expect(sameBits(c1, c2)).toBe(true);
          // and the product is right
          let err = 0;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s += A[tA ? p * m + i : i * k + p] * B[tB ? j * k + p : p * n + j];
              err = Math.max(err, Math.abs(c1[i * n + j] - s));
            }
          }
          expect(err).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('leave the operands untouched and write only the output span', () => {
    const rng = createRng(12);
    const m = 20, n = 16, k = 30;
    const A = Float64Array.from({ length: m * k + 5 }, () => rng.uniform(-1, 1));
    const B = Float64Array.from({ length: k * n + 5 }, () => rng.uniform(-1, 1));
    const C = Float64Array.from({ length: m * n + 10 }, () => rng.uniform(-1, 1));
    const A0 = A.slice(), B0 = B.slice(), C0 = C.slice();
    gemmAcc(m, n, k, A, 5, k, 1, B, 5, C, 5);
    expect(sameBits(A, A0) && sameBits(B, B0)).toBe(true);
    for (const i of [0, 1, 2, 3, 4, m * n + 5, m * n + 9]) expect(C[i]).toBe(C0[i]);
    const prev = setWasm(false);
    try {
      gemmAcc(m, n, k, A0, 5, k, 1, B0, 5, C0, 5);
    } finally {
      setWasm(prev);
    }
    expect(sameBits(C, C0)).toBe(true);
  });
});

describe('without WebAssembly', () => {
  it('falls back to plain arrays and JavaScript loops when compiling is refused (e.g. a Content-Security-Policy)', () => {
    const real = globalThis.WebAssembly;
    const refusing = {
      validate: () => true,
      Memory: real.Memory,
      Instance: real.Instance,
      Module: class {
        constructor() {
          throw new Error('WebAssembly.Module(): Refused to compile or instantiate WebAssembly module');
        }
      },
    };
    vi.stubGlobal('WebAssembly', refusing);
    resetWasm();
    try {
      expect(wasmAvailable()).toBe(false);
      const arena = createArena(100, 10);
      expect(arena.wasm).toBe(false);
      const A = arena.alloc(40 * 40), B = new Float64Array(40 * 40).fill(0.5), C = new Float64Array(40 * 40);
      A.fill(2);
      expect(stagedGemm(40, 40, 40, A, 0, 40, 1, B, 0, C, 0)).toBe(false);
      gemmAcc(40, 40, 40, A, 0, 40, 1, B, 0, C, 0);
      expect(C[0]).toBe(40);
    } finally {
      vi.unstubAllGlobals();
      resetWasm();
    }
    expect(globalThis.WebAssembly).toBe(real);
    expect(wasmAvailable()).toBe(true);
  });
});

describe('a staged product larger than the retained staging memory', () => {
  it('runs in a memory of its own and gives the JavaScript bits', () => {
    // op(A) is a 2200×1000 strided view (every other column of a 2200×2000 array): its span, which is what gets
    // copied, is 35 MB, over the 32 MiB the staging memory keeps.
    const m = 2200, k = 1000, n = 3;
    const rng = createRng(13);
    const A = Float64Array.from({ length: m * 2 * k }, () => (rng.next() < 0.5 ? 0 : rng.uniform(-1, 1)));
    const B = Float64Array.from({ length: k * n }, () => rng.uniform(-1, 1));
    const C1 = new Float64Array(m * n), C2 = new Float64Array(m * n);
    expect(stagedGemm(m, n, k, A, 0, 2 * k, 2, B, 0, C1, 0)).toBe(true);
    const prev = setWasm(false);
    try {
      gemmAcc(m, n, k, A, 0, 2 * k, 2, B, 0, C2, 0);
    } finally {
      setWasm(prev);
    }
    expect(sameBits(C1, C2)).toBe(true);
  });
});
