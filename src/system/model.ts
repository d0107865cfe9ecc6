/**
 * The resolved indicator system: what `loadSystem` returns after parsing, `extends` resolution,
 * defaulting and validation. Plain data (JSON-serialisable), so it can be printed with
 * `show --json`, hashed, diffed and stored in results.
 */
import type { RuleData, SettingsData } from './schema.js';
import type { FormulaAst } from './formula-ast.js';

export interface Origin {
  file: string;
  line: number;
  col: number;
}

export type WeightMode = 'points' | 'share' | 'relative';
export type Status = 'confirmed' | 'provisional' | 'assumed';
export type NodeKind = 'standard' | 'deduction' | 'bonus' | 'coefficient';
export type AggMethod = 'sum' | 'amean' | 'gmean' | 'hmean' | 'genmean' | 'median';
export type ImputeMethod = 'mean' | 'median' | 'group-mean' | 'group-median' | 'previous-year';

export interface ResolvedMissing {
  policy: 'zero' | 'renormalise' | 'impute' | 'coverage' | 'exclude';
  method?: ImputeMethod;
  group?: string;
  min?: number;
}

export interface ResolvedAggregation {
  method: AggMethod;
  p?: number;
}

export interface ResolvedField {
  id: string;
  name: string;
  nameEn?: string;
  description?: string;
  unit?: string;
  type: 'number' | 'percent' | 'count' | 'money' | 'boolean' | 'level' | 'text';
  range?: [number | null, number | null];
  required: boolean;
  aliases: string[];
  levels?: string[];
  magnitudes: ('万' | '亿')[];
  source?: string;
  role: 'indicator' | 'denominator' | 'attribute';
  origin: Origin;
}

export interface ResolvedWeight {
  mode: WeightMode;
  /** As written (points of the total, share of the parent, or relative weight); null when the source gives none. */
  value: number | null;
  status: Status;
  source?: string;
  basis?: string;
}

export interface ResolvedLeaf {
  /** The field the value comes from, when not a formula. */
  field?: string;
  formula?: { source: string; ast: FormulaAst; fields: string[] };
  direction: 1 | -1;
  target?: number;
  rule: RuleData;
  unit?: string;
}

export interface ResolvedNode {
  id: string;
  name: string;
  nameEn?: string;
  description?: string;
  kind: NodeKind;
  /** 0 for the synthetic root, 1 for 一级, … */
  depth: number;
  parent: string | null;
  children: string[];
  weight: ResolvedWeight;
  /** Normalised share of the parent among its weighted siblings (null while any sibling weight is null). */
  share: number | null;
  /** Share of the system total (product of shares up the tree); null when unknown. */
  effShare: number | null;
  /** Maximum points (effShare × total); for bonus/deduction nodes, their `max`. */
  maxPoints: number | null;
  /** Deduction and bonus nodes: the most points; coefficient nodes: the factor range. */
  max?: number;
  range?: [number, number];
  leaf?: ResolvedLeaf;
  aggregate: ResolvedAggregation;
  missing: ResolvedMissing;
  notApplicable: 'exclude' | 'zero' | 'full';
  ahp?: { order: string[]; matrix: number[][] };
  origin: Origin;
  /** Which overlay file changed it last, and how ("added" | "overridden" | "rebalanced"). */
  /** What an overlay did to the node; `at` is where, when not at the node's own definition (a rebalance entry). */
  changed?: { file: string; how: 'added' | 'overridden' | 'rebalanced'; at?: Origin };
}

export interface ChainEntry {
  id: string;
  version: string;
  file: string;
  /** sha256 of the file bytes. */
  fileHash: string;
}

export interface ResolvedSystem {
  format: number;
  id: string;
  version: string;
  title: { zh: string; en?: string };
  description?: string;
  illustrative: boolean;
  source: { document: string; text?: string; url?: string; cutoff?: string; note?: string };
  /** The file itself first, then its parents. */
  chain: ChainEntry[];
  /** `sha256:` of the canonical JSON of the resolved model (without origins and hash itself). */
  hash: string;
  settings: SettingsData;
  sources: { id: string; name: string }[];
  fields: ResolvedField[];
  /** Id of the synthetic root node (`TOTAL`). */
  root: string;
  /** Every node by id, including the root. */
  nodes: Record<string, ResolvedNode>;
  /** Node ids in pre-order (root first). */
  order: string[];
  /** Ids of nodes whose weight is assumed / provisional / null. */
  assumed: string[];
  provisional: string[];
  nullWeights: string[];
}

export const ROOT_ID = 'TOTAL';

export function leafIds(sys: ResolvedSystem): string[] {
  return sys.order.filter((id) => sys.nodes[id].leaf !== undefined);
}

export function fieldById(sys: ResolvedSystem): Map<string, ResolvedField> {
  return new Map(sys.fields.map((f) => [f.id, f]));
}
