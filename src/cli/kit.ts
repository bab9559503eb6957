// What every command of the command line shares: usage errors, the I/O it is given, argument parsing of numbers,
// aligned tables, progress on stderr, and the order of label categories.
import type { Readable } from 'node:stream';
import { isIntegerLabel } from './csv.js';

// The number check of every flag lives in args.ts (with the rules of --base, --k, --permutations, --seed); `num` is
// kept here for the commands written against it.
export { num } from './args.js';

/** Bad usage: the CLI prints the message with a pointer to --help and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The process, as the commands see it (the tests give their own). */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as a stream (read only when FILE is `-` or missing). */
  stdin: () => Readable;
  stderrIsTTY: boolean;
}

/** A failure to write an output (exit code 1), such as an --svg file whose folder vanished during the run. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Control characters (C0, DEL, C1), which a terminal may act on rather than show. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text as it is safe to print on a terminal: control characters (from a column name, a value, a file name) are
 * written as escapes (`\n`, `\x1B`), so that they can neither move the cursor nor send commands to the terminal.
 */
export function printable(s: string): string {
  return s.replace(CONTROL, (c) => NAMED_CONTROLS[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** An aligned text table: the first column left-aligned, the others right-aligned; cells made {@link printable}. */
export function table(head: string[], cells: string[][]): string {
  const rows = cells.map((r) => r.map(printable));
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const fmtRow = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join('  ');
  return [fmtRow(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmtRow)].join('\n') + '\n';
}

/** A value with 6 decimals (Infinity and NaN as words). */
export function fixed(v: number): string {
  return Number.isFinite(v) ? v.toFixed(6) : String(v);
}

/** A progress bar of completed/total rounds on stderr (permutations). */
export function progressBar(io: Io, enabled: boolean, label: string): ((p: { completed: number; total: number }) => void) | undefined {
  if (!enabled) return undefined;
  return ({ completed, total }) => {
    const width = 30;
    const done = Math.round((completed / total) * width);
    io.stderr(`\r${label} [${'#'.repeat(done)}${' '.repeat(width - done)}] ${completed}/${total}${completed === total ? '\n' : ''}`);
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Reading progress on stderr: bytes read (of the file size when known), rows and rows per second, at most four times
 * a second, and a last line when done.
 */
export function readProgress(
  io: Io,
  enabled: boolean,
  source: string,
  total: number | undefined,
): { bytes(n: number): void; rows(n: number): void; done(): void; interrupt(): void } {
  let bytes = 0;
  let rows = 0;
  let last = 0;
  let shown = false;
  const t0 = Date.now();
  const line = (final: boolean): string => {
    const s = Math.max((Date.now() - t0) / 1000, 1e-3);
    const of = total ? ` of ${mb(total)} (${Math.min(100, (100 * bytes) / total).toFixed(0)}%)` : '';
    return `\r${source}: ${mb(bytes)}${of}, ${rows.toLocaleString('en')} rows, ${Math.round(rows / s).toLocaleString('en')} rows/s${final ? ` in ${s.toFixed(1)} s\n` : ''}`;
  };
  const tick = (): void => {
    const now = Date.now();
    if (now - last >= 250) {
      last = now;
      shown = true;
      io.stderr(line(false));
    }
  };
  if (!enabled) return { bytes: () => undefined, rows: () => undefined, done: () => undefined, interrupt: () => undefined };
  return {
    bytes(n) {
      bytes = n;
      tick();
    },
    rows(n) {
      rows = n;
    },
    done() {
      io.stderr(line(true));
    },
    /** Ends a progress line cut short by an error, so that the message starts on a line of its own. */
    interrupt() {
      if (shown) io.stderr('\n');
    },
  };
}

/**
 * The order of label categories (canonical text, see `canonicalLabel`): as numbers when every category is an
 * integer, else by code unit, as the library's `factorize` orders integer and string labels.
 *
 * @returns the permutation: `order[r]` is the index in `values` of the r-th category
 */
export function categoryOrder(values: readonly string[]): number[] {
  const idx = values.map((_, i) => i);
  if (values.every(isIntegerLabel)) return idx.sort((a, b) => Number(values[a]) - Number(values[b]));
  return idx.sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
}

/** A growable Float64Array. */
export class Doubles {
  private buf = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const g = new Float64Array(this.buf.length * 2);
      g.set(this.buf);
      this.buf = g;
    }
    this.buf[this.length++] = v;
  }
  /** The values (a view, no copy). */
  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Labels of one column kept as dense codes (4 bytes a row instead of a string), for the commands that need every row
 * (permutation tests): codes in order of first sight while reading, renumbered in category order at the end.
 */
export class Codes {
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  private buf = new Int32Array(1024);
  length = 0;
  push(v: string): void {
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.index.set(v, c);
      this.values.push(v);
    }
    if (this.length === this.buf.length) {
      const g = new Int32Array(this.buf.length * 2);
      g.set(this.buf);
      this.buf = g;
    }
    this.buf[this.length++] = c;
  }
  /** The codes in category order (0 … k−1, as `factorize` numbers the labels), and the number of categories. */
  finish(): { codes: Int32Array; k: number } {
    const order = categoryOrder(this.values);
    const rank = new Int32Array(order.length);
    order.forEach((i, r) => (rank[i] = r));
    const codes = this.buf.subarray(0, this.length);
    for (let i = 0; i < codes.length; i++) codes[i] = rank[codes[i]];
    return { codes, k: order.length };
  }
}

/** A subcommand of the CLI: its help text and what it does. */
export interface Command {
  /** The word after `infometa`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full help: usage, options, an example. */
  help: string;
  /** Runs the command with its arguments (after the command word). */
  run(args: string[], io: Io): Promise<void>;
}

/** The help lines shared by the CSV commands. */
export const INPUT_HELP = `Input: FILE is a CSV file with a header row, or - (or nothing) for stdin. It is streamed: memory does not grow
with the number of rows (except where noted). Columns are names from the header (each name once), or 1-based
positions. A file that starts with a UTF-8 or UTF-16LE byte-order mark is read in that encoding.
  --let "NAME = EXPR"   a derived column (mathjs expression over columns; repeatable, in order);
                        a column whose name is not an identifier is col("its name")
  --where "EXPR"        keep only the rows where EXPR is true (compare text with equalText(color, "red"):
                        mathjs's == compares numbers)
  --encoding E          utf8 (default; bytes that are not UTF-8 are an error, never merged into U+FFFD) or
                        latin1 (each byte is one character)
  --max-row-size SIZE   the longest row read, in bytes or with K, M, G (default 16M, at most 256M): a quote left
                        open ends the run with an error there instead of swallowing the file
  --progress            bytes read, rows and rows/s on stderr (on by default when stderr is a terminal)
  --json                machine-readable output (errors too, on stderr)`;
