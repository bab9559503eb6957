import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, optionNames } from '../internal/validate.js';
import { informationMeasure } from '../core/measures.js';
import { DependencyMatrix, dependenceSign } from './matrix.js';

/** Options of {@link dependencyHeatmapSVG}. */
export interface HeatmapOptions {
  /** Title drawn above the map. Default: the measure and its unit. */
  title?: string;
  /** Side of one cell in pixels, an integer in [4, 200]. Default: about 640 / T, clamped to [12, 56]. */
  cellSize?: number;
  /** Print each value in its cell. Default: true when the cells are at least 28 px. */
  showValues?: boolean;
  /** Digits after the decimal point of printed values and legend ticks, in [0, 8]. Default 2. */
  digits?: number;
  /** Mark cells whose p-value is ≤ this with `*` (when the matrix has p-values), in (0, 1]. Default 0.05. */
  maxPValue?: number;
  /**
   * Colour the diagonal with the scale and let it set the scale's range. Default false: the diagonal (H(Tᵢ) for
   * `mi`, 1 for `nmi`/`ami`, 0 for `conditional-entropy`) would otherwise swamp the off-diagonal contrast; it is
   * drawn in grey with its value.
   */
  includeDiagonal?: boolean;
}

const HEATMAP_OPTIONS = optionNames<HeatmapOptions>()('title', 'cellSize', 'showValues', 'digits', 'maxPValue', 'includeDiagonal');

/** Viridis (matplotlib), 9 stops from dark purple to yellow. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

function colour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  const hex = (k: number): string => Math.round(a[k] + f * (b[k] - a[k])).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/**
 * Escapes text for XML content and attribute values. Characters that XML 1.0 does not allow at all, even as
 * character references (C0 controls, lone surrogates, U+FFFE and U+FFFF), are shown instead: a control character as
 * its Unicode control picture (U+0001 as ␁, DEL as ␡; tab, newline and carriage return too, which SVG text would
 * flatten to spaces), the others as U+FFFD. A name with a stray control character thus still gives a well-formed
 * document that shows where the character was.
 */
export function esc(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) out += '&amp;';
    else if (c === 0x3c) out += '&lt;';
    else if (c === 0x3e) out += '&gt;';
    else if (c === 0x22) out += '&quot;';
    else if (c === 0x27) out += '&apos;';
    else if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else out += '\ufffd';
    } else if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

function unitOf(base: number): string {
  if (base === Math.E) return 'nats';
  if (base === 2) return 'bits';
  if (base === 10) return 'hartleys';
  return `log base ${base}`;
}

function describe(dep: DependencyMatrix): string {
  switch (dep.measure) {
    case 'mi':
      return `Mutual information I(row; column), ${unitOf(dep.base)}`;
    case 'nmi':
      return 'Normalized mutual information';
    case 'ami':
      return 'Adjusted mutual information';
    case 'conditional-entropy':
      return `Conditional entropy H(row | column), ${unitOf(dep.base)}; lower = more informative`;
    case 'vi':
      return `Variation of information VI(row; column), ${unitOf(dep.base)}; lower = more related`;
  }
}

/** Rough width of a label in a sans-serif font (average glyph ≈ 0.6 em). */
function textWidth(s: string, size: number): number {
  return s.length * size * 0.6;
}

function num(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/**
 * Draws a {@link DependencyMatrix} as a self-contained SVG heatmap: one coloured cell per pair of tasks (viridis,
 * oriented so that brighter always means more dependent, also for `conditional-entropy`), task names on both axes
 * (rows are the target of an asymmetric measure), a colour-scale legend with its unit, the values in the cells when
 * they fit, `*` on cells whose permutation p-value is ≤ `maxPValue`, and a `<title>` tooltip per cell. Names are
 * escaped for XML. The string needs no DOM: write it to a `.svg` file or inline it in HTML.
 *
 * Cost: O(T²) output size.
 *
 * @param dep - the matrix to draw
 * @param options - `title`, `cellSize`, `showValues`, `digits`, `maxPValue`, `includeDiagonal`
 * @returns the SVG document as a string
 * @throws InfometaError `INVALID_ARGUMENT` for a `dep` that is not a DependencyMatrix; `INVALID_OPTION` for a bad option
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { DependencyMatrix, dependencyHeatmapSVG } from 'infometa';
 * const dep = new DependencyMatrix(['a<b', 'c'], [0.7, 0.2, 0.2, 0.6]);
 * const svg = dependencyHeatmapSVG(dep);
 * console.log(svg.startsWith('<svg'), svg.includes('a&lt;b')); // true true
 * ```
 */
export function dependencyHeatmapSVG(dep: DependencyMatrix, options?: HeatmapOptions): string {
  const fn = 'dependencyHeatmapSVG';
  if (!(dep instanceof DependencyMatrix)) fail('INVALID_ARGUMENT', fn, `dep must be a DependencyMatrix (got ${fmt(dep)})`);
  checkOptions(fn, options, HEATMAP_OPTIONS);
  const o = options ?? {};
  const T = dep.size;
  const cell = checkInteger(fn, 'cellSize', o.cellSize, Math.max(12, Math.min(56, Math.round(640 / T))), 4, 200);
  const showValues = checkBoolean(fn, 'showValues', o.showValues, cell >= 28);
  const digits = checkInteger(fn, 'digits', o.digits, 2, 0, 8);
  const maxP = checkNumber(fn, 'maxPValue', o.maxPValue, 0.05, 0, 1);
  if (!(maxP > 0)) fail('INVALID_OPTION', fn, `maxPValue must be in (0, 1] (got ${fmt(maxP)})`);
  const includeDiagonal = checkBoolean(fn, 'includeDiagonal', o.includeDiagonal, false);
  if (o.title !== undefined && typeof o.title !== 'string') fail('INVALID_OPTION', fn, `title must be a string (got ${fmt(o.title)})`);
  const title = o.title ?? describe(dep);
  const sign = dependenceSign(dep.measure);
  const v = dep.values;
  const pv = dep.pValues;

  // Colour range over the scores (sign · value) of the coloured cells.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      if (i === j && !includeDiagonal) continue;
      const s = sign * v[i * T + j];
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
  }
  // One value only (or one task): every cell in the middle of the scale, every tick that value.
  const flat = !(hi > lo);
  if (flat) lo = hi = Number.isFinite(lo) ? lo : 0;
  // A range from −1e308 to 1e308 overflows hi − lo: then in halves (which would lose a subnormal range instead).
  const span = hi - lo;
  const tOf = (s: number): number => {
    if (flat) return 0.5;
    const t = Number.isFinite(span) ? (s - lo) / span : (s / 2 - lo / 2) / (hi / 2 - lo / 2);
    return t >= 0 ? Math.min(1, t) : 0;
  };
  /** The score at fraction x of the scale, as a convex combination (never overflows). */
  const at = (x: number): number => (flat ? lo : lo * (1 - x) + hi * x);

  const font = Math.max(8, Math.min(13, Math.round(cell * 0.32)));
  const labelFont = Math.max(9, Math.min(13, Math.round(cell * 0.4)));
  let maxLabel = 0;
  for (const nm of dep.names) maxLabel = Math.max(maxLabel, textWidth(nm, labelFont));
  const pad = 12;
  const titleH = 42;
  const left = pad + maxLabel + 8;
  const top = titleH + maxLabel * Math.SQRT1_2 + labelFont + 8;
  const gridW = T * cell;
  const legendX = left + gridW + 24;
  const legendW = 16;
  const legendH = Math.max(120, Math.min(gridW, 320));
  const tickW = textWidth(num(Math.max(Math.abs(lo), Math.abs(hi)) * -1, digits), 11) + 12;
  const notes: string[] = [];
  if (!includeDiagonal) notes.push('grey: diagonal (not on the scale)');
  if (pv) notes.push(`* p ≤ ${maxP} (one-sided permutation test${dep.permutations ? `, ${dep.permutations} permutations` : ''})`);
  const note = notes.join(' · ');
  const lastLabelRight = left + (T - 0.5) * cell + maxLabel * Math.SQRT1_2 + labelFont;
  const width = Math.ceil(Math.max(legendX + legendW + 8 + tickW + pad, pad + textWidth(title, 15) * 1.05, left + textWidth(note, 11) + pad, lastLabelRight + pad));
  const footH = notes.length > 0 ? 40 : 16;
  const height = Math.ceil(top + Math.max(gridW, legendH + 20) + footH + pad);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${pad}" y="22" font-size="15" font-weight="bold" fill="#222">${esc(title)}</text>`);
  const sub = `${T} tasks · rows: target task · columns: other task${dep.symmetric ? ' (symmetric)' : ''}`;
  parts.push(`<text x="${pad}" y="38" font-size="11" fill="#555">${esc(sub)}</text>`);

  // Column names, rotated −45° above their column; row names right-aligned left of their row.
  for (let j = 0; j < T; j++) {
    const x = left + (j + 0.5) * cell;
    const y = top - 6;
    parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${labelFont}" fill="#222" transform="rotate(-45 ${x.toFixed(1)} ${y.toFixed(1)})">${esc(dep.names[j])}</text>`);
  }
  for (let i = 0; i < T; i++) {
    const y = top + (i + 0.5) * cell;
    parts.push(`<text x="${(left - 6).toFixed(1)}" y="${y.toFixed(1)}" font-size="${labelFont}" fill="#222" text-anchor="end" dominant-baseline="central">${esc(dep.names[i])}</text>`);
  }

  // Cells.
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const val = v[i * T + j];
      const x = left + j * cell;
      const y = top + i * cell;
      const diag = i === j && !includeDiagonal;
      const t = tOf(sign * val);
      const fill = diag ? '#d9d9d9' : colour(t);
      const p = pv ? pv[i * T + j] : undefined;
      const sig = p !== undefined && i !== j && p <= maxP;
      const tip = `${dep.names[i]} × ${dep.names[j]}: ${num(val, Math.max(digits, 4))}${p !== undefined ? ` (p = ${num(p, 4)})` : ''}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ffffff" stroke-width="1"><title>${esc(tip)}</title></rect>`,
      );
      const ink = diag ? '#333' : t < 0.55 ? '#ffffff' : '#111111';
      const cx = x + cell / 2;
      const cy = y + cell / 2;
      if (showValues) {
        parts.push(`<text x="${cx.toFixed(1)}" y="${cy.toFixed(1)}" font-size="${font}" fill="${ink}" text-anchor="middle" dominant-baseline="central">${esc(num(val, digits))}${sig ? '*' : ''}</text>`);
      } else if (sig) {
        parts.push(`<text x="${cx.toFixed(1)}" y="${(cy + font * 0.35).toFixed(1)}" font-size="${Math.round(font * 1.3)}" fill="${ink}" text-anchor="middle">*</text>`);
      }
    }
  }

  // Legend: a vertical gradient, more dependent at the top, ticks in the matrix's own values.
  const gid = 'infometa-dep-scale';
  parts.push(`<defs><linearGradient id="${gid}" x1="0" y1="1" x2="0" y2="0">`);
  for (let s = 0; s < VIRIDIS.length; s++) {
    const off = s / (VIRIDIS.length - 1);
    parts.push(`<stop offset="${off.toFixed(3)}" stop-color="${colour(off)}"/>`);
  }
  parts.push('</linearGradient></defs>');
  parts.push(`<rect x="${legendX}" y="${top}" width="${legendW}" height="${legendH}" fill="url(#${gid})" stroke="#888" stroke-width="0.5"/>`);
  for (let q = 0; q <= 4; q++) {
    const s = at(1 - q / 4);
    const y = top + (legendH * q) / 4;
    parts.push(`<line x1="${legendX + legendW}" y1="${y.toFixed(1)}" x2="${legendX + legendW + 4}" y2="${y.toFixed(1)}" stroke="#444"/>`);
    parts.push(`<text x="${legendX + legendW + 7}" y="${y.toFixed(1)}" font-size="11" fill="#222" dominant-baseline="central">${esc(num(sign * s, digits))}</text>`);
  }
  const unit = informationMeasure(dep.measure).unit === 'information' ? unitOf(dep.base) : '';
  if (unit) parts.push(`<text x="${legendX}" y="${(top + legendH + 16).toFixed(1)}" font-size="11" fill="#555">${esc(unit)}</text>`);

  const footY = top + Math.max(gridW, legendH + 20) + 18;
  if (note) parts.push(`<text x="${left}" y="${footY.toFixed(1)}" font-size="11" fill="#555">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
