/**
 * Derived weights for the children of every node at a level (methods.md §3): equal, entropy,
 * CRITIC, standard deviation, MEREC and PCA from the data (./criteria.ts), AHP from the pairwise
 * matrices in the system, and the combination of subjective and objective weights. Every group
 * names its exact variant; a result that is undefined for the data (a constant indicator, a
 * singular correlation matrix, zeros for MEREC) is refused with the indicator named.
 */
import { CityscoreError } from '../../errors.js';
import type { Evaluation } from '../../engine/evaluate.js';
import { siblingGroups } from '../../engine/model.js';
import type { ResolvedSystem } from '../../system/model.js';
import { didYouMean } from '../../util/suggest.js';
import { AnalysisError } from '../stats/errors.js';
import { ahpWeights, type AhpResult } from '../mcda/ahp.js';
import { MIN_ALTERNATIVES_OBJECTIVE, type WeightResult } from '../mcda/types.js';
import { combineWeights, criticWeights, entropyWeights, equalWeights, merecWeights, pcaWeights, stdWeights, type EntropyZeros } from '../mcda/weights.js';
import { VALUES_NOTE, criteria, groupsAt, type CriteriaGroup } from './criteria.js';

export const OBJECTIVE = ['entropy', 'critic', 'std', 'merec', 'pca'] as const;
export const METHODS = ['equal', ...OBJECTIVE, 'ahp', 'combined'] as const;
export type Objective = (typeof OBJECTIVE)[number];
export type WeightMethod = (typeof METHODS)[number];

export interface MethodSpec {
  method: WeightMethod;
  /** Entropy zero handling (entropy, or the objective part of combined). */
  zeros: EntropyZeros;
  /** combined: the objective method (default entropy). */
  objective: Objective;
}

const ACCEPTED = [
  'equal',
  'entropy',
  'entropy:any-zero',
  'critic',
  'std',
  'merec',
  'pca',
  'ahp',
  'combined',
  ...OBJECTIVE.map((o) => `combined:${o}`),
  'combined:entropy:any-zero',
];

/** `entropy`, `entropy:any-zero`, `combined`, `combined:critic`, … */
export function parseMethod(s: string): MethodSpec {
  const parts = s.trim().toLowerCase().split(':');
  const method = parts[0] as WeightMethod;
  const bad = () => {
    const sug = didYouMean(s, ACCEPTED);
    return new CityscoreError('USAGE', `unknown weighting method "${s}"`, {
      exitCode: 2,
      hint: `${sug ? `did you mean "${sug}"? ` : ''}methods: ${ACCEPTED.join(', ')}`,
    });
  };
  if (!METHODS.includes(method)) throw bad();
  const spec: MethodSpec = { method, zeros: 'plogp0', objective: 'entropy' };
  const rest = parts.slice(1);
  if (method === 'entropy' && rest.length) {
    if (rest.join(':') !== 'any-zero') throw bad();
    spec.zeros = 'any-zero';
  } else if (method === 'combined' && rest.length) {
    if (!OBJECTIVE.includes(rest[0] as Objective)) throw bad();
    spec.objective = rest[0] as Objective;
    if (rest.length > 1) {
      if (rest[0] !== 'entropy' || rest.slice(1).join(':') !== 'any-zero') throw bad();
      spec.zeros = 'any-zero';
    }
  } else if (rest.length) throw bad();
  return spec;
}

export interface ChildWeight {
  id: string;
  name: string;
  /** The current share of the parent (null when the system gives none). */
  current: number | null;
  derived: number;
}

export interface GroupWeights {
  parent: string;
  parentName: string;
  variant: string;
  children: ChildWeight[];
  /** Data-driven groups: city-years used and dropped, and what the criterion values are. */
  cities?: number;
  dropped?: number;
  values?: CriteriaGroup['values'];
  /** AHP: consistency (λmax, CI, RI and its table, CR) and the judgements farthest from the weights. */
  ahp?: {
    lambdaMax: number;
    ci: number;
    ri: number;
    riTable: string;
    cr: number;
    consistent: boolean;
    inconsistentPairs: { i: string; j: string; judgement: number; implied: number }[];
  };
  /** PCA: share of the variance of the first component and the loadings. */
  pca?: { varianceShare: number; loadings: number[] };
  warnings: string[];
  /** Short facts for the overlay's basis. */
  note: string;
}

export interface WeightsResult {
  system: { id: string; version: string; hash: string };
  method: string;
  level: number | null;
  /** What the criterion values are, for data-driven methods. */
  criteria?: string;
  /** City-years in the data (data-driven methods). */
  cities?: number;
  years?: (number | null)[];
  groups: GroupWeights[];
  /** Groups at the level that were left as they are (AHP without a matrix). */
  skipped: string[];
  /** Some AHP matrix has CR > 0.1. */
  inconsistent: boolean;
}

export interface DeriveOptions {
  method: MethodSpec;
  /** Weight the children of every node at depth level − 1 (default 1; AHP: every node with a matrix). */
  level?: number;
  /** combined: the share of the subjective weights (default 0.5). */
  alpha?: number;
}

const clean = (msg: string) => msg.replace(/criterion index \d+ \("([^"]+)"\)/g, '$1').replace(/^\w+Weights: /, '');

function refuse(sys: ResolvedSystem, parent: string, what: string, e: unknown): never {
  if (!(e instanceof AnalysisError)) throw e;
  const node = sys.nodes[parent];
  throw new CityscoreError(
    'WEIGHTS_UNDEFINED',
    `${what} weights of the children of ${parent === sys.root ? 'the system' : parent} are undefined for these data: ${clean(e.message)}`,
    {
      exitCode: 2,
      location: node.origin.file ? node.origin : undefined,
      hint: e.code === 'ANALYSIS_UNDEFINED' ? 'remove or fix the indicator, use another method, or weight another level' : undefined,
    },
  );
}

function objective(sys: ResolvedSystem, g: CriteriaGroup, o: Objective, zeros: EntropyZeros): WeightResult & { pca?: GroupWeights['pca'] } {
  const labels = g.children;
  const k = g.children.length;
  const m = g.matrix.length;
  try {
    if (m < 2) throw new AnalysisError('ANALYSIS_UNDEFINED', `only ${m} city-year${m === 1 ? ' has' : 's have'} every child present; at least 2 are needed`);
    switch (o) {
      case 'entropy': {
        const r = entropyWeights(g.matrix, { zeros, labels });
        return { ...r, variant: zeros === 'plogp0' ? 'entropy(zeros=plogp0: 0·ln0 := 0)' : 'entropy(zeros=any-zero: a column with a 0 gets entropy 0)' };
      }
      case 'critic': {
        const r = criticWeights(g.matrix, { labels });
        if (m < Math.max(MIN_ALTERNATIVES_OBJECTIVE, 2 * k) && m >= MIN_ALTERNATIVES_OBJECTIVE) {
          r.warnings.push(
            `CRITIC correlations between ${k} criteria from ${m} city-years: unstable with fewer than 2 city-years per criterion (rule: warn when m < 2k = ${2 * k})`,
          );
        }
        return r;
      }
      case 'std':
        return stdWeights(g.matrix, { labels });
      case 'merec':
        return { ...merecWeights(g.matrix, new Array<number>(k).fill(1), { labels }), variant: 'merec(all criteria benefit: scores are oriented)' };
      case 'pca': {
        const r = pcaWeights(g.matrix, { labels });
        const sum = r.loadings.reduce((a, b) => a + b, 0);
        if (!(sum > 0)) throw new AnalysisError('ANALYSIS_UNDEFINED', 'the first-component loadings sum to 0, so they cannot be scaled to weights');
        return {
          ...r,
          weights: r.loadings.map((x) => x / sum),
          variant: 'pca(first-component loadings, scaled to sum 1)',
          pca: { varianceShare: r.varianceShare, loadings: r.loadings },
        };
      }
    }
  } catch (e) {
    refuse(sys, g.parent, o, e);
  }
}

function ahpOf(sys: ResolvedSystem, parent: string, children: string[]): AhpResult & { order: string[] } {
  const node = sys.nodes[parent];
  const ahp = node.ahp!;
  const missing = children.filter((c) => !ahp.order.includes(c));
  if (missing.length) {
    throw new CityscoreError('AHP_ORDER', `${parent}: the AHP matrix does not compare ${missing.join(', ')}; it must compare every weighted child`, {
      exitCode: 2,
      location: node.origin,
    });
  }
  try {
    return { ...ahpWeights(ahp.matrix, { labels: ahp.order }), order: ahp.order };
  } catch (e) {
    refuse(sys, parent, 'AHP', e);
  }
}

function ahpDetails(r: AhpResult & { order: string[] }): NonNullable<GroupWeights['ahp']> {
  return {
    lambdaMax: r.lambdaMax,
    ci: r.ci,
    ri: r.ri,
    riTable: r.riTable === 'saaty' ? 'Saaty (n ≤ 10)' : 'Tummala–Ling (n ≤ 15)',
    cr: r.cr,
    consistent: r.consistent,
    inconsistentPairs: r.inconsistentPairs.map((p) => ({ i: r.order[p.i], j: r.order[p.j], judgement: p.judgement, implied: p.implied })),
  };
}

/** Derive weights; `ev` (an evaluation of the returns) is needed by the data-driven methods. */
export function deriveWeights(sys: ResolvedSystem, ev: Evaluation | null, opts: DeriveOptions): WeightsResult {
  const spec = opts.method;
  const needsData = spec.method !== 'equal' && spec.method !== 'ahp';
  if (needsData && !ev) throw new CityscoreError('USAGE', `--method ${spec.method} derives weights from data: give the returns`, { exitCode: 2 });
  const model = ev?.model;
  const alpha = opts.alpha ?? 0.5;
  const level = opts.level ?? (spec.method === 'ahp' ? null : 1);
  const depthOf = (id: string) => sys.nodes[id].depth;

  // The groups: sibling groups of two or more weighted children, at the level (or with a matrix).
  let groups: { parent: string; children: string[] }[] = [];
  const all: { parent: string; children: string[] }[] = [];
  const walk = (id: string) => {
    const kids = sys.nodes[id].children.filter((c) => sys.nodes[c].kind === 'standard');
    if (kids.length >= 2) all.push({ parent: id, children: kids });
    for (const c of sys.nodes[id].children) walk(c);
  };
  walk(sys.root);
  if (model && ev) {
    // Same groups, from the compiled model (identical order).
    const fromModel = (level !== null ? groupsAt(ev, level) : siblingGroups(model).filter((g) => g.children.length >= 2)).map((g) => model.ids[g.parent]);
    groups = all.filter((g) => fromModel.includes(g.parent));
  } else groups = level !== null ? all.filter((g) => depthOf(g.parent) === level - 1) : all;
  const skipped: string[] = [];
  if (spec.method === 'ahp') {
    const withMatrix = groups.filter((g) => sys.nodes[g.parent].ahp);
    skipped.push(...groups.filter((g) => !sys.nodes[g.parent].ahp).map((g) => g.parent));
    groups = withMatrix;
    if (!groups.length) {
      throw new CityscoreError(
        'NO_AHP_MATRIX',
        `no node of ${sys.id}${level !== null ? ` at level ${level - 1}` : ''} has an AHP matrix (ahp: {order, matrix})`,
        {
          exitCode: 2,
          hint: 'add ahp: {order: [child ids], matrix: [[1, 3, …], …]} to the node whose children you weight (in an overlay: changes.override.<id>.ahp)',
        },
      );
    }
  }
  if (!groups.length) {
    const depths = [...new Set(all.map((g) => depthOf(g.parent) + 1))].sort((a, b) => a - b);
    throw new CityscoreError('USAGE', `--level ${level}: no node of ${sys.id} at level ${(level ?? 1) - 1} has two or more weighted children`, {
      exitCode: 2,
      hint: `levels with weights: ${depths.join(', ')}`,
    });
  }

  const out: GroupWeights[] = [];
  const values = new Set<string>();
  let inconsistent = false;
  for (const g of groups) {
    const pnode = sys.nodes[g.parent];
    const base = (weights: number[], variant: string, warnings: string[], note: string): GroupWeights => ({
      parent: g.parent,
      parentName: g.parent === sys.root ? sys.title.zh : pnode.name,
      variant,
      children: g.children.map((c, i) => ({ id: c, name: sys.nodes[c].name, current: sys.nodes[c].share, derived: weights[i] })),
      warnings,
      note,
    });
    if (spec.method === 'equal') {
      const r = equalWeights(g.children.length);
      out.push(base(r.weights, r.variant, [], `1/${g.children.length} each`));
      continue;
    }
    if (spec.method === 'ahp') {
      const r = ahpOf(sys, g.parent, g.children);
      const w = g.children.map((c) => r.weights[r.order.indexOf(c)]);
      const variant = `ahp(method=eigenvector, ri=${r.riTable})`;
      const gw = base(w, variant, r.warnings.map(clean), `CR ${r.cr.toFixed(4)} with RI ${r.ri} (${r.riTable} table)`);
      gw.ahp = ahpDetails(r);
      inconsistent ||= !r.consistent;
      out.push(gw);
      continue;
    }
    const cg = criteria(ev!, { parent: model!.index.get(g.parent)!, children: Int32Array.from(g.children, (c) => model!.index.get(c)!) });
    values.add(cg.values);
    const obj = objective(sys, cg, spec.method === 'combined' ? spec.objective : (spec.method as Objective), spec.zeros);
    const warnings = obj.warnings.map(clean);
    if (cg.dropped) warnings.unshift(`${cg.dropped} city-year(s) left out: a child is missing or not applicable there (complete cases only)`);
    const dataNote = `from ${cg.matrix.length} city-years, criteria = ${cg.values}`;
    let gw: GroupWeights;
    if (spec.method === 'combined') {
      let subjective: number[];
      let subjVariant: string;
      if (pnode.ahp) {
        const r = ahpOf(sys, g.parent, g.children);
        subjective = g.children.map((c) => r.weights[r.order.indexOf(c)]);
        subjVariant = `ahp(method=eigenvector, ri=${r.riTable}, CR ${r.cr.toFixed(4)})`;
        warnings.push(...r.warnings.map(clean));
        inconsistent ||= !r.consistent;
      } else {
        const nulls = g.children.filter((c) => sys.nodes[c].share === null);
        if (nulls.length)
          throw new CityscoreError(
            'WEIGHTS_UNDEFINED',
            `combined: the subjective weights of ${nulls.join(', ')} are unknown (null) and ${g.parent} has no AHP matrix`,
            { exitCode: 2, location: pnode.origin },
          );
        subjective = g.children.map((c) => sys.nodes[c].share as number);
        subjVariant = 'the system weights';
      }
      const r = combineWeights(subjective, obj.weights, alpha);
      const variant = `combined(alpha=${alpha}: ${alpha} × subjective = ${subjVariant} + ${Number((1 - alpha).toFixed(12))} × objective = ${obj.variant})`;
      gw = base(r.weights, variant, warnings, dataNote);
    } else {
      gw = base(obj.weights, obj.variant, warnings, dataNote);
      if (obj.pca) gw.pca = obj.pca;
    }
    gw.cities = cg.matrix.length;
    gw.dropped = cg.dropped;
    gw.values = cg.values;
    out.push(gw);
  }
  const variants = [...new Set(out.map((g) => g.variant.replace(/, CR [\d.]+/, '')))];
  const result: WeightsResult = {
    system: { id: sys.id, version: sys.version, hash: sys.hash },
    method: variants.length === 1 ? variants[0] : spec.method,
    level,
    groups: out,
    skipped,
    inconsistent,
  };
  if (needsData && ev) {
    const kinds = [...values] as CriteriaGroup['values'][];
    result.criteria = kinds.length === 1 ? VALUES_NOTE[kinds[0]] : VALUES_NOTE['leaf and node scores'];
    result.cities = ev.ux.units.length;
    result.years = ev.ux.years;
  }
  return result;
}
