// `infometa tasks`: the task-dependency matrix of label columns. Streamed into a TaskCounter (the pairwise tables);
// permutation p-values need the rows and keep the label columns as 4-byte codes.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EntropyEstimator, NmiAverage } from '../core/index.js';
import { dependencyHeatmapSVG, TaskCounter, taskDependencyFromCounts, taskDependencyMatrix } from '../miml/index.js';
import type { DependencyMatrix, DependencyMeasure } from '../miml/index.js';
import { collectColumns, INPUT_OPTIONS, readColumns } from './columns.js';
import { canonicalLabel } from './csv.js';
import { column, DISCRETE } from './entropy.js';
import { INPUT_HELP, num, progressBar, table, UsageError } from './kit.js';
import type { Command } from './kit.js';

const MEASURES = ['mi', 'nmi', 'ami', 'conditional-entropy'];

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
  --base B          logarithm base of mi and conditional-entropy (default e: nats)
  --permutations M  add permutation p-values (M rounds; --seed S); these keep every row's labels (4 bytes each)
  --svg OUT.svg     also write a heatmap
${INPUT_HELP}

Example:
  infometa tasks emotions.csv --labels 6 --measure nmi
  infometa tasks yeast.csv --labels 14 --permutations 1000 --svg yeast.svg --json`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
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
      },
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE (got ${positionals.join(' ')})`);
    if (values.labels === undefined && values.cols === undefined) throw new UsageError('missing --labels LAST_N (how many trailing columns are task labels) or --cols A,B,...');
    if (values.labels !== undefined && values.cols !== undefined) throw new UsageError('give --labels or --cols, not both');
    const measure = (values.measure ?? 'mi') as DependencyMeasure;
    if (!MEASURES.includes(measure)) throw new UsageError(`unknown --measure '${measure}' (one of ${MEASURES.join(', ')})`);
    const estimator = values.estimator as EntropyEstimator | undefined;
    if (estimator !== undefined && !(DISCRETE as readonly string[]).includes(estimator)) throw new UsageError(`unknown --estimator '${estimator}' (one of ${DISCRETE.join(', ')})`);
    const last = values.labels === undefined ? 0 : num(values.labels, 'labels', 0, true);
    const base = num(values.base, 'base', Math.E);
    const permutations = values.permutations === undefined ? undefined : num(values.permutations, 'permutations', 0, true);
    const seed = num(values.seed, 'seed', 0, true);
    let names: string[] = [];
    const select = (header: string[]): number[] => {
      let cols: number[];
      if (values.cols !== undefined) {
        cols = values.cols.split(',').map((c) => column(header, c.trim(), 'cols'));
        if (cols.length < 2) throw new UsageError(`--cols must name at least 2 columns (got ${cols.length})`);
      } else {
        if (last < 2 || last > header.length) throw new UsageError(`--labels must be between 2 and ${header.length} (got ${last})`);
        cols = header.map((_, j) => j).slice(-last);
      }
      names = cols.map((j) => header[j]);
      if (new Set(names).size !== names.length) throw new UsageError(`the task columns must have distinct names (got ${names.join(', ')})`);
      return cols;
    };
    const files = { file: positionals[0], lets: values.let ?? [], where: values.where, progress: values.progress === true };
    const options = { measure, base, estimator, average: values.average as NmiAverage | undefined };
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
          onChunk: ({ columns }) => counter?.add(columns.map((c) => c.map(canonicalLabel))),
        })
      ).kept;
      dep = taskDependencyFromCounts(counter as TaskCounter, options);
    } else {
      // Permutations shuffle the rows: every row's labels are kept, as codes.
      const got = await collectColumns(io, { ...files, select }, 'label');
      n = got.kept;
      const onProgress = progressBar(io, values.progress === true || io.stderrIsTTY, 'permutations');
      dep = taskDependencyMatrix(got.columns as Int32Array[], { ...options, names, permutations, seed, onProgress });
    }
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
    io.stdout(`${measure} between ${T} tasks (${n} instances)${dep.pValues ? `; permutation p-values: * < 0.05, ** < 0.01, *** < 0.001` : ''}\n`);
    io.stdout(table(['task', ...names.map((_, j) => String(j + 1))], rows.map((r, i) => [`${i + 1} ${r[0]}`, ...r.slice(1)])));
  },
};
