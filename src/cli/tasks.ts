// `infometa tasks`: the task-dependency matrix of label columns. Streamed into a TaskCounter (the pairwise tables);
// permutation p-values need the rows and keep the label columns as 4-byte codes.
import { writeFileSync } from 'node:fs';
import { dependencyHeatmapSVG, TaskCounter, taskDependencyFromCounts, taskDependencyMatrix } from '../miml/index.js';
import type { DependencyMatrix } from '../miml/index.js';
import { BASE, checkWritable, choiceFlag, integerRule, ioReason, numberFlag, parseFlags, PERMUTATIONS, refuseFlags, SEED } from './args.js';
import { collectColumns, INPUT_OPTIONS, inputFlags, readColumns, sourceName } from './columns.js';
import { binAdvice, labelsOf } from './csv.js';
import { columns, DISCRETE } from './entropy.js';
import { INPUT_HELP, OutputError, printable, progressBar, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

const MEASURES = ['mi', 'nmi', 'ami', 'conditional-entropy'] as const;
const NMI_AVERAGES = ['arithmetic', 'geometric', 'min', 'max', 'joint'] as const;
/** AMI's expected-MI correction has no `joint` normalizer. */
const AMI_AVERAGES = ['arithmetic', 'geometric', 'min', 'max'] as const;

/** A float in a task column: tasks are labels. */
const labelAdvice = (c: string): string => `task columns are labels: ${binAdvice(c)}`;

export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'task-dependency matrix of label columns (MIML), with permutation p-values',
  help: `infometa tasks: how much each label column (task) tells about each other one: a T × T dependency matrix.

Usage:
  infometa tasks [FILE] (--labels LAST_N | --cols A,B,...) [--measure M] [--estimator E] [--average A]
              [--base B] [--permutations M] [--seed S] [--svg OUT.svg] [--let ...] [--where ...] [--json] [--progress]

  --labels LAST_N   the last N columns are the tasks (derived --let columns come after the file's)
  --cols A,B,...    or the task columns by name or position
  --measure M       mi (default; the diagonal is each task's entropy), nmi, ami, conditional-entropy (H(row | column))
  --estimator E     entropy estimator for mi, nmi and conditional-entropy (plugin default, miller-madow, …)
  --average A       normalizer of nmi (arithmetic default, geometric, min, max, joint) and ami
  --base B          logarithm base of mi and conditional-entropy (default e: nats; nmi and ami have no unit)
  --permutations M  add permutation p-values (M rounds; --seed S); these keep every row's labels (4 bytes each)
  --svg OUT.svg     also write a heatmap
${INPUT_HELP}

Example:
  infometa tasks emotions.csv --labels 6 --measure nmi
  infometa tasks yeast.csv --labels 14 --permutations 1000 --svg yeast.svg --json`,
  async run(args, io) {
    const { values, positionals } = parseFlags('tasks', args, {
      labels: { type: 'string' },
      cols: { type: 'string' },
      measure: { type: 'string' },
      estimator: { type: 'string' },
      average: { type: 'string' },
      base: { type: 'string' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      svg: { type: 'string' },
      json: { type: 'boolean' },
      ...INPUT_OPTIONS,
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    if (values.labels === undefined && values.cols === undefined) throw new UsageError('missing --labels LAST_N (how many trailing columns are task labels) or --cols A,B,...');
    if (values.labels !== undefined && values.cols !== undefined) throw new UsageError('give --labels or --cols, not both');
    const measure = choiceFlag(values.measure, 'measure', MEASURES, 'mi');
    const estimator = values.estimator === undefined ? undefined : choiceFlag(values.estimator, 'estimator', DISCRETE, 'plugin');
    if (measure === 'ami' && estimator !== undefined && estimator !== 'plugin') {
      throw new UsageError(`--estimator ${estimator} does not apply to --measure ami (adjusted for chance under the plug-in estimate only)`);
    }
    const unitless = measure === 'nmi' || measure === 'ami';
    const average = unitless ? choiceFlag(values.average, 'average', measure === 'nmi' ? NMI_AVERAGES : AMI_AVERAGES, 'arithmetic') : undefined;
    if (!unitless) refuseFlags(values, ['average'], `applies to --measure nmi and ami only (the measure is ${measure})`);
    const last = numberFlag(values.labels, 'labels', integerRule(2), 0);
    const base = numberFlag(values.base, 'base', BASE, Math.E);
    const permutations = values.permutations === undefined ? undefined : numberFlag(values.permutations, 'permutations', PERMUTATIONS, 0);
    const seed = numberFlag(values.seed, 'seed', SEED, 0);
    if (permutations === undefined) refuseFlags(values, ['seed'], 'is the seed of the permutations: add --permutations M');
    // An output that cannot be written is found now, not after the computation.
    if (values.svg !== undefined) checkWritable(values.svg, 'svg');
    const input = inputFlags(values);
    const source = sourceName(positionals[0]);
    let names: string[] = [];
    const select = (header: string[]): number[] => {
      let cols: number[];
      if (values.cols !== undefined) {
        cols = columns(header, values.cols.split(',').map((c) => c.trim()), 'cols');
        if (cols.length < 2) throw new UsageError(`--cols must name at least 2 columns (got ${cols.length})`);
      } else {
        if (last > header.length) throw new UsageError(`--labels must be between 2 and ${header.length}, the number of columns (got ${last})`);
        cols = header.map((_, j) => j).slice(-last);
      }
      names = cols.map((j) => header[j]);
      return cols;
    };
    const files = { file: positionals[0], ...input };
    const options = { measure, base, estimator, average };
    let dep: DependencyMatrix;
    let n: number;
    if (permutations === undefined) {
      // Streamed: only the pairwise tables are kept.
      let counter: TaskCounter | undefined;
      n = (
        await readColumns(io, {
          ...files,
          select(header) {
            const cols = select(header);
            counter = new TaskCounter(names);
            return cols;
          },
          onChunk: ({ columns: cols, lines }) => counter?.add(cols.map((c, k) => labelsOf(c, lines, names[k], source, labelAdvice))),
        })
      ).kept;
      dep = taskDependencyFromCounts(counter as TaskCounter, options);
    } else {
      // Permutations shuffle the rows: every row's labels are kept, as codes.
      const got = await collectColumns(io, { ...files, select, labelAdvice }, 'label');
      n = got.kept;
      const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'permutations');
      dep = taskDependencyMatrix(got.columns as Int32Array[], { ...options, names, permutations, seed, onProgress });
    }
    if (values.svg !== undefined) {
      try {
        writeFileSync(values.svg, dependencyHeatmapSVG(dep));
      } catch (e) {
        throw new OutputError(`cannot write --svg ${values.svg}: ${ioReason(e)}`);
      }
      io.stderr(`wrote ${printable(values.svg)}\n`);
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
    io.stdout(`${measure} between ${T} tasks (${n} instances)${dep.pValues ? `; permutation p-values: * < 0.05, ** < 0.01, *** < 0.001` : ''}\n`);
    io.stdout(table(['task', ...names.map((_, j) => String(j + 1))], rows.map((r, i) => [`${i + 1} ${r[0]}`, ...r.slice(1)])));
  },
};
