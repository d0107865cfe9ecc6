/**
 * Checking a schema-valid spec against the compiled model before anything is sampled: node ids,
 * levels, method names and parameters, overlapping inputs, analysis type. Every problem is a
 * located error with a did-you-mean; `resolveInputs` throws them all at once (exit 2, nothing run).
 */
import type { Diagnostic } from '../../errors.js';
import { KIND_STANDARD, METHOD_CODES, POLICY_CODES, siblingGroups, type CompiledModel } from '../../engine/model.js';
import { NormaliseMethod, type RuleData } from '../../system/schema.js';
import { didYouMean } from '../../util/suggest.js';
import { weightsDescription, type AggregationAlt, type MissingAlt, type NormaliseAlt, type UncertainInput, type WeightsInput } from './inputs.js';
import { specError, type InputSpecData, type LocatedSpec, type PathKey } from './spec.js';

const NORMALISE_NAMES = ['system', ...NormaliseMethod.options];
const AGGREGATION_NAMES = ['system', 'sum', 'amean', 'gmean', 'hmean', 'median', 'genmean'];
const MISSING_NAMES = ['system', 'zero', 'renormalise', 'exclude', 'impute-mean', 'impute-median'];

export interface ResolvedSpec {
  inputs: UncertainInput[];
  runs?: number;
  seed?: number;
  sequence?: 'sobol' | 'pseudo-random';
  bootstrap?: number;
  analysis?: 'ua' | 'sa';
  perCity?: boolean;
}

class Checker {
  readonly diags: Diagnostic[] = [];
  constructor(
    readonly located: LocatedSpec,
    readonly model: CompiledModel,
  ) {}

  error(path: readonly PathKey[], message: string, hint?: string, key?: string): void {
    const d: Diagnostic = { severity: 'error', code: 'SPEC_INPUT', message, location: { ...this.located.locate(path, key), path: path.join('.') } };
    if (hint) d.hint = hint;
    this.diags.push(d);
  }

  /** Node index of an id, or an error with a did-you-mean. */
  node(id: string, path: readonly PathKey[]): number | undefined {
    const i = this.model.index.get(id);
    if (i !== undefined && i !== 0) return i;
    if (i === 0) {
      this.error(path, `${id} is the root of the system, not an indicator`);
      return undefined;
    }
    const sug = didYouMean(id, this.model.ids.slice(1));
    this.error(
      path,
      `unknown indicator id "${id}" (not in ${this.model.system.id})`,
      sug ? `did you mean "${sug}"?` : `cityscore show ${this.model.system.id} lists the ids`,
    );
    return undefined;
  }

  maxDepth(): number {
    let d = 0;
    for (let i = 0; i < this.model.n; i++) d = Math.max(d, this.model.depth[i]);
    return d;
  }
}

const isInternal = (m: CompiledModel, i: number) => m.childStart[i + 1] > m.childStart[i];
const label = (o: Record<string, unknown>) => {
  const rest = Object.entries(o).filter(([k]) => k !== 'method');
  return rest.length ? `${String(o.method)}(${rest.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('..') : String(v)}`).join(', ')})` : String(o.method);
};

/** Parents at depth level − 1 (the nodes that combine the level's nodes), or the listed internal nodes, or every internal node. */
function parentScope(c: Checker, inp: { level?: number; nodes?: string[] }, base: PathKey[], what: string): number[] {
  const m = c.model;
  if (inp.level !== undefined && inp.nodes !== undefined) {
    c.error([...base, 'nodes'], `give level or nodes, not both`, undefined, 'nodes');
    return [];
  }
  if (inp.nodes !== undefined) {
    const out: number[] = [];
    inp.nodes.forEach((id, k) => {
      const i = c.node(id, [...base, 'nodes', k]);
      if (i === undefined) return;
      if (!isInternal(m, i))
        c.error([...base, 'nodes', k], `${id} is a leaf: ${what} applies to nodes that combine children`, `its parent is ${m.ids[m.parent[i]]}`);
      else out.push(i);
    });
    return out;
  }
  if (inp.level !== undefined) {
    const out: number[] = [];
    for (const i of m.internal) if (m.depth[i] === inp.level - 1) out.push(i);
    if (!out.length)
      c.error([...base, 'level'], `level ${inp.level}: no node of ${m.system.id} has children at depth ${inp.level}`, `levels: 1 … ${c.maxDepth()}`);
    return out.sort((a, b) => a - b);
  }
  return Array.from(m.internal).sort((a, b) => a - b);
}

function weightsInput(c: Checker, inp: Extract<InputSpecData, { type: 'weights' }>, base: PathKey[], index: number): UncertainInput | undefined {
  const m = c.model;
  const groups = siblingGroups(m).filter((g) => g.children.length >= 2 && m.depth[g.children[0]] === inp.level);
  if (!groups.length) {
    const valid = [
      ...new Set(
        siblingGroups(m)
          .filter((g) => g.children.length >= 2)
          .map((g) => m.depth[g.children[0]]),
      ),
    ].sort((a, b) => a - b);
    c.error(
      [...base, 'level'],
      `level ${inp.level}: no node of ${m.system.id} has two or more weighted children at depth ${inp.level}, so there are no weights to perturb`,
      `levels with weights: ${valid.join(', ')}`,
    );
    return undefined;
  }
  const nodes: number[] = [];
  const pos: Int32Array[] = [];
  for (const g of groups) {
    const start = nodes.length;
    nodes.push(...g.children);
    pos.push(Int32Array.from(g.children, (_, k) => start + k));
  }
  const w: WeightsInput = {
    kind: 'weights',
    name: inp.name ?? `weights(level ${inp.level})`,
    description: '',
    index,
    count: inp.sets ?? 0,
    labels: [],
    level: inp.level,
    noise: inp.noise,
    nodes: Int32Array.from(nodes),
    groups: pos,
    sets: new Float64Array(0),
  };
  w.description = weightsDescription(w);
  return w;
}

function normaliseAlt(c: Checker, alt: string | Record<string, unknown>, path: PathKey[], leaves: number[]): { alt: NormaliseAlt; label: string } | undefined {
  const name = typeof alt === 'string' ? alt : String(alt.method);
  if (!NORMALISE_NAMES.includes(name)) {
    const sug = didYouMean(name, NORMALISE_NAMES);
    c.error(
      typeof alt === 'string' ? path : [...path, 'method'],
      `unknown normalisation method "${name}"`,
      `${sug ? `did you mean "${sug}"? ` : ''}methods: ${NORMALISE_NAMES.join(', ')}`,
    );
    return undefined;
  }
  if (name === 'system') {
    if (typeof alt !== 'string') c.error([...path, 'method'], 'system takes no parameters (it keeps each leaf rule as written)');
    return { alt: { system: true }, label: 'system' };
  }
  const rule = (typeof alt === 'string' ? { type: 'normalise', method: name } : { type: 'normalise', ...alt }) as Extract<RuleData, { type: 'normalise' }>;
  const needs = (keys: string[]) => {
    const missing = keys.filter((k) => (rule as Record<string, unknown>)[k] === undefined);
    if (missing.length) c.error(path, `${name} needs ${missing.join(' and ')}`, `write it as {method: ${name}, ${keys.map((k) => `${k}: …`).join(', ')}}`);
  };
  if (name === 'goalposts' || name === 'scaled') needs(['lower', 'upper']);
  if (name === 'dist2ref') needs(['reference']);
  if (name === 'dist2targ') {
    const without = leaves.filter((l) => c.model.leafSpecs[l].target === undefined).map((l) => c.model.leafSpecs[l].id);
    if (without.length)
      c.error(
        path,
        `dist2targ needs a target on every leaf it applies to; ${without.length} have none: ${without.slice(0, 6).join(', ')}${without.length > 6 ? ', …' : ''}`,
        'restrict the input with leaves: [...]',
      );
  }
  if (rule.range && !(rule.range[0] < rule.range[1])) c.error([...path, 'range'], `range must ascend, got [${rule.range.join(', ')}]`);
  return { alt: { system: false, rule }, label: typeof alt === 'string' ? name : label(alt) };
}

function normalisationInput(c: Checker, inp: Extract<InputSpecData, { type: 'normalisation' }>, base: PathKey[], index: number): UncertainInput | undefined {
  const m = c.model;
  let leaves: number[];
  if (inp.leaves) {
    leaves = [];
    inp.leaves.forEach((id, k) => {
      const i = c.node(id, [...base, 'leaves', k]);
      if (i === undefined) return;
      if (m.leafOf[i] < 0) c.error([...base, 'leaves', k], `${id} is not a leaf: normalisation applies to leaf indicators`);
      else leaves.push(m.leafOf[i]);
    });
  } else leaves = m.leafSpecs.map((s) => s.leaf);
  const alts: NormaliseAlt[] = [];
  const labels: string[] = [];
  inp.alternatives.forEach((a, k) => {
    const r = normaliseAlt(c, a as string | Record<string, unknown>, [...base, 'alternatives', k], leaves);
    if (!r) return;
    if (labels.includes(r.label)) c.error([...base, 'alternatives', k], `alternative ${r.label} is listed twice`);
    alts.push(r.alt);
    labels.push(r.label);
  });
  return {
    kind: 'normalisation',
    name: inp.name ?? 'normalisation',
    description: `leaf scores of ${inp.leaves ? `${leaves.length} leaves` : `all ${leaves.length} leaves`} by ${labels.join(' | ')} (system = each leaf's own rule)`,
    index,
    count: alts.length,
    labels,
    leaves,
    alts,
  };
}

function aggregationInput(c: Checker, inp: Extract<InputSpecData, { type: 'aggregation' }>, base: PathKey[], index: number): UncertainInput | undefined {
  const nodes = parentScope(c, inp, base, 'aggregation');
  const alts: AggregationAlt[] = [];
  const labels: string[] = [];
  inp.alternatives.forEach((a, k) => {
    const path = [...base, 'alternatives', k];
    const o = (typeof a === 'string' ? { method: a } : a) as { method: string; p?: number };
    if (!AGGREGATION_NAMES.includes(o.method)) {
      const sug = didYouMean(o.method, AGGREGATION_NAMES);
      c.error(
        typeof a === 'string' ? path : [...path, 'method'],
        `unknown aggregation method "${o.method}"`,
        `${sug ? `did you mean "${sug}"? ` : ''}methods: ${AGGREGATION_NAMES.join(', ')}`,
      );
      return;
    }
    if (o.method === 'genmean' && (o.p === undefined || o.p === 0)) {
      c.error(path, o.p === 0 ? 'genmean with p = 0 is the geometric mean: use gmean' : 'genmean needs p', 'write it as {method: genmean, p: 2}');
      return;
    }
    if (o.method !== 'genmean' && o.p !== undefined) c.error([...path, 'p'], `p applies to genmean only, not ${o.method}`);
    const lab = o.method === 'genmean' ? `genmean(p=${o.p})` : o.method;
    if (labels.includes(lab)) c.error(path, `alternative ${lab} is listed twice`);
    labels.push(lab);
    alts.push({ method: o.method === 'system' ? -1 : METHOD_CODES[o.method as keyof typeof METHOD_CODES], p: o.p ?? NaN });
  });
  const where =
    inp.level !== undefined ? `level ${inp.level} (${nodes.length} node${nodes.length === 1 ? '' : 's'})` : inp.nodes ? inp.nodes.join(', ') : 'every node';
  return {
    kind: 'aggregation',
    name: inp.name ?? (inp.level !== undefined ? `aggregation(level ${inp.level})` : 'aggregation'),
    description: `how ${where} combine${inp.level !== undefined ? '' : 's'} their children: ${labels.join(' | ')}`,
    index,
    count: alts.length,
    labels,
    nodes: Int32Array.from(nodes),
    alts,
  };
}

function missingInput(c: Checker, inp: Extract<InputSpecData, { type: 'missing' }>, base: PathKey[], index: number): UncertainInput | undefined {
  const m = c.model;
  const nodes = parentScope(c, inp, base, 'a missing-data policy');
  const alts: MissingAlt[] = [];
  const labels: string[] = [];
  inp.alternatives.forEach((a, k) => {
    const path = [...base, 'alternatives', k];
    if (!MISSING_NAMES.includes(a)) {
      const sug = didYouMean(a, MISSING_NAMES);
      c.error(path, `unknown missing-data alternative "${a}"`, `${sug ? `did you mean "${sug}"? ` : ''}alternatives: ${MISSING_NAMES.join(', ')}`);
      return;
    }
    if (labels.includes(a)) c.error(path, `alternative ${a} is listed twice`);
    labels.push(a);
    if (a === 'system') alts.push({ policy: -1 });
    else if (a === 'impute-mean' || a === 'impute-median') alts.push({ policy: POLICY_CODES.impute, impute: a === 'impute-mean' ? 'mean' : 'median' });
    else alts.push({ policy: POLICY_CODES[a as 'zero' | 'renormalise' | 'exclude'] });
  });
  const leaves: number[] = [];
  for (const i of nodes) for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) if (m.leafOf[m.childList[k]] >= 0) leaves.push(m.leafOf[m.childList[k]]);
  return {
    kind: 'missing',
    name: inp.name ?? (inp.level !== undefined ? `missing(level ${inp.level})` : 'missing'),
    description: `missing values under ${inp.level !== undefined ? `the nodes of level ${inp.level - 1}` : inp.nodes ? inp.nodes.join(', ') : 'every node'}: ${labels.join(' | ')}`,
    index,
    count: alts.length,
    labels,
    nodes: Int32Array.from(nodes),
    leaves: leaves.sort((a, b) => a - b),
    alts,
  };
}

function removeInput(c: Checker, inp: Extract<InputSpecData, { type: 'remove' }>, base: PathKey[], index: number): UncertainInput | undefined {
  const m = c.model;
  let nodes: number[] = [];
  if (inp.level !== undefined && inp.nodes !== undefined) c.error([...base, 'nodes'], 'give level or nodes, not both', undefined, 'nodes');
  else if (inp.nodes) {
    inp.nodes.forEach((id, k) => {
      const i = c.node(id, [...base, 'nodes', k]);
      if (i === undefined) return;
      if (m.kind[i] !== KIND_STANDARD)
        c.error([...base, 'nodes', k], `${id} is a ${m.system.nodes[id].kind} node; only weighted (standard) nodes can be removed`);
      else nodes.push(i);
    });
  } else if (inp.level !== undefined) {
    for (let i = 1; i < m.n; i++) if (m.depth[i] === inp.level && m.kind[i] === KIND_STANDARD) nodes.push(i);
    if (!nodes.length) c.error([...base, 'level'], `level ${inp.level}: ${m.system.id} has no weighted node at that depth`, `levels: 1 … ${c.maxDepth()}`);
  } else nodes = Array.from(m.leaves).filter((i) => m.kind[i] === KIND_STANDARD);
  const labels = ['none', ...nodes.map((i) => m.ids[i])];
  return {
    kind: 'remove',
    name: inp.name ?? (inp.level !== undefined ? `remove(level ${inp.level})` : inp.nodes ? 'remove' : 'remove(leaves)'),
    description: `remove one of ${nodes.length} ${inp.nodes ? 'listed nodes' : inp.level !== undefined ? `nodes of level ${inp.level}` : 'leaf indicators'} at a time, or none (a removed node counts as 不适用: its siblings' weights are renormalised)`,
    index,
    count: labels.length,
    labels,
    nodes: Int32Array.from(nodes),
  };
}

/** Inputs that act on the same node (or leaf, or level) would overwrite each other. */
function checkOverlaps(c: Checker, inputs: UncertainInput[]): void {
  const owner = new Map<string, UncertainInput>();
  const claim = (key: string, inp: UncertainInput, what: string) => {
    const prev = owner.get(key);
    if (prev && prev !== inp)
      c.error(['inputs', inp.index], `${inp.name} and ${prev.name} both set ${what}`, 'each node, leaf or level may be varied by one input of a kind');
    else owner.set(key, inp);
  };
  for (const inp of inputs) {
    if (inp.kind === 'weights') claim(`w:${inp.level}`, inp, `the weights of level ${inp.level}`);
    else if (inp.kind === 'normalisation') for (const l of inp.leaves) claim(`n:${l}`, inp, `the normalisation of ${c.model.leafSpecs[l].id}`);
    else if (inp.kind === 'aggregation') for (const i of inp.nodes) claim(`a:${i}`, inp, `the aggregation of ${c.model.ids[i]}`);
    else if (inp.kind === 'missing') for (const i of inp.nodes) claim(`m:${i}`, inp, `the missing-data policy of ${c.model.ids[i]}`);
    else for (const i of inp.nodes) claim(`r:${i}`, inp, `the removal of ${c.model.ids[i]}`);
  }
  const names = new Map<string, UncertainInput>();
  for (const inp of inputs) {
    const prev = names.get(inp.name);
    if (prev) c.error(['inputs', inp.index], `two inputs are named ${inp.name}`, 'give each a distinct name:', 'type');
    names.set(inp.name, inp);
  }
}

/** Check the spec against the model; throws every finding (exit 2) when any. */
export function resolveInputs(located: LocatedSpec, model: CompiledModel, opts: { extraInputs?: number } = {}): ResolvedSpec {
  const c = new Checker(located, model);
  const { spec } = located;
  const inputs: UncertainInput[] = [];
  spec.inputs.forEach((inp, k) => {
    const base: PathKey[] = ['inputs', k];
    const r =
      inp.type === 'weights'
        ? weightsInput(c, inp, base, k)
        : inp.type === 'normalisation'
          ? normalisationInput(c, inp, base, k)
          : inp.type === 'aggregation'
            ? aggregationInput(c, inp, base, k)
            : inp.type === 'missing'
              ? missingInput(c, inp, base, k)
              : removeInput(c, inp, base, k);
    if (r) inputs.push(r);
  });
  checkOverlaps(c, inputs);
  if (spec.seed !== undefined && !Number.isSafeInteger(spec.seed)) c.error(['seed'], `seed must be a safe integer, got ${spec.seed}`);
  if (spec.analysis === 'sa' && spec.inputs.length + (opts.extraInputs ?? 0) < 2) {
    c.error(
      ['analysis'],
      'a sensitivity analysis (sa) needs at least two uncertain inputs (COINr get_sensitivity)',
      'add an input, or use analysis: ua for the uncertainty analysis alone',
    );
  }
  if (c.diags.length) throw specError(c.diags);
  const out: ResolvedSpec = { inputs };
  if (spec.runs !== undefined) out.runs = spec.runs;
  if (spec.seed !== undefined) out.seed = spec.seed;
  if (spec.sequence !== undefined) out.sequence = spec.sequence;
  if (spec.bootstrap !== undefined) out.bootstrap = spec.bootstrap;
  if (spec.analysis !== undefined) out.analysis = spec.analysis;
  if (spec.per_city !== undefined) out.perCity = spec.per_city;
  return out;
}

/** The levels that have weights to perturb (a sibling group of two or more weighted nodes). */
export function weightLevels(model: CompiledModel): number[] {
  return [
    ...new Set(
      siblingGroups(model)
        .filter((g) => g.children.length >= 2)
        .map((g) => model.depth[g.children[0]]),
    ),
  ].sort((a, b) => a - b);
}
