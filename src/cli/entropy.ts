// `infometa entropy`: the entropy of label columns (streamed: one LabelCounter per column), or of a distribution.
import { entropy, entropyOfCounts, LabelCounter } from '../core/index.js';
import { BASE, choiceFlag, numberFlag, numberListFlag, parseFlags, refuseFlags } from './args.js';
import { INPUT_FLAG_NAMES, INPUT_OPTIONS, inputFlags, readColumns, sourceName } from './columns.js';
import { binAdvice, findColumn, labelsOf } from './csv.js';
import { categoryOrder, fixed, INPUT_HELP, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

export const DISCRETE = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const;

/** Resolves a column spec against a header, or a UsageError listing the columns. */
export function column(header: readonly string[], spec: string | undefined, flag: string): number {
  if (spec === undefined) throw new UsageError(`missing --${flag} COL`);
  const j = findColumn(header, spec);
  if (j < 0) throw new UsageError(`no column '${spec}' (columns: ${header.join(', ')})`);
  return j;
}

/**
 * Resolves column specs (`--col`), refusing a column selected twice (by name or position).
 *
 * @throws UsageError for an unknown column or one selected twice
 */
export function columns(header: readonly string[], specs: readonly string[], flag: string): number[] {
  const cols = specs.map((c) => column(header, c, flag));
  cols.forEach((j, i) => {
    if (cols.indexOf(j) !== i) throw new UsageError(`column '${header[j]}' is selected twice (--${flag} ${specs[cols.indexOf(j)]} and --${flag} ${specs[i]})`);
  });
  return cols;
}

/** Counts of a label counter in category order (numbers as numbers), after reading. */
export function orderedCounts(counter: LabelCounter): Float64Array {
  const values = counter.categories() as string[];
  const counts = counter.marginal();
  return Float64Array.from(categoryOrder(values), (i) => counts[i]);
}

export const entropyCommand: Command = {
  name: 'entropy',
  summary: 'entropy of label columns, or of a distribution',
  help: `infometa entropy: entropy of discrete columns (labels: integers or text; numbers
with a fraction are refused: bin them with --let), or of a probability vector.

Usage:
  infometa entropy [FILE] [--col COL]... [--estimator E] [--base B] [--let ...] [--where ...] [--json]
  infometa entropy --probs P1,P2,... [--base B] [--json]

  --col COL        a column (repeatable; default every column)
  --estimator E    plugin (default), miller-madow, grassberger, shrinkage, chao-shen
  --base B         logarithm base (default e: nats; 2 for bits)
  --probs P,...    a distribution (normalized if it does not sum to 1)
${INPUT_HELP}

Example:
  infometa entropy emotions.csv --col amazed-suprised --col quiet-still --base 2
  infometa entropy prices.csv --let "up = close > open" --col up --json`,
  async run(args, io) {
    const { values, positionals } = parseFlags('entropy', args, {
      col: { type: 'string', multiple: true },
      estimator: { type: 'string' },
      base: { type: 'string' },
      probs: { type: 'string' },
      json: { type: 'boolean' },
      ...INPUT_OPTIONS,
    });
    const base = numberFlag(values.base, 'base', BASE, Math.E);
    if (values.probs !== undefined) {
      if (positionals.length > 0 || values.col) throw new UsageError('--probs takes no FILE and no --col');
      refuseFlags(values, ['estimator', ...INPUT_FLAG_NAMES], 'does not apply to --probs (a distribution, not a file of samples)');
      const p = numberListFlag(values.probs, 'probs', { expect: 'a number ≥ 0', min: 0, max: Number.MAX_VALUE });
      if (p.every((v) => v === 0)) throw new UsageError(`--probs needs an entry > 0 (got '${values.probs}')`);
      const h = entropy(p, { base, normalize: true });
      io.stdout(values.json ? JSON.stringify({ entropy: h, base }) + '\n' : `${fixed(h)}\n`);
      return;
    }
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    const estimator = choiceFlag(values.estimator, 'estimator', DISCRETE, 'plugin');
    const input = inputFlags(values);
    const source = sourceName(positionals[0]);
    let names: string[] = [];
    let counters: LabelCounter[] = [];
    await readColumns(io, {
      file: positionals[0],
      ...input,
      select(header) {
        const cols = values.col ? columns(header, values.col, 'col') : header.map((_, j) => j);
        names = cols.map((j) => header[j]);
        counters = names.map((nm) => new LabelCounter(nm));
        return cols;
      },
      onChunk(chunk) {
        for (let k = 0; k < counters.length; k++) counters[k].add(labelsOf(chunk.columns[k], chunk.lines, names[k], source, binAdvice));
      },
    });
    const results = counters.map((c, k) => ({
      column: names[k],
      n: c.n,
      categories: c.size,
      entropy: entropyOfCounts(orderedCounts(c), { base, estimator }),
    }));
    if (values.json) io.stdout(JSON.stringify({ estimator, base, results }, null, 2) + '\n');
    else io.stdout(table(['column', 'n', 'categories', 'entropy'], results.map((r) => [r.column, String(r.n), String(r.categories), fixed(r.entropy)])));
  },
};
