// `infometa entropy`: the entropy of label columns (streamed: one LabelCounter per column), or of a distribution.
import { parseArgs } from 'node:util';
import { entropy, entropyOfCounts, LabelCounter } from '../core/index.js';
import type { EntropyEstimator } from '../core/index.js';
import { INPUT_OPTIONS, readColumns } from './columns.js';
import { canonicalLabel, findColumn } from './csv.js';
import { categoryOrder, fixed, INPUT_HELP, num, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

export const DISCRETE = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const;

/** Resolves a column spec against a header, or a UsageError listing the columns. */
export function column(header: readonly string[], spec: string | undefined, flag: string): number {
  if (spec === undefined) throw new UsageError(`missing --${flag} COL`);
  const j = findColumn(header, spec);
  if (j < 0) throw new UsageError(`no column '${spec}' (columns: ${header.join(', ')})`);
  return j;
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
  help: `infometa entropy: entropy of discrete columns (labels: integers or text), or of a probability vector.

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
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { col: { type: 'string', multiple: true }, estimator: { type: 'string' }, base: { type: 'string' }, probs: { type: 'string' }, json: { type: 'boolean' }, ...INPUT_OPTIONS },
    });
    const base = num(values.base, 'base', Math.E);
    if (values.probs !== undefined) {
      if (positionals.length > 0 || values.col) throw new UsageError('--probs takes no FILE and no --col');
      const p = values.probs.split(',').map((s) => num(s, 'probs', NaN));
      const h = entropy(p, { base, normalize: true });
      io.stdout(values.json ? JSON.stringify({ entropy: h, base }) + '\n' : `${fixed(h)}\n`);
      return;
    }
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    const estimator = values.estimator ?? 'plugin';
    if (!(DISCRETE as readonly string[]).includes(estimator)) throw new UsageError(`unknown --estimator '${estimator}' (one of ${DISCRETE.join(', ')})`);
    let names: string[] = [];
    let counters: LabelCounter[] = [];
    await readColumns(io, {
      file: positionals[0],
      lets: values.let ?? [],
      where: values.where,
      progress: values.progress === true,
      select(header) {
        const cols = values.col ? values.col.map((c) => column(header, c, 'col')) : header.map((_, j) => j);
        names = cols.map((j) => header[j]);
        counters = names.map((nm) => new LabelCounter(nm));
        return cols;
      },
      onChunk(chunk) {
        for (let k = 0; k < counters.length; k++) counters[k].add(chunk.columns[k].map(canonicalLabel));
      },
    });
    const results = counters.map((c, k) => ({
      column: names[k],
      n: c.n,
      categories: c.size,
      entropy: entropyOfCounts(orderedCounts(c), { base, estimator: estimator as EntropyEstimator }),
    }));
    if (values.json) io.stdout(JSON.stringify({ estimator, base, results }, null, 2) + '\n');
    else io.stdout(table(['column', 'n', 'categories', 'entropy'], results.map((r) => [r.column, String(r.n), String(r.categories), fixed(r.entropy)])));
  },
};
