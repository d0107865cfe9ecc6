/**
 * Resolving weights into shares: a node's normalised share of its parent, its maximum points and
 * its share of the total. Used by the loader (which also checks the sums) and by anything that
 * builds a system in memory (diff attribution's intermediate systems, sensitivity's perturbed
 * weights) and must score it "as it stands", without the sum checks.
 */
import type { ResolvedNode, ResolvedSystem } from './model.js';

export interface SiblingWeights {
  parent: ResolvedNode;
  weighted: ResolvedNode[];
  mode: 'points' | 'share' | 'relative' | undefined;
  modes: Set<string>;
  anyNull: boolean;
  sum: number;
}

/** Assign share, maxPoints and effShare to the children of `pid`, recursively. */
export function assignShares(nodes: Record<string, ResolvedNode>, pid: string, total: number, visit?: (g: SiblingWeights) => void): void {
  const parent = nodes[pid];
  const kids = parent.children.map((id) => nodes[id]);
  const weighted = kids.filter((k) => k.kind === 'standard');
  const modes = new Set(weighted.map((k) => k.weight.mode));
  const anyNull = weighted.some((k) => k.weight.value === null);
  const mode = weighted[0]?.weight.mode;
  const sum = anyNull ? NaN : weighted.reduce((a, k) => a + (k.weight.value as number), 0);
  for (const k of kids) {
    k.share = null;
    k.maxPoints = null;
    k.effShare = null;
  }
  if (modes.size === 1 && mode === 'points') {
    // Points are absolute: a known value has its share even while a sibling's is unknown.
    for (const k of weighted) {
      if (k.weight.value === null) continue;
      k.maxPoints = k.weight.value;
      k.share = parent.maxPoints ? k.weight.value / parent.maxPoints : null;
    }
  } else if (modes.size === 1 && mode === 'share') {
    // Shares of the parent are not renormalised: a known share stands while a sibling's is unknown.
    for (const k of weighted) {
      if (k.weight.value === null) continue;
      k.share = k.weight.value;
      k.maxPoints = parent.maxPoints !== null ? parent.maxPoints * k.share : null;
    }
  } else if (modes.size === 1 && !anyNull && sum > 0) {
    for (const k of weighted) {
      const v = k.weight.value as number;
      k.share = mode === 'share' ? v : v / sum;
      k.maxPoints = parent.maxPoints !== null ? parent.maxPoints * k.share : null;
    }
  }
  visit?.({ parent, weighted, mode, modes, anyNull, sum });
  for (const k of kids) {
    if (k.kind === 'deduction' || k.kind === 'bonus') k.maxPoints = k.max ?? null;
    if (k.kind === 'standard' && k.maxPoints !== null) k.effShare = k.maxPoints / total;
    assignShares(nodes, k.id, total, visit);
  }
}

/** Recompute every share of a system built or edited in memory (no sum checks). */
export function recomputeShares(sys: ResolvedSystem): void {
  const root = sys.nodes[sys.root];
  root.maxPoints = sys.settings.total;
  root.share = 1;
  root.effShare = 1;
  assignShares(sys.nodes, sys.root, sys.settings.total);
}
