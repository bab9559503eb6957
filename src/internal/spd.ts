// A small dense SPD solver for Newton steps (the PID's convex programs, the channel-capacity polish). Internal.

/** Solves the SPD m × m system H x = b by Cholesky, x into b (H is not modified); a growing diagonal shift if a pivot fails (singular H). */
export function solveSpd(H: Float64Array, b: Float64Array, m: number): void {
  let shift = 0;
  for (let attempt = 0; attempt < 6; attempt++) {
    const L = H.slice();
    if (shift > 0) for (let i = 0; i < m; i++) L[i * m + i] += shift * Math.max(1, L[i * m + i]);
    let ok = true;
    for (let j = 0; j < m && ok; j++) {
      let s = L[j * m + j];
      for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
      if (!(s > 0)) {
        ok = false;
        break;
      }
      const d = Math.sqrt(s);
      L[j * m + j] = d;
      for (let i = j + 1; i < m; i++) {
        let v = L[i * m + j];
        for (let k = 0; k < j; k++) v -= L[i * m + k] * L[j * m + k];
        L[i * m + j] = v / d;
      }
    }
    if (ok) {
      for (let i = 0; i < m; i++) {
        let v = b[i];
        for (let k = 0; k < i; k++) v -= L[i * m + k] * b[k];
        b[i] = v / L[i * m + i];
      }
      for (let i = m - 1; i >= 0; i--) {
        let v = b[i];
        for (let k = i + 1; k < m; k++) v -= L[k * m + i] * b[k];
        b[i] = v / L[i * m + i];
      }
      return;
    }
    shift = shift === 0 ? 1e-14 : shift * 100;
  }
  b.fill(0);
}
