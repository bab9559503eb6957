// Partial information decomposition of the information that sources carry about a target: the redundancy
// lattice, the redundancy of every node under a chosen measure (declared once, as records: I_min, I_BROJA, I_ccs),
// and the atoms by Möbius inversion, all returned as plain data.
import { fail, fmt } from '../../internal/errors.js';
import { IterationMonitor, ITERATIVE_OPTIONS, parseIterative, type ConvergenceReport, type IterativeOptions } from '../../internal/iterative.js';
import { checkBoolean, checkOptions, logBase } from '../../internal/validate.js';
import { checkDistribution } from '../distribution.js';
import { statesOfTable } from '../states.js';
import { toTable, type Table } from '../table.js';
import { denseList } from '../terms.js';
import { broja } from './broja.js';
import { coalesce, marginal, miLastAxis, type Dense } from './dist.js';
import { iCcs } from './iccs.js';
import { iMin } from './imin.js';
import { mobius, redundancyLattice } from './lattice.js';

/** The redundancy measures of {@link partialInformationDecomposition}. */
export type PidMeasure = 'imin' | 'broja' | 'ccs';

/** Options of {@link partialInformationDecomposition}. */
export interface PidOptions extends IterativeOptions {
  /** The target: an axis of the table, or several axes taken jointly. Default: the last axis. */
  target?: number | readonly number[];
  /** The sources, each an axis or several axes taken jointly. Default: every axis but the target's, one per source. */
  sources?: readonly (number | readonly number[])[];
  /** Logarithm base of the values: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** `true`: non-negative weights (counts) are rescaled to sum to 1. Default `false`. */
  normalize?: boolean;
}

const PID_OPTIONS: readonly string[] = ['target', 'sources', 'base', 'normalize', ...ITERATIVE_OPTIONS];

/** One node of the redundancy lattice with its values, as plain data. */
export interface PidNode {
  /** dit's notation: `{0}{1}` (redundancy of sources 0 and 1), `{0:1}` (sources 0 and 1 taken jointly), …. */
  id: string;
  /** The antichain of source sets the node stands for. */
  sets: number[][];
  /** The redundant information I∩ of the node's sets about the target (in `base` units). */
  redundancy: number;
  /** The node's partial information atom: its redundancy minus every atom below it (in `base` units). */
  atom: number;
  /** The ids of the nodes immediately below it. */
  children: string[];
}

/** The result of {@link partialInformationDecomposition}: plain data, safe for `JSON.stringify`. */
export interface PidResult {
  /** The redundancy measure used. */
  measure: PidMeasure;
  /** The sources, each as the axes it is made of. */
  sources: number[][];
  /** The target's axes. */
  target: number[];
  /** I(S₁, …, S_n; T), which the atoms sum to (in `base` units). */
  mutualInformation: number;
  /** Every node of the lattice, bottom ({0}{1}…) first, each after the nodes below it. */
  lattice: PidNode[];
  /** The atoms by node id. */
  atoms: Record<string, number>;
  /** The fully redundant atom (the bottom node, {0}{1}…{n−1}). */
  redundancy: number;
  /** The atom unique to each source ({i}). */
  unique: number[];
  /** The fully synergistic atom (the top node, {0:1:…:n−1}). */
  synergy: number;
  /** How the iterative measures converged (`null` for `imin`, which is closed-form). */
  convergence: ConvergenceReport | null;
}

/** A redundancy measure, declared once. */
interface RedundancyRecord {
  name: PidMeasure;
  minSources: number;
  maxSources: number;
  /** Default tolerance and iteration limit, and what the tolerance bounds (null: closed form). */
  iterative: { tolerance: number; maxIterations: number; criterion: string } | null;
}

const RECORDS: readonly RedundancyRecord[] = [
  { name: 'imin', minSources: 2, maxSources: 4, iterative: null },
  {
    name: 'broja',
    minSources: 2,
    maxSources: 2,
    iterative: { tolerance: 1e-12, maxIterations: 2000, criterion: 'the bound on the optimality gap of min I_Q(T; S₁S₂), nats' },
  },
  {
    name: 'ccs',
    minSources: 2,
    maxSources: 4,
    iterative: { tolerance: 1e-12, maxIterations: 500, criterion: 'the largest marginal error of the maximum-entropy fit' },
  },
];

function axisList(fn: string, name: string, v: unknown, ndim: number): number[] {
  const list = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) fail('INVALID_OPTION', fn, `${name} must be an axis or a non-empty list of axes (got ${fmt(v)})`);
  return [
    ...new Set(
      denseList(fn, name, list, 64).map((a: unknown, i) => {
        if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= ndim) {
          fail('INVALID_OPTION', fn, `${typeof v === 'number' ? name : `${name}[${i}]`} must be an axis of the table, an integer in [0, ${ndim - 1}] (got ${fmt(a)})`);
        }
        return a;
      }),
    ),
  ];
}

/**
 * Partial information decomposition (Williams & Beer 2010) of the information that two or more sources carry about a
 * target, from their joint distribution: the redundancy lattice of the sources, the redundant information I∩ of each
 * node under the chosen measure, and the atoms (redundant, unique, synergistic, and for three or more sources every
 * mixed atom) by Möbius inversion, which sum to I(S₁, …, S_n; T). All returned as plain data.
 *
 * Measures (`measure`):
 * - `imin`: Williams & Beer's I_min = Σ_t p(t) minᵢ I(Sᵢ; T = t). Any number of sources (2 to 4 here); atoms are
 *   non-negative.
 * - `broja`: Bertschinger et al.'s unique information min_{Q ∈ Δ_P} I_Q(T; S₁|S₂), Δ_P fixing the source–target
 *   marginals: a convex program solved by an interior-point method to an optimality gap of `tolerance` (default
 *   1e-12 nats). Two sources; atoms non-negative.
 * - `ccs`: Ince's I_ccs, the average local co-information over the events where it agrees in sign with the local
 *   source–target informations, under the maximum-entropy distribution that keeps the sources' joint distribution
 *   and each source–target pair (fitted by Newton's method on its dual to a marginal error of `tolerance`, default
 *   1e-12). Two to four
 *   sources; atoms may be negative. As dit, local values within 1e-9 nats of 0 count as 0 in the sign test.
 *
 * Values agree with dit's `PID_WB`, `PID_BROJA` and `PID_CCS`. Canonical two-source examples (bits): XOR: synergy 1,
 * others 0; AND (`I(S₁S₂;T)` = 0.8113): BROJA redundancy 0.3113, synergy 0.5, unique 0; COPY (T = (S₁, S₂)): BROJA
 * unique 1 each, I_min redundancy 1 and synergy 1.
 *
 * Units: nats unless `base` says otherwise. Cost: I_min O(nodes · cells); BROJA O(Newton steps · m³) with m the
 * number of free directions (Σ_t (|S₁ₜ| − 1)(|S₂ₜ| − 1)); I_ccs O(nodes · IPF cycles · cells).
 *
 * @param p - the joint distribution of sources and target, a {@link Table} (one axis per variable)
 * @param measure - `imin`, `broja` or `ccs`
 * @param options - `target` (default the last axis), `sources` (default the other axes), `base`, `normalize`, and for
 *   `broja` / `ccs`: `tolerance`, `maxIterations`, `strict`, `signal`, `onProgress`
 * @returns the decomposition: `lattice`, `atoms`, `redundancy`, `unique`, `synergy`, `mutualInformation`,
 *   `convergence`
 * @throws InfometaError `INVALID_OPTION` for an unknown measure, a target or source axis out of range, a bad
 *   tolerance, maxIterations, signal or onProgress; `INVALID_ARGUMENT` for fewer than two sources (or more than the
 *   measure takes: 2 for `broja`, 4 otherwise), a source that contains a target axis, or a table of one axis;
 *   `NOT_CONVERGED` when `broja` / `ccs` stop at `maxIterations` short of `tolerance` (unless `strict: false`);
 *   `ABORTED` when the signal fires; otherwise as {@link jointEntropy} (a table that does not sum to 1 unless
 *   `normalize`, …)
 * @example
 * ```ts
 * import { table, partialInformationDecomposition } from 'infometa';
 * // T = S₁ AND S₂ with fair independent bits; axes (S₁, S₂, T).
 * const and = table([0.25, 0, 0.25, 0, 0.25, 0, 0, 0.25], [2, 2, 2]);
 * const pid = partialInformationDecomposition(and, 'broja', { base: 2 });
 * console.log(pid.redundancy.toFixed(4), pid.unique.map((u) => u.toFixed(4)), pid.synergy.toFixed(4)); // 0.3113 [ '0.0000', '0.0000' ] 0.5000
 * console.log(pid.lattice.map((n) => n.id), pid.convergence?.converged); // [ '{0}{1}', '{0}', '{1}', '{0:1}' ] true
 * ```
 */
export function partialInformationDecomposition(p: Table, measure: PidMeasure, options?: PidOptions): PidResult {
  const fn = 'partialInformationDecomposition';
  checkOptions(fn, options, PID_OPTIONS);
  const rec = RECORDS.find((r) => r.name === measure);
  if (rec === undefined) fail('INVALID_OPTION', fn, `unknown measure ${fmt(measure)}; expected one of ${RECORDS.map((r) => `'${r.name}'`).join(', ')}`);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const it = rec.iterative;
  const parsed = parseIterative(fn, options, it?.tolerance ?? 1e-12, it?.maxIterations ?? 1);
  const ndim = typeof p === 'object' && p !== null && 'shape' in p && Array.isArray(p.shape) ? p.shape.length : 2;
  const t = toTable(fn, 'p', p, Math.max(1, ndim));
  if (ndim < 2) fail('INVALID_ARGUMENT', fn, `p must have a target axis and at least two source axes (got shape [${t.shape.join(', ')}])`);
  const { data, a } = checkDistribution(fn, 'p', t.data, normalize);
  const target = axisList(fn, 'target', options?.target ?? ndim - 1, ndim);
  let sources: number[][];
  if (options?.sources === undefined) {
    sources = [];
    for (let ax = 0; ax < ndim; ax++) if (!target.includes(ax)) sources.push([ax]);
  } else {
    if (!Array.isArray(options.sources)) fail('INVALID_OPTION', fn, `sources must be an array of axes or of lists of axes (got ${fmt(options.sources)})`);
    sources = denseList(fn, 'sources', options.sources, 64).map((s, i) => axisList(fn, `sources[${i}]`, s, ndim));
  }
  sources.forEach((s, i) => {
    const bad = s.find((ax) => target.includes(ax));
    if (bad !== undefined) fail('INVALID_ARGUMENT', fn, `sources[${i}] contains axis ${bad}, which is (part of) the target`);
  });
  const n = sources.length;
  if (n < rec.minSources) fail('INVALID_ARGUMENT', fn, `a decomposition needs at least two sources (got ${n}); the target is axis ${target.join(', ')}`);
  if (n > rec.maxSources) fail('INVALID_ARGUMENT', fn, `${rec.name} takes at most ${rec.maxSources} sources (got ${n})`);

  const st = statesOfTable(data, t.shape, 1 / a);
  const nodes = redundancyLattice(n);
  const red = new Float64Array(nodes.length);
  const monitor = it === null ? null : new IterationMonitor(fn, parsed, it.criterion);
  let iterations = 0;
  let achieved = 0;
  // The coalesced table of a node: its sets (unions of source axes) and the target.
  const nodeTable = (sets: readonly (readonly number[])[]): Dense =>
    coalesce(
      st,
      [...sets.map((set) => [...new Set(set.flatMap((i) => sources[i]))].sort((x, y) => x - y)), target],
    );
  const full = nodeTable([sources.map((_, i) => i)]);
  const mi = miLastAxis(full);
  if (rec.name === 'broja') {
    const P = nodeTable([[0], [1]]);
    const res = broja(P, parsed.tolerance, parsed.maxIterations, parsed.signal, fn);
    iterations = res.iterations;
    achieved = res.achieved;
    const i1 = miLastAxis(marginal(P, [0, 2]));
    const i2 = miLastAxis(marginal(P, [1, 2]));
    // Atoms are non-negative for BROJA; rounding below 0 is clamped.
    const syn = Math.max(0, mi - res.minMi);
    const u1 = Math.max(0, res.minMi - i2);
    const u2 = Math.max(0, res.minMi - i1);
    const rdn = Math.max(0, i1 - u1);
    for (let k = 0; k < nodes.length; k++) {
      const id = nodes[k].id;
      red[k] = id === '{0}{1}' ? rdn : id === '{0}' ? rdn + u1 : id === '{1}' ? rdn + u2 : rdn + u1 + u2 + syn;
    }
  } else {
    for (let k = 0; k < nodes.length; k++) {
      monitor?.step(k, achieved);
      const D = nodeTable(nodes[k].sets);
      if (rec.name === 'imin') red[k] = iMin(D);
      else {
        const r = iCcs(D, parsed.tolerance, parsed.maxIterations, parsed.signal, fn);
        red[k] = r.value;
        iterations += r.iterations;
        achieved = Math.max(achieved, r.achieved);
      }
    }
  }
  const convergence = monitor === null ? null : monitor.finish(iterations, achieved);
  const atoms = mobius(nodes, red);
  const lattice: PidNode[] = nodes.map((node, k) => ({
    id: node.id,
    sets: node.sets.map((s) => s.slice()),
    redundancy: red[k] / lnb,
    atom: atoms[k] / lnb,
    children: node.children.map((c) => nodes[c].id),
  }));
  const byId: Record<string, number> = {};
  for (const node of lattice) byId[node.id] = node.atom;
  return {
    measure: rec.name,
    sources,
    target,
    mutualInformation: mi / lnb,
    lattice,
    atoms: byId,
    redundancy: lattice[0].atom,
    unique: sources.map((_, i) => byId[`{${i}}`]),
    synergy: lattice[lattice.length - 1].atom,
    convergence,
  };
}
