// Classification metrics of the MIML pipeline: accuracy, F1 (binary, or macro over classes) and ROC AUC.

/** @internal ROC AUC of scores for 0/1 labels (Mann–Whitney with average ranks for ties); null without both classes. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number | null {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]] === score[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let q = i; q <= j; q++) if (y[idx[q]] === 1) rankSum += avg;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** @internal F1 of class c: 2TP / (2TP + FP + FN), 0 when the class is neither present nor predicted. */
export function f1Of(y: ArrayLike<number>, pred: ArrayLike<number>, c = 1): number {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const a = y[i] === c, b = pred[i] === c;
    if (a && b) tp++;
    else if (b) fp++;
    else if (a) fn++;
  }
  const den = 2 * tp + fp + fn;
  return den === 0 ? 0 : (2 * tp) / den;
}

/** @internal Fraction of equal entries. */
export function accuracyOf(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === pred[i]) s++;
  return s / y.length;
}
