/**
 * Impact of a system change on the evaluated cities: totals, ranks and tiers under both
 * versions, rank correlations, and the Shapley attribution of each city's score change to groups
 * of changes (by first-level dimension by default). Intermediate systems (some groups applied)
 * are scored as they stand, without the weight-sum check.
 */
import { CityscoreError } from '../../errors.js';
import { kendallTauB, spearmanRho } from '../stats/rank.js';
import { createRng } from '../stats/rng.js';
import type { ResolvedNode, ResolvedSystem } from '../../system/model.js';
import { recomputeShares } from '../../system/weights.js';
import type { Change } from './structural.js';
import { byCodeUnit } from '../../util/order.js';

/** Coalitions are bit masks of the groups (32-bit integers). */
const MAX_GROUPS = 30;

export interface Scored {
  /** Unit keys, in the order of the arrays below. */
  keys: string[];
  names: string[];
  totals: Float64Array;
  ranks: Float64Array;
  tiers: (string | null)[];
}

/** Scores a system (the engine, wired by the caller). */
export type ScoreFn = (sys: ResolvedSystem) => Scored;

export interface CityImpact {
  key: string;
  name: string;
  old: { total: number; rank: number; tier: string | null };
  new: { total: number; rank: number; tier: string | null };
  change: number;
  /** One Shapley value per attribution group (same order as `attribution.groups`). */
  shapley?: number[];
}

export interface YearCorrelation {
  year: string;
  cities: number;
  spearman: number;
  kendall: number;
}

export interface Impact {
  returns: string[];
  cities: CityImpact[];
  /**
   * Rank correlations between the old and new rankings. Ranks are within a year, so they are
   * compared year by year (`byYear`); these two are the latest year's.
   */
  spearman: number;
  kendall: number;
  /** One entry per year of the returns, in year order. */
  byYear: YearCorrelation[];
  /** What the impact could not take into account (a source or fields only one version has). */
  notes?: string[];
  biggestMovers: string[];
  attribution?: {
    groups: { id: string; name: string; changes: number }[];
    exact: boolean;
    samples?: number;
    seed?: number;
    /** Scorings performed. */
    evaluations: number;
  };
}

export interface AttributionGroup {
  id: string;
  name: string;
  changes: Change[];
}

/** Group the score-affecting changes by first-level dimension (or one group per change). */
export function attributionGroups(changes: Change[], a: ResolvedSystem, b: ResolvedSystem, by: 'dimension' | 'change'): AttributionGroup[] {
  const relevant = changes.filter((c) => c.class !== 'cosmetic');
  const map = new Map<string, AttributionGroup>();
  for (const c of relevant) {
    const id = by === 'change' ? `${c.check}:${c.subject}` : groupKey(c);
    const name = by === 'change' ? c.message : (b.nodes[id]?.name ?? a.nodes[id]?.name ?? id);
    if (!map.has(id)) map.set(id, { id, name, changes: [] });
    map.get(id)!.changes.push(c);
  }
  const rank = (id: string) => (id === 'settings' ? -2 : id === 'fields' ? -1 : b.order.indexOf(id) >= 0 ? b.order.indexOf(id) : b.order.length + a.order.indexOf(id));
  return [...map.values()].sort((x, y) => rank(x.id) - rank(y.id) || byCodeUnit(x.id, y.id));
}

function groupKey(c: Change): string {
  if (c.subjectKind === 'settings' || c.subjectKind === 'system') return 'settings';
  return c.dimension;
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

function subtreeIds(sys: ResolvedSystem, id: string): string[] {
  const out: string[] = [];
  const walk = (x: string) => {
    out.push(x);
    for (const c of sys.nodes[x].children) walk(c);
  };
  if (sys.nodes[id]) walk(id);
  return out;
}

/**
 * The old system with the given dimension groups taken from the new one. A group is a
 * first-level id (its whole subtree, including its own weight, is replaced) or `settings`.
 * A change grouped per change (`check:subject`) applies that node's own attributes.
 */
export function intermediateSystem(a: ResolvedSystem, b: ResolvedSystem, groups: readonly AttributionGroup[]): ResolvedSystem {
  const sys = clone(a);
  for (const g of groups) {
    if (g.id === 'settings') {
      sys.settings = clone(b.settings);
      sys.sources = clone(b.sources);
      continue;
    }
    if (g.id.includes(':')) {
      for (const c of g.changes) applyNodeChange(sys, b, c);
      continue;
    }
    replaceSubtree(sys, b, g.id);
  }
  // Fields: the new definition wherever the new system's nodes use it, else the old.
  const fields = new Map(sys.fields.map((f) => [f.id, f]));
  for (const f of b.fields) if (!fields.has(f.id)) fields.set(f.id, clone(f));
  sys.fields = [...fields.values()];
  sys.order = preorder(sys);
  refreshLists(sys);
  recomputeShares(sys);
  sys.hash = '';
  return sys;
}

function replaceSubtree(sys: ResolvedSystem, b: ResolvedSystem, dim: string): void {
  const root = sys.nodes[sys.root];
  const oldIds = subtreeIds(sys, dim);
  const pos = root.children.indexOf(dim);
  for (const id of oldIds) delete sys.nodes[id];
  if (pos >= 0) root.children.splice(pos, 1);
  if (!b.nodes[dim]) return;
  const newIds = subtreeIds(b, dim);
  // A node moved into this dimension from another one leaves its old place.
  for (const id of newIds) {
    const prev = sys.nodes[id];
    if (prev && prev.parent) {
      const p = sys.nodes[prev.parent];
      if (p) p.children = p.children.filter((c) => c !== id);
      for (const d of subtreeIds(sys, id)) delete sys.nodes[d];
    }
  }
  for (const id of newIds) sys.nodes[id] = clone(b.nodes[id]);
  sys.nodes[dim].parent = sys.root;
  // Keep the new system's order among the top-level nodes that exist.
  const bOrder = b.nodes[b.root].children;
  const idx = bOrder.indexOf(dim);
  let insertAt = root.children.length;
  for (let i = idx + 1; i < bOrder.length; i++) {
    const at = root.children.indexOf(bOrder[i]);
    if (at >= 0) {
      insertAt = at;
      break;
    }
  }
  root.children.splice(insertAt, 0, dim);
}

function applyNodeChange(sys: ResolvedSystem, b: ResolvedSystem, c: Change): void {
  if (c.subjectKind === 'settings') {
    const key = c.subject.replace(/^settings\./, '');
    if (key === 'sources') sys.sources = clone(b.sources);
    else (sys.settings as Record<string, unknown>)[key] = clone((b.settings as Record<string, unknown>)[key]);
    return;
  }
  if (c.subjectKind !== 'node') return;
  const id = c.subject;
  if (c.check === 'node-added' || c.check === 'node-id-renamed' || c.check === 'node-moved') {
    const parentId = b.nodes[id].parent === b.root ? sys.root : b.nodes[id].parent!;
    if (!sys.nodes[parentId]) return;
    if (c.check === 'node-id-renamed') removeNode(sys, String(c.old));
    if (sys.nodes[id]) removeNode(sys, id);
    for (const d of subtreeIds(b, id)) sys.nodes[d] = clone(b.nodes[d]);
    sys.nodes[id].parent = parentId;
    sys.nodes[parentId].children.push(id);
    return;
  }
  if (c.check === 'node-removed') {
    removeNode(sys, id);
    return;
  }
  const node = sys.nodes[id];
  const src = b.nodes[id];
  if (!node || !src) return;
  const keep: (keyof ResolvedNode)[] = ['children', 'parent', 'depth'];
  const next = clone(src) as ResolvedNode;
  for (const k of keep) (next as unknown as Record<string, unknown>)[k] = (node as unknown as Record<string, unknown>)[k];
  sys.nodes[id] = next;
}

function removeNode(sys: ResolvedSystem, id: string): void {
  const n = sys.nodes[id];
  if (!n) return;
  if (n.parent && sys.nodes[n.parent]) sys.nodes[n.parent].children = sys.nodes[n.parent].children.filter((c) => c !== id);
  for (const d of subtreeIds(sys, id)) delete sys.nodes[d];
}

function preorder(sys: ResolvedSystem): string[] {
  const out: string[] = [];
  const walk = (id: string, depth: number) => {
    out.push(id);
    sys.nodes[id].depth = depth;
    for (const c of sys.nodes[id].children) {
      sys.nodes[c].parent = id;
      walk(c, depth + 1);
    }
  };
  walk(sys.root, 0);
  return out;
}

function refreshLists(sys: ResolvedSystem): void {
  sys.assumed = sys.order.filter((id) => id !== sys.root && sys.nodes[id].weight.status === 'assumed');
  sys.provisional = sys.order.filter((id) => id !== sys.root && sys.nodes[id].weight.status === 'provisional');
  sys.nullWeights = sys.order.filter((id) => id !== sys.root && sys.nodes[id].kind === 'standard' && sys.nodes[id].weight.value === null);
}

/**
 * Shapley values of `k` players for a vector-valued game (one value per city):
 * exact over all 2^k coalitions up to `exactLimit` players, otherwise averaged over `samples`
 * random permutations (seeded). Values are cached per coalition.
 */
export function shapley(
  k: number,
  value: (mask: number) => Float64Array,
  opts: { exactLimit?: number; samples?: number; seed?: number } = {},
): { phi: Float64Array[]; exact: boolean; evaluations: number; samples?: number } {
  const exactLimit = opts.exactLimit ?? 10;
  const cache = new Map<number, Float64Array>();
  const v = (mask: number) => {
    let r = cache.get(mask);
    if (!r) {
      r = value(mask);
      cache.set(mask, r);
    }
    return r;
  };
  const n = v(0).length;
  const phi = Array.from({ length: k }, () => new Float64Array(n));
  if (k <= exactLimit) {
    const fact = [1];
    for (let i = 1; i <= k; i++) fact[i] = fact[i - 1] * i;
    for (let mask = 0; mask < 1 << k; mask++) {
      const size = popcount(mask);
      const vm = v(mask);
      for (let p = 0; p < k; p++) {
        if (mask & (1 << p)) continue;
        const w = (fact[size] * fact[k - size - 1]) / fact[k];
        const vp = v(mask | (1 << p));
        const out = phi[p];
        for (let i = 0; i < n; i++) out[i] += w * (vp[i] - vm[i]);
      }
    }
    return { phi, exact: true, evaluations: cache.size };
  }
  const samples = opts.samples ?? 200;
  const rng = createRng(opts.seed ?? 1);
  const perm = Array.from({ length: k }, (_, i) => i);
  for (let s = 0; s < samples; s++) {
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    let mask = 0;
    let prev = v(0);
    for (const p of perm) {
      mask |= 1 << p;
      const cur = v(mask);
      const out = phi[p];
      for (let i = 0; i < n; i++) out[i] += (cur[i] - prev[i]) / samples;
      prev = cur;
    }
  }
  return { phi, exact: false, evaluations: cache.size, samples };
}

function popcount(x: number): number {
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
}

/** Rank correlations year by year (the year is the part of a unit key after its last @). */
export function yearCorrelations(pairs: { key: string; old: number; new: number }[]): YearCorrelation[] {
  const years = new Map<string, { old: number[]; new: number[] }>();
  for (const p of pairs) {
    const at = p.key.lastIndexOf('@');
    const y = at >= 0 ? p.key.slice(at + 1) : '';
    if (!years.has(y)) years.set(y, { old: [], new: [] });
    years.get(y)!.old.push(p.old);
    years.get(y)!.new.push(p.new);
  }
  return [...years]
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([year, r]) => ({
      year,
      cities: r.old.length,
      spearman: r.old.length > 1 ? spearmanRho(r.old, r.new) : NaN,
      kendall: r.old.length > 1 ? kendallTauB(r.old, r.new) : NaN,
    }));
}

export interface ImpactOptions {
  attribution: boolean;
  groupBy: 'dimension' | 'change';
  samples?: number;
  seed?: number;
  returns: string[];
}

export function computeImpact(a: ResolvedSystem, b: ResolvedSystem, changes: Change[], score: ScoreFn, opts: ImpactOptions): Impact {
  const sa = score(a);
  const sb = score(b);
  const byKey = new Map(sb.keys.map((k, i) => [k, i]));
  const cities: CityImpact[] = [];
  const common: number[][] = [];
  sa.keys.forEach((key, i) => {
    const j = byKey.get(key);
    if (j === undefined) return;
    common.push([i, j]);
    cities.push({
      key,
      name: sa.names[i],
      old: { total: sa.totals[i], rank: sa.ranks[i], tier: sa.tiers[i] },
      new: { total: sb.totals[j], rank: sb.ranks[j], tier: sb.tiers[j] },
      change: sb.totals[j] - sa.totals[i],
    });
  });
  const byYear = yearCorrelations(common.map(([i, j]) => ({ key: sa.keys[i], old: sa.ranks[i], new: sb.ranks[j] })));
  const latest = byYear[byYear.length - 1];
  const impact: Impact = {
    returns: opts.returns,
    cities,
    spearman: latest ? latest.spearman : NaN,
    kendall: latest ? latest.kendall : NaN,
    byYear,
    biggestMovers: [...cities].sort((x, y) => Math.abs(y.old.rank - y.new.rank) - Math.abs(x.old.rank - x.new.rank) || Math.abs(y.change) - Math.abs(x.change)).slice(0, 5).map((c) => c.key),
  };
  if (!opts.attribution) return impact;
  const groups = attributionGroups(changes, a, b, opts.groupBy);
  const k = groups.length;
  if (k > MAX_GROUPS) {
    throw new CityscoreError('USAGE', `too many attribution groups (${k}); at most ${MAX_GROUPS}`, {
      exitCode: 2,
      hint: 'group the changes by first-level dimension (the default), or leave attribution out with --no-attribution',
    });
  }
  const keyIndex = common.map(([i]) => sa.keys[i]);
  const value = (mask: number): Float64Array => {
    if (mask === 0) return Float64Array.from(common.map(([i]) => sa.totals[i]));
    if (mask === (1 << k) - 1) return Float64Array.from(common.map(([, j]) => sb.totals[j]));
    const sys = intermediateSystem(a, b, groups.filter((_, i) => mask & (1 << i)));
    const s = score(sys);
    const idx = new Map(s.keys.map((kk, i) => [kk, i]));
    return Float64Array.from(keyIndex.map((kk) => s.totals[idx.get(kk)!]));
  };
  const res = shapley(k, value, { samples: opts.samples, seed: opts.seed });
  cities.forEach((c, i) => (c.shapley = groups.map((_, g) => res.phi[g][i])));
  impact.attribution = {
    groups: groups.map((g) => ({ id: g.id, name: g.name, changes: g.changes.length })),
    exact: res.exact,
    evaluations: res.evaluations,
    ...(res.exact ? {} : { samples: res.samples, seed: opts.seed ?? 1 }),
  };
  return impact;
}
