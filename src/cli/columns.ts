// The input of a command: a CSV file or stdin, streamed in chunks of the columns the command selects, with the
// columns `--let` derives and the rows `--where` keeps, and reading progress on stderr. A new command (`te`) streams
// by giving `select` and `onChunk` (see `readColumns`); memory then depends on what it keeps, not on the file.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { choiceFlag, sizeFlag } from './args.js';
import { CsvError, DEFAULT_MAX_ROW_BYTES, labelsOf, MAX_ROW_BYTES, numericField, streamCsv } from './csv.js';
import type { CsvChunk } from './csv.js';
import { ENCODINGS } from './encoding.js';
import type { InputEncoding } from './encoding.js';
import { compileExpressions, loadMath } from './expr.js';
import type { Program } from './expr.js';
import { Codes, Doubles, readProgress } from './kit.js';
import type { Io } from './kit.js';

/** The shared input flags of the CSV commands. */
export interface InputFlags {
  /** `--let NAME=EXPR`, in order. */
  lets: string[];
  /** `--where EXPR`. */
  where: string | undefined;
  /** `--progress` (also on when stderr is a terminal). */
  progress: boolean;
  /** `--encoding`: utf8 (default) or latin1. */
  encoding?: InputEncoding;
  /** `--max-row-size`, in bytes (default 16 MiB). */
  maxRowBytes?: number;
}

/** What {@link readColumns} reads. */
export interface ReadColumnsOptions extends InputFlags {
  /** FILE, or `-` / undefined for stdin. */
  file: string | undefined;
  /**
   * Called once with the header: the file's columns, then the derived ones. Returns the indices (into that header) of
   * the columns the command wants, in its order; it may throw a UsageError (an unknown column).
   */
  select: (header: string[]) => number[];
  /** Every chunk of kept rows, with the selected columns in the order `select` gave. */
  onChunk: (chunk: CsvChunk) => void;
}

/** What {@link readColumns} read. */
export interface ReadSummary {
  /** The name used in messages. */
  source: string;
  /** The header: file columns, then derived columns. */
  header: string[];
  /** Rows of the file. */
  rows: number;
  /** Rows kept by `--where` (all rows without it). */
  kept: number;
}

/** The flags of {@link InputFlags} for `parseArgs`. */
export const INPUT_OPTIONS = {
  let: { type: 'string', multiple: true },
  where: { type: 'string' },
  progress: { type: 'boolean' },
  encoding: { type: 'string' },
  'max-row-size': { type: 'string' },
} as const;

/** The names of the input flags (for commands that refuse them in a mode without input, as `entropy --probs`). */
export const INPUT_FLAG_NAMES = Object.keys(INPUT_OPTIONS);

/**
 * The input flags of a parsed command line, checked.
 *
 * @throws UsageError for an unknown --encoding or a --max-row-size out of range
 */
export function inputFlags(values: { let?: string[]; where?: string; progress?: boolean; encoding?: string; 'max-row-size'?: string }): InputFlags {
  return {
    lets: values.let ?? [],
    where: values.where,
    progress: values.progress === true,
    encoding: choiceFlag(values.encoding, 'encoding', ENCODINGS, 'utf8'),
    maxRowBytes: sizeFlag(values['max-row-size'], 'max-row-size', 1024, MAX_ROW_BYTES, DEFAULT_MAX_ROW_BYTES),
  };
}

/** The name of an input in messages: the file name, or `stdin`. */
export function sourceName(file: string | undefined): string {
  return file === undefined || file === '-' ? 'stdin' : file;
}

function open(file: string | undefined, io: Io): { stream: Readable; source: string; size: number | undefined } {
  if (file === undefined || file === '-') return { stream: io.stdin(), source: sourceName(file), size: undefined };
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new CsvError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (st.isDirectory()) throw new CsvError(`cannot read ${file}: it is a folder, not a CSV file`);
  const size = st.isFile() ? st.size : undefined;
  return { stream: createReadStream(file, { highWaterMark: 1 << 20 }), source: file, size };
}

/**
 * Streams the selected columns of a CSV input through `onChunk`, chunk by chunk, after `--let` and `--where`.
 *
 * @throws UsageError from `select` or for bad expressions; CsvError for unreadable or malformed input, a `--let` or
 *   `--where` that fails on a row, or a `--where` that keeps no row
 */
export async function readColumns(io: Io, options: ReadColumnsOptions): Promise<ReadSummary> {
  const { file, lets, where, select, onChunk } = options;
  if (lets.length > 0 || where !== undefined) await loadMath();
  const { stream, source, size } = open(file, io);
  const progress = readProgress(io, options.progress || io.stderrIsTTY, source, size);
  let header: string[] = [];
  let program: Program | undefined;
  let fileCols = 0;
  // For each wanted column: where it comes from (a file column kept by the reader, or a derived one).
  let plan: { fromFile: boolean; k: number }[] = [];
  let readerCols: number[] = [];
  let kept = 0;
  let rowsSeen = 0;
  const reading = streamCsv(stream, {
    source,
    encoding: options.encoding,
    maxRowBytes: options.maxRowBytes,
    onBytes: (b) => progress.bytes(b),
    select(fileHeader) {
      fileCols = fileHeader.length;
      program = lets.length > 0 || where !== undefined ? compileExpressions(lets, where, fileHeader, source) : undefined;
      header = [...fileHeader, ...(program?.names ?? [])];
      const wanted = select(header);
      // The reader keeps the expressions' inputs first, then the wanted file columns not among them.
      readerCols = program ? program.reads.slice() : [];
      plan = wanted.map((j) => {
        if (j >= fileCols) return { fromFile: false, k: j - fileCols };
        let k = readerCols.indexOf(j);
        if (k < 0) k = readerCols.push(j) - 1;
        return { fromFile: true, k };
      });
      return readerCols;
    },
    onChunk(chunk) {
      rowsSeen += chunk.rows;
      progress.rows(rowsSeen);
      if (program === undefined) {
        kept += chunk.rows;
        onChunk({ rows: chunk.rows, lines: chunk.lines, columns: plan.map((p) => chunk.columns[p.k]) });
        return;
      }
      const { derived, keep } = program.run(chunk.columns, chunk.rows, chunk.lines);
      const cols = plan.map((p) => (p.fromFile ? chunk.columns[p.k] : derived[p.k]));
      if (keep === null) {
        kept += chunk.rows;
        onChunk({ rows: chunk.rows, lines: chunk.lines, columns: cols });
        return;
      }
      let m = 0;
      for (let r = 0; r < chunk.rows; r++) m += keep[r];
      if (m === 0) return;
      const lines = new Int32Array(m);
      const out = cols.map(() => new Array<string>(m));
      for (let r = 0, q = 0; r < chunk.rows; r++) {
        if (!keep[r]) continue;
        lines[q] = chunk.lines[r];
        for (let c = 0; c < cols.length; c++) out[c][q] = cols[c][r];
        q++;
      }
      kept += m;
      onChunk({ rows: m, lines, columns: out });
    },
  });
  let summary;
  try {
    summary = await reading;
  } catch (e) {
    progress.interrupt();
    throw e;
  }
  progress.done();
  if (kept === 0) throw new CsvError(`${source}: --where "${where}" keeps none of the ${summary.rows} rows`);
  return { source, header, rows: summary.rows, kept };
}

/**
 * How {@link collectColumns} keeps a column: as numbers (8 bytes a row), as integers (numbers that a discrete
 * estimator counts: a fraction is refused as in a label column; 8 bytes a row) or as label codes (4 bytes a row).
 */
export type ColumnKind = 'number' | 'integer' | 'label';

/** What {@link collectColumns} read. */
export interface Collected extends ReadSummary {
  /** The names of the selected columns. */
  names: string[];
  /**
   * The selected columns: numbers as a Float64Array, labels as codes 0 … k−1 in category order (an Int32Array, as
   * `factorize` would number them).
   */
  columns: (Float64Array | Int32Array)[];
}

/**
 * Reads the selected columns into memory, compactly, for the commands that need every row (a permutation test, the
 * kNN estimators, transfer entropy). A field that is not a finite number in a `number` or `integer` column is a
 * CsvError naming its line and column; a number with a fraction in a `label` or `integer` column is a UsageError (see
 * `labelsOf`) ending with `labelAdvice(column)` (default: bin it with --let).
 *
 * @param kinds - how to keep each selected column, in `select`'s order, or one kind for all of them
 */
export async function collectColumns(
  io: Io,
  options: Omit<ReadColumnsOptions, 'onChunk'> & { labelAdvice?: (column: string) => string },
  kinds: ColumnKind | readonly ColumnKind[],
): Promise<Collected> {
  const source = sourceName(options.file);
  let names: string[] = [];
  let keep: (Doubles | Codes)[] = [];
  let kindOf: ColumnKind[] = [];
  const summary = await readColumns(io, {
    ...options,
    select(header) {
      const cols = options.select(header);
      names = cols.map((j) => header[j]);
      kindOf = cols.map((_, c) => (typeof kinds === 'string' ? kinds : kinds[c]));
      keep = kindOf.map((kind) => (kind === 'label' ? new Codes() : new Doubles()));
      return cols;
    },
    onChunk({ rows, lines, columns }) {
      for (let c = 0; c < keep.length; c++) {
        const into = keep[c];
        const col = columns[c];
        // An integer column: a fraction is the discrete estimator's usage error (exit 2), checked before the numbers.
        if (kindOf[c] === 'integer') labelsOf(col, lines, names[c], source, options.labelAdvice);
        if (into instanceof Doubles) for (let r = 0; r < rows; r++) into.push(numericField(col[r], lines[r], names[c], source));
        else {
          const labels = labelsOf(col, lines, names[c], source, options.labelAdvice);
          for (let r = 0; r < rows; r++) into.push(labels[r]);
        }
      }
    },
  });
  return { ...summary, names, columns: keep.map((k) => (k instanceof Doubles ? k.values() : k.finish().codes)) };
}
