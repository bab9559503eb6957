// A small canvas line chart: axes with ticks and labels, lines, points and a legend. Enough for the two plots of the
// page; sharp on high-density screens.

/** One thing drawn on a chart. */
export interface Series {
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** `line` (default) or `points`. */
  kind?: 'line' | 'points';
  width?: number;
  dash?: number[];
  /** Leave out of the legend. */
  hideInLegend?: boolean;
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  xRange: [number, number];
  yRange: [number, number];
  /** `above` (default): a row of entries above the plot area; `none`: no legend. */
  legend?: 'above' | 'none';
  /** Text drawn in the middle of an empty chart. */
  empty?: string;
}

/** "Nice" tick positions (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
export function ticks(lo: number, hi: number, target = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= target) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function tickText(v: number, step: number): string {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(Math.min(digits, 6));
}

/** Resizes the canvas backing store to its CSS size × devicePixelRatio and returns a context in CSS pixels. */
function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } {
  const ratio = Math.max(1, window.devicePixelRatio || 1);
  const w = canvas.clientWidth || canvas.width;
  const h = Math.round((w * Number(canvas.getAttribute('height'))) / Number(canvas.getAttribute('width'))) || canvas.height;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('canvas 2d context unavailable');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, w, h };
}

/** Draws `series` on `canvas` (clearing it first). */
export function drawChart(canvas: HTMLCanvasElement, series: readonly Series[], o: ChartOptions): void {
  const { ctx, w, h } = prepare(canvas);
  const font = '12px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  const m = { left: 52, right: 14, top: 14, bottom: 42 };
  // Lay the legend out first: it sits above the plot, so the data never hides behind it.
  ctx.font = font;
  const rowH = 18;
  const legend: { s: Series; x: number; y: number }[] = [];
  if (o.legend !== 'none') {
    let lx = m.left;
    let ly = 8;
    for (const s of series) {
      if (s.hideInLegend) continue;
      const itemW = 30 + ctx.measureText(s.label).width + 18;
      if (lx > m.left && lx + itemW > w - m.right) {
        lx = m.left;
        ly += rowH;
      }
      legend.push({ s, x: lx, y: ly });
      lx += itemW;
    }
    if (legend.length > 0) m.top = ly + rowH + 10;
  }
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const [x0, x1] = o.xRange;
  const [y0, y1] = o.yRange;
  const X = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * pw;
  const Y = (y: number): number => m.top + (1 - (y - y0) / (y1 - y0)) * ph;

  // Grid, ticks and tick labels.
  ctx.font = font;
  ctx.lineWidth = 1;
  const xt = ticks(x0, x1);
  const yt = ticks(y0, y1, 6);
  const xs = xt.length > 1 ? xt[1] - xt[0] : 1;
  const ys = yt.length > 1 ? yt[1] - yt[0] : 1;
  ctx.strokeStyle = '#eef1f5';
  ctx.fillStyle = '#5b6475';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xt) {
    const px = Math.round(X(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, m.top);
    ctx.lineTo(px, m.top + ph);
    ctx.stroke();
    ctx.fillText(tickText(v, xs), px, m.top + ph + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt) {
    const py = Math.round(Y(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(m.left, py);
    ctx.lineTo(m.left + pw, py);
    ctx.stroke();
    ctx.fillText(tickText(v, ys), m.left - 6, py);
  }
  ctx.strokeStyle = '#9aa3b2';
  ctx.strokeRect(m.left + 0.5, m.top + 0.5, pw, ph);

  // Axis labels.
  ctx.fillStyle = '#1d2330';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(o.xLabel, m.left + pw / 2, h - 4);
  ctx.save();
  ctx.translate(13, m.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();

  // Data, clipped to the plot area.
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, pw, ph);
  ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width ?? 2;
    ctx.setLineDash(s.dash ?? []);
    if (s.kind === 'points') {
      for (let i = 0; i < s.x.length; i++) {
        ctx.beginPath();
        ctx.arc(X(s.x[i]), Y(s.y[i]), 4.5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    } else if (s.x.length > 0) {
      ctx.beginPath();
      ctx.moveTo(X(s.x[0]), Y(s.y[0]));
      for (let i = 1; i < s.x.length; i++) ctx.lineTo(X(s.x[i]), Y(s.y[i]));
      ctx.stroke();
    }
  }
  ctx.restore();
  ctx.setLineDash([]);

  if (series.length === 0 && o.empty) {
    ctx.fillStyle = '#8a93a3';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(o.empty, m.left + pw / 2, m.top + ph / 2);
  }

  // Legend: one row of entries above the plot area (wrapping when needed).
  if (legend.length > 0) {
    ctx.font = font;
    for (const { s, x, y } of legend) {
      const cy = y + rowH / 2;
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      if (s.kind === 'points') {
        ctx.beginPath();
        ctx.arc(x + 12, cy, 4.5, 0, 2 * Math.PI);
        ctx.fill();
      } else {
        ctx.lineWidth = s.width ?? 2;
        ctx.setLineDash(s.dash ?? []);
        ctx.beginPath();
        ctx.moveTo(x, cy);
        ctx.lineTo(x + 24, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = '#1d2330';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(s.label, x + 30, cy);
    }
  }
}
