// `infometa te`: transfer entropy between columns of a CSV file: one pair (with an optional surrogate test), or the
// network of every ordered pair with surrogate p-values and corrected significance. The columns are kept in memory
// (8 bytes a row each): every estimator of transfer entropy needs every row.
import { parseArgs } from 'node:util';
import { transferEntropy, transferEntropyMatrix, transferEntropyTest } from '../dynamics/index.js';
import type { TransferEntropyOptions } from '../dynamics/index.js';
import { collectColumns, INPUT_OPTIONS } from './columns.js';
import { CsvError } from './csv.js';
import { column } from './entropy.js';
import { fixed, INPUT_HELP, num, progressBar, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

const ESTIMATORS = ['ksg', 'gaussian', 'discrete'] as const;

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
                      discrete (integer columns)
  --k K, --k-tau T    the target's history: K samples spaced by T (default 1, 1)
  --l L, --l-tau T    the source's history (default 1, 1); --delay D source-target delay (default 1)
  --log-returns       use ln x[t] − ln x[t−1] of every column (prices); --diff: x[t] − x[t−1]
  --surrogates M      a surrogate test (source shuffled, target history kept): p-values; with --matrix,
                      Benjamini–Hochberg (default) or Bonferroni corrected significance at --alpha (default 0.05)
  --surrogate         shuffle (default) or circular (the source rotated in time); --seed S (default 0)
  --base B            logarithm base (default e: nats; 2 for bits)
${INPUT_HELP}
Memory: the selected columns are kept (8 bytes a row each).

Example:
  infometa te eustocks.csv --source SMI --target FTSE --log-returns --surrogates 999
  infometa te eustocks.csv --matrix --cols DAX,SMI,CAC,FTSE --log-returns --estimator gaussian --surrogates 999`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
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
      },
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    const estimator = values.estimator ?? 'ksg';
    if (!(ESTIMATORS as readonly string[]).includes(estimator)) throw new UsageError(`unknown --estimator '${estimator}' (one of ${ESTIMATORS.join(', ')})`);
    if (values['log-returns'] && values.diff) throw new UsageError('pass at most one of --log-returns and --diff');
    const how = values['log-returns'] ? 'log-returns' : values.diff ? 'diff' : null;
    const algorithm = num(values.algorithm, 'algorithm', 1, true);
    if (algorithm !== 1 && algorithm !== 2) throw new UsageError(`--algorithm must be 1 or 2 (got ${algorithm})`);
    const surrogate = values.surrogate ?? 'shuffle';
    if (surrogate !== 'shuffle' && surrogate !== 'circular') throw new UsageError(`unknown --surrogate '${surrogate}' (shuffle or circular)`);
    const correction = values.correction ?? 'bh';
    if (!['bh', 'bonferroni', 'none'].includes(correction)) throw new UsageError(`unknown --correction '${correction}' (bh, bonferroni or none)`);
    if (values.matrix && (values.source !== undefined || values.target !== undefined)) throw new UsageError('--matrix takes --cols, not --source / --target');
    const base = num(values.base, 'base', Math.E);
    const options: TransferEntropyOptions = {
      estimator: estimator as 'ksg',
      k: num(values.k, 'k', 1, true),
      kTau: num(values['k-tau'], 'k-tau', 1, true),
      l: num(values.l, 'l', 1, true),
      lTau: num(values['l-tau'], 'l-tau', 1, true),
      delay: num(values.delay, 'delay', 1, true),
      neighbours: num(values.neighbours, 'neighbours', 4, true),
      algorithm,
      seed: num(values.seed, 'seed', 0, true),
      base,
    };
    const surrogates = values.surrogates === undefined ? undefined : num(values.surrogates, 'surrogates', 0, true);
    const alpha = num(values.alpha, 'alpha', 0.05);
    const select = (header: string[]): number[] => {
      if (!values.matrix) return [column(header, values.source, 'source'), column(header, values.target, 'target')];
      const cols = values.cols === undefined ? header.map((_, j) => j) : values.cols.split(',').map((c) => column(header, c.trim(), 'cols'));
      if (cols.length < 2) throw new UsageError('--matrix needs at least 2 columns');
      return cols;
    };
    const got = await collectColumns(io, { file: positionals[0], lets: values.let ?? [], where: values.where, progress: values.progress === true, select }, 'number');
    const series = got.columns.map((c, i) => {
      const v = transform(c as Float64Array, how, got.names[i], got.source);
      return estimator === 'discrete' ? Array.from(v) : v;
    });
    const n = series[0].length;
    const unit = base === Math.E ? 'nats' : base === 2 ? 'bits' : `base ${base}`;
    const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'surrogates');
    if (values.matrix) {
      const names = got.names;
      const m = transferEntropyMatrix(series, names, { ...options, estimator: estimator as 'ksg', surrogates, surrogate, onProgress });
      const edges = m.pValues === null ? [] : m.edges({ alpha, correction: correction as 'bh' });
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
