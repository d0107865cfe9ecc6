/**
 * Structural diff of two resolved indicator systems. Nodes and fields are matched by id, so a
 * reordering is an order change and not a removal plus an addition; moves (same id, new parent)
 * and likely renames (an id removed and one added with the same value, formula or name) are
 * reported as such. Every change is classified (breaking / scoring / cosmetic), carries a stable
 * check id, a fingerprint, and the file:line on both sides.
 */
import { createHash } from 'node:crypto';
import type { Origin, ResolvedField, ResolvedNode, ResolvedSystem } from '../../system/model.js';
import { ruleSummary, weightSummary } from '../../system/describe.js';
import { canonicalJson } from '../../util/hash.js';
import { byCodeUnit } from '../../util/order.js';

export type ChangeClass = 'breaking' | 'scoring' | 'cosmetic';

export interface Change {
  /** Stable check id, e.g. `weight-changed`. */
  check: string;
  class: ChangeClass;
  /** The node or field id (or `settings.x`, `system`). */
  subject: string;
  subjectKind: 'node' | 'field' | 'settings' | 'system';
  message: string;
  old?: unknown;
  new?: unknown;
  oldAt?: Origin;
  newAt?: Origin;
  /** First-level dimension the change belongs to (for attribution groups). */
  dimension: string;
  /** First 12 hex digits of sha256(check:subject:old:new). */
  fingerprint: string;
}

const RANK: Record<ChangeClass, number> = { breaking: 0, scoring: 1, cosmetic: 2 };

export function fingerprint(check: string, subject: string, oldV: unknown, newV: unknown): string {
  return createHash('sha256')
    .update(`${check}:${subject}:${canonicalJson(oldV ?? null)}:${canonicalJson(newV ?? null)}`)
    .digest('hex')
    .slice(0, 12);
}

/** The first-level ancestor of a node (the node itself at depth 1). */
export function dimensionOf(sys: ResolvedSystem, id: string): string {
  let n = sys.nodes[id];
  while (n && n.depth > 1 && n.parent) n = sys.nodes[n.parent];
  return n ? n.id : id;
}

const pct = (x: number | null) => (x === null ? 'null' : `${Number((x * 100).toPrecision(10))}%`);

export function diffSystems(a: ResolvedSystem, b: ResolvedSystem): Change[] {
  const out: Change[] = [];
  const push = (c: Omit<Change, 'fingerprint'>) => out.push({ ...c, fingerprint: fingerprint(c.check, c.subject, c.old, c.new) });

  // System identity and settings.
  for (const key of ['id', 'version'] as const) {
    if (a[key] !== b[key]) push({ check: `system-${key}`, class: 'cosmetic', subject: 'system', subjectKind: 'system', message: `${key} ${a[key]} → ${b[key]}`, old: a[key], new: b[key], dimension: 'system' });
  }
  if (canonicalJson(a.title) !== canonicalJson(b.title)) push({ check: 'system-title', class: 'cosmetic', subject: 'system', subjectKind: 'system', message: `title ${a.title.zh} → ${b.title.zh}`, old: a.title, new: b.title, dimension: 'system' });
  if ((a.description ?? '') !== (b.description ?? '')) push({ check: 'system-description', class: 'cosmetic', subject: 'system', subjectKind: 'system', message: 'description changed', old: a.description, new: b.description, dimension: 'system' });
  if (canonicalJson(a.source) !== canonicalJson(b.source)) push({ check: 'system-source', class: 'cosmetic', subject: 'system', subjectKind: 'system', message: `source document ${a.source.document} → ${b.source.document}`, old: a.source, new: b.source, dimension: 'system' });
  const scoringSettings = ['total', 'precision', 'rounding', 'scoring', 'default_rule', 'aggregate', 'missing', 'not_applicable', 'scope', 'imputation', 'outliers', 'ranking', 'tiers'] as const;
  for (const key of scoringSettings) {
    const av = (a.settings as Record<string, unknown>)[key];
    const bv = (b.settings as Record<string, unknown>)[key];
    if (canonicalJson(av ?? null) !== canonicalJson(bv ?? null)) {
      push({
        check: key === 'precision' || key === 'rounding' ? 'precision-changed' : key === 'tiers' ? 'tiers-changed' : 'settings-changed',
        class: 'scoring',
        subject: `settings.${key}`,
        subjectKind: 'settings',
        message: `settings.${key}: ${short(av)} → ${short(bv)}`,
        old: av,
        new: bv,
        dimension: 'settings',
      });
    }
  }
  if (canonicalJson(a.settings.groups) !== canonicalJson(b.settings.groups)) {
    push({ check: 'groups-changed', class: 'cosmetic', subject: 'settings.groups', subjectKind: 'settings', message: 'settings.groups changed', old: a.settings.groups, new: b.settings.groups, dimension: 'settings' });
  }
  if (canonicalJson(a.sources) !== canonicalJson(b.sources)) {
    push({ check: 'sources-changed', class: 'scoring', subject: 'sources', subjectKind: 'settings', message: `data-source precedence ${a.sources.map((s) => s.id).join(' > ') || '-'} → ${b.sources.map((s) => s.id).join(' > ') || '-'}`, old: a.sources, new: b.sources, dimension: 'settings' });
  }

  diffFields(a, b, push);
  diffNodes(a, b, push);
  out.sort((x, y) => RANK[x.class] - RANK[y.class] || order(b, a, x) - order(b, a, y) || byCodeUnit(x.check, y.check) || byCodeUnit(x.subject, y.subject));
  return out;
}

function order(b: ResolvedSystem, a: ResolvedSystem, c: Change): number {
  if (c.subjectKind === 'settings' || c.subjectKind === 'system') return -1;
  if (c.subjectKind === 'field') return 0;
  const i = b.order.indexOf(c.subject);
  return 1 + (i >= 0 ? i : b.order.length + a.order.indexOf(c.subject));
}

function short(v: unknown): string {
  const s = v === undefined ? 'none' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

type Push = (c: Omit<Change, 'fingerprint'>) => void;

function diffFields(a: ResolvedSystem, b: ResolvedSystem, push: Push): void {
  const am = new Map(a.fields.map((f) => [f.id, f]));
  const bm = new Map(b.fields.map((f) => [f.id, f]));
  const usedBy = (sys: ResolvedSystem, id: string) =>
    sys.order.filter((n) => sys.nodes[n].leaf && (sys.nodes[n].leaf!.field === id || sys.nodes[n].leaf!.formula?.fields.includes(id)));
  const dim = (sys: ResolvedSystem, id: string) => {
    const users = usedBy(sys, id);
    return users.length ? dimensionOf(sys, users[0]) : 'fields';
  };
  for (const f of a.fields) {
    const g = bm.get(f.id);
    if (!g) {
      push({ check: 'field-removed', class: 'breaking', subject: f.id, subjectKind: 'field', message: `field ${f.id} (${f.name}) removed`, old: fieldFacts(f), oldAt: f.origin, dimension: dim(a, f.id) });
      continue;
    }
    const d = dim(b, f.id);
    if (f.type !== g.type) push({ check: 'field-type-changed', class: 'breaking', subject: f.id, subjectKind: 'field', message: `field ${f.id}: type ${f.type} → ${g.type}`, old: f.type, new: g.type, oldAt: f.origin, newAt: g.origin, dimension: d });
    if ((f.unit ?? '') !== (g.unit ?? '')) push({ check: 'field-unit-changed', class: 'breaking', subject: f.id, subjectKind: 'field', message: `field ${f.id}: unit ${f.unit ?? '-'} → ${g.unit ?? '-'}`, old: f.unit, new: g.unit, oldAt: f.origin, newAt: g.origin, dimension: d });
    if (canonicalJson(f.range ?? null) !== canonicalJson(g.range ?? null)) push({ check: 'field-range-changed', class: 'scoring', subject: f.id, subjectKind: 'field', message: `field ${f.id}: range ${short(f.range)} → ${short(g.range)}`, old: f.range, new: g.range, oldAt: f.origin, newAt: g.origin, dimension: d });
    if (canonicalJson(f.levels ?? null) !== canonicalJson(g.levels ?? null)) push({ check: 'field-levels-changed', class: 'breaking', subject: f.id, subjectKind: 'field', message: `field ${f.id}: levels ${short(f.levels)} → ${short(g.levels)}`, old: f.levels, new: g.levels, oldAt: f.origin, newAt: g.origin, dimension: d });
    if (f.required !== g.required) push({ check: 'field-required-changed', class: 'scoring', subject: f.id, subjectKind: 'field', message: `field ${f.id}: ${g.required ? 'now required' : 'no longer required'}`, old: f.required, new: g.required, oldAt: f.origin, newAt: g.origin, dimension: d });
    if (f.role !== g.role || canonicalJson(f.magnitudes) !== canonicalJson(g.magnitudes)) {
      push({ check: 'field-reading-changed', class: 'scoring', subject: f.id, subjectKind: 'field', message: `field ${f.id}: role ${f.role} → ${g.role}, magnitudes ${f.magnitudes.join('/') || '-'} → ${g.magnitudes.join('/') || '-'}`, old: { role: f.role, magnitudes: f.magnitudes }, new: { role: g.role, magnitudes: g.magnitudes }, oldAt: f.origin, newAt: g.origin, dimension: d });
    }
    const label: string[] = [];
    if (f.name !== g.name) label.push(`name ${f.name} → ${g.name}`);
    if (canonicalJson(f.aliases) !== canonicalJson(g.aliases)) label.push(`aliases [${f.aliases.join(', ')}] → [${g.aliases.join(', ')}]`);
    if ((f.source ?? '') !== (g.source ?? '')) label.push(`source ${f.source ?? '-'} → ${g.source ?? '-'}`);
    if (label.length) {
      push({ check: 'field-label-changed', class: 'cosmetic', subject: f.id, subjectKind: 'field', message: `field ${f.id}: ${label.join('; ')}`, old: { name: f.name, aliases: f.aliases, source: f.source }, new: { name: g.name, aliases: g.aliases, source: g.source }, oldAt: f.origin, newAt: g.origin, dimension: d });
    }
    if ((f.nameEn ?? '') !== (g.nameEn ?? '') || (f.description ?? '') !== (g.description ?? '')) {
      push({ check: 'field-description', class: 'cosmetic', subject: f.id, subjectKind: 'field', message: `field ${f.id}: English name or description changed`, old: { nameEn: f.nameEn, description: f.description }, new: { nameEn: g.nameEn, description: g.description }, oldAt: f.origin, newAt: g.origin, dimension: d });
    }
  }
  for (const g of b.fields) {
    if (!am.has(g.id)) push({ check: 'field-added', class: 'scoring', subject: g.id, subjectKind: 'field', message: `field ${g.id} (${g.name}) added`, new: fieldFacts(g), newAt: g.origin, dimension: dim(b, g.id) });
  }
}

function fieldFacts(f: ResolvedField) {
  return { name: f.name, type: f.type, unit: f.unit, range: f.range };
}

function leafSignature(n: ResolvedNode): string | undefined {
  if (!n.leaf) return undefined;
  return canonicalJson({ field: n.leaf.field, formula: n.leaf.formula?.ast, rule: n.leaf.rule });
}

function diffNodes(a: ResolvedSystem, b: ResolvedSystem, push: Push): void {
  const removed = a.order.filter((id) => id !== a.root && !b.nodes[id]);
  const added = b.order.filter((id) => id !== b.root && !a.nodes[id]);
  // Likely renames: a removed and an added node with the same leaf signature, or the same name.
  const renamed = new Map<string, string>();
  for (const r of removed) {
    const rn = a.nodes[r];
    const cand = added.find((x) => !renamed.has(x) && ((leafSignature(rn) !== undefined && leafSignature(rn) === leafSignature(b.nodes[x])) || rn.name === b.nodes[x].name));
    if (cand) renamed.set(cand, r);
  }
  const renamedFrom = new Set(renamed.values());
  for (const id of removed) {
    if (renamedFrom.has(id)) continue;
    const n = a.nodes[id];
    if (n.parent && !b.nodes[n.parent] && removed.includes(n.parent) && !renamedFrom.has(n.parent)) continue; // reported with its parent
    push({ check: 'node-removed', class: 'scoring', subject: id, subjectKind: 'node', message: `${id} ${n.name} removed${n.children.length ? ` (with ${countDescendants(a, id)} descendant(s))` : ''}`, old: nodeFacts(n), oldAt: n.origin, dimension: dimensionOf(a, id) });
  }
  for (const id of added) {
    const n = b.nodes[id];
    const from = renamed.get(id);
    if (from) {
      const o = a.nodes[from];
      push({ check: 'node-id-renamed', class: 'scoring', subject: id, subjectKind: 'node', message: `${from} → ${id} (likely rename: same ${leafSignature(o) === leafSignature(n) && leafSignature(n) ? 'value and rule' : 'name'})`, old: from, new: id, oldAt: o.origin, newAt: n.origin, dimension: dimensionOf(b, id) });
      compareNode(a, b, o, n, push, renamed);
      continue;
    }
    if (n.parent && !a.nodes[n.parent] && added.includes(n.parent) && !renamed.has(n.parent)) continue;
    push({ check: 'node-added', class: 'scoring', subject: id, subjectKind: 'node', message: `${id} ${n.name} added under ${n.parent === b.root ? 'the top level' : n.parent}${n.kind !== 'standard' ? ` as a ${n.kind} item` : ''} (${weightSummary(n)}, ${pct(n.effShare)} of the total)`, new: nodeFacts(n), newAt: n.origin, dimension: dimensionOf(b, id) });
  }
  for (const id of b.order) {
    if (id === b.root || !a.nodes[id]) continue;
    compareNode(a, b, a.nodes[id], b.nodes[id], push, renamed);
  }
}

function countDescendants(sys: ResolvedSystem, id: string): number {
  return sys.nodes[id].children.reduce((s, c) => s + 1 + countDescendants(sys, c), 0);
}

function nodeFacts(n: ResolvedNode) {
  return { name: n.name, kind: n.kind, weight: n.weight, effShare: n.effShare, rule: n.leaf ? ruleSummary(n.leaf.rule, n) : undefined };
}

/** `renamed`: new id → old id of the likely renames (a child of a renamed parent has not moved). */
function compareNode(a: ResolvedSystem, b: ResolvedSystem, o: ResolvedNode, n: ResolvedNode, push: Push, renamed: ReadonlyMap<string, string>): void {
  const id = n.id;
  const base = { subject: id, subjectKind: 'node' as const, oldAt: o.origin, newAt: n.origin, dimension: dimensionOf(b, id) };
  const parentOf = (sys: ResolvedSystem, x: ResolvedNode) => (x.parent === sys.root ? 'TOTAL' : x.parent);
  const newParentAsOld = (p: string | null) => (p === null ? null : (renamed.get(p) ?? p));
  if (parentOf(a, o) !== newParentAsOld(parentOf(b, n)) && o.id === n.id) {
    push({ ...base, check: 'node-moved', class: 'scoring', message: `${id} moved from ${parentOf(a, o)} to ${parentOf(b, n)}`, old: parentOf(a, o), new: parentOf(b, n) });
  } else if (o.parent && n.parent && o.id === n.id) {
    const ai = a.nodes[o.parent].children.filter((c) => b.nodes[c] && b.nodes[c].parent === n.parent);
    const bi = b.nodes[n.parent].children.filter((c) => a.nodes[c] && a.nodes[c].parent === o.parent);
    if (ai.indexOf(id) !== bi.indexOf(id) && ai.indexOf(id) >= 0 && bi.indexOf(id) >= 0) {
      push({ ...base, check: 'node-order', class: 'cosmetic', message: `${id} moved from position ${ai.indexOf(id) + 1} to ${bi.indexOf(id) + 1} among its siblings`, old: ai.indexOf(id) + 1, new: bi.indexOf(id) + 1 });
    }
  }
  if (o.name !== n.name) push({ ...base, check: 'node-renamed', class: 'cosmetic', message: `${id} renamed ${o.name} → ${n.name}`, old: o.name, new: n.name });
  if ((o.nameEn ?? '') !== (n.nameEn ?? '') || (o.description ?? '') !== (n.description ?? '')) {
    push({ ...base, check: 'node-description', class: 'cosmetic', message: `${id}: English name or description changed`, old: { nameEn: o.nameEn, description: o.description }, new: { nameEn: n.nameEn, description: n.description } });
  }
  if (o.kind !== n.kind) push({ ...base, check: 'kind-changed', class: 'scoring', message: `${id}: ${o.kind} → ${n.kind} (${weightSummary(o)} → ${weightSummary(n)})`, old: o.kind, new: n.kind });
  // A weight set by an overlay's rebalance entry is located there, not at the node's definition in the parent.
  const weightBase = n.changed?.at ? { ...base, newAt: n.changed.at } : base;
  const ow = { mode: o.weight.mode, value: o.weight.value, max: o.max, range: o.range };
  const nw = { mode: n.weight.mode, value: n.weight.value, max: n.max, range: n.range };
  if (canonicalJson(ow) !== canonicalJson(nw)) {
    push({ ...weightBase, check: 'weight-changed', class: 'scoring', message: `${id} ${n.name}: weight ${weightSummary(o)} → ${weightSummary(n)}; share of total ${pct(o.effShare)} → ${pct(n.effShare)}`, old: { ...ow, effShare: o.effShare }, new: { ...nw, effShare: n.effShare } });
  }
  if (o.weight.status !== n.weight.status) push({ ...weightBase, check: 'status-changed', class: 'cosmetic', message: `${id}: weight status ${o.weight.status} → ${n.weight.status}`, old: o.weight.status, new: n.weight.status });
  // A weight's source defaults to the system's source document: a new document is reported once, as system-source.
  const srcOf = (sys: ResolvedSystem, w: ResolvedNode['weight']) => (w.source === sys.source.document ? '' : (w.source ?? ''));
  if (srcOf(a, o.weight) !== srcOf(b, n.weight) || (o.weight.basis ?? '') !== (n.weight.basis ?? '')) {
    push({ ...weightBase, check: 'weight-basis-changed', class: 'cosmetic', message: `${id}: the weight's source or basis changed`, old: { source: o.weight.source, basis: o.weight.basis }, new: { source: n.weight.source, basis: n.weight.basis } });
  }
  if (canonicalJson(o.aggregate) !== canonicalJson(n.aggregate) && (o.children.length > 0 || n.children.length > 0)) {
    push({ ...base, check: 'aggregation-changed', class: 'scoring', message: `${id}: aggregation ${o.aggregate.method} → ${n.aggregate.method}`, old: o.aggregate, new: n.aggregate });
  }
  if (canonicalJson(o.missing) !== canonicalJson(n.missing)) push({ ...base, check: 'missing-policy-changed', class: 'scoring', message: `${id}: missing-data policy ${o.missing.policy} → ${n.missing.policy}`, old: o.missing, new: n.missing });
  if (o.notApplicable !== n.notApplicable) push({ ...base, check: 'not-applicable-changed', class: 'scoring', message: `${id}: 不适用 treatment ${o.notApplicable} → ${n.notApplicable}`, old: o.notApplicable, new: n.notApplicable });
  if (canonicalJson(o.ahp ?? null) !== canonicalJson(n.ahp ?? null)) push({ ...base, check: 'ahp-changed', class: 'cosmetic', message: `${id}: AHP judgements changed`, old: o.ahp, new: n.ahp });
  const ol = o.leaf;
  const nl = n.leaf;
  if (ol && nl) {
    if ((ol.field ?? null) !== (nl.field ?? null) && ol.field !== undefined && nl.field !== undefined) {
      push({ ...base, check: 'value-field-changed', class: 'breaking', message: `${id}: reads field ${ol.field} → ${nl.field}`, old: ol.field, new: nl.field });
    } else if (canonicalJson(ol.formula?.ast ?? ol.field ?? null) !== canonicalJson(nl.formula?.ast ?? nl.field ?? null)) {
      push({ ...base, check: 'formula-changed', class: 'breaking', message: `${id}: value ${ol.formula?.source ?? ol.field} → ${nl.formula?.source ?? nl.field}`, old: ol.formula?.source ?? ol.field, new: nl.formula?.source ?? nl.field });
    } else if (ol.formula && nl.formula && ol.formula.source !== nl.formula.source) {
      push({ ...base, check: 'formula-respelled', class: 'cosmetic', message: `${id}: formula rewritten without a change of meaning (${ol.formula.source} → ${nl.formula.source})`, old: ol.formula.source, new: nl.formula.source });
    }
    if (canonicalJson(ol.rule) !== canonicalJson(nl.rule)) {
      const ruleOnlyThresholds = ol.rule.type === nl.rule.type;
      push({ ...base, check: ruleOnlyThresholds ? 'rule-parameters-changed' : 'rule-changed', class: 'scoring', message: `${id}: rule ${ruleSummary(ol.rule, o)} → ${ruleSummary(nl.rule, n)}`, old: ol.rule, new: nl.rule });
    }
    if ((ol.target ?? null) !== (nl.target ?? null)) push({ ...base, check: 'target-changed', class: 'scoring', message: `${id}: target ${ol.target ?? '-'} → ${nl.target ?? '-'}`, old: ol.target, new: nl.target });
    if (ol.direction !== nl.direction) push({ ...base, check: 'direction-changed', class: 'scoring', message: `${id}: direction ${ol.direction > 0 ? 'positive' : 'negative'} → ${nl.direction > 0 ? 'positive' : 'negative'}`, old: ol.direction, new: nl.direction });
  } else if (ol || nl) {
    push({ ...base, check: 'leaf-structure-changed', class: 'scoring', message: `${id}: ${ol ? 'was a leaf, now has children' : 'had children, now a leaf'}`, old: Boolean(ol), new: Boolean(nl) });
  }
}

export function classAtLeast(c: ChangeClass, level: 'breaking' | 'scoring' | 'any' | 'none'): boolean {
  if (level === 'none') return false;
  if (level === 'any') return true;
  return RANK[c] <= RANK[level];
}
