// A small CSV loader for the examples: numeric columns with a header row, no quoting (the shipped data sets).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** A multi-label data set: features, then one binary label column per task. */
export interface MultiLabelData {
  featureNames: string[];
  labelNames: string[];
  /** n rows of features. */
  features: number[][];
  /** One label array per task (column), each of length n. */
  labels: number[][];
}

/** Loads `examples/data/<file>` whose last `labelCount` columns are the labels. */
export function loadMultiLabel(file: string, labelCount: number): MultiLabelData {
  const lines = readFileSync(join(here, file), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const f = header.length - labelCount;
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return {
    featureNames: header.slice(0, f),
    labelNames: header.slice(f),
    features: rows.map((r) => r.slice(0, f)),
    labels: Array.from({ length: labelCount }, (_, t) => rows.map((r) => r[f + t])),
  };
}
