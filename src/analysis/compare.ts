/**
 * Alternative rankings for comparison (methods.md §4): TOPSIS (vector and min-max normalisation),
 * VIKOR and PROMETHEE II on the same cities, weights and criteria as the system's own ranking, per
 * year, with the rank correlations (Spearman's rho, Kendall's tau-b) between every method and the
 * system's ranking.
 *
 * Criteria: the first-level node scores (the dimensions' 0–100 values; default) or the leaf scores;
 * weights: the effective shares (first level: the dimensions' shares; leaves: their shares of the
 * total), rescaled to sum 1. Every criterion is a benefit criterion (scores are oriented). Only the
 * city-years with every criterion present take part; the system's ranks are recomputed on them.
 *
 *   compareMethods(ev)            → CompareResult (plain, JSON-serialisable)
 *   renderCompare(result, {color}) → text tables
 *   rankingBySettings(ev)         → the ranking `settings.ranking.method` asks for (topsis, vikor,
 *                                   promethee2), or null for `score`
 */
import type { ChalkInstance } from 'chalk';
import type { Evaluation } from '../engine/evaluate.js';
import { KIND_STANDARD, firstLevel, maxPointsFor } from '../engine/model.js';
import { S_PRESENT } from '../engine/types.js';
import { renderTable } from '../util/text-width.js';
import { competitionRank, kendallTauB, spearmanRho } from './stats/rank.js';
import { topsis } from './mcda/topsis.js';
import { vikor } from './mcda/vikor.js';
import { promethee2, type PreferenceFunction } from './mcda/promethee.js';
import type { RankingResult } from './mcda/types.js';

export type CompareCriteria = 'first-level' | 'leaves';

export interface CompareOptions {
  criteria?: CompareCriteria;
  /** VIKOR v (default settings.ranking.v, else 0.5). */
  v?: number;
  /** PROMETHEE II preference function and thresholds (default settings.ranking's, else usual). */
  preference?: PreferenceFunction;
  p?: number;
  q?: number;
}

export interface MethodRanking {
  id: 'topsis-vector' | 'topsis-minmax' | 'vikor' | 'promethee2';
  variant: string;
  higherIsBetter: boolean;
  /** Per city of the year (in `cities` order); null when the method failed. */
  scores: (number | null)[];
  ranks: (number | null)[];
  /** Why the method gives no result for these data (e.g. a constant criterion). */
  error?: string;
  warnings: string[];
}

export interface YearComparison {
  year: number | null;
  cities: { key: string; name: string }[];
  /** City-years left out because a criterion is missing or not applicable. */
  excluded: { key: string; name: string }[];
  /** The system's totals and its ranks among these cities (competition ranks of the rounded totals). */
  system: { scores: number[]; ranks: number[] };
  methods: MethodRanking[];
  /** Rank correlations; labels[0] is the system, then the methods in order. */
  correlations: { labels: string[]; spearman: (number | null)[][]; kendall: (number | null)[][] };
}

export interface CompareResult {
  criteria: string;
  criteriaIds: string[];
  /** Effective shares, rescaled to sum 1. */
  weights: number[];
  years: YearComparison[];
}

const PREFERENCES: Record<string, PreferenceFunction> = {
  usual: 'usual',
  ushape: 'u-shape',
  vshape: 'v-shape',
  level: 'level',
  linear: 'linear',
  gaussian: 'gaussian',
};
const nul = (x: number) => (Number.isFinite(x) ? x : null);

function columns(ev: Evaluation, criteria: CompareCriteria): { ids: number[]; weights: number[] } {
  const m = ev.model;
  if (criteria === 'first-level') {
    const ids = firstLevel(m).filter((i) => m.kind[i] === KIND_STANDARD);
    const w = ids.map((i) => m.shares[i]);
    const s = w.reduce((a, b) => a + b, 0);
    return { ids, weights: w.map((x) => x / s) };
  }
  const eff = maxPointsFor(m, m.shares);
  const ids = Array.from(m.leaves).filter((i) => m.kind[i] === KIND_STANDARD);
  const w = ids.map((i) => eff[i]);
  const s = w.reduce((a, b) => a + b, 0);
  return { ids, weights: w.map((x) => x / s) };
}

function runMethod(
  id: MethodRanking['id'],
  X: number[][],
  w: number[],
  opts: Required<Pick<CompareOptions, 'v'>> & CompareOptions,
  labels: string[],
): MethodRanking {
  const types = w.map(() => 1);
  const variant0 = {
    'topsis-vector': 'topsis(normalisation=vector)',
    'topsis-minmax': 'topsis(normalisation=minmax)',
    vikor: `vikor(v=${opts.v})`,
    promethee2: 'promethee2',
  }[id];
  try {
    let r: RankingResult;
    if (id === 'topsis-vector') r = topsis(X, w, types, { normalisation: 'vector', labels });
    else if (id === 'topsis-minmax') r = topsis(X, w, types, { normalisation: 'minmax', labels });
    else if (id === 'vikor') r = vikor(X, w, types, { v: opts.v, labels });
    else
      r = promethee2(X, w, types, {
        preference: opts.preference ?? 'usual',
        ...(opts.p !== undefined ? { p: opts.p } : {}),
        ...(opts.q !== undefined ? { q: opts.q } : {}),
        labels,
      });
    return { id, variant: r.variant, higherIsBetter: r.higherIsBetter, scores: r.scores.map(nul), ranks: r.ranks.map(nul), warnings: r.warnings };
  } catch (e) {
    const msg = (e as Error).message.replace(/criterion index \d+ \("([^"]+)"\)/g, '$1');
    return { id, variant: variant0, higherIsBetter: id !== 'vikor', scores: X.map(() => null), ranks: X.map(() => null), error: msg, warnings: [] };
  }
}

function correlation(a: (number | null)[], b: (number | null)[], f: (x: number[], y: number[]) => number): number | null {
  if (a.some((x) => x === null) || b.some((x) => x === null)) return null;
  return nul(f(a as number[], b as number[]));
}

export function compareMethods(ev: Evaluation, options: CompareOptions = {}): CompareResult {
  const m = ev.model;
  const s = m.settings.ranking;
  const criteria = options.criteria ?? 'first-level';
  const opts = {
    ...options,
    v: options.v ?? s.v ?? 0.5,
    preference: options.preference ?? (s.preference ? PREFERENCES[s.preference] : undefined),
    p: options.p ?? s.p,
    q: options.q ?? s.q,
  };
  const { ids, weights } = columns(ev, criteria);
  const U = ev.ux.units.length;
  const colOf = (i: number) => {
    const l = m.leafOf[i];
    return l >= 0
      ? { v: ev.leafScores.values[l], s: ev.leafScores.state[l] }
      : { v: ev.nodes.value.subarray(i * U, (i + 1) * U), s: ev.nodes.state.subarray(i * U, (i + 1) * U) };
  };
  const cols = ids.map(colOf);
  const labels = ids.map((i) => m.ids[i]);
  const years: YearComparison[] = [];
  for (const g of ev.ux.byYear) {
    const units: number[] = [];
    const excluded: YearComparison['excluded'] = [];
    for (const u of g.idx) {
      const unit = ev.ux.units[u];
      const ok = cols.every((c) => c.s[u] === S_PRESENT && Number.isFinite(c.v[u])) && Number.isFinite(ev.ranking.rounded[u]);
      if (ok) units.push(u);
      else excluded.push({ key: unit.key, name: unit.name });
    }
    const X = units.map((u) => cols.map((c) => c.v[u]));
    const sysScores = units.map((u) => ev.total[u]);
    const sysRanks = competitionRank(
      units.map((u) => ev.ranking.rounded[u]),
      true,
    );
    const methods =
      units.length >= 2 ? (['topsis-vector', 'topsis-minmax', 'vikor', 'promethee2'] as const).map((id) => runMethod(id, X, weights, opts, labels)) : [];
    const names = ['system', ...methods.map((r) => r.variant)];
    const rankLists: (number | null)[][] = [sysRanks, ...methods.map((r) => r.ranks)];
    const matrix = (f: (x: number[], y: number[]) => number) => rankLists.map((a) => rankLists.map((b) => correlation(a, b, f)));
    years.push({
      year: g.year,
      cities: units.map((u) => ({ key: ev.ux.units[u].key, name: ev.ux.units[u].name })),
      excluded,
      system: { scores: sysScores, ranks: sysRanks },
      methods,
      correlations: { labels: names, spearman: matrix(spearmanRho), kendall: matrix(kendallTauB) },
    });
  }
  return {
    criteria:
      criteria === 'first-level'
        ? 'first-level node scores (each dimension’s 0–100 value)'
        : 'leaf scores (0–100 achievement, or the normalised value for relative rules)',
    criteriaIds: labels,
    weights,
    years,
  };
}

/**
 * The ranking `settings.ranking.method` asks for (topsis, vikor or promethee2, with the settings'
 * variant), as a score and a rank per unit (NaN for units left out); null for `score`.
 */
export function rankingBySettings(
  ev: Evaluation,
  criteria: CompareCriteria = 'first-level',
): { method: string; variant: string; higherIsBetter: boolean; score: Float64Array; rank: Float64Array } | null {
  const s = ev.model.settings.ranking;
  if (s.method === 'score') return null;
  const res = compareMethods(ev, { criteria });
  const id = s.method === 'topsis' ? (s.normalisation === 'minmax' ? 'topsis-minmax' : 'topsis-vector') : s.method;
  const U = ev.ux.units.length;
  const score = new Float64Array(U).fill(NaN);
  const rank = new Float64Array(U).fill(NaN);
  const pos = new Map(ev.ux.keys.map((k, u) => [k, u]));
  let variant = '';
  let higherIsBetter = true;
  for (const y of res.years) {
    const r = y.methods.find((x) => x.id === id);
    if (!r) continue;
    if (r.error) throw new Error(`${r.variant} cannot rank ${y.year ?? 'the cities'}: ${r.error}`);
    variant = r.variant;
    higherIsBetter = r.higherIsBetter;
    y.cities.forEach((c, k) => {
      const u = pos.get(c.key)!;
      score[u] = r.scores[k] ?? NaN;
      rank[u] = r.ranks[k] ?? NaN;
    });
  }
  return { method: s.method, variant, higherIsBetter, score, rank };
}

const f = (x: number | null, d = 3) => (x === null ? '—' : x.toFixed(d));

export function renderCompare(res: CompareResult, opts: { color: ChalkInstance; width?: number }): string {
  const c = opts.color;
  const out: string[] = [];
  out.push(c.bold('Alternative rankings (methods.md §4)'));
  out.push(
    c.dim(
      `criteria: ${res.criteria}: ${res.criteriaIds.join(', ')}; weights: effective shares ${res.weights.map((w) => w.toFixed(3)).join(', ')}; all criteria benefit`,
    ),
  );
  for (const y of res.years) {
    out.push(
      '',
      c.bold(
        `${y.year ?? 'all cities'}: ${y.cities.length} cities${y.excluded.length ? ` (${y.excluded.length} left out for a missing criterion: ${y.excluded.map((e) => e.name).join(', ')})` : ''}`,
      ),
    );
    const order = y.cities.map((_, k) => k).sort((a, b) => y.system.ranks[a] - y.system.ranks[b] || (y.cities[a].key < y.cities[b].key ? -1 : 1));
    out.push(
      renderTable(
        [{ header: 'city', shrink: true }, { header: 'system', align: 'right' }, ...y.methods.map((m) => ({ header: m.variant, align: 'right' as const }))],
        order.map((k) => [
          y.cities[k].name,
          String(y.system.ranks[k]),
          ...y.methods.map((m) => (m.ranks[k] === null ? '—' : `${m.ranks[k]} (${f(m.scores[k])})`)),
        ]),
        opts.width ?? Infinity,
      ),
    );
    for (const m of y.methods) if (m.error) out.push(c.yellow(`${m.variant}: no ranking: ${m.error}`));
    const rows = y.correlations.labels.slice(1).map((l, k) => [l, f(y.correlations.spearman[0][k + 1]), f(y.correlations.kendall[0][k + 1])]);
    out.push(c.dim('rank correlation with the system ranking:'));
    out.push(
      renderTable(
        [{ header: 'method' }, { header: "Spearman's rho", align: 'right' }, { header: "Kendall's tau-b", align: 'right' }],
        rows,
        opts.width ?? Infinity,
      ),
    );
    // Between every pair of methods: Spearman's rho above the diagonal, Kendall's tau-b below.
    const labels = y.correlations.labels;
    if (labels.length > 2) {
      out.push(c.dim("rank correlations between the rankings (Spearman's rho above the diagonal, Kendall's tau-b below):"));
      out.push(
        renderTable(
          [{ header: '' }, ...labels.map((l) => ({ header: l, align: 'right' as const }))],
          labels.map((l, i) => [l, ...labels.map((_, j) => (i === j ? '1' : f(i < j ? y.correlations.spearman[i][j] : y.correlations.kendall[i][j])))]),
          opts.width ?? Infinity,
        ),
      );
    }
  }
  return out.join('\n');
}
