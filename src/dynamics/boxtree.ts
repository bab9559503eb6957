/**
 * A k-d tree that counts the points inside an axis-aligned box around one of its own points, with a radius per
 * dimension: count(i) = #{j : fl(|p_jc − p_ic|) ≤ r_c for every dimension c} (i included). The KSG estimators of
 * transfer entropy need such boxes for their multivariate marginal spaces (algorithm 2 uses a different radius for
 * each variable of a space). Internal.
 *
 * Balanced median splits along the widest dimension, exact node bounds; a node is skipped when
 * fl(lo_c − q_c) > r_c or fl(q_c − hi_c) > r_c in some dimension and counted whole when fl(q_c − lo_c) ≤ r_c and
 * fl(hi_c − q_c) ≤ r_c in every one, decisions that agree with the per-point test by the monotonicity of rounded
 * subtraction. Cost: build O(n d log n), a count O(log n + boundary) typical in low dimension.
 */
export class BoxTree {
  private readonly n: number;
  private readonly d: number;
  /** Points in tree order. */
  private readonly pts: Float64Array;
  /** posOf[i] = tree position of input row i. */
  private readonly posOf: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly firstLeaf: number;
  private readonly stack: Int32Array;

  /**
   * @param data - row-major n × d points (not modified, not retained)
   */
  constructor(data: Float64Array, n: number, d: number, leafSize = 8) {
    this.n = n;
    this.d = d;
    const levels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
    const nodes = 2 ** levels - 1;
    this.firstLeaf = (nodes - 1) >> 1;
    const start = new Int32Array(nodes);
    const end = new Int32Array(nodes);
    const pts = data.slice(0, n * d);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    start[0] = 0;
    end[0] = n;
    for (let node = 0; node < this.firstLeaf; node++) {
      const s = start[node];
      const e = end[node];
      let dim = 0;
      let w = -1;
      for (let c = 0; c < d; c++) {
        let a = Infinity;
        let b = -Infinity;
        for (let t = s; t < e; t++) {
          const v = pts[t * d + c];
          if (v < a) a = v;
          if (v > b) b = v;
        }
        if (b - a > w) {
          w = b - a;
          dim = c;
        }
      }
      const mid = s + ((e - s) >> 1);
      selectRows(pts, idx, d, dim, s, e - 1, mid);
      const l = 2 * node + 1;
      start[l] = s;
      end[l] = mid;
      start[l + 1] = mid;
      end[l + 1] = e;
    }
    const lo = new Float64Array(nodes * d);
    const hi = new Float64Array(nodes * d);
    for (let node = nodes - 1; node >= 0; node--) {
      const nb = node * d;
      if (node >= this.firstLeaf) {
        for (let c = 0; c < d; c++) {
          let a = Infinity;
          let b = -Infinity;
          for (let t = start[node]; t < end[node]; t++) {
            const v = pts[t * d + c];
            if (v < a) a = v;
            if (v > b) b = v;
          }
          lo[nb + c] = a;
          hi[nb + c] = b;
        }
      } else {
        const lb = (2 * node + 1) * d;
        for (let c = 0; c < d; c++) {
          lo[nb + c] = Math.min(lo[lb + c], lo[lb + d + c]);
          hi[nb + c] = Math.max(hi[lb + c], hi[lb + d + c]);
        }
      }
    }
    const posOf = new Int32Array(n);
    for (let t = 0; t < n; t++) posOf[idx[t]] = t;
    this.pts = pts;
    this.posOf = posOf;
    this.start = start;
    this.end = end;
    this.lo = lo;
    this.hi = hi;
    this.stack = new Int32Array(2 * levels + 2);
  }

  /**
   * out[i] = number of points inside the box around input row i whose half-width in dimension c is
   * `radius[(i · d) + c]`, for every row i.
   */
  countAll(radius: Float64Array, out: Int32Array): void {
    const { n, d, pts, lo, hi, start, end, firstLeaf, stack } = this;
    for (let i = 0; i < n; i++) {
      const qo = this.posOf[i] * d;
      const ro = i * d;
      let count = 0;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        const nb = node * d;
        let outside = false;
        let inside = true;
        for (let c = 0; c < d; c++) {
          const q = pts[qo + c];
          const r = radius[ro + c];
          if (lo[nb + c] - q > r || q - hi[nb + c] > r) {
            outside = true;
            break;
          }
          if (q - lo[nb + c] > r || hi[nb + c] - q > r) inside = false;
        }
        if (outside) continue;
        if (inside) {
          count += end[node] - start[node];
          continue;
        }
        if (node >= firstLeaf) {
          for (let t = start[node]; t < end[node]; t++) {
            const b = t * d;
            let ok = true;
            for (let c = 0; c < d; c++) {
              if (Math.abs(pts[b + c] - pts[qo + c]) > radius[ro + c]) {
                ok = false;
                break;
              }
            }
            if (ok) count++;
          }
          continue;
        }
        stack[sp++] = 2 * node + 1;
        stack[sp++] = 2 * node + 2;
      }
      out[i] = count;
    }
  }
}

/** Quickselect of rows left … right of a row-major n × d array (ids moved alongside) by column `dim`. */
function selectRows(pts: Float64Array, idx: Int32Array, d: number, dim: number, left: number, right: number, kth: number): void {
  while (right > left) {
    const a = pts[left * d + dim];
    const b = pts[((left + right) >> 1) * d + dim];
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
        for (let m = 0; m < d; m++) {
          const v = pts[i * d + m];
          pts[i * d + m] = pts[j * d + m];
          pts[j * d + m] = v;
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
