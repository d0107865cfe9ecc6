/**
 * The compile step: a ResolvedSystem becomes index arrays (pre-order node list, parent and child
 * indices, shares as a Float64Array, method and policy codes) and compiled leaves (formula
 * closures, rule functions). Compile once; evaluate many times (sensitivity analysis re-aggregates
 * with perturbed shares without recompiling).
 */
import type { ImputeMethod, Origin, ResolvedField, ResolvedSystem } from '../system/model.js';
import type { RuleData, SettingsData } from '../system/schema.js';
import { compileFormula, type CompiledFormula } from './formula-eval.js';
import { compileRule, type AbsoluteRule, type ScoreFn } from './rules.js';

export const KIND_STANDARD = 0;
export const KIND_DEDUCTION = 1;
export const KIND_BONUS = 2;
export const KIND_COEFFICIENT = 3;
export const KIND_CODES = { standard: KIND_STANDARD, deduction: KIND_DEDUCTION, bonus: KIND_BONUS, coefficient: KIND_COEFFICIENT } as const;

export const M_SUM = 0;
export const M_AMEAN = 1;
export const M_GMEAN = 2;
export const M_HMEAN = 3;
export const M_GENMEAN = 4;
export const M_MEDIAN = 5;
export const METHOD_CODES = { sum: M_SUM, amean: M_AMEAN, gmean: M_GMEAN, hmean: M_HMEAN, genmean: M_GENMEAN, median: M_MEDIAN } as const;
export const METHOD_NAMES = ['sum', 'amean', 'gmean', 'hmean', 'genmean', 'median'] as const;

export const P_ZERO = 0;
export const P_RENORMALISE = 1;
export const P_IMPUTE = 2;
export const P_COVERAGE = 3;
export const P_EXCLUDE = 4;
export const POLICY_CODES = { zero: P_ZERO, renormalise: P_RENORMALISE, impute: P_IMPUTE, coverage: P_COVERAGE, exclude: P_EXCLUDE } as const;

export const NA_EXCLUDE = 0;
export const NA_ZERO = 1;
export const NA_FULL = 2;
export const NA_CODES = { exclude: NA_EXCLUDE, zero: NA_ZERO, full: NA_FULL } as const;

export interface ImputeSpec {
  method: ImputeMethod;
  /** Unit attribute for group-mean / group-median. */
  group?: string;
  /** Where the spec came from: the leaf's own missing policy, its parent's, or settings.imputation. */
  from: 'leaf' | 'parent' | 'settings';
}

export type NormaliseRule = Extract<RuleData, { type: 'normalise' }>;

export interface LeafSpec {
  id: string;
  /** Node index. */
  node: number;
  /** Position in `model.leaves`. */
  leaf: number;
  /** The field the value comes from (no formula). */
  field?: string;
  formula?: CompiledFormula & { source: string };
  /** Fields the value depends on. */
  inputs: string[];
  rule: RuleData;
  /** True for `rule: {type: normalise}` (relative: depends on the other units). */
  relative: boolean;
  direction: 1 | -1;
  target?: number;
  /** Absolute rules: value → f ∈ [0, 100]. */
  score?: ScoreFn;
  /** Level labels of the field (levels rules); the value is the index of the label. */
  levels?: string[];
  /** levels rule on a field without declared levels: the value is looked up from the label text. */
  levelsFromText?: boolean;
  /** Kind of value: numeric values may be imputed by mean/median; boolean and level values only by previous year. */
  numeric: boolean;
  imputation?: ImputeSpec;
  /** Relative leaves are treated for outliers when settings.outliers asks for it. */
  treat: boolean;
  origin: Origin;
}

export interface CompiledModel {
  system: ResolvedSystem;
  settings: SettingsData;
  /** Number of nodes (root included). */
  n: number;
  /** Node ids in pre-order; index 0 is the root. */
  ids: string[];
  index: Map<string, number>;
  parent: Int32Array;
  depth: Uint8Array;
  kind: Uint8Array;
  /** Children of node i are childList[childStart[i] .. childStart[i + 1]). */
  childStart: Int32Array;
  childList: Int32Array;
  /** Share of the parent (standard nodes; 0 for bonus/deduction/coefficient). NaN when unknown. */
  shares: Float64Array;
  /** Maximum points (standard: effShare × total; bonus/deduction: their max). */
  maxPoints: Float64Array;
  method: Uint8Array;
  p: Float64Array;
  missing: Uint8Array;
  coverageMin: Float64Array;
  na: Uint8Array;
  /** Bonus/deduction: max points; coefficient: the factor range. */
  kindMax: Float64Array;
  rangeLo: Float64Array;
  rangeHi: Float64Array;
  /** Leaf node indices in pre-order, and node → leaf position (−1 for internal nodes). */
  leaves: Int32Array;
  leafOf: Int32Array;
  leafSpecs: LeafSpec[];
  /** Internal nodes, children before parents (reverse pre-order). */
  internal: Int32Array;
  /** 1 for nodes with a bonus, deduction or coefficient child. */
  special: Uint8Array;
  /** Any leaf with a relative (normalise) rule. */
  hasRelative: boolean;
  /** System fields (by id). */
  fields: Map<string, ResolvedField>;
}

export function compileModel(system: ResolvedSystem): CompiledModel {
  const ids = system.order.slice();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const parent = new Int32Array(n).fill(-1);
  const depth = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const childStart = new Int32Array(n + 1);
  const shares = new Float64Array(n);
  const maxPoints = new Float64Array(n);
  const method = new Uint8Array(n);
  const p = new Float64Array(n);
  const missing = new Uint8Array(n);
  const coverageMin = new Float64Array(n);
  const na = new Uint8Array(n);
  const kindMax = new Float64Array(n);
  const rangeLo = new Float64Array(n);
  const rangeHi = new Float64Array(n);
  const leafOf = new Int32Array(n).fill(-1);
  const childList: number[] = [];
  const leafIdx: number[] = [];
  const fields = new Map(system.fields.map((f) => [f.id, f]));

  for (let i = 0; i < n; i++) {
    const node = system.nodes[ids[i]];
    parent[i] = node.parent === null ? -1 : (index.get(node.parent) ?? -1);
    depth[i] = node.depth;
    kind[i] = KIND_CODES[node.kind];
    childStart[i] = childList.length;
    for (const c of node.children) childList.push(index.get(c)!);
    shares[i] = node.kind === 'standard' ? (node.share ?? NaN) : 0;
    maxPoints[i] = node.maxPoints ?? NaN;
    method[i] = METHOD_CODES[node.aggregate.method];
    p[i] = node.aggregate.p ?? NaN;
    missing[i] = POLICY_CODES[node.missing.policy];
    coverageMin[i] = node.missing.min ?? 0;
    na[i] = NA_CODES[node.notApplicable];
    kindMax[i] = node.max ?? 0;
    rangeLo[i] = node.range?.[0] ?? 1;
    rangeHi[i] = node.range?.[1] ?? 1;
    if (node.leaf && node.children.length === 0) {
      leafOf[i] = leafIdx.length;
      leafIdx.push(i);
    }
  }
  childStart[n] = childList.length;
  if (n > 0) {
    shares[0] = 1;
    maxPoints[0] = system.settings.total;
  }

  const settings = system.settings;
  const leafSpecs: LeafSpec[] = leafIdx.map((ni, li) => {
    const node = system.nodes[ids[ni]];
    const leaf = node.leaf!;
    const rule = leaf.rule;
    const relative = rule.type === 'normalise';
    const field = leaf.field ? fields.get(leaf.field) : undefined;
    const spec: LeafSpec = {
      id: node.id,
      node: ni,
      leaf: li,
      inputs: leaf.formula ? leaf.formula.fields.slice() : leaf.field ? [leaf.field] : [],
      rule,
      relative,
      direction: leaf.direction,
      numeric: !(rule.type === 'boolean' || rule.type === 'levels') && !(field && (field.type === 'boolean' || field.type === 'level')),
      treat: relative && !!settings.outliers && settings.outliers.method === 'winsorise',
      origin: node.origin,
    };
    if (leaf.field) spec.field = leaf.field;
    if (leaf.formula) spec.formula = { ...compileFormula(leaf.formula.ast), source: leaf.formula.source };
    if (leaf.target !== undefined) spec.target = leaf.target;
    // levels: by the field's level order; a field without declared levels is read by its label text.
    const levels = field?.levels ?? (rule.type === 'levels' ? Object.keys(rule.map) : undefined);
    if (levels) spec.levels = levels;
    if (rule.type === 'levels' && !field?.levels) spec.levelsFromText = true;
    if (!relative) spec.score = compileRule(rule as AbsoluteRule, { direction: leaf.direction, target: leaf.target, levels });
    const imp = imputeSpecFor(system, node.id);
    if (imp) spec.imputation = imp;
    return spec;
  });

  const internal: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (leafOf[i] < 0) internal.push(i);
  const special = new Uint8Array(n);
  for (let i = 0; i < n; i++) for (let k = childStart[i]; k < childStart[i + 1]; k++) if (kind[childList[k]] !== KIND_STANDARD) special[i] = 1;

  return {
    system,
    settings,
    n,
    ids,
    index,
    parent,
    depth,
    kind,
    childStart,
    childList: Int32Array.from(childList),
    shares,
    maxPoints,
    method,
    p,
    missing,
    coverageMin,
    na,
    kindMax,
    rangeLo,
    rangeHi,
    leaves: Int32Array.from(leafIdx),
    leafOf,
    leafSpecs,
    internal: Int32Array.from(internal),
    special,
    hasRelative: leafSpecs.some((l) => l.relative),
    fields,
  };
}

/** The leaf's own `missing: impute`, else its parent's, else settings.imputation. */
function imputeSpecFor(system: ResolvedSystem, id: string): ImputeSpec | undefined {
  const node = system.nodes[id];
  if (node.missing.policy === 'impute' && node.missing.method) return withGroup({ method: node.missing.method, group: node.missing.group, from: 'leaf' });
  const par = node.parent ? system.nodes[node.parent] : undefined;
  if (par && par.missing.policy === 'impute' && par.missing.method) return withGroup({ method: par.missing.method, group: par.missing.group, from: 'parent' });
  const s = system.settings.imputation;
  if (s) return withGroup({ method: s.method, group: s.group, from: 'settings' });
  return undefined;
}

function withGroup(s: ImputeSpec): ImputeSpec {
  if (s.group === undefined) delete s.group;
  return s;
}

/** Node ids of the first level (the dimensions), in order. */
export function firstLevel(model: CompiledModel): number[] {
  const out: number[] = [];
  for (let k = model.childStart[0]; k < model.childStart[1]; k++) out.push(model.childList[k]);
  return out;
}

/** Leaf node indices under node i (i itself when a leaf), in pre-order. */
export function leavesUnder(model: CompiledModel, i: number): number[] {
  if (model.leafOf[i] >= 0) return [i];
  const out: number[] = [];
  for (let k = model.childStart[i]; k < model.childStart[i + 1]; k++) out.push(...leavesUnder(model, model.childList[k]));
  return out;
}

/** Maximum points of every node for the given shares (effMax[c] = effMax[parent] × share[c] for standard nodes). */
export function maxPointsFor(model: CompiledModel, shares: Float64Array, out: Float64Array = new Float64Array(model.n)): Float64Array {
  out[0] = model.settings.total;
  for (let i = 1; i < model.n; i++) {
    out[i] = model.kind[i] === KIND_STANDARD ? out[model.parent[i]] * shares[i] : model.kind[i] === KIND_COEFFICIENT ? NaN : model.kindMax[i];
  }
  return out;
}

/** For each internal node, its standard (weighted) children: the groups whose shares add up to 1 (weight perturbation works per group). */
export function siblingGroups(model: CompiledModel): { parent: number; children: Int32Array }[] {
  const out: { parent: number; children: Int32Array }[] = [];
  for (let i = 0; i < model.n; i++) {
    const kids: number[] = [];
    for (let k = model.childStart[i]; k < model.childStart[i + 1]; k++) if (model.kind[model.childList[k]] === KIND_STANDARD) kids.push(model.childList[k]);
    if (kids.length) out.push({ parent: i, children: Int32Array.from(kids) });
  }
  return out;
}

/** Shares renormalised to add up to 1 within each sibling group (for perturbed relative weights). */
export function normaliseShares(model: CompiledModel, weights: Float64Array, out: Float64Array = new Float64Array(model.n)): Float64Array {
  out.set(weights);
  out[0] = 1;
  for (const g of siblingGroups(model)) {
    let s = 0;
    for (const c of g.children) s += weights[c];
    for (const c of g.children) out[c] = s > 0 ? weights[c] / s : NaN;
  }
  return out;
}

/**
 * A variant of the model with other rules on some leaves (e.g. another normalisation method for a
 * sensitivity analysis), without recompiling the rest. Leaves keep their value source.
 */
export function withRules(model: CompiledModel, rules: ReadonlyMap<string, RuleData>): CompiledModel {
  const leafSpecs = model.leafSpecs.map((spec) => {
    const rule = rules.get(spec.id);
    if (!rule) return spec;
    const relative = rule.type === 'normalise';
    const next: LeafSpec = { ...spec, rule, relative, treat: relative && !!model.settings.outliers && model.settings.outliers.method === 'winsorise' };
    delete next.score;
    if (!relative) next.score = compileRule(rule as AbsoluteRule, { direction: spec.direction, target: spec.target, levels: spec.levels });
    return next;
  });
  return { ...model, leafSpecs, hasRelative: leafSpecs.some((l) => l.relative) };
}
