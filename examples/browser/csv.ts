// CSV reading for the browser example, with Papa Parse: a header row, then one record per line (RFC 4180 quoting).
// The last N columns are the label columns (tasks); everything before them is features, which this page only counts.
import Papa from 'papaparse';

/** The label columns of a multi-label CSV file. */
export interface LabelTable {
  /** Names of the label columns, from the header. */
  labelNames: string[];
  /** One array per label column: integers when every value is an integer, otherwise the raw strings. */
  labels: (number[] | string[])[];
  /** Number of data rows. */
  rows: number;
  /** Number of columns before the labels. */
  featureCount: number;
}

/** A parsed CSV file: header names and records of raw strings with the 1-based line of each record. */
interface Csv {
  header: string[];
  records: string[][];
  lines: number[];
}

/**
 * Splits CSV text into records with Papa Parse (quoted fields may hold commas, doubled quotes and line breaks; blank
 * lines are skipped), keeping the line where each record starts for the error messages.
 */
function parseCsv(text: string): Csv {
  // A byte-order mark is not part of the header; CRLF and CR line ends become LF (Papa takes one kind per file).
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  // Offsets where lines start, to turn Papa's character offsets into line numbers.
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) starts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: { fields: string[]; line: number }[] = [];
  let cursor = 0;
  Papa.parse<string[]>(src, {
    newline: '\n',
    skipEmptyLines: 'greedy',
    step: (row) => {
      // The record starts at the first character after the previous record's end that is not a line break.
      let start = cursor;
      while (start < src.length && (src[start] === '\n' || src[start] === ' ' || src[start] === '\t')) start++;
      cursor = row.meta.cursor;
      const quote = row.errors.find((e) => e.code === 'MissingQuotes');
      if (quote) throw new Error(`CSV: a quoted field opened on line ${lineAt(start)} is never closed`);
      out.push({ fields: row.data, line: lineAt(start) });
    },
  });
  if (out.length === 0) throw new Error('CSV: the file is empty');
  const [head, ...rest] = out;
  return { header: head.fields.map((s) => s.trim()), records: rest.map((r) => r.fields), lines: rest.map((r) => r.line) };
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Reads the last `labelCount` columns of a CSV file as label columns.
 *
 * @param text - the file's text, header row first
 * @param labelCount - N, the number of label columns at the end of each row
 * @throws Error naming the line and column for a ragged row or an empty label, and for an N out of range
 */
export function readLabelTable(text: string, labelCount: number): LabelTable {
  const csv = parseCsv(text);
  const C = csv.header.length;
  if (!Number.isInteger(labelCount) || labelCount < 2 || labelCount > C) {
    throw new Error(`label columns must be an integer in [2, ${C}] for a file with ${C} columns (got ${labelCount})`);
  }
  if (csv.records.length < 2) throw new Error(`CSV: need at least 2 data rows (got ${csv.records.length})`);
  const f = C - labelCount;
  const labelNames = csv.header.slice(f).map((s, j) => s || `label${j}`);
  const seen = new Set<string>();
  for (const nm of labelNames) {
    if (seen.has(nm)) throw new Error(`CSV: the label column name "${nm}" appears twice in the header`);
    seen.add(nm);
  }
  const raw: string[][] = Array.from({ length: labelCount }, () => []);
  csv.records.forEach((r, i) => {
    if (r.length !== C) throw new Error(`CSV line ${csv.lines[i]}: expected ${C} fields as in the header, got ${r.length}`);
    for (let j = 0; j < labelCount; j++) {
      const v = r[f + j].trim();
      if (v === '') throw new Error(`CSV line ${csv.lines[i]}: the label "${labelNames[j]}" is empty`);
      raw[j].push(v);
    }
  });
  const labels = raw.map((col) => (col.every((v) => INTEGER.test(v)) ? col.map(Number) : col));
  return { labelNames, labels, rows: csv.records.length, featureCount: f };
}
