/**
 * Uncertain inputs after validation against the compiled model: each is one dimension of the
 * sampling design with a fixed, finite list of alternatives (COINr's discrete inputs). A sample
 * u ∈ [0, 1) picks alternative ⌊u·k⌋ of k (equal-width intervals, as COINr's `cut`).
 */
import type { RuleData } from '../../system/schema.js';

export type InputKind = 'weights' | 'normalisation' | 'aggregation' | 'missing' | 'remove';

interface Base {
  kind: InputKind;
  /** Unique name, used in outputs and in the per-run parameters. */
  name: string;
  /** One line saying what varies. */
  description: string;
  /** Index of the input in the spec (for locating messages). */
  index: number;
  /** Number of alternatives. */
  count: number;
  /** Label of alternative a (as recorded per run). */
  labels: string[];
}

export interface WeightsInput extends Base {
  kind: 'weights';
  level: number;
  noise: number;
  /** Node indices whose shares are perturbed (children of every sibling group at the level). */
  nodes: Int32Array;
  /** Sibling groups: positions into `nodes`. */
  groups: Int32Array[];
  /** Noisy share sets, set-major: sets[s * nodes.length + j]; filled by `drawWeightSets`. */
  sets: Float64Array;
}

/** A normalisation alternative: the system's own rules, or one rule for every selected leaf. */
export type NormaliseAlt = { system: true } | { system: false; rule: Extract<RuleData, { type: 'normalise' }> };

export interface NormalisationInput extends Base {
  kind: 'normalisation';
  /** Leaf positions (model.leafSpecs order). */
  leaves: number[];
  alts: NormaliseAlt[];
}

/** method: a METHOD_CODES value, or −1 for each node's own. */
export interface AggregationAlt {
  method: number;
  p: number;
}

export interface AggregationInput extends Base {
  kind: 'aggregation';
  nodes: Int32Array;
  alts: AggregationAlt[];
}

/** policy: a POLICY_CODES value or −1 for each node's own; impute: impute the leaves below first. */
export interface MissingAlt {
  policy: number;
  impute?: 'mean' | 'median';
}

export interface MissingInput extends Base {
  kind: 'missing';
  nodes: Int32Array;
  /** Leaf positions whose values are imputed by the impute alternatives (the leaf children of `nodes`). */
  leaves: number[];
  alts: MissingAlt[];
}

export interface RemoveInput extends Base {
  kind: 'remove';
  /** Alternative 0 removes nothing; alternative a > 0 removes nodes[a − 1]. */
  nodes: Int32Array;
}

export type UncertainInput = WeightsInput | NormalisationInput | AggregationInput | MissingInput | RemoveInput;

export function weightsDescription(inp: Pick<WeightsInput, 'nodes' | 'groups' | 'level' | 'noise' | 'count'>): string {
  const g = inp.groups.length;
  return `weights of the ${inp.nodes.length} nodes at level ${inp.level} (${g} sibling group${g === 1 ? '' : 's'}) ×(1 ± ${inp.noise}), COINr noisy weights renormalised per group; ${inp.count || 'N'} sets`;
}

/** The alternative picked by a sample u ∈ [0, 1). */
export function pick(u: number, count: number): number {
  const a = Math.floor(u * count);
  return a < 0 ? 0 : a >= count ? count - 1 : a;
}
