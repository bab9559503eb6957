// `infometa te`: transfer entropy between columns of a CSV file: one pair (with an optional surrogate test), or the
// network of every ordered pair with surrogate p-values and corrected significance. The columns are kept in memory
// (8 bytes a row each): every estimator of transfer entropy needs every row.
import { transferEntropy, transferEntropyMatrix, transferEntropyTest } from '../dynamics/index.js';
import type { TransferEntropyOptions } from '../dynamics/index.js';
import { BASE, choiceFlag, integerRule, NEIGHBOURS, numberFlag, parseFlags, PERMUTATIONS, refuseFlags, SEED } from './args.js';
import type { NumberRule } from './args.js';
import { collectColumns, INPUT_OPTIONS, inputFlags } from './columns.js';
import { binAdvice, CsvError } from './csv.js';
import { column, columns } from './entropy.js';
import { fixed, INPUT_HELP, progressBar, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

const ESTIMATORS = ['ksg', 'gaussian', 'discrete'] as const;
/** History lengths (--k, --l), their spacings (--k-tau, --l-tau) and the delay: integers ≥ 1. */
const HISTORY: NumberRule = integerRule(1);
/** The significance level of --matrix: strictly between 0 and 1. */
const ALPHA: NumberRule = { expect: 'a number > 0 and < 1', above: 0, max: 1, not: [1] };

function transform(v: Float64Array, how: 'log-returns' | 'diff' | null, name: string, source: string): Float64Array {
  if (how === null) return v;
  if (v.length < 2) throw new CsvError(`${source}: column '${name}' needs at least 2 rows for --${how}`);
  const out = new Float64Array(v.length - 1);
  for (let t = 1; t < v.length; t++) {
    if (how === 'diff') out[t - 1] = v[t] - v[t - 1];
    else {
      const bad = !(v[t - 1] > 0) ? t - 1 : !(v[t] > 0) ? t : -1;
      if (bad >= 0) throw new CsvError(`${source}: --log-returns needs positive values, but column '${name}' has ${v[bad]} in data row ${bad + 1}`);
      out[t - 1] = Math.log(v[t]) - Math.log(v[t - 1]);
    }
  }
  return out;
}

/** Integers numbered 0 … k−1 in increasing order (the categories of a discrete series). */
function categoryCodes(v: Float64Array): number[] {
  const sorted = Float64Array.from(new Set(v)).sort();
  const code = new Map<number, number>();
  sorted.forEach((x, i) => code.set(x, i));
  return Array.from(v, (x) => code.get(x) ?? 0);
}

export const teCommand: Command = {
  name: 'te',
  summary: 'transfer entropy between two columns, or the network of all of them, with surrogate tests',
  help: `infometa te: transfer entropy TE(source → target) between time-series columns (rows in time order), or the
transfer-entropy network of several columns with surrogate p-values and corrected significance.

Usage:
  infometa te [FILE] --source COL --target COL [--estimator E] [--k K] [--k-tau T] [--l L] [--l-tau T]
              [--delay D] [--neighbours N] [--algorithm 1|2] [--log-returns | --diff] [--surrogates M]
              [--surrogate shuffle|circular] [--seed S] [--base B] [--let ...] [--where ...] [--json] [--progress]
  infometa te [FILE] --matrix [--cols A,B,...] [the same options] [--alpha A] [--correction bh|bonferroni|none]

  --source COL, --target COL   the pair (TE from source to target)
  --matrix                     every ordered pair of --cols (default: every column); row = source, column = target
  --estimator E       ksg (default: Kraskov et al., --neighbours 4, --algorithm 1), gaussian (linear, Granger / 2),
                      discrete (labels: integers or text, as categories; a number with a fraction is refused)
  --k K, --k-tau T    the target's history: K samples spaced by T (integers ≥ 1, default 1, 1; --k-tau needs K > 1)
  --l L, --l-tau T    the source's history (the same rules); --delay D source-target delay (integer ≥ 1, default 1)
  --log-returns       use ln x[t] − ln x[t−1] of every column (prices); --diff: x[t] − x[t−1]
  --surrogates M      a surrogate test (source shuffled, target history kept; M ≥ 1): p-values; with --matrix,
                      Benjamini–Hochberg (default) or Bonferroni corrected significance at --alpha (in (0, 1),
                      default 0.05)
  --surrogate         shuffle (default) or circular (the source rotated in time); --seed S (default 0) seeds the
                      surrogates and ksg's tie-breaking noise
  --base B            logarithm base (default e: nats; 2 for bits)
  Options that would change nothing are refused (exit code 2): --neighbours or --algorithm without ksg, --surrogate,
  --alpha or --correction without --surrogates, --seed without --surrogates or ksg, --cols, --alpha or --correction
  without --matrix.
${INPUT_HELP}
Memory: the selected columns are kept (8 bytes a row each).

Example:
  infometa te eustocks.csv --source SMI --target FTSE --log-returns --surrogates 999
  infometa te eustocks.csv --matrix --cols DAX,SMI,CAC,FTSE --log-returns --estimator gaussian --surrogates 999`,
  async run(args, io) {
    const { values, positionals } = parseFlags('te', args, {
      source: { type: 'string' },
      target: { type: 'string' },
      matrix: { type: 'boolean' },
      cols: { type: 'string' },
      estimator: { type: 'string' },
      k: { type: 'string' },
      'k-tau': { type: 'string' },
      l: { type: 'string' },
      'l-tau': { type: 'string' },
      delay: { type: 'string' },
      neighbours: { type: 'string' },
      algorithm: { type: 'string' },
      'log-returns': { type: 'boolean' },
      diff: { type: 'boolean' },
      surrogates: { type: 'string' },
      surrogate: { type: 'string' },
      seed: { type: 'string' },
      base: { type: 'string' },
      alpha: { type: 'string' },
      correction: { type: 'string' },
      json: { type: 'boolean' },
      ...INPUT_OPTIONS,
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    // Every value is checked before the input is opened.
    const estimator = choiceFlag(values.estimator, 'estimator', ESTIMATORS, 'ksg');
    if (values['log-returns'] && values.diff) throw new UsageError('pass at most one of --log-returns and --diff');
    const how = values['log-returns'] ? 'log-returns' : values.diff ? 'diff' : null;
    const algorithm = choiceFlag(values.algorithm, 'algorithm', ['1', '2'], '1') === '2' ? 2 : 1;
    const surrogate = choiceFlag(values.surrogate, 'surrogate', ['shuffle', 'circular'], 'shuffle');
    const correction = choiceFlag(values.correction, 'correction', ['bh', 'bonferroni', 'none'], 'bh');
    const base = numberFlag(values.base, 'base', BASE, Math.E);
    const k = numberFlag(values.k, 'k', HISTORY, 1);
    const l = numberFlag(values.l, 'l', HISTORY, 1);
    const options: TransferEntropyOptions = {
      estimator,
      k,
      kTau: numberFlag(values['k-tau'], 'k-tau', HISTORY, 1),
      l,
      lTau: numberFlag(values['l-tau'], 'l-tau', HISTORY, 1),
      delay: numberFlag(values.delay, 'delay', HISTORY, 1),
      neighbours: numberFlag(values.neighbours, 'neighbours', NEIGHBOURS, 4),
      algorithm,
      seed: numberFlag(values.seed, 'seed', SEED, 0),
      base,
    };
    const surrogates = values.surrogates === undefined ? undefined : numberFlag(values.surrogates, 'surrogates', PERMUTATIONS, 0);
    const alpha = numberFlag(values.alpha, 'alpha', ALPHA, 0.05);
    // Flags that would change nothing are refused, rather than ignored.
    if (values.matrix && (values.source !== undefined || values.target !== undefined)) throw new UsageError('--matrix takes --cols, not --source / --target');
    if (!values.matrix) refuseFlags(values, ['cols', 'alpha', 'correction'], 'applies to --matrix only (one pair is --source COL --target COL)');
    if (surrogates === undefined) {
      refuseFlags(values, ['surrogate', 'alpha', 'correction'], 'applies to the surrogate test: add --surrogates M');
      if (estimator !== 'ksg') refuseFlags(values, ['seed'], `seeds the surrogates and ksg's tie-breaking noise: add --surrogates M (the estimator is ${estimator})`);
    }
    if (estimator !== 'ksg') refuseFlags(values, ['neighbours', 'algorithm'], `applies to --estimator ksg only (the estimator is ${estimator})`);
    if (k === 1) refuseFlags(values, ['k-tau'], 'spaces the samples of the target history: it has no effect with --k 1');
    if (l === 1) refuseFlags(values, ['l-tau'], 'spaces the samples of the source history: it has no effect with --l 1');
    if (estimator === 'discrete' && how === 'log-returns') {
      throw new UsageError('--log-returns makes numbers with a fraction, which --estimator discrete would count as categories; use --estimator ksg or gaussian');
    }
    const input = inputFlags(values);
    const select = (header: string[]): number[] => {
      if (!values.matrix) return [column(header, values.source, 'source'), column(header, values.target, 'target')];
      const cols = values.cols === undefined ? header.map((_, j) => j) : columns(header, values.cols.split(',').map((c) => c.trim()), 'cols');
      if (cols.length < 2) throw new UsageError('--matrix needs at least 2 columns');
      return cols;
    };
    const labelAdvice = (c: string): string => `use --estimator ksg or gaussian for numbers, or ${binAdvice(c)}`;
    // The discrete estimator counts categories: labels (text or integers, any sign) are numbered 0 … k−1 in category
    // order, which leaves transfer entropy unchanged; with --diff the integer differences are numbered the same way.
    const kind = estimator !== 'discrete' ? 'number' : how === null ? 'label' : 'integer';
    const got = await collectColumns(io, { file: positionals[0], ...input, select, labelAdvice }, kind);
    const series = got.columns.map((c, i) => {
      if (kind === 'label') return Array.from(c);
      const v = transform(c as Float64Array, how, got.names[i], got.source);
      return kind === 'integer' ? categoryCodes(v) : v;
    });
    const n = series[0].length;
    const unit = base === Math.E ? 'nats' : base === 2 ? 'bits' : `base ${base}`;
    const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'surrogates');
    if (values.matrix) {
      const names = got.names;
      const m = transferEntropyMatrix(series, names, { ...options, estimator, surrogates, surrogate, onProgress });
      const edges = m.pValues === null ? [] : m.edges({ alpha, correction });
      if (values.json) {
        const q = m.qValues === null ? null : Array.from(m.qValues);
        const b = m.bonferroni === null ? null : Array.from(m.bonferroni);
        io.stdout(JSON.stringify({ ...m.toJSON(), estimator, transform: how, n, qValues: q, bonferroni: b, edges }, null, 2) + '\n');
        return;
      }
      const T = m.size;
      const adj = correction === 'bonferroni' ? m.bonferroni : correction === 'none' ? m.pValues : m.qValues;
      const rows = names.map((nm, i) => [
        nm,
        ...names.map((_, j) => {
          if (i === j) return '—';
          const q = adj === null ? 1 : adj[i * T + j];
          const mark = adj === null ? '' : q <= 0.001 ? '***' : q <= 0.01 ? '** ' : q <= alpha ? '*  ' : '   ';
          return m.values[i * T + j].toFixed(4) + mark;
        }),
      ]);
      io.stdout(`transfer entropy (${unit}), row = source → column = target; ${estimator}, ${n} samples${how ? ` (${how})` : ''}\n`);
      if (m.pValues !== null) {
        const which = correction === 'none' ? 'uncorrected p' : correction === 'bh' ? 'Benjamini–Hochberg q' : 'Bonferroni p';
        io.stdout(`${surrogates} ${surrogate} surrogates per pair; ${which}: * ≤ ${alpha}, ** ≤ 0.01, *** ≤ 0.001\n`);
      }
      io.stdout(table(['source \\ target', ...names], rows));
      if (m.pValues !== null) {
        const list = edges.map((e) => [e.source, e.target, e.te.toFixed(4), e.pValue.toPrecision(3), e.adjusted.toPrecision(3)]);
        io.stdout(edges.length === 0 ? 'no significant edges\n' : `significant edges:\n${table(['source', 'target', 'TE', 'p-value', 'adjusted'], list)}`);
      }
      return;
    }
    const [x, y] = series;
    let te: number;
    let test: { pValue: number; nullMean: number; nullStd: number; surrogates: number; surrogate: string } | undefined;
    if (surrogates !== undefined) {
      const r = transferEntropyTest(x, y, { ...options, surrogates, surrogate, onProgress });
      te = r.statistic;
      test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, surrogates, surrogate };
    } else te = transferEntropy(x, y, options);
    const [sourceName, targetName] = got.names;
    if (values.json) {
      io.stdout(JSON.stringify({ source: sourceName, target: targetName, n, estimator, transform: how, base, te, ...(test ? { test } : {}) }, null, 2) + '\n');
      return;
    }
    const head = ['source', 'target', 'n', 'estimator', `TE (${unit})`];
    const row = [sourceName, targetName, String(n), estimator, fixed(te)];
    if (test) {
      head.push('p-value', 'null mean', 'null std');
      row.push(test.pValue.toPrecision(4), fixed(test.nullMean), fixed(test.nullStd));
    }
    io.stdout(table(head, [row]));
  },
};
