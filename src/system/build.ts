/**
 * Composed raw tree → ResolvedSystem: defaults, weights (points, shares, relative), effective
 * shares, and every semantic check that does not need the formula parser.
 */
import type { Diagnostic } from '../errors.js';
import { canonicalJson, sha256 } from '../util/hash.js';
import { didYouMean } from '../util/suggest.js';
import { walk, type Composed, type RawNode } from './compose.js';
import {
  ROOT_ID,
  type ResolvedAggregation,
  type ResolvedField,
  type ResolvedMissing,
  type ResolvedNode,
  type ResolvedSystem,
  type Status,
  type WeightMode,
} from './model.js';
import { Settings, type AggregationData, type MissingData, type SettingsData } from './schema.js';
import { locate, locateKey, type PathKey } from './yaml-source.js';
import { assignShares } from './weights.js';

const EPS = 1e-9;

export function toAggregation(a: AggregationData): ResolvedAggregation {
  return typeof a === 'string' ? { method: a } : a.p === undefined ? { method: a.method } : { method: a.method, p: a.p };
}

export function toMissing(m: MissingData): ResolvedMissing {
  if (typeof m === 'string') return { policy: m };
  const out: ResolvedMissing = { policy: m.policy };
  if (m.method) out.method = m.method;
  if (m.group) out.group = m.group;
  if (m.min !== undefined) out.min = m.min;
  return out;
}

export interface BuildOptions {
  /** Skip the weight-sum checks (intermediate systems in diff attribution). */
  skipWeightSums?: boolean;
}

export function buildSystem(c: Composed, diags: Diagnostic[], opts: BuildOptions = {}): ResolvedSystem {
  const top = c.top;
  const settings: SettingsData = Settings.parse(c.settings);
  const at = (n: RawNode, path: PathKey[] = []) => ({ file: n.src.file, ...locate(n.src, [...n.path, ...path]) });
  const atKey = (n: RawNode, key: string) => ({ file: n.src.file, ...locateKey(n.src, [...n.path, key]) });
  const err = (code: string, message: string, location: Diagnostic['location'], hint?: string) => diags.push({ severity: 'error', code, message, location, hint });
  const warn = (code: string, message: string, location: Diagnostic['location'], hint?: string) => diags.push({ severity: 'warning', code, message, location, hint });

  // Fields
  const fields: ResolvedField[] = c.fields.map((f) => {
    const d = f.data;
    const rf: ResolvedField = { id: d.id, name: d.name, type: d.type, required: d.required, aliases: d.aliases ?? [], magnitudes: d.magnitudes ?? [], role: d.role, origin: f.origin };
    if (d.name_en) rf.nameEn = d.name_en;
    if (d.description) rf.description = d.description;
    if (d.unit) rf.unit = d.unit;
    if (d.range) rf.range = d.range;
    if (d.levels) rf.levels = d.levels;
    if (d.source) rf.source = d.source;
    if (d.range && d.range[0] !== null && d.range[1] !== null && d.range[0] > d.range[1]) err('FIELD_RANGE', `field ${d.id}: range [${d.range[0]}, ${d.range[1]}] has min above max`, { file: f.src.file, ...locate(f.src, [...f.path, 'range']) });
    if (d.type === 'level' && !d.levels?.length) err('FIELD_LEVELS', `field ${d.id} is of type level but lists no levels`, { file: f.src.file, ...locate(f.src, f.path) }, 'add levels: [低, 中, 高]');
    if (d.source && c.sources.length && !c.sources.some((s) => s.id === d.source)) {
      err('UNKNOWN_SOURCE', `field ${d.id}: source "${d.source}" is not declared under sources:`, { file: f.src.file, ...locate(f.src, [...f.path, 'source']) });
    }
    return rf;
  });
  const fieldMap = new Map(fields.map((f) => [f.id, f]));
  const groupIds = new Set(settings.groups.map((g) => g.id));

  // Nodes
  const nodes: Record<string, ResolvedNode> = {};
  const order: string[] = [ROOT_ID];
  const firstSeen = new Map<string, RawNode>();
  const baseSrc = c.files[c.files.length - 1].src;
  const sysOrigin = { file: baseSrc.file, ...locateKey(baseSrc, ['indicators']) };
  nodes[ROOT_ID] = {
    id: ROOT_ID,
    name: top.title.zh,
    nameEn: top.title.en,
    kind: 'standard',
    depth: 0,
    parent: null,
    children: [],
    weight: { mode: 'points', value: settings.total, status: 'confirmed' },
    share: 1,
    effShare: 1,
    maxPoints: settings.total,
    aggregate: toAggregation(settings.aggregate),
    missing: toMissing(settings.missing),
    notApplicable: settings.not_applicable,
    origin: sysOrigin,
  };
  const rawById = new Map<string, RawNode>();
  const visit = (list: RawNode[], parentId: string, depth: number) => {
    for (const n of list) {
      const d = n.data;
      if (d.id === ROOT_ID) {
        err('RESERVED_ID', `${ROOT_ID} is reserved for the whole system`, atKey(n, 'id'));
        continue;
      }
      const prev = firstSeen.get(d.id);
      if (prev) {
        err('DUPLICATE_ID', `duplicate indicator id "${d.id}" (also at ${prev.origin.file}:${prev.origin.line})`, at(n, ['id']));
        continue;
      }
      firstSeen.set(d.id, n);
      rawById.set(d.id, n);
      const kind = d.kind ?? 'standard';
      const mode: WeightMode = d.points !== undefined ? 'points' : d.share !== undefined ? 'share' : 'relative';
      const written = [d.points, d.share, d.weight].filter((x) => x !== undefined).length;
      if (written > 1) err('WEIGHT_KEYS', `${d.id}: give one of points, share or weight, not several`, at(n));
      const value = d.points !== undefined ? d.points : d.share !== undefined ? d.share : d.weight;
      const status: Status = d.status ?? 'confirmed';
      const rn: ResolvedNode = {
        id: d.id,
        name: d.name,
        kind,
        depth,
        parent: parentId,
        children: [],
        weight: { mode, value: value === undefined ? null : value, status },
        share: null,
        effShare: null,
        maxPoints: null,
        aggregate: d.aggregate ? toAggregation(d.aggregate) : toAggregation(settings.aggregate),
        missing: d.missing ? toMissing(d.missing) : toMissing(settings.missing),
        notApplicable: d.not_applicable ?? settings.not_applicable,
        origin: n.origin,
      };
      if (d.source) rn.weight.source = d.source;
      else if (status === 'confirmed' && value !== undefined && value !== null) rn.weight.source = top.source.document;
      if (d.basis) rn.weight.basis = d.basis;
      if (d.name_en) rn.nameEn = d.name_en;
      if (d.description) rn.description = d.description;
      if (n.changed) rn.changed = n.changed;
      if (d.max !== undefined) rn.max = d.max;
      if (d.range) rn.range = d.range;
      nodes[d.id] = rn;
      order.push(d.id);
      nodes[parentId].children.push(d.id);

      // Kind-specific checks
      if (kind === 'standard') {
        if (value === undefined) err('NO_WEIGHT', `${d.id} has no weight`, at(n), 'give points: (of the total), share: (of the parent, 0–1) or weight: (relative); null where the source gives none');
      } else {
        if (value !== undefined) err('KIND_WEIGHT', `${d.id} is a ${kind} node: it takes no points/share/weight`, at(n), kind === 'coefficient' ? 'give range: [factor at 0, factor at 100]' : 'give max: (the most points it can take or give)');
        if ((kind === 'deduction' || kind === 'bonus') && d.max === undefined) err('KIND_MAX', `${d.id} is a ${kind} node and needs max: (points)`, at(n));
        if (kind === 'coefficient' && !d.range) err('KIND_RANGE', `${d.id} is a coefficient node and needs range: [factor at 0, factor at 100]`, at(n));
        if (depth !== 1 && parentId === ROOT_ID) {
          /* unreachable */
        }
      }
      if (status === 'assumed' && !d.basis) err('ASSUMED_BASIS', `${d.id}: an assumed weight needs basis: (how it was chosen)`, atKey(n, 'status'));
      if (status === 'provisional' && !d.source) warn('PROVISIONAL_SOURCE', `${d.id}: a provisional weight should name its secondary source (source:)`, atKey(n, 'status'));
      if (value === null && status === 'confirmed' && d.status === 'confirmed') warn('NULL_CONFIRMED', `${d.id}: a null weight marked confirmed`, atKey(n, 'status'));

      const isLeaf = n.children.length === 0;
      if (isLeaf) {
        if (d.value === undefined && d.formula === undefined) err('LEAF_VALUE', `leaf ${d.id} needs value: (a field id) or formula:`, at(n));
        if (d.value !== undefined && d.formula !== undefined) err('LEAF_VALUE', `leaf ${d.id}: give value: or formula:, not both`, at(n));
        if (d.value !== undefined && !fieldMap.has(d.value)) {
          const sug = didYouMean(d.value, fieldMap.keys());
          err('UNKNOWN_FIELD', `${d.id}: value names undeclared field "${d.value}"`, at(n, ['value']), sug ? `did you mean "${sug}"?` : 'declare it under fields:');
        }
        const rule = d.rule ?? settings.default_rule;
        if (!rule) err('NO_RULE', `leaf ${d.id} needs a scoring rule (rule:), or settings.default_rule`, at(n));
        rn.leaf = { direction: d.direction === 'negative' ? -1 : 1, rule: rule ?? { type: 'ratio', scale: 1, cap: 100 } };
        if (d.value !== undefined) rn.leaf.field = d.value;
        if (d.target !== undefined) rn.leaf.target = d.target;
        if (d.unit) rn.leaf.unit = d.unit;
        if (d.aggregate) err('LEAF_AGGREGATE', `${d.id} is a leaf: aggregate: applies to nodes with children`, atKey(n, 'aggregate'));
        if (rule) checkRule(rn, rule, d.value ? fieldMap.get(d.value) : undefined, n);
      } else {
        for (const k of ['value', 'formula', 'rule', 'direction', 'target'] as const) {
          if (d[k] !== undefined) {
            err('NODE_LEAF_KEY', `${d.id} has children: ${k}: belongs on leaves`, atKey(n, k), k === 'direction' ? 'directions act on indicators only (a direction on an aggregate would be ignored)' : undefined);
          }
        }
        if (kind !== 'standard' && kind !== 'coefficient') {
          /* deduction/bonus nodes may have children scored and summed */
        }
      }
      const m = rn.missing;
      if (m.group && !groupIds.has(m.group)) err('UNKNOWN_GROUP', `${d.id}: missing.group "${m.group}" is not declared in settings.groups`, at(n, ['missing']));
      if (m.policy === 'impute' && !m.method) err('MISSING_METHOD', `${d.id}: missing policy impute needs method:`, at(n, ['missing']));
      if (m.policy === 'coverage' && m.min === undefined) err('MISSING_MIN', `${d.id}: missing policy coverage needs min: (share of children, 0–1)`, at(n, ['missing']));
      if (rn.aggregate.method === 'genmean' && (rn.aggregate.p === undefined || rn.aggregate.p === 0)) {
        err('GENMEAN_P', `${d.id}: genmean needs p: (not 0; use gmean for p = 0)`, at(n, ['aggregate']));
      }
      if (d.ahp) {
        const order2 = d.ahp.order ?? n.children.map((x) => x.data.id);
        const size = d.ahp.matrix.length;
        if (order2.length !== size || d.ahp.matrix.some((r) => r.length !== size)) err('AHP_SHAPE', `${d.id}: the AHP matrix must be ${order2.length}×${order2.length} (one row and column per child)`, at(n, ['ahp']));
        for (const cid of order2) if (!n.children.some((x) => x.data.id === cid)) err('AHP_ORDER', `${d.id}: AHP order names "${cid}", which is not a child`, at(n, ['ahp', 'order']));
        rn.ahp = { order: order2, matrix: d.ahp.matrix };
      }
      visit(n.children, d.id, depth + 1);
    }
  };

  function checkRule(rn: ResolvedNode, rule: NonNullable<RawNode['data']['rule']>, field: ResolvedField | undefined, n: RawNode) {
    const loc = at(n, ['rule']);
    switch (rule.type) {
      case 'tiers':
        for (let i = 1; i < rule.bands.length; i++) {
          if (!(rule.bands[i].min > rule.bands[i - 1].min)) err('TIERS_ORDER', `${rn.id}: rule bands must have ascending min (${rule.bands[i - 1].min} then ${rule.bands[i].min})`, at(n, ['rule', 'bands', i]));
        }
        break;
      case 'bands':
        for (let i = 1; i < rule.cuts.length; i++) if (!(rule.cuts[i] > rule.cuts[i - 1])) err('BANDS_ORDER', `${rn.id}: cuts must ascend`, at(n, ['rule', 'cuts', i]));
        if (rule.points.length !== rule.cuts.length + 1) err('BANDS_POINTS', `${rn.id}: ${rule.cuts.length} cuts make ${rule.cuts.length + 1} bands, but ${rule.points.length} points are given`, loc);
        if (n.data.target === undefined) err('BANDS_TARGET', `${rn.id}: a bands rule scores the share of target: give target:`, loc);
        break;
      case 'linear':
        if (rule.target === undefined && n.data.target === undefined) err('LINEAR_TARGET', `${rn.id}: a linear rule needs target: (on the rule or the indicator)`, loc);
        else if ((rule.target ?? n.data.target) === rule.floor) err('LINEAR_TARGET', `${rn.id}: linear floor and target are equal`, loc);
        break;
      case 'boolean':
        if (field && field.type !== 'boolean') warn('RULE_FIELD_TYPE', `${rn.id}: boolean rule on field ${field.id} of type ${field.type}`, loc);
        break;
      case 'levels':
        if (field?.levels) for (const k of Object.keys(rule.map)) if (!field.levels.includes(k)) err('LEVELS_MAP', `${rn.id}: level "${k}" is not one of field ${field.id}'s levels (${field.levels.join(', ')})`, at(n, ['rule', 'map', k]));
        if (field?.levels) for (const l of field.levels) if (!(l in rule.map)) err('LEVELS_MAP', `${rn.id}: level "${l}" of field ${field.id} has no score in the rule`, loc);
        break;
      case 'normalise':
        if (rule.method === 'dist2targ' && n.data.target === undefined) err('NORMALISE_TARGET', `${rn.id}: dist2targ needs target:`, loc);
        if (rule.method === 'goalposts' && (rule.lower === undefined || rule.upper === undefined)) err('NORMALISE_POSTS', `${rn.id}: goalposts need lower: and upper:`, loc);
        if (rule.method === 'scaled' && (rule.lower === undefined || rule.upper === undefined)) err('NORMALISE_POSTS', `${rn.id}: scaled needs lower: and upper:`, loc);
        if (rule.method === 'dist2ref' && !rule.reference) err('NORMALISE_REF', `${rn.id}: dist2ref needs reference: (a city)`, loc);
        break;
      default:
        break;
    }
  }

  visit(c.roots, ROOT_ID, 1);

  // Weights: modes per sibling group, sums, shares, effective shares.
  const nullWeights: string[] = [];
  const assumed: string[] = [];
  const provisional: string[] = [];
  assignShares(nodes, ROOT_ID, settings.total, ({ parent, weighted, mode, modes, anyNull, sum }) => {
    const pid = parent.id;
    const praw = rawById.get(pid);
    const ploc = praw ? at(praw) : sysOrigin;
    if (modes.size > 1) err('WEIGHT_MODES', `the children of ${pid} mix ${[...modes].join(', ')} weights; use one kind among siblings`, ploc);
    const list = () => `children: ${weighted.map((k) => `${k.id}=${fmt(k.weight.value as number)}`).join(', ')}`;
    if (!anyNull && modes.size === 1 && weighted.length > 0 && !opts.skipWeightSums) {
      if (mode === 'points' && parent.maxPoints !== null && Math.abs(sum - parent.maxPoints) > EPS * Math.max(1, parent.maxPoints)) {
        err('WEIGHT_SUM', `the points of ${pid === ROOT_ID ? 'the top-level indicators' : `${pid}'s children`} add up to ${fmt(sum)}, not ${fmt(parent.maxPoints)}`, ploc, list());
      }
      if (mode === 'share' && Math.abs(sum - 1) > EPS) err('WEIGHT_SUM', `the shares of ${pid}'s children add up to ${fmt(sum)}, not 1`, ploc, list());
    }
    if (!anyNull && modes.size === 1 && weighted.length > 0 && mode !== 'points' && sum <= 0) err('WEIGHT_SUM', `the weights of ${pid}'s children are all zero`, ploc);
    for (const k of parent.children.map((id) => nodes[id])) {
      if (k.kind === 'standard' && k.weight.value === null) nullWeights.push(k.id);
      if (k.weight.status === 'assumed') assumed.push(k.id);
      if (k.weight.status === 'provisional') provisional.push(k.id);
    }
    const coefs = parent.children.filter((id) => nodes[id].kind === 'coefficient');
    if (coefs.length > 1) err('COEFFICIENTS', `${pid} has ${coefs.length} coefficient children; at most one`, ploc);
  });

  if (nullWeights.length) {
    const first = nodes[nullWeights[0]];
    warn(
      'NULL_WEIGHTS',
      `${nullWeights.length} node(s) have no weight (null), so this system cannot be scored: ${listIds(nullWeights)}`,
      first.origin,
      'complete them in an overlay (extends this system; override or rebalance with status: assumed and a basis)',
    );
  }
  if (provisional.length) warn('PROVISIONAL_WEIGHTS', `${provisional.length} provisional weight(s), from unconfirmed or secondary sources: ${listIds(provisional)}`, nodes[provisional[0]].origin);
  if (assumed.length) warn('ASSUMED_WEIGHTS', `${assumed.length} assumed weight(s), chosen by the system's authors: ${listIds(assumed)}`, nodes[assumed[0]].origin);

  // Tiers ascending.
  const written = c.settingsSrc[c.settingsSrc.length - 1];
  for (let i = 1; i < settings.tiers.length; i++) {
    if (!(settings.tiers[i].min > settings.tiers[i - 1].min)) {
      const src = c.settingsSrc.length ? written.src : c.files[0].src;
      err('TIERS_ORDER', `settings.tiers must ascend by min: ${settings.tiers[i - 1].name} (${settings.tiers[i - 1].min}) then ${settings.tiers[i].name} (${settings.tiers[i].min})`, {
        file: src.file,
        ...locate(src, ['settings', 'tiers', i, 'min']),
      });
    }
  }
  if (settings.imputation?.group && !groupIds.has(settings.imputation.group)) {
    const src = written?.src ?? c.files[0].src;
    err('UNKNOWN_GROUP', `settings.imputation.group "${settings.imputation.group}" is not declared in settings.groups`, { file: src.file, ...locate(src, ['settings', 'imputation', 'group']) });
  }

  const sys: ResolvedSystem = {
    format: top.format,
    id: top.id,
    version: top.version,
    title: top.title,
    illustrative: top.illustrative ?? false,
    source: top.source,
    chain: c.files.map((f) => ({ id: f.data.id, version: f.data.version, file: f.src.file, fileHash: f.src.hash })),
    hash: '',
    settings,
    sources: c.sources,
    fields,
    root: ROOT_ID,
    nodes,
    order,
    assumed,
    provisional,
    nullWeights,
  };
  if (top.description) sys.description = top.description;
  return sys;
}

/** The content hash: the canonical model without origins, overlay marks, chain and the hash itself. */
export function systemHash(sys: ResolvedSystem): string {
  const nodes: Record<string, unknown> = {};
  for (const id of sys.order) {
    const { origin: _o, changed: _c, ...rest } = sys.nodes[id];
    nodes[id] = rest;
  }
  const fields = sys.fields.map(({ origin: _o, ...rest }) => rest);
  const { chain: _chain, hash: _hash, ...head } = sys;
  return sha256(canonicalJson({ ...head, nodes, fields }));
}

function fmt(x: number): string {
  return Number(x.toPrecision(12)).toString();
}

function listIds(ids: string[]): string {
  return ids.length <= 12 ? ids.join(', ') : `${ids.slice(0, 12).join(', ')} … (+${ids.length - 12} more)`;
}

export { walk };
