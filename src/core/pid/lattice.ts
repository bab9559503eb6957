// The redundancy lattice of Williams & Beer (2010) for n sources: its nodes are the antichains of non-empty subsets
// of the sources (no subset inside another), ordered by α ≤ β iff every set of β contains a set of α. Internal.

/** One node of the redundancy lattice, as plain data. */
export interface LatticeNode {
  /** dit's notation: each set of sources in braces, a set's members joined by ':' (`{0}{1}`, `{0:1}`, `{0}{1:2}`). */
  readonly id: string;
  /** The antichain: the sets of source indices whose redundant information the node holds. */
  readonly sets: readonly (readonly number[])[];
  /** The ids of the nodes it covers (immediately below it); empty for the bottom node. */
  readonly children: readonly string[];
}

/** A node with its bitmask form, for computation. */
export interface Node {
  id: string;
  masks: number[];
  sets: number[][];
  /** Indices (into the node list) of every node strictly below. */
  below: number[];
  /** Indices of the nodes it covers. */
  children: number[];
}

const bitsOf = (mask: number, n: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if ((mask >> i) & 1) out.push(i);
  return out;
};

/** α ≤ β: every set B of β contains some set A of α. */
function leq(a: readonly number[], b: readonly number[]): boolean {
  return b.every((B) => a.some((A) => (A & B) === A));
}

/**
 * The lattice of n sources (2 ≤ n ≤ 4: 4, 18 and 166 nodes), in an order where every node comes after the nodes
 * below it, with each node's down-set and covers.
 */
export function redundancyLattice(n: number): Node[] {
  const full = (1 << n) - 1;
  const chains: number[][] = [];
  // Antichains of non-empty subsets, built by adding masks in increasing order.
  const grow = (chain: number[], next: number): void => {
    if (chain.length > 0) chains.push(chain.slice());
    for (let m = next; m <= full; m++) {
      if (chain.every((c) => (c & m) !== c && (c & m) !== m)) {
        chain.push(m);
        grow(chain, m + 1);
        chain.pop();
      }
    }
  };
  grow([], 1);
  const N = chains.length;
  const below: number[][] = chains.map(() => []);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) if (i !== j && leq(chains[j], chains[i])) below[i].push(j);
  // Topological order: fewer nodes below first.
  const order = chains.map((_, i) => i).sort((a, b) => below[a].length - below[b].length);
  const pos = new Int32Array(N);
  order.forEach((i, p) => (pos[i] = p));
  const nodes: Node[] = order.map((i) => {
    // Smaller sets first, then lexicographically, as dit writes them ({2}{0:1}).
    const sets = chains[i].map((m) => bitsOf(m, n)).sort((a, b) => a.length - b.length || a.join(',').localeCompare(b.join(',')));
    const masks = sets.map((s) => s.reduce((m, v) => m | (1 << v), 0));
    return { id: sets.map((s) => `{${s.join(':')}}`).join(''), masks, sets, below: below[i].map((j) => pos[j]), children: [] };
  });
  for (const node of nodes) {
    const inBelow = new Set(node.below);
    // Covers: the maximal elements of the down-set.
    node.children = node.below.filter((b) => !node.below.some((c) => c !== b && inBelow.has(c) && nodes[c].below.includes(b)));
  }
  return nodes;
}

/** Möbius inversion on the lattice: atom(α) = I∩(α) − Σ_{β < α} atom(β), nodes in topological order. */
export function mobius(nodes: readonly Node[], redundancy: Float64Array): Float64Array {
  const atoms = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    let s = redundancy[i];
    for (const b of nodes[i].below) s -= atoms[b];
    atoms[i] = s;
  }
  return atoms;
}
