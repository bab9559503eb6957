/** A parsed CSV file: header names and rows of raw strings, with the 1-based line number of each row. */
export interface Csv {
  header: string[];
  rows: string[][];
  lines: number[];
}

/** Thrown for malformed CSV or unusable columns; the CLI prints the message and exits with code 1. */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/**
 * Parses CSV text with a header row (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends). Blank lines are
 * skipped. Every row must have as many fields as the header.
 */
export function parseCsv(text: string, source: string): Csv {
  const records: { fields: string[]; line: number }[] = [];
  let field = '';
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      recordLine = line;
    } else field += ch;
    i++;
  }
  if (quoted) throw new CsvError(`${source}: unterminated quoted field starting on line ${recordLine}`);
  if (field !== '' || fields.length > 0) endRecord();
  if (records.length === 0) throw new CsvError(`${source}: no header row (the file is empty)`);
  const header = records[0].fields.map((h) => h.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (rec.fields.length !== header.length) {
      throw new CsvError(`${source}: line ${rec.line} has ${rec.fields.length} fields but the header has ${header.length}`);
    }
    rows.push(rec.fields);
    lines.push(rec.line);
  }
  if (rows.length === 0) throw new CsvError(`${source}: no data rows after the header`);
  return { header, rows, lines };
}

/**
 * Finds a column by name, or by 1-based position when the argument is a whole number that is not itself a column
 * name. Returns -1 when there is no such column.
 */
export function findColumn(csv: Csv, spec: string): number {
  const byName = csv.header.indexOf(spec);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(spec)) {
    const k = Number(spec);
    if (k >= 1 && k <= csv.header.length) return k - 1;
  }
  return -1;
}

/** A column as numbers; a value that is not a finite number is an error naming its line and column. */
export function numericColumn(csv: Csv, j: number, source: string): Float64Array {
  const out = new Float64Array(csv.rows.length);
  for (let r = 0; r < csv.rows.length; r++) {
    const raw = csv.rows[r][j].trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) {
      throw new CsvError(`${source}: non-numeric value ${JSON.stringify(raw)} on line ${csv.lines[r]} in column '${csv.header[j]}'`);
    }
    out[r] = v;
  }
  return out;
}

/** A column as discrete labels: integers when every value is one, else the strings themselves. */
export function labelColumn(csv: Csv, j: number): number[] | string[] {
  const raw = csv.rows.map((r) => r[j].trim());
  if (raw.every((v) => /^[-+]?\d+$/.test(v) && Number.isSafeInteger(Number(v)))) return raw.map(Number);
  return raw;
}
