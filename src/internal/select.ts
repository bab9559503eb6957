// Quickselect over the rows of a row-major matrix: the median split of every k-d tree build.

/**
 * Quickselect (Hoare partition, median-of-three pivot) of the rows left … right of the row-major n × d array `pts`
 * (with their ids in `idx`, moved alongside) by column `dim`, so that row kth holds the kth smallest key,
 * smaller-or-equal keys before it and greater-or-equal after. Linear on average; equal keys split evenly (no
 * quadratic case for ties).
 */
export function selectRows(pts: Float64Array, idx: Int32Array, d: number, dim: number, left: number, right: number, kth: number): void {
  while (right > left) {
    const mid = (left + right) >> 1;
    const a = pts[left * d + dim];
    const b = pts[mid * d + dim];
    const c = pts[right * d + dim];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (pts[i * d + dim] < pivot) i++;
      while (pts[j * d + dim] > pivot) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        const bi = i * d;
        const bj = j * d;
        for (let m = 0; m < d; m++) {
          const v = pts[bi + m];
          pts[bi + m] = pts[bj + m];
          pts[bj + m] = v;
        }
        i++;
        j--;
      }
    }
    if (kth <= j) right = j;
    else if (kth >= i) left = i;
    else return;
  }
}
