// CSV input of the command line, parsed by csv-parse (RFC 4180: quoted fields, doubled quotes, CRLF, LF or CR line
// ends, a byte-order mark; blank lines skipped; every row must have as many fields as the header).
//
// `streamCsv` reads a stream in chunks of rows and hands each chunk's selected columns to a synchronous callback, so
// memory stays flat in the number of rows: a command counts each chunk (LabelCounter, ContingencyCounter,
// TaskCounter) or keeps only the columns it needs, and drops the rest. Error messages name the source, the line and
// the column, and stay those of the hand-written parser this replaces.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Parser } from 'csv-parse';
import { formatSize } from './args.js';
import { EncodingCheck, hexBytes } from './encoding.js';
import type { BadBytes, InputEncoding } from './encoding.js';
import { UsageError } from './kit.js';

/** Thrown for malformed CSV or unusable columns; the CLI prints the message and exits with code 1. */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** A chunk of rows: the selected columns (trimmed strings), and the 1-based line where each row starts. */
export interface CsvChunk {
  /** Number of rows in the chunk. */
  readonly rows: number;
  /** Line of each row (its first line, for a row with quoted line breaks); 0 when unknown. */
  readonly lines: Int32Array;
  /** `columns[k][r]`: the trimmed field of selected column k in row r. */
  readonly columns: string[][];
}

/** What to read and where the rows go. */
export interface StreamCsvOptions {
  /** The name used in messages: the file name, or `stdin`. */
  source: string;
  /** Called once with the trimmed header; returns the indices of the columns to keep, in the order wanted. */
  select: (header: string[]) => number[];
  /** Called with every chunk, in order; runs synchronously (the stream waits). */
  onChunk: (chunk: CsvChunk) => void;
  /** Called as bytes arrive, with the total read so far. */
  onBytes?: (bytes: number) => void;
  /** Rows per chunk (default 8192). */
  chunkRows?: number;
  /** How the bytes are text: `utf8` (default; invalid bytes are an error) or `latin1` (one byte, one character). */
  encoding?: InputEncoding;
  /** Longest row in bytes (default {@link DEFAULT_MAX_ROW_BYTES}): a longer one is an error, not a growing buffer. */
  maxRowBytes?: number;
}

/**
 * The default longest row, 16 MiB: far above any table's row (Python's csv module stops a field at 128 KiB), far
 * below what exhausts memory. A quoted field left open swallows the rest of the file into one row; this stops it
 * there.
 */
export const DEFAULT_MAX_ROW_BYTES = 16 * 2 ** 20;
/** The largest row limit a user may ask for, 256 MiB (V8's strings end at 512 Mi characters). */
export const MAX_ROW_BYTES = 256 * 2 ** 20;

/** What `streamCsv` read. */
export interface CsvSummary {
  /** The trimmed header. */
  header: string[];
  /** Number of data rows. */
  rows: number;
  /** Bytes read. */
  bytes: number;
}

/** csv-parse's options for every reader here. */
const PARSE_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  bom: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** A csv-parse error: a code and the parser's position. */
interface ParseError extends Error {
  code?: string;
  lines?: number;
  empty_lines?: number;
}

/** Two columns of a header with the same name, as 0-based indices, or undefined. */
function duplicateColumn(header: readonly string[]): [number, number] | undefined {
  const first = new Map<string, number>();
  for (let j = 0; j < header.length; j++) {
    const i = first.get(header[j]);
    if (i !== undefined) return [i, j];
    first.set(header[j], j);
  }
  return undefined;
}

/** The message for bytes that are not text: where, which byte, and the two ways out. */
function encodingMessage(source: string, bad: BadBytes, line: number, column: string | undefined): string {
  const where = line > 0 ? `line ${line}${column === undefined ? '' : ` (${column})`} is not valid ${bad.encoding}` : `the input is not valid ${bad.encoding}`;
  const fix =
    bad.encoding === 'UTF-8'
      ? 'convert the file to UTF-8 (iconv -f LATIN1 -t UTF-8 FILE), or pass --encoding latin1 to read each byte as one character'
      : 'convert the file to UTF-8 (iconv -f UTF-16LE -t UTF-8 FILE)';
  if (bad.encoding === 'UTF-8') return `${source}: ${where} (byte ${hexBytes(bad.bytes)} at offset ${bad.offset}): decoding it would merge distinct values into U+FFFD; ${fix}`;
  return `${source}: ${where} (bytes ${hexBytes(bad.bytes)} at offset ${bad.offset}: half a surrogate pair, or a byte short of a character); ${fix}`;
}

/**
 * Reads CSV from a stream with a header row. Only the selected columns are kept, chunk by chunk; every row is checked
 * to have as many fields as the header.
 *
 * @throws CsvError for an unreadable input, an empty file, a file without data rows, a row with the wrong number of
 *   fields (naming its line) or an unterminated quoted field (naming the line where it starts); anything `select`
 *   or `onChunk` throws is rethrown as is
 */
export function streamCsv(input: Readable, options: StreamCsvOptions): Promise<CsvSummary> {
  const { source, select, onChunk, onBytes } = options;
  const chunkRows = options.chunkRows ?? 8192;
  const maxRow = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  const encoding = options.encoding ?? 'utf8';
  const parser: Parser = parse({ ...PARSE_OPTIONS, encoding, max_record_size: maxRow });
  const check = new EncodingCheck(encoding);
  return new Promise<CsvSummary>((resolve, reject) => {
    let header: string[] | undefined;
    let keep: number[] = [];
    let rows = 0;
    let bytes = 0;
    let records = 0;
    // Where the previous record ended, and how many blank lines csv-parse had skipped by then: a record starts on the
    // line after the previous one plus the blank lines skipped in between.
    let prevEnd = 0;
    let prevEmpty = 0;
    let cols: string[][] = [];
    let lines = new Int32Array(chunkRows);
    let fill = 0;
    let done = false;
    const finish = (err: unknown): void => {
      if (done) return;
      done = true;
      if (err === undefined) return;
      input.destroy();
      parser.destroy();
      reject(err);
    };
    const flush = (): void => {
      if (fill === 0) return;
      const chunk: CsvChunk = { rows: fill, lines: fill === lines.length ? lines : lines.slice(0, fill), columns: cols.map((c) => (c.length === fill ? c : c.slice(0, fill))) };
      cols = keep.map(() => new Array<string>(chunkRows));
      lines = new Int32Array(chunkRows);
      fill = 0;
      onChunk(chunk);
    };
    const startLine = (emptyLines: number): number => prevEnd + 1 + (emptyLines - prevEmpty);
    // The bytes go to the encoding check, then to the parser (pausing the input while the parser is full): a record
    // is parsed only after its bytes were checked.
    input.on('data', (data: Buffer | string) => {
      if (done) return;
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      bytes += buf.length;
      try {
        onBytes?.(bytes);
        check.push(buf);
      } catch (e) {
        finish(e);
        return;
      }
      if (!parser.write(buf)) {
        input.pause();
        parser.once('drain', () => input.resume());
      }
    });
    input.on('end', () => {
      if (done) return;
      check.end();
      parser.end();
    });
    input.on('error', (e: Error) => finish(new CsvError(`cannot read ${source}: ${e.message}`)));
    /** The record `rec` holds bytes that are not text: its line, and its one field with a U+FFFD if there is one. */
    const badRecord = (bad: BadBytes, rec: string[], line: number): CsvError => {
      const hit = rec.flatMap((f, j) => (f.includes('\uFFFD') ? [j] : []));
      const column = hit.length !== 1 ? undefined : header === undefined ? `the name of column ${hit[0] + 1}` : `column '${header[hit[0]]}'`;
      return new CsvError(encodingMessage(source, bad, line, column));
    };
    parser.on('data', (rec: string[]) => {
      if (done) return;
      try {
        records++;
        const info = parser.info;
        // csv-parse updates `info` as it parses; it describes this record when the record is delivered at once, which
        // the count of records confirms. Otherwise the line is unknown (0).
        const fresh = info.records === records;
        const line = fresh ? startLine(info.empty_lines) : 0;
        if (fresh) {
          prevEnd = info.lines;
          prevEmpty = info.empty_lines;
        }
        // `info.bytes` is where this record ends; its bytes were checked before the parser saw them.
        if (check.bad !== undefined && (!fresh || check.bad.offset < info.bytes)) throw badRecord(check.bad, rec, line);
        if (header === undefined) {
          header = rec.map((h) => h.trim());
          const dup = duplicateColumn(header);
          if (dup !== undefined) {
            const [i, j] = dup;
            const what = header[i] === '' ? 'has two columns without a name' : `names two columns '${header[i]}'`;
            throw new CsvError(`${source}: the header ${what} (columns ${i + 1} and ${j + 1}); every column needs its own name`);
          }
          keep = select(header);
          cols = keep.map(() => new Array<string>(chunkRows));
          return;
        }
        if (rec.length !== header.length) {
          throw new CsvError(`${source}: ${line > 0 ? `line ${line}` : `row ${rows + 1}`} has ${rec.length} fields but the header has ${header.length}`);
        }
        for (let k = 0; k < keep.length; k++) cols[k][fill] = rec[keep[k]].trim();
        lines[fill++] = line;
        rows++;
        if (fill === chunkRows) flush();
      } catch (e) {
        finish(e);
      }
    });
    parser.on('error', (e: ParseError) => {
      const line = startLine(e.empty_lines ?? prevEmpty);
      if (check.bad !== undefined) finish(new CsvError(encodingMessage(source, check.bad, 0, undefined)));
      else if (e.code === 'CSV_QUOTE_NOT_CLOSED') finish(new CsvError(`${source}: unterminated quoted field starting on line ${line}`));
      else if (e.code === 'CSV_MAX_RECORD_SIZE') {
        finish(
          new CsvError(
            `${source}: the row starting on line ${line} is longer than the limit of ${formatSize(maxRow)} bytes (a quoted field left open, or a field too big to read at once); ` +
              (maxRow < MAX_ROW_BYTES
                ? `if the data is right, raise the limit with --max-row-size (up to ${formatSize(MAX_ROW_BYTES)})`
                : 'this is the largest limit (a longer field cannot be held as one string): drop or split that column before reading'),
          ),
        );
      } else finish(new CsvError(`${source}: ${e.message}`));
    });
    parser.on('end', () => {
      if (done) return;
      try {
        if (check.bad !== undefined) throw new CsvError(encodingMessage(source, check.bad, 0, undefined));
        if (header === undefined) throw new CsvError(`${source}: no header row (the file is empty)`);
        if (rows === 0) throw new CsvError(`${source}: no data rows after the header`);
        flush();
        done = true;
        resolve({ header, rows, bytes });
      } catch (e) {
        finish(e);
      }
    });
  });
}

/**
 * Finds a column by name, or by 1-based position when the argument is a whole number that is not itself a column
 * name. Returns -1 when there is no such column.
 */
export function findColumn(header: readonly string[], spec: string): number {
  const byName = header.indexOf(spec);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(spec)) {
    const k = Number(spec);
    if (k >= 1 && k <= header.length) return k - 1;
  }
  return -1;
}

/** An integer, written any way: `1`, `01`, `+1`, `1.0`, `1.` (a fraction of zeros only, so no rounding). */
const INTEGER = /^[-+]?\d+(\.0*)?$/;

/**
 * The category a field stands for: an integer written any way (`01`, `+1`, `1.0`, `1`) is that integer (`1`); any
 * other text is itself. Columns whose categories are all integers are then ordered as numbers.
 */
export function canonicalLabel(v: string): string {
  if (INTEGER.test(v)) {
    const x = Number(v);
    if (Number.isSafeInteger(x)) return String(x);
  }
  return v;
}

/** True when a (canonical) label is an integer. */
export function isIntegerLabel(v: string): boolean {
  return INTEGER.test(v) && Number.isSafeInteger(Number(v));
}

/** How a column is named in a mathjs expression: itself when it is an identifier, else `col("its name")`. */
export function columnInExpression(column: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(column) ? column : `col(${JSON.stringify(column)})`;
}

/** What to do with a numeric column where labels are wanted: bin it with --let. */
export function binAdvice(column: string): string {
  const expr = `bin = round(${columnInExpression(column)})`;
  // Quoted for a shell: in single quotes when the expression holds double quotes.
  return `bin it first, e.g. --let ${expr.includes('"') ? `'${expr}'` : `"${expr}"`} and use the column bin`;
}

/**
 * The labels of one column of a chunk, canonical (see {@link canonicalLabel}). A number with a fraction (`2.5`,
 * `1e-3`) is refused: counted as a label, each distinct value of a continuous column would be a category of its own,
 * and the entropy or mutual information would only measure the sample size.
 *
 * @param advice - what the user can do instead, given the column's name
 * @throws UsageError naming the column, the value, its line and the advice
 */
export function labelsOf(values: readonly string[], lines: Int32Array, column: string, source: string, advice: (column: string) => string = binAdvice): string[] {
  const out = new Array<string>(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (INTEGER.test(v)) {
      const x = Number(v);
      out[r] = Number.isSafeInteger(x) ? String(x) : v;
      continue;
    }
    const c = v.charCodeAt(0);
    // Only text that starts like a number can be one: most labels are rejected on their first character.
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      const x = Number(v);
      if (Number.isFinite(x) && !Number.isInteger(x)) {
        const at = lines[r] > 0 ? `on line ${lines[r]}` : `in row ${r + 1} of a chunk`;
        throw new UsageError(
          `${source}: column '${column}' holds numbers with a fraction (${v} ${at}), which a discrete estimator would count as ` +
            `categories, one per distinct value; ${advice(column)}`,
        );
      }
    }
    out[r] = v;
  }
  return out;
}

/** A field as a finite number, or a CsvError naming the line and the column. */
export function numericField(raw: string, line: number, column: string, source: string): number {
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v)) throw new CsvError(`${source}: non-numeric value ${JSON.stringify(raw)} on line ${line} in column '${column}'`);
  return v;
}
