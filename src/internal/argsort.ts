// A stable radix argsort of doubles: the sort order every sorted structure (k-d tree builds, sorted lines) starts from.
const PROBE = new Float64Array([1]);
/** Index of the high 32-bit word of a double in a Uint32Array view (1 on little-endian platforms). */
const HIW = new Uint32Array(PROBE.buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * Stable LSD radix argsort of n doubles (finite or not, −0 before +0): returns `order` with
 * values[order[0]] ≤ values[order[1]] ≤ … . Keys are the IEEE bit patterns made order-preserving as unsigned
 * integers, sorted by 11-bit digits (16-bit for n ≥ 65 536), moving keys with their indices so every pass reads
 * sequentially; digits that are the same for every key are skipped. O(n) time.
 */
export function argsortF64(values: Float64Array, n: number, stride = 1, offset = 0): Int32Array {
  const buf = new Float64Array(n);
  for (let i = 0; i < n; i++) buf[i] = values[offset + i * stride];
  const w = new Uint32Array(buf.buffer);
  let hiA = new Uint32Array(n);
  let loA = new Uint32Array(n);
  let idA = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = w[2 * i + HIW];
    let l = w[2 * i + 1 - HIW];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hiA[i] = h;
    loA[i] = l;
    idA[i] = i;
  }
  const wide = n >= 65536;
  const bits = wide ? 16 : 11;
  const B = 1 << bits;
  const mask = B - 1;
  const perWord = wide ? 2 : 3;
  const passes = 2 * perWord;
  const hist = new Int32Array(passes * B);
  for (let i = 0; i < n; i++) {
    const l = loA[i];
    const h = hiA[i];
    for (let q = 0; q < perWord; q++) {
      hist[q * B + ((l >>> (q * bits)) & mask)]++;
      hist[(perWord + q) * B + ((h >>> (q * bits)) & mask)]++;
    }
  }
  let hiB = new Uint32Array(n);
  let loB = new Uint32Array(n);
  let idB = new Int32Array(n);
  for (let pass = 0; pass < passes; pass++) {
    const hb = pass * B;
    // Skip a digit shared by every key.
    let trivial = false;
    for (let b = 0; b < B; b++) {
      const c = hist[hb + b];
      if (c !== 0) {
        trivial = c === n;
        break;
      }
    }
    if (trivial) continue;
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const c = hist[hb + b];
      hist[hb + b] = sum;
      sum += c;
    }
    const onLo = pass < perWord;
    const shift = (pass % perWord) * bits;
    const words = onLo ? loA : hiA;
    for (let t = 0; t < n; t++) {
      const dest = hist[hb + ((words[t] >>> shift) & mask)]++;
      hiB[dest] = hiA[t];
      if (onLo) loB[dest] = loA[t];
      idB[dest] = idA[t];
    }
    let u32 = hiA;
    hiA = hiB;
    hiB = u32;
    u32 = loA;
    loA = loB;
    loB = u32;
    const i32 = idA;
    idA = idB;
    idB = i32;
  }
  return idA;
}
