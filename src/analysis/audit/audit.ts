/**
 * The JRC statistical coherence audit (OECD/JRC Handbook step 4; COINr get_corr, get_corr_flags,
 * get_cronbach), as a plain object that the terminal, JSON and reports render:
 *   - each node's Pearson correlation with its parent, each ancestor and the total;
 *   - within every node, pairs of children that are collinear (r > 0.9) or negatively correlated;
 *   - Cronbach's alpha of every node's children;
 *   - each indicator's nominal weight (its effective share of the total) against its influence on
 *     the total, measured as its squared correlation with the total, normalised to sum 1.
 * Values are the ones the system aggregates: leaf scores and the engine's node scores (0–100
 * values), over the city-years evaluated, pairwise complete (missing cells left out per pair).
 */
import type { Evaluation } from '../../engine/evaluate.js';
import { KIND_STANDARD } from '../../engine/model.js';
import { S_PRESENT } from '../../engine/types.js';
import { pearson } from '../stats/descriptive.js';
import { cronbachAlpha } from '../stats/correlation.js';

export interface AuditOptions {
  /** Collinearity threshold (default 0.9, COINr get_corr_flags). */
  collinear?: number;
  /** Flag pairs with r below this (default 0: every negative correlation). */
  negative?: number;
  /** Flag an indicator whose influence is below/above this factor of its nominal weight (default 0.5 / 2). */
  influenceLow?: number;
  influenceHigh?: number;
}

export interface NodeCorrelation {
  id: string;
  name: string;
  depth: number;
  leaf: boolean;
  parent: string;
  /** Correlation with each ancestor, parent first, the total (TOTAL) last. */
  withAncestors: { id: string; r: number | null; n: number }[];
}

export interface PairFlag {
  node: string;
  a: string;
  b: string;
  r: number;
  kind: 'collinear' | 'negative';
}

export interface NodeAlpha {
  node: string;
  name: string;
  children: number;
  alpha: number | null;
  /** Why alpha is missing, or a note (e.g. below 0.7). */
  note?: string;
}

export interface Influence {
  id: string;
  name: string;
  /** Effective share of the total (nominal weights multiplied down the tree). */
  nominal: number;
  /** Squared correlation with the total. */
  r2: number | null;
  /** r² normalised over the indicators: its share of the explained influence. */
  influence: number | null;
  /** influence / nominal. */
  ratio: number | null;
  flag?: 'low' | 'high';
}

export interface AuditResult {
  system: { id: string; version: string; hash: string };
  cities: number;
  years: (number | null)[];
  method: string;
  thresholds: { collinear: number; negative: number; influenceLow: number; influenceHigh: number };
  correlations: NodeCorrelation[];
  flags: PairFlag[];
  cronbach: NodeAlpha[];
  influence: Influence[];
  warnings: string[];
}

const nul = (x: number) => (Number.isFinite(x) ? x : null);

export function auditSystem(ev: Evaluation, opts: AuditOptions = {}): AuditResult {
  const m = ev.model;
  const sys = m.system;
  const U = ev.ux.units.length;
  const th = { collinear: opts.collinear ?? 0.9, negative: opts.negative ?? 0, influenceLow: opts.influenceLow ?? 0.5, influenceHigh: opts.influenceHigh ?? 2 };
  const cols: Float64Array[] = [];
  for (let i = 0; i < m.n; i++) {
    const col = new Float64Array(U).fill(NaN);
    const l = m.leafOf[i];
    const v = l >= 0 ? ev.leafScores.values[l] : ev.nodes.value.subarray(i * U, (i + 1) * U);
    const s = l >= 0 ? ev.leafScores.state[l] : ev.nodes.state.subarray(i * U, (i + 1) * U);
    for (let u = 0; u < U; u++) if (s[u] === S_PRESENT && Number.isFinite(v[u])) col[u] = v[u];
    cols.push(col);
  }
  const warnings: string[] = [];
  const corr = (a: number, b: number): { r: number; n: number } => {
    const x: number[] = [];
    const y: number[] = [];
    for (let u = 0; u < U; u++) {
      if (cols[a][u] === cols[a][u] && cols[b][u] === cols[b][u]) {
        x.push(cols[a][u]);
        y.push(cols[b][u]);
      }
    }
    return { r: x.length >= 3 ? pearson(x, y) : NaN, n: x.length };
  };
  const standard = (i: number) => m.kind[i] === KIND_STANDARD;

  const correlations: NodeCorrelation[] = [];
  const constant: string[] = [];
  for (let i = 1; i < m.n; i++) {
    if (!standard(i)) continue;
    const withAncestors: NodeCorrelation['withAncestors'] = [];
    for (let a = m.parent[i]; a >= 0; a = m.parent[a]) {
      const { r, n } = corr(i, a);
      withAncestors.push({ id: m.ids[a], r: nul(r), n });
    }
    if (withAncestors.some((w) => w.r === null) && withAncestors.some((w) => w.n >= 3)) constant.push(m.ids[i]);
    correlations.push({ id: m.ids[i], name: sys.nodes[m.ids[i]].name, depth: m.depth[i], leaf: m.leafOf[i] >= 0, parent: m.ids[m.parent[i]], withAncestors });
  }
  if (constant.length)
    warnings.push(
      `no correlation for ${constant.length} node(s) that do not vary over the cities (or their parent does not): ${constant.slice(0, 8).join(', ')}${constant.length > 8 ? ', …' : ''}`,
    );

  const flags: PairFlag[] = [];
  const cronbach: NodeAlpha[] = [];
  for (let i = 0; i < m.n; i++) {
    const kids: number[] = [];
    for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) if (standard(m.childList[k])) kids.push(m.childList[k]);
    if (kids.length < 2) continue;
    for (let x = 0; x < kids.length; x++) {
      for (let y = x + 1; y < kids.length; y++) {
        const { r } = corr(kids[x], kids[y]);
        if (!Number.isFinite(r)) continue;
        if (r > th.collinear) flags.push({ node: m.ids[i], a: m.ids[kids[x]], b: m.ids[kids[y]], r, kind: 'collinear' });
        else if (r < th.negative) flags.push({ node: m.ids[i], a: m.ids[kids[x]], b: m.ids[kids[y]], r, kind: 'negative' });
      }
    }
    const X = Array.from({ length: U }, (_, u) => kids.map((c) => cols[c][u]));
    const entry: NodeAlpha = { node: m.ids[i], name: i === 0 ? sys.title.zh : sys.nodes[m.ids[i]].name, children: kids.length, alpha: null };
    try {
      const a = cronbachAlpha(X);
      entry.alpha = nul(a);
      if (Number.isFinite(a) && a < 0.7) entry.note = 'below 0.7: the children do not measure one underlying dimension well';
    } catch (e) {
      entry.note = (e as Error).message.replace(/^cronbachAlpha: /, '');
    }
    cronbach.push(entry);
  }

  // Influence of every leaf on the total vs its nominal (effective) weight.
  const leafIdx = Array.from(m.leaves).filter(standard);
  const eff = leafIdx.map((i) => sys.nodes[m.ids[i]].effShare ?? NaN);
  const effSum = eff.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const r2 = leafIdx.map((i) => {
    const { r } = corr(i, 0);
    return Number.isFinite(r) ? r * r : NaN;
  });
  const r2Sum = r2.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const influence: Influence[] = leafIdx.map((i, k) => {
    const nominal = eff[k] / effSum;
    const inf = r2Sum > 0 && Number.isFinite(r2[k]) ? r2[k] / r2Sum : NaN;
    const ratio = inf / nominal;
    const out: Influence = { id: m.ids[i], name: sys.nodes[m.ids[i]].name, nominal, r2: nul(r2[k]), influence: nul(inf), ratio: nul(ratio) };
    if (Number.isFinite(ratio) && ratio < th.influenceLow) out.flag = 'low';
    else if (Number.isFinite(ratio) && ratio > th.influenceHigh) out.flag = 'high';
    return out;
  });
  if (U < 10) warnings.push(`${U} city-years: correlations from so few cities are unstable`);
  if (ev.ux.years.length > 1) warnings.push(`city-years of ${ev.ux.years.join(', ')} are pooled; use --year for one year`);

  return {
    system: { id: sys.id, version: sys.version, hash: sys.hash },
    cities: U,
    years: ev.ux.years,
    method:
      'Pearson correlations of leaf scores and node scores (the values the system aggregates), pairwise complete; Cronbach alpha from the covariance matrix (COINr get_cronbach)',
    thresholds: th,
    correlations,
    flags,
    cronbach,
    influence,
    warnings,
  };
}
