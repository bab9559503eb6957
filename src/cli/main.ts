#!/usr/bin/env node
// The `infometa` command line: entropy, mutual information (with a permutation test) and task-dependency matrices
// of CSV files, for Node users and shell scripts. Exit codes: 0 success, 1 bad data, 2 bad usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { entropy, entropyOf, InfometaError, mutualInformationOf } from '../core/index.js';
import type { EntropyEstimator } from '../core/index.js';
import {
  gaussianMutualInformationOf,
  ksgMutualInformation,
  mixedMutualInformation,
  mutualInformationTest,
  permutationTest,
} from '../estimators/index.js';
import { dependencyHeatmapSVG, taskDependencyMatrix } from '../miml/index.js';
import type { DependencyMeasure } from '../miml/index.js';
import { CsvError, findColumn, labelColumn, numericColumn, parseCsv, type Csv } from './csv.js';

const VERSION = '0.1.0';
const DISCRETE = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const;
const CONTINUOUS = ['ksg', 'gaussian', 'mixed'] as const;

const HELP = `infometa ${VERSION}: information theory on CSV files (header row; FILE or - for stdin)

Usage:
  infometa entropy [FILE] [--col COL]... [--estimator E] [--base B] [--json]
  infometa entropy --probs P1,P2,... [--base B] [--json]
  infometa mi [FILE] --x COL --y COL [--estimator E] [--k K] [--base B] [--test]
              [--permutations M] [--seed S] [--json] [--progress]
  infometa tasks [FILE] --labels LAST_N [--measure M] [--base B] [--permutations M]
              [--seed S] [--svg OUT.svg] [--json] [--progress]

Columns are names from the header, or 1-based positions.
Estimators: discrete plugin (default), miller-madow, grassberger, shrinkage, chao-shen;
            continuous ksg (Kraskov et al., k = 3), gaussian (closed form), mixed (labels x, numbers y).
Measures (tasks): mi (default), nmi, ami, conditional-entropy.
Results are in nats unless --base is given (2 for bits).
Exit codes: 0 ok, 1 bad data, 2 bad usage.`;

class UsageError extends Error {}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => string;
  stderrIsTTY: boolean;
}

function readInput(file: string | undefined, io: Io): { text: string; source: string } {
  if (file === undefined || file === '-') return { text: io.stdin(), source: 'stdin' };
  try {
    return { text: readFileSync(file, 'utf8'), source: file };
  } catch (e) {
    throw new CsvError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function column(csv: Csv, spec: string | undefined, flag: string): number {
  if (spec === undefined) throw new UsageError(`missing --${flag} COL`);
  const j = findColumn(csv, spec);
  if (j < 0) throw new UsageError(`no column '${spec}' (columns: ${csv.header.join(', ')})`);
  return j;
}

function num(v: string | undefined, flag: string, dflt: number, integer = false): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
    throw new UsageError(`--${flag} must be ${integer ? 'an integer' : 'a number'} (got '${v}')`);
  }
  return x;
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const fmtRow = (r: string[]) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join('  ');
  return [fmtRow(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmtRow)].join('\n') + '\n';
}

function fixed(v: number): string {
  return Number.isFinite(v) ? v.toFixed(6) : String(v);
}

function progressBar(io: Io, enabled: boolean, label: string): ((p: { completed: number; total: number }) => void) | undefined {
  if (!enabled) return undefined;
  return ({ completed, total }) => {
    const width = 30;
    const done = Math.round((completed / total) * width);
    io.stderr(`\r${label} [${'#'.repeat(done)}${' '.repeat(width - done)}] ${completed}/${total}${completed === total ? '\n' : ''}`);
  };
}

function cmdEntropy(args: string[], io: Io): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      col: { type: 'string', multiple: true },
      estimator: { type: 'string' },
      base: { type: 'string' },
      probs: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const base = num(values.base, 'base', Math.E);
  if (values.probs !== undefined) {
    if (positionals.length > 0 || values.col) throw new UsageError('--probs takes no FILE and no --col');
    const p = values.probs.split(',').map((s) => num(s, 'probs', NaN));
    const h = entropy(p, { base, normalize: true });
    if (values.json) io.stdout(JSON.stringify({ entropy: h, base }) + '\n');
    else io.stdout(`${fixed(h)}\n`);
    return;
  }
  if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
  const estimator = values.estimator ?? 'plugin';
  if (!(DISCRETE as readonly string[]).includes(estimator)) throw new UsageError(`unknown --estimator '${estimator}' (one of ${DISCRETE.join(', ')})`);
  const { text, source } = readInput(positionals[0], io);
  const csv = parseCsv(text, source);
  const cols = values.col ? values.col.map((c) => column(csv, c, 'col')) : csv.header.map((_, j) => j);
  const results = cols.map((j) => {
    const labels = labelColumn(csv, j);
    return { column: csv.header[j], n: labels.length, categories: new Set<number | string>(labels).size, entropy: entropyOf(labels, { base, estimator: estimator as EntropyEstimator }) };
  });
  if (values.json) io.stdout(JSON.stringify({ estimator, base, results }, null, 2) + '\n');
  else io.stdout(table(['column', 'n', 'categories', 'entropy'], results.map((r) => [r.column, String(r.n), String(r.categories), fixed(r.entropy)])));
}

function cmdMi(args: string[], io: Io): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      x: { type: 'string' },
      y: { type: 'string' },
      estimator: { type: 'string' },
      k: { type: 'string' },
      base: { type: 'string' },
      test: { type: 'boolean' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      progress: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
  const estimator = values.estimator ?? 'plugin';
  const known = [...DISCRETE, ...CONTINUOUS] as readonly string[];
  if (!known.includes(estimator)) throw new UsageError(`unknown --estimator '${estimator}' (one of ${known.join(', ')})`);
  const base = num(values.base, 'base', Math.E);
  const k = num(values.k, 'k', 3, true);
  const permutations = num(values.permutations, 'permutations', 1000, true);
  const seed = num(values.seed, 'seed', 0, true);
  const { text, source } = readInput(positionals[0], io);
  const csv = parseCsv(text, source);
  const jx = column(csv, values.x, 'x');
  const jy = column(csv, values.y, 'y');
  const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'permutations');
  let mi: number;
  let test: { pValue: number; nullMean: number; nullStd: number; permutations: number } | undefined;
  const perm = { permutations, seed, onProgress };
  if ((DISCRETE as readonly string[]).includes(estimator)) {
    const x = labelColumn(csv, jx);
    const y = labelColumn(csv, jy);
    const est = estimator as EntropyEstimator;
    mi = mutualInformationOf(x, y, { estimator: est, base });
    if (values.test) {
      const r = est === 'plugin' ? mutualInformationTest(x, y, { ...perm, kind: 'discrete' }) : permutationTest(x, y, (a, b) => mutualInformationOf(a, b, { estimator: est }), perm);
      test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, permutations };
    }
  } else {
    const y = numericColumn(csv, jy, source);
    if (estimator === 'mixed') {
      const x = labelColumn(csv, jx);
      mi = mixedMutualInformation(x, y, { k, base });
      if (values.test) {
        const r = mutualInformationTest(x, y, { ...perm, k, kind: 'mixed' });
        test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, permutations };
      }
    } else {
      const x = numericColumn(csv, jx, source);
      if (estimator === 'ksg') {
        mi = ksgMutualInformation(x, y, { k, base, seed });
        if (values.test) {
          const r = mutualInformationTest(x, y, { ...perm, k, kind: 'continuous' });
          test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, permutations };
        }
      } else {
        mi = gaussianMutualInformationOf(x, y, { base });
        if (values.test) {
          const r = permutationTest(x, y, (a, b) => gaussianMutualInformationOf(a, b), perm);
          test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, permutations };
        }
      }
    }
  }
  const nats = base === Math.E;
  if (values.json) {
    io.stdout(JSON.stringify({ x: csv.header[jx], y: csv.header[jy], n: csv.rows.length, estimator, base, mi, ...(test ? { test } : {}) }, null, 2) + '\n');
    return;
  }
  const head = ['x', 'y', 'n', 'estimator', nats ? 'MI (nats)' : `MI (base ${base})`];
  const row = [csv.header[jx], csv.header[jy], String(csv.rows.length), estimator, fixed(mi)];
  if (test) {
    head.push('p-value', 'null mean', 'null std');
    row.push(test.pValue.toPrecision(4), fixed(test.nullMean), fixed(test.nullStd));
  }
  io.stdout(table(head, [row]));
}

function cmdTasks(args: string[], io: Io): void {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      labels: { type: 'string' },
      measure: { type: 'string' },
      base: { type: 'string' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      svg: { type: 'string' },
      json: { type: 'boolean' },
      progress: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
  if (values.labels === undefined) throw new UsageError('missing --labels LAST_N (how many trailing columns are task labels)');
  const { text, source } = readInput(positionals[0], io);
  const csv = parseCsv(text, source);
  const last = num(values.labels, 'labels', 0, true);
  if (last < 2 || last > csv.header.length) throw new UsageError(`--labels must be between 2 and ${csv.header.length} (got ${last})`);
  const measure = (values.measure ?? 'mi') as DependencyMeasure;
  const measures = ['mi', 'nmi', 'ami', 'conditional-entropy'];
  if (!measures.includes(measure)) throw new UsageError(`unknown --measure '${measure}' (one of ${measures.join(', ')})`);
  const cols = csv.header.map((_, j) => j).slice(-last);
  const names = cols.map((j) => csv.header[j]);
  const tasks = cols.map((j) => labelColumn(csv, j));
  const permutations = values.permutations === undefined ? undefined : num(values.permutations, 'permutations', 0, true);
  const dep = taskDependencyMatrix(tasks as number[][], {
    names,
    measure,
    base: num(values.base, 'base', Math.E),
    permutations,
    seed: num(values.seed, 'seed', 0, true),
    onProgress: progressBar(io, permutations !== undefined && (values.progress === true || io.stderrIsTTY), 'permutations'),
  });
  if (values.svg !== undefined) {
    writeFileSync(values.svg, dependencyHeatmapSVG(dep));
    io.stderr(`wrote ${values.svg}\n`);
  }
  if (values.json) {
    io.stdout(JSON.stringify(dep.toJSON(), null, 2) + '\n');
    return;
  }
  const T = dep.size;
  const rows: string[][] = [];
  for (let i = 0; i < T; i++) {
    const r = [names[i]];
    for (let j = 0; j < T; j++) {
      const p = dep.pValues ? dep.pValues[i * T + j] : undefined;
      const mark = !dep.pValues ? '' : p === undefined || i === j ? '   ' : p < 0.001 ? '***' : p < 0.01 ? '** ' : p < 0.05 ? '*  ' : '   ';
      r.push(dep.get(i, j).toFixed(4) + mark);
    }
    rows.push(r);
  }
  io.stdout(`${measure} between ${T} tasks (${csv.rows.length} instances)${dep.pValues ? `; permutation p-values: * < 0.05, ** < 0.01, *** < 0.001` : ''}\n`);
  io.stdout(table(['task', ...names.map((_, j) => String(j + 1))], rows.map((r, i) => [`${i + 1} ${r[0]}`, ...r.slice(1)])));
}

/** Runs the command line with the given arguments; returns the exit code. */
export function run(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(HELP + '\n');
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.stdout(VERSION + '\n');
      return 0;
    }
    if (cmd === 'entropy') cmdEntropy(rest, io);
    else if (cmd === 'mi') cmdMi(rest, io);
    else if (cmd === 'tasks') cmdTasks(rest, io);
    else throw new UsageError(`unknown command '${cmd}' (entropy, mi, tasks; see --help)`);
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`infometa: ${err.message}\nRun 'infometa --help' for usage.\n`);
      return 2;
    }
    if (e instanceof CsvError || e instanceof InfometaError) {
      io.stderr(`infometa: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}

function main(): void {
  const code = run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: () => readFileSync(0, 'utf8'),
    stderrIsTTY: process.stderr.isTTY === true,
  });
  process.exitCode = code;
}

main();
