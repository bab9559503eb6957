// Derived columns and row filters (`--let "ret = log(close) - log(open)"`, `--where "volume > 0"`) through mathjs's
// expression parser: parsed and checked against the header once, compiled once, evaluated row by row. mathjs is
// loaded only when an expression is given, and only here (Node only; it never reaches a library bundle).
import { CsvError } from './csv.js';
import { UsageError } from './kit.js';

/** The part of mathjs used here. */
interface MathNode {
  type: string;
  name?: string;
  object?: MathNode;
  value?: MathNode;
  fn?: MathNode;
  args?: MathNode[];
  compile(): { evaluate(scope: Map<string, unknown>): unknown };
  traverse(callback: (node: MathNode, path: string, parent: MathNode | null) => void): void;
}
interface MathJs {
  parse(expr: string): MathNode;
  typeOf(x: unknown): string;
  format(x: unknown, options?: { precision: number }): string;
  [name: string]: unknown;
}

let math: MathJs | undefined;

/**
 * Loads mathjs (once): its single-file bundle, which Node loads several times faster than the ESM tree of `mathjs`
 * (about 0.4 s against 3 s of CPU), a cost paid only when an expression is given.
 */
export async function loadMath(): Promise<void> {
  const bundle = 'mathjs/lib/browser/math.js';
  math ??= ((await import(bundle)) as { default: MathJs }).default;
}

/** One compiled `--let`: a new column. */
interface Let {
  text: string;
  name: string;
  code: { evaluate(scope: Map<string, unknown>): unknown };
}

/** The expressions of a run, compiled against a header. */
export interface Program {
  /** Names of the derived columns, appended to the header in order. */
  names: string[];
  /** Indices (in the file header) of the columns the expressions read. */
  reads: number[];
  /**
   * Evaluates one chunk: `raw[k]` holds file column `reads[k]`. Returns the derived columns (as text, like fields of
   * the file) and which rows pass `--where` (null when there is no filter).
   */
  run(raw: string[][], rows: number, lines: Int32Array): { derived: string[][]; keep: Uint8Array | null };
}

function describe(v: unknown): string {
  const m = math as MathJs;
  const type = m.typeOf(v);
  if (type === 'number') return String(v);
  if (type === 'string') return `the text ${JSON.stringify(v)}`;
  if (type === 'Complex') return `the complex number ${m.format(v, { precision: 6 })}`;
  if (type === 'Matrix' || type === 'Array' || type === 'DenseMatrix') return 'a matrix';
  if (v === undefined || v === null) return 'nothing';
  return `a ${type} (${m.format(v, { precision: 6 })})`;
}

/** A field as mathjs sees it: a number when it reads as one, else the text. */
function value(raw: string): number | string {
  if (raw === '') return raw;
  const x = Number(raw);
  return Number.isFinite(x) ? x : raw;
}

/**
 * Parses and checks `--let` and `--where` against the file's header (call {@link loadMath} first). Every name an
 * expression uses must be a column (or a column an earlier `--let` made), a mathjs function or constant, or
 * `col("any name")` for a column whose name is not an identifier.
 *
 * @throws UsageError for a syntax error, a `--let` that is not `name = expression` or names an existing column, or
 *   an expression that names an unknown column (the message names the expression and the header's line)
 */
export function compileExpressions(lets: readonly string[], where: string | undefined, header: readonly string[], source: string): Program {
  const m = math as MathJs;
  const known = new Map<string, number>(header.map((h, j) => [h, j]));
  const derived = new Set<string>();
  const reads = new Set<number>();
  let readsAll = false;
  const check = (flag: string, text: string, node: MathNode): void => {
    node.traverse((n, _path, parent) => {
      if (n.type === 'FunctionNode' && n.fn?.type === 'SymbolNode' && n.fn.name === 'col') {
        const arg = n.args?.[0];
        if (n.args?.length === 1 && arg?.type === 'ConstantNode' && typeof arg.value === 'string') {
          const name = arg.value as string;
          if (!known.has(name) && !derived.has(name)) throw new UsageError(`${source}: ${flag} "${text}" names no column '${name}' (the header on line 1 has: ${header.join(', ')})`);
          if (known.has(name)) reads.add(known.get(name) as number);
        } else readsAll = true;
        return;
      }
      if (n.type !== 'SymbolNode') return;
      if (parent?.type === 'FunctionNode' && parent.fn === n) return; // a function name, checked by mathjs
      const name = n.name as string;
      if (known.has(name)) reads.add(known.get(name) as number);
      else if (!derived.has(name) && m[name] === undefined) {
        throw new UsageError(`${source}: ${flag} "${text}" names no column '${name}' (the header on line 1 has: ${header.join(', ')})`);
      }
    });
  };
  const parse = (flag: string, text: string): MathNode => {
    try {
      return m.parse(text);
    } catch (e) {
      throw new UsageError(`${flag} "${text}": ${(e as Error).message}`);
    }
  };
  const compiled: Let[] = [];
  for (const text of lets) {
    const node = parse('--let', text);
    if (node.type !== 'AssignmentNode' || node.object?.type !== 'SymbolNode' || node.value === undefined) {
      throw new UsageError(`--let "${text}" must be NAME = EXPRESSION (for example --let "ret = log(close) - log(open)")`);
    }
    const name = node.object.name as string;
    if (known.has(name) || derived.has(name)) throw new UsageError(`--let "${text}": there is already a column '${name}'`);
    check('--let', text, node.value);
    derived.add(name);
    compiled.push({ text, name, code: node.compile() });
  }
  let filter: { text: string; code: { evaluate(scope: Map<string, unknown>): unknown } } | undefined;
  if (where !== undefined) {
    const node = parse('--where', where);
    check('--where', where, node);
    filter = { text: where, code: node.compile() };
  }
  const readList = readsAll ? header.map((_, j) => j) : [...reads].sort((a, b) => a - b);
  return {
    names: compiled.map((l) => l.name),
    reads: readList,
    run(raw, rows, lines) {
      const out = compiled.map(() => new Array<string>(rows));
      const keep = filter ? new Uint8Array(rows) : null;
      const scope = new Map<string, unknown>();
      let r = 0;
      scope.set('col', (name: unknown) => {
        if (typeof name !== 'string' || !scope.has(`\u0000${name}`)) throw new Error(`col(${JSON.stringify(name)}): no such column`);
        return scope.get(`\u0000${name}`);
      });
      for (; r < rows; r++) {
        for (let k = 0; k < readList.length; k++) {
          const v = value(raw[k][r]);
          const name = header[readList[k]];
          scope.set(name, v);
          scope.set(`\u0000${name}`, v);
        }
        const line = lines[r];
        const at = line > 0 ? `on line ${line}` : `in data row ${r + 1} of a chunk`;
        for (let i = 0; i < compiled.length; i++) {
          const l = compiled[i];
          let v: unknown;
          try {
            v = l.code.evaluate(scope);
          } catch (e) {
            throw new CsvError(`${source}: --let "${l.text}" fails ${at}: ${(e as Error).message}`);
          }
          if (typeof v === 'boolean') v = v ? 1 : 0;
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new CsvError(`${source}: --let "${l.text}" gives ${describe(v)} ${at}, not a finite number`);
          scope.set(l.name, v);
          scope.set(`\u0000${l.name}`, v);
          out[i][r] = String(v);
        }
        if (filter && keep) {
          let w: unknown;
          try {
            w = filter.code.evaluate(scope);
          } catch (e) {
            throw new CsvError(`${source}: --where "${filter.text}" fails ${at}: ${(e as Error).message}`);
          }
          if (typeof w !== 'boolean') throw new CsvError(`${source}: --where "${filter.text}" gives ${describe(w)} ${at}, not true or false`);
          keep[r] = w ? 1 : 0;
        }
      }
      return { derived: out, keep };
    },
  };
}
