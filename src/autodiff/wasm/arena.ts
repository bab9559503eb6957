// Float64 buffers that live in a WebAssembly memory, so the dense products of the fused MLP kernels can run in the
// SIMD kernel of gemm.wat on them without copying.
//
// An arena is one fixed-size WebAssembly.Memory (never grown, so views into it stay valid) with its own instance of
// the gemm module, plus a scratch region for the kernel. gemmAcc (kernels.ts) asks `wasmGemmFor(C.buffer)` whether
// the output lives in an arena and, when A and B live there too, runs the WebAssembly kernel, which gives the same
// bits as the JavaScript one. Products of operands outside any arena (the general tape, the multi-task models) are
// staged: copied into a shared growable memory, multiplied there, and copied back (`stagedGemm`). Where WebAssembly
// or its SIMD extension is missing (or compiling is refused), arenas hand out plain Float64Arrays and everything runs
// in JavaScript.
import { GEMM_WASM_BASE64 } from './gemm-binary.js';

/** The exported kernel: byte addresses and strides (see gemm.wat). */
type GemmFn = (m: number, n: number, k: number, a: number, ars: number, acs: number, b: number, c: number, sa: number, sb: number) => void;

/** @internal The kernel bound to one arena's memory. */
export interface WasmGemm {
  /** The kernel. */
  readonly fn: GemmFn;
  /** Byte address of the coefficient scratch (kmax doubles). */
  readonly sa: number;
  /** Byte address of the row-address scratch (kmax i32). */
  readonly sb: number;
  /** Largest inner dimension the scratch holds. */
  readonly kmax: number;
}

/** @internal A bump allocator of Float64Arrays (in WebAssembly memory when available). */
export interface Arena {
  /** Whether the buffers live in WebAssembly memory. */
  readonly wasm: boolean;
  /** A zeroed buffer of n doubles. Throws when the arena's capacity is exhausted (a bug in the caller's sizing). */
  alloc(n: number): Float64Array;
}

let enabled = true;
let module: WebAssembly.Module | null | undefined;
const kernels = new WeakMap<ArrayBufferLike, WasmGemm>();

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function compiled(): WebAssembly.Module | null {
  if (module === undefined) {
    module = null;
    try {
      if (typeof WebAssembly === 'object' && typeof atob === 'function') {
        const bytes = decode(GEMM_WASM_BASE64);
        if (WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
      }
    } catch {
      module = null;
    }
  }
  return module;
}

/** @internal Whether the WebAssembly SIMD kernel is available here (and enabled). */
export function wasmAvailable(): boolean {
  return enabled && compiled() !== null;
}

/**
 * @internal Turns the WebAssembly kernel on or off (for arenas created afterwards, and for staged products from now
 * on; tests compare both paths);
 * returns the previous setting.
 */
export function setWasm(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/**
 * @internal Forgets the compiled module and the staging memory, so the next use compiles again (tests use it to
 * simulate an environment that refuses WebAssembly). Existing arenas keep working.
 */
export function resetWasm(): void {
  module = undefined;
  staging = undefined;
}

/** @internal The WebAssembly kernel bound to the memory behind `buffer`, if that memory is an arena's. */
export function wasmGemmFor(buffer: ArrayBufferLike): WasmGemm | undefined {
  return kernels.get(buffer);
}

interface Staging {
  memory: WebAssembly.Memory;
  fn: GemmFn;
  f64: Float64Array;
}
let staging: Staging | null | undefined;

/** Below this many multiply-adds, copying the operands costs more than the SIMD kernel saves. */
const STAGE_MIN = 2048;
/** The staging memory grows up to this many bytes and is kept; larger products get a memory of their own. */
const STAGE_RETAIN = 32 * 1024 * 1024;

/**
 * @internal C[co…] += op(A)·B through the WebAssembly kernel for operands that do not live in an arena: their spans
 * are copied into a growable staging memory, the kernel runs there, and C's span is copied back. Same bits as the
 * JavaScript loop. Returns false (and does nothing) when the product is too small to gain or WebAssembly is
 * unavailable; the caller then runs the JavaScript loop. The operand spans must not overlap C's span.
 */
export function stagedGemm(m: number, n: number, k: number, A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, C: Float64Array, co: number): boolean {
  if (m * n * k < STAGE_MIN || !enabled) return false;
  if (staging === undefined) {
    staging = null;
    const mod = compiled();
    if (mod !== null) {
      try {
        const memory = new WebAssembly.Memory({ initial: 1 });
        const inst = new WebAssembly.Instance(mod, { env: { memory } });
        staging = { memory, fn: inst.exports.gemmAcc as GemmFn, f64: new Float64Array(memory.buffer) };
      } catch {
        staging = null;
      }
    }
  }
  if (staging === null) return false;
  const spanA = (m - 1) * ars + (k - 1) * acs + 1, spanB = k * n, spanC = m * n;
  const offB = spanA, offC = offB + spanB, offS = offC + spanC;
  const bytes = 8 * (offS + k) + 4 * k;
  let st = staging;
  if (st.memory.buffer.byteLength < bytes) {
    try {
      if (bytes > STAGE_RETAIN) {
        // A one-off memory for a product this large, so that it is not held for the life of the page.
        const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
        const inst = new WebAssembly.Instance(compiled() as WebAssembly.Module, { env: { memory } });
        st = { memory, fn: inst.exports.gemmAcc as GemmFn, f64: new Float64Array(memory.buffer) };
      } else {
        st.memory.grow(Math.ceil((bytes - st.memory.buffer.byteLength) / 65536));
        st = staging = { ...st, f64: new Float64Array(st.memory.buffer) };
      }
    } catch {
      return false;
    }
  }
  const f = st.f64;
  f.set(A.subarray(ao, ao + spanA), 0);
  f.set(B.subarray(bo, bo + spanB), offB);
  f.set(C.subarray(co, co + spanC), offC);
  st.fn(m, n, k, 0, 8 * ars, 8 * acs, 8 * offB, 8 * offC, 8 * offS, 8 * (offS + k));
  C.set(f.subarray(offC, offC + spanC), co);
  return true;
}

/**
 * @internal An arena for `doubles` doubles in total, whose kernel handles inner dimensions up to `kmax`.
 * Plain Float64Arrays when WebAssembly SIMD is unavailable or disabled.
 */
export function createArena(doubles: number, kmax: number): Arena {
  const mod = enabled ? compiled() : null;
  if (mod !== null) {
    try {
      const data = 8 * doubles;
      const sa = data;
      const sb = sa + 8 * kmax;
      const bytes = sb + 4 * kmax;
      const pages = Math.max(1, Math.ceil(bytes / 65536));
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const inst = new WebAssembly.Instance(mod, { env: { memory } });
      const fn = inst.exports.gemmAcc as GemmFn;
      kernels.set(memory.buffer, { fn, sa, sb, kmax });
      let used = 0;
      return {
        wasm: true,
        alloc(n: number): Float64Array {
          if (used + n > doubles) throw new RangeError(`arena of ${doubles} doubles exhausted`);
          const view = new Float64Array(memory.buffer, 8 * used, n);
          used += n;
          return view;
        },
      };
    } catch {
      // Out of memory for a new WebAssembly.Memory, or instantiation refused: fall through to plain arrays.
    }
  }
  return { wasm: false, alloc: (n: number) => new Float64Array(n) };
}
