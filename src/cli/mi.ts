// `infometa mi`: mutual information of two columns. Discrete estimators stream into a ContingencyCounter; a
// permutation test keeps the two columns as 4-byte codes; continuous estimators keep the two columns as numbers.
import { ContingencyCounter, mutualInformationOf, mutualInformationOfCounts } from '../core/index.js';
import { gaussianMutualInformationOf, ksgMutualInformation, mixedMutualInformation, mutualInformationTest, permutationTest } from '../estimators/index.js';
import { BASE, choiceFlag, NEIGHBOURS, numberFlag, parseFlags, PERMUTATIONS, refuseFlags, SEED } from './args.js';
import { collectColumns, INPUT_OPTIONS, inputFlags, readColumns, sourceName } from './columns.js';
import type { ColumnKind } from './columns.js';
import { binAdvice, labelsOf } from './csv.js';
import { column, DISCRETE } from './entropy.js';
import { categoryOrder, fixed, INPUT_HELP, progressBar, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

const CONTINUOUS = ['ksg', 'gaussian', 'mixed'] as const;

/** The counts of a contingency counter as rows, in category order on both axes. */
function orderedTable(c: ContingencyCounter): number[][] {
  const [kx, ky] = c.shape;
  const data = c.data;
  const rx = categoryOrder(c.categories(0) as string[]);
  const ry = categoryOrder(c.categories(1) as string[]);
  return Array.from({ length: kx }, (_, a) => Array.from({ length: ky }, (_, b) => data[rx[a] * ky + ry[b]]));
}

export const miCommand: Command = {
  name: 'mi',
  summary: 'mutual information of two columns, with a permutation test',
  help: `infometa mi: mutual information I(X;Y) of two columns, discrete or continuous, with an optional permutation test.

Usage:
  infometa mi [FILE] --x COL --y COL [--estimator E] [--k K] [--base B] [--test] [--permutations M]
              [--seed S] [--let ...] [--where ...] [--json] [--progress]

  --x COL, --y COL  the two columns
  --estimator E     discrete: plugin (default), miller-madow, grassberger, shrinkage, chao-shen;
                    continuous: ksg (Kraskov et al.), gaussian (closed form), mixed (labels x, numbers y)
  --k K             neighbours of ksg and mixed (default 3)
  --base B          logarithm base (default e: nats; 2 for bits)
  --test            add a permutation test (p-value, null mean and std)
  --permutations M  rounds of the test (default 1000); --seed S its seed (default 0; with ksg, also the seed of
                    the noise that breaks ties)
${INPUT_HELP}
Memory: discrete estimators count as they read (constant in the rows); --test and the continuous estimators keep
the two columns (4 or 8 bytes a row).

Example:
  infometa mi emotions.csv --x relaxing-calm --y angry-aggresive --test --permutations 200
  infometa mi prices.csv --let "ret = log(close) - log(open)" --x ret --y volume --estimator ksg --where "volume > 0"`,
  async run(args, io) {
    const { values, positionals } = parseFlags('mi', args, {
      x: { type: 'string' },
      y: { type: 'string' },
      estimator: { type: 'string' },
      k: { type: 'string' },
      base: { type: 'string' },
      test: { type: 'boolean' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      ...INPUT_OPTIONS,
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    const estimator = choiceFlag(values.estimator, 'estimator', [...DISCRETE, ...CONTINUOUS], 'plugin');
    const base = numberFlag(values.base, 'base', BASE, Math.E);
    const k = numberFlag(values.k, 'k', NEIGHBOURS, 3);
    const permutations = numberFlag(values.permutations, 'permutations', PERMUTATIONS, 1000);
    const seed = numberFlag(values.seed, 'seed', SEED, 0);
    if (estimator !== 'ksg' && estimator !== 'mixed') refuseFlags(values, ['k'], `applies to --estimator ksg and mixed only (the estimator is ${estimator})`);
    if (values.test !== true) {
      refuseFlags(values, ['permutations'], 'sets the rounds of the permutation test: add --test');
      if (estimator !== 'ksg') refuseFlags(values, ['seed'], 'applies to --test and to --estimator ksg only (add --test)');
    }
    const discrete = (DISCRETE as readonly string[]).includes(estimator);
    const est = estimator as (typeof DISCRETE)[number];
    const input = inputFlags(values);
    const source = sourceName(positionals[0]);
    // A number with a fraction in a label column: point to the continuous estimators.
    const labelAdvice = (c: string): string =>
      estimator === 'mixed'
        ? `--estimator mixed takes labels for --x: use --estimator ksg for two numeric columns, or ${binAdvice(c)}`
        : `use --estimator ksg for numbers (or mixed: labels --x, numbers --y), or ${binAdvice(c)}`;
    const files = { file: positionals[0], ...input };
    let names: [string, string] = ['', ''];
    const select = (header: string[]): number[] => {
      const jx = column(header, values.x, 'x');
      const jy = column(header, values.y, 'y');
      names = [header[jx], header[jy]];
      return [jx, jy];
    };
    // Discrete without a test: count as the rows go by. Otherwise keep the two columns, as codes or numbers.
    const counter = new ContingencyCounter(['x', 'y']);
    let n: number;
    let xs: Float64Array | Int32Array = new Float64Array(0);
    let ys: Float64Array | Int32Array = new Float64Array(0);
    if (discrete && values.test !== true) {
      n = (
        await readColumns(io, {
          ...files,
          select,
          onChunk: ({ columns, lines }) => counter.add(labelsOf(columns[0], lines, names[0], source, labelAdvice), labelsOf(columns[1], lines, names[1], source, labelAdvice)),
        })
      ).kept;
    } else {
      const kinds: ColumnKind[] = discrete ? ['label', 'label'] : estimator === 'mixed' ? ['label', 'number'] : ['number', 'number'];
      const got = await collectColumns(io, { ...files, select, labelAdvice }, kinds);
      n = got.kept;
      [xs, ys] = got.columns;
    }
    const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'permutations');
    const perm = { permutations, seed, onProgress };
    let mi: number;
    let test: { pValue: number; nullMean: number; nullStd: number; permutations: number } | undefined;
    const report = (r: { pValue: number; nullMean: number; nullStd: number }) => (test = { pValue: r.pValue, nullMean: r.nullMean, nullStd: r.nullStd, permutations });
    if (discrete && values.test !== true) {
      mi = mutualInformationOfCounts(orderedTable(counter), { estimator: est, base });
    } else if (discrete) {
      mi = mutualInformationOf(xs, ys, { estimator: est, base });
      report(est === 'plugin' ? mutualInformationTest(xs, ys, { ...perm, kind: 'discrete' }) : permutationTest(xs, ys, (a, b) => mutualInformationOf(a, b, { estimator: est }), perm));
    } else if (estimator === 'mixed') {
      mi = mixedMutualInformation(xs, ys as Float64Array, { k, base });
      if (values.test) report(mutualInformationTest(xs, ys, { ...perm, k, kind: 'mixed' }));
    } else {
      const [x, y] = [xs as Float64Array, ys as Float64Array];
      if (estimator === 'ksg') {
        mi = ksgMutualInformation(x, y, { k, base, seed });
        if (values.test) report(mutualInformationTest(x, y, { ...perm, k, kind: 'continuous' }));
      } else {
        mi = gaussianMutualInformationOf(x, y, { base });
        if (values.test) report(permutationTest(x, y, (a, b) => gaussianMutualInformationOf(a, b), perm));
      }
    }
    if (values.json) {
      io.stdout(JSON.stringify({ x: names[0], y: names[1], n, estimator, base, mi, ...(test ? { test } : {}) }, null, 2) + '\n');
      return;
    }
    const head = ['x', 'y', 'n', 'estimator', base === Math.E ? 'MI (nats)' : `MI (base ${base})`];
    const row = [names[0], names[1], String(n), estimator, fixed(mi)];
    if (test) {
      head.push('p-value', 'null mean', 'null std');
      row.push(test.pValue.toPrecision(4), fixed(test.nullMean), fixed(test.nullStd));
    }
    io.stdout(table(head, [row]));
  },
};
