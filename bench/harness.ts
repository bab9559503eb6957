// Shared helpers for the benchmarks: timing (warm-up, median of repeated runs), running a Python peer on the same
// inputs, the machine description and table printing. Nothing here is part of the library.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The interpreter with scipy / scikit-learn (the plain `python3` on PATH has neither). */
export const PYTHON = '/usr/bin/python3';

/**
 * The environment of a peer that must run on one thread: `torch.set_num_threads(1)` does not reach the BLAS
 * library's own thread pool, so pin that too.
 */
export const ONE_THREAD_ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The numeric command-line option `--name value`, or `dflt` when it is absent. */
export function numArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Timing summary of repeated runs, in milliseconds. */
export interface Timing {
  /** Median of the timed runs. */
  median: number;
  /** Fastest timed run. */
  min: number;
  /** Every timed run, in order. */
  samples: number[];
}

/** Wall-clock and process-CPU samples of the same runs, in milliseconds. */
export interface Samples {
  wall: number[];
  cpu: number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(samples: number[]): Timing {
  return { median: median(samples), min: Math.min(...samples), samples };
}

/**
 * Times `fn`: `warmup` untimed calls (so V8 has optimized it), then `repeats` timed calls, each measured in wall
 * time and in process CPU time (user + system; less disturbed when other jobs share the cores). The result of each
 * call goes into a sink so that nothing is optimized away.
 */
export function time(fn: () => unknown, repeats: number, warmup = 2): Samples {
  for (let i = 0; i < warmup; i++) sink(fn());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    sink(fn());
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  return { wall, cpu };
}

let sunk = 0;
function sink(v: unknown): void {
  if (typeof v === 'number') sunk += v;
}
/** Keeps benchmark results observable. */
export function sinkValue(): number {
  return sunk;
}

/** A scratch directory for the binary inputs shared with the peer; removed by `cleanup`. */
export function scratchDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a typed array as raw little-endian bytes (numpy: `np.fromfile(path, dtype='<f8' | '<i4')`). */
export function writeBin(path: string, a: Float64Array | Int32Array): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('writeBin assumes a little-endian host');
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/**
 * Runs a Python peer script with a JSON request on stdin and parses the JSON it prints on stdout. Throws with the
 * peer's stderr when it fails.
 */
export function runPeer<T>(script: string, request: unknown): T {
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Python and library versions, as the peer reports them. */
export function peerVersions(script: string): Record<string, string> {
  return runPeer<{ versions: Record<string, string> }>(script, { tasks: [] }).versions;
}

/** CPU model, core count, Node version and current load, for the table header and docs. */
export function machine(): { cpu: string; cores: number; node: string; load: string } {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return { cpu, cores: cpus().length, node: process.version, load: loadavg().map((l) => l.toFixed(2)).join(' ') };
}

/** `global.gc`, made available without the --expose-gc flag when needed. */
export function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Bytes held by the JS heap plus ArrayBuffer backing stores (typed arrays live in the latter). */
export function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Memory a call needs beyond its inputs: `allocated` is the growth of heap + ArrayBuffers right after the call,
 * before any collection (what it allocated, minus whatever a young-generation collection reclaimed during it),
 * `retained` the growth after a full collection. Median over `repeats` runs.
 */
export function memoryDelta(fn: () => unknown, repeats = 5): { allocated: number; retained: number } {
  const gc = getGc();
  const alloc: number[] = [];
  const kept: number[] = [];
  let keep: unknown;
  for (let i = 0; i < repeats; i++) {
    gc();
    gc();
    const before = heapBytes();
    keep = fn();
    alloc.push(heapBytes() - before);
    gc();
    gc();
    kept.push(heapBytes() - before);
  }
  sink(keep);
  return { allocated: median(alloc), retained: median(kept) };
}

/** Formats milliseconds with 3 significant digits. */
export function ms(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** Formats a byte count. */
export function bytes(v: number): string {
  const a = Math.abs(v);
  if (a >= 1 << 20) return `${(v / (1 << 20)).toFixed(2)} MiB`;
  if (a >= 1 << 10) return `${(v / (1 << 10)).toFixed(1)} KiB`;
  return `${v.toFixed(0)} B`;
}

/** Prints a Markdown table (aligned, so it reads well in a terminal too) and returns its text. */
export function table(headers: string[], rows: string[][]): string {
  const w = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, j) => c.padEnd(w[j])).join(' | ')} |`;
  const text = [line(headers), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
  console.log(text);
  return text;
}
