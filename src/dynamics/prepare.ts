import { fail } from '../internal/errors.js';
import { createRng } from '../internal/rng.js';
import { maxAbs, rescaleExponent, scaleByPow2 } from '../internal/scale.js';
import { DiscretePrepared, encodeBlock } from './discrete.js';
import { embedBlock, layoutRows, noisyCopies, rowTimes, standardizeColumns, width } from './embedding.js';
import type { Rows, Segment, Spec } from './embedding.js';
import { gaussianValue } from './gaussian.js';
import { addKlLocals } from './kl.js';
import { KsgTarget } from './ksg.js';
import type { Block } from './ksg.js';
import { denseCodes, mixedValue } from './mixed.js';
import type { MixedInput } from './mixed.js';
import type { Setup } from './options.js';
import { SortedLine } from '../estimators/sorted-line.js';
import { alphabetOf, isConstantVariable } from './series.js';
import type { Variable } from './series.js';

/**
 * The bridge between validated variables and the estimators: a {@link Pool} holds the variables and caches what
 * each estimator derives from them (noisy copies, alphabets, the KSG target side), and {@link prepareMeasure}
 * turns a measure spec into a {@link Prepared} evaluation that surrogates can call again with permuted source rows.
 */

/** A measure ready to evaluate: the estimate in nats, optionally with the source (X) rows permuted. */
export interface Prepared {
  readonly n: number;
  readonly rows: Rows;
  /** The estimate in nats; `perm` permutes the rows of X (x'_i = x_perm[i]); fills `locals` (length n) if given. */
  value(perm: Int32Array | null, locals: Float64Array | null): number;
}

/** FNV-1a over the bits of every sample: the noise of a series depends only on the seed and its values. */
function fingerprint(v: Variable): number {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  let h = 0x811c9dc5;
  for (const a of v.trials) {
    for (let i = 0; i < a.length; i++) {
      f[0] = a[i];
      h = Math.imul(h ^ u[0], 0x01000193);
      h = Math.imul(h ^ u[1], 0x01000193);
    }
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return h >>> 0;
}

/** The variables of one call and what the estimators derive from them, computed once each. */
export class Pool {
  readonly vars: readonly Variable[];
  readonly names: readonly string[];
  readonly setup: Setup;
  private readonly noisy = new Map<number, Float64Array[]>();
  private readonly alphabets = new Map<number, number>();
  private readonly constant = new Map<number, boolean>();
  private readonly targets = new Map<string, KsgTarget>();
  private readonly prints = new Map<number, number>();
  private readonly rescaled = new Map<number, Float64Array[]>();
  private scaleExp: number | null = null;

  constructor(setup: Setup, vars: readonly Variable[]) {
    this.setup = setup;
    this.vars = vars;
    this.names = vars.map((v) => v.name);
  }

  /** A 32-bit hash of variable v's samples (cached). */
  fingerprint(v: number): number {
    let h = this.prints.get(v);
    if (h === undefined) {
      h = fingerprint(this.vars[v]);
      this.prints.set(v, h);
    }
    return h;
  }

  /**
   * The power of two 2^e by which the continuous estimators see every variable: e = 0 for data of ordinary
   * magnitude; for samples beyond 2^±500 (whose squares would overflow or underflow in a covariance, a
   * standardisation or the noise's standard deviation) one exponent for all variables brings the largest near 1.
   * Scaling by a power of two is exact, so max-norm neighbour orders and counts, and every mutual information, are
   * unchanged; differential entropies shift by d·e·ln 2 (see {@link prepareMeasure}).
   */
  log2Scale(): number {
    if (this.scaleExp === null) {
      let big = 0;
      for (const v of this.vars) for (const a of v.trials) big = Math.max(big, maxAbs(a));
      this.scaleExp = rescaleExponent(big, 500);
    }
    return this.scaleExp;
  }

  /** Variable v's samples times 2^log2Scale (the caller's arrays themselves when the scale is 1). */
  scaled(v: number): readonly ArrayLike<number>[] {
    const e = this.log2Scale();
    if (e === 0) return this.vars[v].trials;
    let s = this.rescaled.get(v);
    if (s === undefined) {
      s = this.vars[v].trials.map((a) => Float64Array.from(a, (x) => scaleByPow2(x, e)));
      this.rescaled.set(v, s);
    }
    return s;
  }

  /** Variable v's (scaled) samples with the tie-breaking noise (drawn from the seed and the series' own values). */
  series(v: number): readonly ArrayLike<number>[] {
    if (!(this.setup.noise > 0)) return this.scaled(v);
    let s = this.noisy.get(v);
    if (s === undefined) {
      const seed = this.setup.seed;
      const lo = ((seed >>> 0) ^ Math.imul(this.fingerprint(v), 0x9e3779b1)) >>> 0;
      const rng = createRng(Math.floor(seed / 4294967296) * 4294967296 + lo);
      s = noisyCopies(this.scaled(v), this.setup.noise, rng);
      this.noisy.set(v, s);
    }
    return s;
  }

  /** All variables' (scaled, noisy) samples, computed on first use. */
  allSeries(): (readonly ArrayLike<number>[])[] {
    return this.vars.map((_, i) => this.series(i));
  }

  /** The alphabet size of variable v, validating that it holds non-negative integers. */
  alphabet(v: number): number {
    let a = this.alphabets.get(v);
    if (a === undefined) {
      a = alphabetOf(this.setup.fn, this.vars[v]);
      this.alphabets.set(v, a);
    }
    return a;
  }

  /** True when variable v is constant over all its samples. */
  isConstant(v: number): boolean {
    let c = this.constant.get(v);
    if (c === undefined) {
      c = isConstantVariable(this.vars[v]);
      this.constant.set(v, c);
    }
    return c;
  }

  /** The KSG target side for blocks y, z over rows, shared by every source evaluated with the same embedding. */
  ksgTarget(y: readonly Segment[], z: readonly Segment[], rows: Rows, build: () => KsgTarget): KsgTarget {
    const key = JSON.stringify([y, z, rows.tMin, Array.from(rows.counts)]);
    let t = this.targets.get(key);
    if (t === undefined) {
      t = build();
      this.targets.set(key, t);
    }
    return t;
  }
}

/** The block's embedded, optionally standardised, columns (of the noisy series unless `raw`), all times 2^log2Scale. */
function block(pool: Pool, segs: readonly Segment[], rows: Rows, standardize: boolean, raw = false): Block {
  const cols = width(segs);
  const data = embedBlock(raw ? pool.vars.map((_, v) => pool.scaled(v)) : pool.allSeries(), segs, rows);
  if (standardize) standardizeColumns(data, rows.n, cols);
  return { data, cols };
}

function vars(segs: readonly Segment[]): number[] {
  return [...new Set(segs.map((g) => g.v))];
}

function zeroMeasure(rows: Rows): Prepared {
  return {
    n: rows.n,
    rows,
    value: (_perm, locals) => {
      if (locals !== null) locals.fill(0);
      return 0;
    },
  };
}

function permutedBlock(b: Block, perm: Int32Array, n: number): Block {
  const c = b.cols;
  const data = new Float64Array(n * c);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) data[i * c + j] = b.data[perm[i] * c + j];
  return { data, cols: c };
}

function checkNeighbours(setup: Setup, n: number): void {
  if (setup.neighbours >= n) {
    fail('INVALID_OPTION', setup.fn, `neighbours must be less than the number of embedded samples (got neighbours = ${setup.neighbours} with ${n} samples); pass longer series or fewer neighbours`);
  }
}

function isIntegerVariable(v: Variable): boolean {
  for (const a of v.trials) for (let i = 0; i < a.length; i++) if (!(a[i] >= 0) || Math.floor(a[i]) !== a[i]) return false;
  return true;
}

/**
 * Prepares `kind === 'cmi'` (I(X; Y | Z)) or `kind === 'ce'` (H(Y | Z)) of the spec's blocks with the pool's
 * estimator. Throws when a trial is too short (naming `embedding`), when the estimator does not apply to the data,
 * or when there are too few samples for the neighbours. A constant source or target gives exactly 0 for I.
 */
export function prepareMeasure(pool: Pool, spec: Spec, kind: 'cmi' | 'ce', embedding: string): Prepared {
  const setup = pool.setup;
  const fn = setup.fn;
  const rows = layoutRows(fn, pool.vars, spec, embedding);
  const n = rows.n;
  const est = setup.estimator;
  if (est === 'discrete') {
    const data = { series: pool.vars.map((v) => v.trials), alphabets: pool.vars.map((_, i) => safeAlphabet(pool, i, spec)) };
    const d = new DiscretePrepared(fn, data, spec, rows, kind, pool.names);
    return { n, rows, value: (perm, locals) => d.value(perm, locals) };
  }
  if (kind === 'cmi' && (vars(spec.x).every((v) => pool.isConstant(v)) || vars(spec.y).every((v) => pool.isConstant(v)))) return zeroMeasure(rows);
  if (est === 'gaussian') {
    if (n < 2) fail('INVALID_ARGUMENT', fn, `the Gaussian estimator needs at least 2 embedded samples (got ${n})`);
    // No tie-breaking noise: the Gaussian estimate has no ties to break (and then equals JIDT's with its defaults).
    const x = block(pool, spec.x, rows, false, true);
    const y = block(pool, spec.y, rows, false, true);
    const z = spec.z.length > 0 ? block(pool, spec.z, rows, false, true) : null;
    const g = { n, x, y, z, kind };
    return shifted(pool, spec, kind, { n, rows, value: (perm, locals) => gaussianValue(fn, g, perm, locals) });
  }
  checkNeighbours(setup, n);
  if (est === 'kl') {
    const yz = block(pool, [...spec.y, ...spec.z], rows, setup.normalize);
    const z = spec.z.length > 0 ? block(pool, spec.z, rows, setup.normalize) : null;
    return shifted(pool, spec, kind, {
      n,
      rows,
      value: (_perm, locals) => {
        const out = locals ?? new Float64Array(n);
        out.fill(0);
        let h = addKlLocals(fn, yz, n, setup.neighbours, 1, out);
        if (z !== null) h += addKlLocals(fn, z, n, setup.neighbours, -1, out);
        return h;
      },
    });
  }
  if (est === 'mixed') return prepareMixed(pool, spec, rows);
  // KSG.
  const x = block(pool, spec.x, rows, setup.normalize);
  const target = pool.ksgTarget(spec.y, spec.z, rows, () => {
    const y = block(pool, spec.y, rows, setup.normalize);
    const z = spec.z.length > 0 ? block(pool, spec.z, rows, setup.normalize) : null;
    return new KsgTarget(y, z, n);
  });
  const axis = x.cols === 1 ? SortedLine.of(x.data, n) : undefined;
  const inv = new Int32Array(n);
  return {
    n,
    rows,
    value: (perm, locals) => {
      if (perm === null) return target.evaluate(x, setup.neighbours, setup.algorithm, locals, axis);
      return target.evaluate(permutedBlock(x, perm, n), setup.neighbours, setup.algorithm, locals, axis?.permuted(perm, inv));
    },
  };
}

/**
 * A differential entropy H(Y | Z) computed on data scaled by 2^e is too large by d_y·e·ln 2 (d_y: Y's columns);
 * standardised columns carry no scale, so only the unstandardised ones need the correction. Mutual informations are
 * scale-free and pass through.
 */
function shifted(pool: Pool, spec: Spec, kind: 'cmi' | 'ce', p: Prepared): Prepared {
  const e = pool.log2Scale();
  const standardized = pool.setup.normalize && pool.setup.estimator !== 'gaussian';
  if (kind === 'cmi' || e === 0 || standardized) return p;
  const shift = width(spec.y) * e * Math.LN2;
  return {
    n: p.n,
    rows: p.rows,
    value: (perm, locals) => {
      const v = p.value(perm, locals) - shift;
      if (locals !== null) for (let i = 0; i < locals.length; i++) locals[i] -= shift;
      return v;
    },
  };
}

/** The alphabet of a variable the spec uses (validated), or 1 for one it does not. */
function safeAlphabet(pool: Pool, v: number, spec: Spec): number {
  return [...spec.x, ...spec.y, ...spec.z].some((g) => g.v === v) ? pool.alphabet(v) : 1;
}

function prepareMixed(pool: Pool, spec: Spec, rows: Rows): Prepared {
  const setup = pool.setup;
  const fn = setup.fn;
  const n = rows.n;
  const xv = vars(spec.x);
  const tv = vars([...spec.y, ...spec.z]);
  let side = setup.discreteSide;
  if (side === undefined) {
    const xi = xv.every((v) => isIntegerVariable(pool.vars[v]));
    const ti = tv.every((v) => isIntegerVariable(pool.vars[v]));
    if (xi === ti) {
      fail('INVALID_OPTION', fn, `the mixed estimator needs one discrete side: ${xi ? 'both' : 'neither'} source and target hold only non-negative integers; pass { discrete: 'source' } or { discrete: 'target' }`);
    }
    side = xi ? 'source' : 'target';
  }
  const series = pool.vars.map((v) => v.trials);
  const alphabets = pool.vars.map((_, i) => ((side === 'source' ? xv : tv).includes(i) ? pool.alphabet(i) : 1));
  const data = { series, alphabets };
  const codesOf = (segs: readonly Segment[]) => {
    const out = new Float64Array(n);
    encodeBlock(data, segs, rows, out);
    return denseCodes(out);
  };
  let input: MixedInput;
  if (side === 'source') {
    input = { side, n, x: codesOf(spec.x), yz: block(pool, [...spec.y, ...spec.z], rows, setup.normalize), z: block(pool, spec.z, rows, setup.normalize) };
  } else {
    input = { side, n, x: block(pool, spec.x, rows, setup.normalize), yz: codesOf([...spec.y, ...spec.z]), z: codesOf(spec.z) };
  }
  return {
    n,
    rows,
    value: (perm, locals) => {
      if (locals !== null) fail('INVALID_OPTION', fn, "local values are not available for the 'mixed' estimator; use 'ksg' or 'discrete'");
      return mixedValue(fn, input, setup.neighbours, perm);
    },
  };
}

/** Local values of a dynamics measure, one per embedded observation, with where each comes from. */
export interface LocalValues {
  /** The average of the local values: the measure itself (up to rounding). */
  average: number;
  /** The local (pointwise) values, in the units of `base`. */
  values: Float64Array;
  /** The trial of each value (0 for a single series). */
  trial: Int32Array;
  /** The time index within its trial of the sample each value predicts (the target's next value, t + 1). */
  time: Int32Array;
}

/** Evaluates a prepared measure in the setup's units, as a number or with its local values. */
export function finish(p: Prepared, lnBase: number, local: boolean): number | LocalValues {
  if (!local) return p.value(null, null) / lnBase;
  const values = new Float64Array(p.n);
  const average = p.value(null, values) / lnBase;
  if (lnBase !== 1) for (let i = 0; i < values.length; i++) values[i] /= lnBase;
  return { average, values, ...rowTimes(p.rows) };
}
