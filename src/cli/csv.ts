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
}

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
  const parser: Parser = parse(PARSE_OPTIONS);
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
      input.unpipe(parser);
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
    input.on('data', (buf: Buffer | string) => {
      bytes += typeof buf === 'string' ? Buffer.byteLength(buf) : buf.length;
      if (onBytes) {
        try {
          onBytes(bytes);
        } catch (e) {
          finish(e);
        }
      }
    });
    input.on('error', (e: Error) => finish(new CsvError(`cannot read ${source}: ${e.message}`)));
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
        if (header === undefined) {
          header = rec.map((h) => h.trim());
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
      if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
        finish(new CsvError(`${source}: unterminated quoted field starting on line ${startLine(e.empty_lines ?? prevEmpty)}`));
      } else finish(new CsvError(`${source}: ${e.message}`));
    });
    parser.on('end', () => {
      if (done) return;
      try {
        if (header === undefined) throw new CsvError(`${source}: no header row (the file is empty)`);
        if (rows === 0) throw new CsvError(`${source}: no data rows after the header`);
        flush();
        done = true;
        resolve({ header, rows, bytes });
      } catch (e) {
        finish(e);
      }
    });
    input.pipe(parser);
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

const INTEGER = /^[-+]?\d+$/;

/**
 * The category a field stands for: an integer written any way (`01`, `+1`, `1`) is that integer (`1`); any other
 * text is itself. Columns whose categories are all integers are then ordered as numbers.
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

/** A field as a finite number, or a CsvError naming the line and the column. */
export function numericField(raw: string, line: number, column: string, source: string): number {
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v)) throw new CsvError(`${source}: non-numeric value ${JSON.stringify(raw)} on line ${line} in column '${column}'`);
  return v;
}
