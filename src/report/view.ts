/**
 * What every report format reads: the results plus what they imply (first-level dimensions, the
 * cities in rank order, the focus year, peer averages and bests, tier distribution), computed
 * once. Reads the results defensively: optional fields may be absent in older or newer results.
 */
import type { NodeScore, Results, ResultsCity, ResultsNode, ResultsPriority, ResultsStanding } from '../engine/results.js';
import { nodeScore, priorityDetails, standingDetails, type PriorityDetails, type StandingDetails } from '../engine/results-access.js';
import type { Dataset } from '../returns/dataset.js';
import { Fmt, isNum } from './format.js';
import { strings, type Lang, type Strings } from './i18n.js';
import { byCodeUnit as cmp } from '../util/order.js';

export interface DimStats {
  mean: number | null;
  best: number | null;
  bestCity: ResultsCity | null;
  low: number | null;
  lowCity: ResultsCity | null;
  /** Mean of the 0–100 achievement value. */
  meanValue: number | null;
  bestValue: number | null;
}

export interface ReportView {
  r: Results;
  lang: Lang;
  s: Strings;
  f: Fmt;
  /** Nodes by id, in system order. */
  node: Map<string, ResultsNode>;
  root: ResultsNode | undefined;
  /** First-level nodes (一级指标), in system order. */
  dims: ResultsNode[];
  /** First-level nodes drawn in charts: standard, with a maximum above zero. */
  chartDims: ResultsNode[];
  leaves: ResultsNode[];
  children: Map<string, ResultsNode[]>;
  /** Every city-year, by year, then rank (unranked last), then key. */
  cities: ResultsCity[];
  /** The year charts and city sections are about: the latest year. */
  focusYear: number | null;
  /** The city-years of the focus year, in rank order. */
  focus: ResultsCity[];
  multiYear: boolean;
  hasChange: boolean;
  totalMax: number | null;
  title: string;
  /** Date of the results (SOURCE_DATE_EPOCH), when recorded. */
  date: string | undefined;
  /** Node `id`'s scores for a city (value, points, lost, state, rank, input…). */
  score(c: ResultsCity, id: string): NodeScore | undefined;
  /** A priority of the city's diagnosis with the leaf's name and field and the city's current value and score. */
  priority(c: ResultsCity, p: ResultsPriority): PriorityDetails;
  /** A standing of the city's diagnosis with its own value and its peers' mean and sd. */
  standing(c: ResultsCity, s: ResultsStanding): StandingDetails;
  /** Name of a node in the report language. */
  nodeName(id: string): string;
  tierName(tier: { id: string; name: string } | null | undefined): string;
  /** Name of the results' grouping (e.g. 省份), when grouped. */
  groupName: string | null;
  /** City label with the year when the results hold several years. */
  cityLabel(c: ResultsCity): string;
  /** The focus-year cities a city is compared with: its group, else every city. */
  peers(c: ResultsCity): ResultsCity[];
  dimStats(dim: string, peers: ResultsCity[]): DimStats;
  /** Tier distribution of the focus year, in tier order; 'none' counts unscored cities. */
  tierCounts(): { id: string; name: string; min: number | null; count: number }[];
  /** Raw cells behind a leaf, when the dataset is at hand (score --out); empty otherwise. */
  rawCells(c: ResultsCity, leaf: ResultsNode): RawCell[];
  /** The dataset is at hand: raw values and their cells are known. */
  hasRaw: boolean;
}

export interface RawCell {
  field: string;
  value: number | string | null;
  where: string;
  corrected?: number | string | null;
}


/**
 * The label of a level value (an index into the field's levels), when the results carry the
 * levels (`leaf.levels`) or the priority names it (`currentLabel`); undefined otherwise.
 */
export function levelLabel(node: ResultsNode | undefined, index: number | null | undefined, given?: unknown): string | undefined {
  if (typeof given === 'string') return given;
  const levels = (node?.leaf as { levels?: unknown } | undefined)?.levels;
  if (!Array.isArray(levels) || typeof index !== 'number' || !Number.isInteger(index)) return undefined;
  const l = levels[index];
  return typeof l === 'string' ? l : undefined;
}

export function buildView(r: Results, lang: Lang, opts: { date?: string; dataset?: Dataset } = {}): ReportView {
  const s = strings(lang);
  const f = new Fmt(r);
  const nodes = Array.isArray(r.nodes) ? r.nodes : [];
  const node = new Map(nodes.map((n) => [n.id, n]));
  const root = nodes.find((n) => n.parent === null || n.depth === 0);
  const dims = nodes.filter((n) => n.depth === 1);
  const chartDims = dims.filter((n) => n.kind === 'standard' && isNum(n.maxPoints) && n.maxPoints > 0);
  const leaves = nodes.filter((n) => n.leaf);
  const children = new Map<string, ResultsNode[]>();
  for (const n of nodes) {
    if (n.parent === null) continue;
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  const order = (a: ResultsCity, b: ResultsCity) =>
    (a.year ?? -Infinity) - (b.year ?? -Infinity) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || cmp(a.name, b.name) || cmp(a.key, b.key);
  const cities = [...(r.cities ?? [])].sort(order);
  const years = [...new Set(cities.map((c) => c.year))];
  const numericYears = years.filter((y): y is number => y !== null);
  const focusYear = numericYears.length ? Math.max(...numericYears) : null;
  const focus = cities.filter((c) => c.year === focusYear);
  const multiYear = years.length > 1;
  const hasChange = !!r.baseline || cities.some((c) => c.change !== undefined && c.change !== null);
  const title = lang === 'en' ? (r.system?.title?.en ?? r.system?.title?.zh ?? r.system?.id) : (r.system?.title?.zh ?? r.system?.id);
  const groupBy = r.groupBy ?? null;
  const groupDef = groupBy ? r.system?.settings?.groups?.find((g) => g.id === groupBy) : undefined;
  const groupName = groupBy ? (lang === 'en' ? (groupDef?.name_en ?? groupDef?.name ?? groupBy) : (groupDef?.name ?? groupBy)) : null;
  const tiers = r.system?.settings?.tiers ?? [];

  const peerCache = new Map<string, ResultsCity[]>();
  const peers = (c: ResultsCity) => {
    const pool = cities.filter((x) => x.year === c.year);
    if (!groupBy) return pool;
    const v = c.attrs?.[groupBy];
    const key = `${c.year}\u0000${v}`;
    let p = peerCache.get(key);
    if (!p) peerCache.set(key, (p = pool.filter((x) => x.attrs?.[groupBy] === v)));
    return p;
  };
  const statsCache = new Map<ResultsCity[], Map<string, DimStats>>();
  const dimStats = (dim: string, pool: ResultsCity[]): DimStats => {
    let m = statsCache.get(pool);
    if (!m) statsCache.set(pool, (m = new Map()));
    let st = m.get(dim);
    if (!st) m.set(dim, (st = computeStats(r, dim, pool)));
    return st;
  };

  const raw = opts.dataset ? rawLookup(r, opts.dataset) : undefined;
  return {
    r,
    lang,
    s,
    f,
    node,
    root,
    dims,
    chartDims,
    leaves,
    children,
    cities,
    focusYear,
    focus,
    multiYear,
    hasChange,
    totalMax: root && isNum(root.maxPoints) ? root.maxPoints : isNum(r.system?.settings?.total) ? r.system.settings.total : null,
    title,
    date: r.generatedAt ?? opts.date,
    score: (c, id) => nodeScore(r, c, id),
    standing: (c, st) => standingDetails(r, c, st),
    priority: (c, p) => priorityDetails(r, c, p),
    nodeName: (id) => {
      const n = node.get(id);
      if (!n) return id;
      return lang === 'en' ? (n.nameEn ?? n.name) : n.name;
    },
    tierName: (t) => {
      if (!t) return s.noTier;
      if (lang !== 'en') return t.name;
      return tiers.find((x) => x.id === t.id)?.name_en ?? t.name;
    },
    groupName,
    cityLabel: (c) => (multiYear && c.year !== null ? `${c.name} ${c.year}` : c.name),
    peers,
    dimStats,
    tierCounts: () => {
      const out = tiers.map((t) => ({ id: t.id, name: lang === 'en' ? (t.name_en ?? t.name) : t.name, min: isNum(t.min) ? t.min : null, count: 0 }));
      const none = { id: '', name: s.noTier, min: null as number | null, count: 0 };
      for (const c of focus) {
        const k = c.tier ? out.findIndex((t) => t.id === c.tier!.id) : -1;
        if (k >= 0) out[k].count++;
        else none.count++;
      }
      return none.count ? [...out, none] : out;
    },
    rawCells: (c, leaf) => raw?.(c, leaf) ?? [],
    hasRaw: !!raw,
  };
}

function computeStats(r: Results, dim: string, pool: ResultsCity[]): DimStats {
  let sum = 0;
  let n = 0;
  let vsum = 0;
  let vn = 0;
  let best: number | null = null;
  let bestCity: ResultsCity | null = null;
  let low: number | null = null;
  let lowCity: ResultsCity | null = null;
  let bestValue: number | null = null;
  for (const c of pool) {
    const sc = nodeScore(r, c, dim);
    const p = sc?.points;
    if (isNum(p)) {
      sum += p;
      n++;
      if (best === null || p > best) {
        best = p;
        bestCity = c;
      }
      if (low === null || p < low) {
        low = p;
        lowCity = c;
      }
    }
    const v = sc?.value;
    if (isNum(v)) {
      vsum += v;
      vn++;
      if (bestValue === null || v > bestValue) bestValue = v;
    }
  }
  return { mean: n ? sum / n : null, best, bestCity, low, lowCity, meanValue: vn ? vsum / vn : null, bestValue };
}

/** Raw values and their cells from the dataset (available when reports are written by score). */
function rawLookup(r: Results, ds: Dataset): (c: ResultsCity, leaf: ResultsNode) => RawCell[] {
  const unitIndex = new Map(ds.units.map((u, i) => [u.key, i]));
  const fieldIds = new Set(ds.fields);
  const formulaFields = new Map<string, string[]>();
  return (c, leaf) => {
    const u = unitIndex.get(c.key);
    if (u === undefined || !leaf.leaf) return [];
    let fields: string[];
    if (leaf.leaf.field) fields = [leaf.leaf.field];
    else if (leaf.leaf.formula) {
      let fs = formulaFields.get(leaf.id);
      if (!fs) {
        fs = [...new Set(leaf.leaf.formula.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((x) => fieldIds.has(x));
        formulaFields.set(leaf.id, fs);
      }
      fields = fs;
    } else fields = [];
    const out: RawCell[] = [];
    for (const fid of fields) {
      const st = ds.state[fid]?.[u];
      if (st === undefined) continue;
      const prov = ds.provenance[fid]?.at(u) ?? null;
      const text = ds.text[fid]?.[u];
      const num = ds.values[fid]?.[u];
      let value: number | string | null = text ?? (st === 0 && Number.isFinite(num) ? num : null);
      let corrected: number | string | null | undefined;
      let where = prov ? provWhere(prov) : '';
      if (prov?.correction !== undefined) {
        const cor = r.corrections?.[prov.correction] ?? ds.corrections[prov.correction];
        corrected = value;
        value = cor?.original ?? null;
        if (typeof value === 'number' && !Number.isFinite(value)) value = null;
        const op = cor?.originalProvenance;
        where = op ? provWhere(op) : '';
      } else if (prov?.raw !== undefined && value === null) value = prov.raw;
      out.push({ field: fid, value, where, ...(corrected !== undefined ? { corrected } : {}) });
    }
    return out;
  };
}

export function provWhere(p: { file?: string; line?: number; col?: number; sheet?: string; cell?: string }): string {
  const file = p.file ?? '';
  if (p.sheet !== undefined) return `${file}${file ? ' ' : ''}${p.sheet}!${p.cell ?? ''}`;
  if (p.line !== undefined) return `${file}:${p.line}${p.col !== undefined ? `:${p.col}` : ''}`;
  return file;
}
