/**
 * The decision matrices for data-driven weights at a level: for every node at depth level − 1, its
 * weighted children are the criteria and the city-years are the alternatives. A leaf child's
 * criterion values are its leaf scores (0–100 achievement, or the normalised value for relative
 * rules); an internal child's are the engine's node scores (its 0–100 value). Only city-years where
 * every child of the group is present are used (complete cases, as COINr get_PCA).
 */
import type { Evaluation } from '../../engine/evaluate.js';
import { siblingGroups } from '../../engine/model.js';
import { S_PRESENT } from '../../engine/types.js';

export interface CriteriaGroup {
  /** Parent node id. */
  parent: string;
  /** Weighted child ids (the criteria), in system order. */
  children: string[];
  /** Rows = the complete city-years, columns = children. */
  matrix: number[][];
  /** Unit indices of the rows. */
  units: number[];
  /** City-years dropped for a missing or not-applicable child. */
  dropped: number;
  /** What the criterion values are. */
  values: 'leaf scores' | 'node scores' | 'leaf and node scores';
}

export const VALUES_NOTE: Record<CriteriaGroup['values'], string> = {
  'leaf scores': 'leaf achievement scores (0–100; the normalised value for relative rules)',
  'node scores': "the engine's node scores (each child's 0–100 value)",
  'leaf and node scores': "leaf achievement scores for leaf children, the engine's node scores (0–100 value) for internal children",
};

/** Sibling groups of two or more weighted children whose parent is at depth level − 1. */
export function groupsAt(ev: Evaluation, level: number): { parent: number; children: Int32Array }[] {
  const m = ev.model;
  return siblingGroups(m).filter((g) => g.children.length >= 2 && m.depth[g.parent] === level - 1);
}

export function criteria(ev: Evaluation, group: { parent: number; children: Int32Array }): CriteriaGroup {
  const m = ev.model;
  const U = ev.ux.units.length;
  const kids = Array.from(group.children);
  const cols = kids.map((c) => {
    const l = m.leafOf[c];
    if (l >= 0) return { v: ev.leafScores.values[l], s: ev.leafScores.state[l] };
    return { v: ev.nodes.value.subarray(c * U, (c + 1) * U), s: ev.nodes.state.subarray(c * U, (c + 1) * U) };
  });
  const matrix: number[][] = [];
  const units: number[] = [];
  for (let u = 0; u < U; u++) {
    if (!cols.every((c) => c.s[u] === S_PRESENT && Number.isFinite(c.v[u]))) continue;
    matrix.push(cols.map((c) => c.v[u]));
    units.push(u);
  }
  const leaves = kids.filter((c) => m.leafOf[c] >= 0).length;
  return {
    parent: m.ids[group.parent],
    children: kids.map((c) => m.ids[c]),
    matrix,
    units,
    dropped: U - units.length,
    values: leaves === kids.length ? 'leaf scores' : leaves === 0 ? 'node scores' : 'leaf and node scores',
  };
}
