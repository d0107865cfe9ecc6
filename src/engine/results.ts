/**
 * The results object (`cityscore score --json`): everything reports, diff, verify and baselines
 * need, in a stable key order, at full precision (null for a missing number), and without a
 * wall-clock date unless SOURCE_DATE_EPOCH is given — the same inputs give byte-identical JSON.
 * The published JSON Schema is schema/results.schema.json; bump RESULTS_SCHEMA_VERSION on any
 * incompatible change.
 */
import type { Diagnostic } from '../errors.js';
import type { Correction, InputFile } from '../returns/dataset.js';
import type { ResolvedSystem } from '../system/model.js';
import type { RuleData, SettingsData } from '../system/schema.js';
import { cityDiagnosis, type Evaluation } from './evaluate.js';
import type { Priority } from './diagnose.js';
import { KIND_COEFFICIENT, firstLevel } from './model.js';
import { STAGE_NAMES, stageTable, stageToJson, type StageName } from './stages.js';
import { TREAT_FLAG_NAMES } from './treat.js';
import { baselineComparer } from './baseline.js';
import { S_PRESENT, STATE_NAMES, type StateName } from './types.js';

export const RESULTS_SCHEMA_VERSION = 2;
export const RESULTS_KIND = 'cityscore.results';

export interface MethodSummary {
  scoring: SettingsData['scoring'];
  /** Normalisation scope used for relative leaves. */
  scope: 'pooled' | 'per-year';
  /** Any leaf scored relative to the other cities. */
  relative: boolean;
  /** Distinct rule types / normalisation methods (e.g. "ratio", "normalise:minmax"). */
  rules: string[];
  aggregation: string[];
  imputation: SettingsData['imputation'] | null;
  outliers: SettingsData['outliers'] | null;
  precision: number;
  rounding: SettingsData['rounding'];
}

export interface ResultsNode {
  id: string;
  name: string;
  nameEn?: string;
  parent: string | null;
  depth: number;
  kind: 'standard' | 'deduction' | 'bonus' | 'coefficient';
  maxPoints: number | null;
  share: number | null;
  effShare: number | null;
  weight: { mode: string; value: number | null; status: string };
  aggregate?: { method: string; p?: number };
  missing: string;
  notApplicable: string;
  range?: [number, number];
  leaf?: { field?: string; formula?: string; rule: RuleData; direction: 'positive' | 'negative'; target?: number; relative: boolean };
}

/**
 * One node's scores for one city, as `nodeScore()` (results-access.ts) assembles them from the
 * city's node-aligned arrays.
 */
export interface NodeScore {
  value: number | null;
  points: number | null;
  /** Maximum points minus points (null when not applicable; the whole maximum when missing). */
  lost: number | null;
  state: StateName;
  /** First-level nodes: rank within the year on the rounded points. */
  rank?: number | null;
  /** Leaves: the indicator value scored (after imputation), and how it was obtained. */
  input?: number | null;
  imputed?: boolean;
  treated?: string;
  /** Coefficient nodes: the factor applied. */
  factor?: number | null;
}

/**
 * A priority as published: the leaf, its target and the points the total gains. The leaf's name,
 * field, current value and score are in `nodes` and the city's arrays (priorityDetails() joins them).
 */
export type ResultsPriority = Omit<Priority, 'leaf' | 'field' | 'current' | 'score'>;

/** A leaf's standing among the city's peers (the cities of its year); `peers` has their mean and sd. */
export interface ResultsStanding {
  node: string;
  z: number;
  percentile: number;
}

/** The statistics of one node's values among the cities of one year (the peers of every standing). */
export interface ResultsPeers {
  year: number | null;
  node: string;
  /** Cities of the year with a value (null in results upgraded from schemaVersion 1, which did not record it). */
  n: number | null;
  mean: number | null;
  sd: number | null;
}

export interface ResultsDiagnosis {
  gapToBest: number | null;
  best: { key: string; name: string; total: number } | null;
  gapToGroupBest?: number | null;
  groupBest?: { key: string; name: string; total: number } | null;
  priorities: ResultsPriority[];
  strengths: ResultsStanding[];
  weaknesses: ResultsStanding[];
  notes: string[];
}

export interface ResultsChange {
  /** The baseline unit compared with. */
  baseline: string;
  year: number | null;
  total: number | null;
  /** Baseline rank − current rank: positive = moved up. */
  rank: number | null;
  dimensions: Record<string, number | null>;
}

export interface ResultsCity {
  key: string;
  code?: string;
  name: string;
  year: number | null;
  attrs: Record<string, string>;
  /** Total points at full precision, and as displayed (rounded by the system's rule). */
  total: number | null;
  display: number | null;
  rank: number | null;
  /** Number of ranked cities in the year. */
  of: number;
  groupRank?: number | null;
  groupOf?: number;
  tier: { id: string; name: string } | null;
  /**
   * The 0–100 value of every node, aligned with `nodes`; missing unless present. Its points are
   * value × maxPoints / 100 (negated for a deduction; none for a coefficient node), the same number
   * the engine computes. A missing number is null in the JSON and NaN in results built in memory:
   * read through nodeScore().
   */
  values: (number | null)[];
  /** The indicator value each leaf scored (after imputation), aligned with `nodes`; missing at internal nodes and when the leaf is. */
  inputs: (number | null)[];
  /** The state of every node that is not `present`. */
  states?: Record<string, StateName>;
  /** First-level nodes: rank within the year on the rounded points. */
  ranks: Record<string, number | null>;
  /** Leaves whose input was imputed. */
  imputed?: string[];
  /** Leaves whose input was treated as an outlier: the treatment. */
  treated?: Record<string, string>;
  /** Coefficient nodes: the factor applied. */
  factors?: Record<string, number | null>;
  diagnosis: ResultsDiagnosis | null;
  change?: ResultsChange | null;
}

export interface ResultsTreatment {
  node: string;
  year: number | null;
  skew: number | null;
  kurt: number | null;
  pass: boolean | null;
  winhi: number;
  winlo: number;
  fallback: string | null;
  passAfter: boolean | null;
  note?: string;
}

export interface ResultsBaselineInfo {
  file?: string;
  system: { id: string; version: string; hash: string };
  sameSystem: boolean;
  sameMethod: boolean;
  warnings: string[];
}

export interface Results {
  schemaVersion: number;
  kind: string;
  cityscore: string;
  generatedAt?: string;
  system: {
    id: string;
    version: string;
    hash: string;
    title: { zh: string; en?: string };
    illustrative: boolean;
    source: ResolvedSystem['source'];
    chain: ResolvedSystem['chain'];
    assumed: string[];
    provisional: string[];
    settings: SettingsData;
    method: MethodSummary;
  };
  inputs: InputFile[];
  corrections: Correction[];
  options: Record<string, unknown>;
  years: (number | null)[];
  groupBy: string | null;
  nodes: ResultsNode[];
  cities: ResultsCity[];
  /** Mean and sd of every leaf and dimension among each year's cities (the standings' reference). */
  peers: ResultsPeers[];
  treatment: ResultsTreatment[];
  imputation: { node: string; method: string; count: number }[];
  baseline?: ResultsBaselineInfo;
  findings: Diagnostic[];
  summary: { cities: number; scored: number; findings: { error: number; warning: number; info: number } };
  stages?: Record<string, ReturnType<typeof stageToJson>>;
  /** Alternative rankings (score --compare-methods), computed by src/analysis/compare.ts. */
  comparison?: unknown;
  /** When settings.ranking.method is not `score`: the method variant whose ranks `cities[].rank` holds. */
  ranking?: { method: string; variant: string; higherIsBetter: boolean };
}

export interface BuildResultsOptions {
  /** cityscore version (src/version.ts). */
  version: string;
  /** SOURCE_DATE_EPOCH (seconds): the generation date; omitted otherwise. */
  sourceDateEpoch?: string | number;
  /** The command's options, recorded as given. */
  options?: Record<string, unknown>;
  /** Stage tables to include: 'all' or names. */
  stages?: 'all' | readonly StageName[];
  /** An earlier evaluation to compare with (year over year). */
  baseline?: { results: Results; file?: string };
  /**
   * When the system ranks by an MCDA method (settings.ranking): that method's ranks per unit (NaN:
   * unranked), published as cities[].rank (and compared with the baseline's) instead of the
   * score ranks. Computed by src/analysis/compare.ts rankingBySettings.
   */
  ranking?: { method: string; variant: string; higherIsBetter: boolean; rank: Float64Array };
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function methodSummary(ev: Pick<Evaluation, 'model' | 'scope'>): MethodSummary {
  const { model } = ev;
  const s = model.settings;
  const rules = new Set<string>();
  for (const l of model.leafSpecs) rules.add(l.rule.type === 'normalise' ? `normalise:${l.rule.method}` : l.rule.type);
  const agg = new Set<string>();
  for (const i of model.internal) agg.add(model.system.nodes[model.ids[i]].aggregate.method);
  return {
    scoring: s.scoring,
    scope: ev.scope,
    relative: model.hasRelative,
    rules: [...rules].sort(),
    aggregation: [...agg].sort(),
    imputation: s.imputation ?? null,
    outliers: s.outliers ?? null,
    precision: s.precision,
    rounding: s.rounding,
  };
}

export function buildResults(ev: Evaluation, opts: BuildResultsOptions): Results {
  const p = resultsParts(ev, opts);
  p.results.cities = ev.ux.units.map((_, u) => p.city(u));
  return p.results;
}

/**
 * The results without their cities (`cities` is empty), and the function that makes city u's
 * entry: a writer can make, write and drop the cities one at a time (resultsJsonLines).
 */
export interface ResultsParts {
  results: Results;
  city(u: number): ResultsCity;
}

export function resultsParts(ev: Evaluation, opts: BuildResultsOptions): ResultsParts {
  const { model, dataset, ux, nodes } = ev;
  const sys = model.system;
  const U = ux.units.length;
  const dims = new Set(firstLevel(model));
  const allFindings = [...dataset.findings, ...ev.findings];
  const count = (sev: Diagnostic['severity']) => allFindings.filter((d) => d.severity === sev).length;

  const resNodes: ResultsNode[] = model.ids.map((id, i) => {
    const n = sys.nodes[id];
    const r: ResultsNode = {
      id,
      name: n.name,
      ...(n.nameEn ? { nameEn: n.nameEn } : {}),
      parent: n.parent,
      depth: n.depth,
      kind: n.kind,
      maxPoints: num(nodes.effMax[i]),
      share: n.share,
      effShare: n.effShare,
      weight: { mode: n.weight.mode, value: n.weight.value, status: n.weight.status },
      missing: n.missing.policy,
      notApplicable: n.notApplicable,
    };
    if (n.range) r.range = n.range;
    const leafIdx = model.leafOf[i];
    if (leafIdx >= 0) {
      const l = model.leafSpecs[leafIdx];
      r.leaf = {
        ...(l.field ? { field: l.field } : {}),
        ...(l.formula ? { formula: l.formula.source } : {}),
        rule: l.rule,
        direction: l.direction === 1 ? 'positive' : 'negative',
        ...(l.target !== undefined ? { target: l.target } : {}),
        relative: l.relative,
      };
    } else r.aggregate = n.aggregate.p === undefined ? { method: n.aggregate.method } : { method: n.aggregate.method, p: n.aggregate.p };
    return r;
  });

  const N = model.n;
  // The best city of a year (or group) is the same object for every city that refers to it.
  const refs = new Map<number, { key: string; name: string; total: number }>();
  const ref = (x: { unit: number; total: number } | null) => {
    if (!x) return null;
    let r = refs.get(x.unit);
    if (!r) refs.set(x.unit, (r = { key: ux.units[x.unit].key, name: ux.units[x.unit].name, total: x.total }));
    return r;
  };
  const dimIds = [...dims].map((i) => [i, model.ids[i]] as const);
  const tiers = new Map(model.settings.tiers.map((t) => [t, { id: t.id, name: t.name }]));
  const { state: iState, values: iValues, imputed: iImputed } = ev.imputed;
  const tFlags = ev.treated.flags;
  const dimRanks = dimIds.map(([i]) => ev.dimensionRanks.get(i)!);
  const cityAt = (u: number): ResultsCity => {
    const unit = ux.units[u];
    // Packed double arrays (NaN for a missing number, which JSON writes as null): no number is
    // boxed, and JSON.stringify takes its fast path.
    const values: number[] = [];
    const inputs: number[] = [];
    let states: Record<string, StateName> | undefined;
    let imputedIds: string[] | undefined;
    let treatedIds: Record<string, string> | undefined;
    let factors: Record<string, number | null> | undefined;
    for (let i = 0; i < N; i++) {
      const off = i * U + u;
      const st = nodes.state[off];
      const k = model.kind[i];
      const present = st === S_PRESENT;
      const v = nodes.value[off];
      values.push(present ? v : NaN);
      if (!present) (states ??= {})[model.ids[i]] = STATE_NAMES[st];
      if (k === KIND_COEFFICIENT) (factors ??= {})[model.ids[i]] = present ? num(model.rangeLo[i] + (v / 100) * (model.rangeHi[i] - model.rangeLo[i])) : null;
      const l = model.leafOf[i];
      if (l < 0) {
        inputs.push(NaN);
        continue;
      }
      inputs.push(iState[l][u] === S_PRESENT ? iValues[l][u] : NaN);
      if (iImputed[l][u]) (imputedIds ??= []).push(model.ids[i]);
      const tf = tFlags[l]?.[u];
      if (tf) (treatedIds ??= {})[model.ids[i]] = TREAT_FLAG_NAMES[tf];
    }
    const ranks: Record<string, number | null> = {};
    for (let k = 0; k < dimIds.length; k++) ranks[dimIds[k][1]] = num(dimRanks[k][u]);
    const t = ev.tiers[u] >= 0 ? model.settings.tiers[ev.tiers[u]] : null;
    // Keys are assigned in the published order; optional ones only when they have something.
    const city = { key: unit.key } as ResultsCity;
    if (unit.code) city.code = unit.code;
    city.name = unit.name;
    city.year = unit.year;
    city.attrs = sortedAttrs(unit.attrs);
    city.total = nodes.state[u] === S_PRESENT ? num(ev.total[u]) : null;
    city.display = num(ev.ranking.rounded[u]);
    city.rank = num(opts.ranking ? opts.ranking.rank[u] : ev.ranking.rank[u]);
    city.of = ev.ranking.of[u];
    if (ev.ranking.groupRank) {
      city.groupRank = num(ev.ranking.groupRank[u]);
      city.groupOf = ev.ranking.groupOf![u];
    }
    city.tier = t ? tiers.get(t)! : null;
    city.values = values;
    city.inputs = inputs;
    if (states) city.states = states;
    city.ranks = ranks;
    if (imputedIds) city.imputed = imputedIds;
    if (treatedIds) city.treated = treatedIds;
    if (factors) city.factors = factors;
    city.diagnosis = null;
    const d = cityDiagnosis(ev, u);
    if (d) {
      city.diagnosis = {
        gapToBest: d.gapToBest === null ? null : num(d.gapToBest),
        best: ref(d.best),
        ...(ev.groupBy ? { gapToGroupBest: d.gapToGroupBest === null ? null : num(d.gapToGroupBest), groupBest: ref(d.groupBest) } : {}),
        priorities: d.priorities.map((p) =>
          p.targetLabel !== undefined
            ? { node: p.node, target: p.target, targetLabel: p.targetLabel, targetScore: p.targetScore, gain: p.gain, basis: p.basis }
            : { node: p.node, target: p.target, targetScore: p.targetScore, gain: p.gain, basis: p.basis },
        ),
        // The engine's standings are the published ones ({node, z, percentile}).
        strengths: d.strengths,
        weaknesses: d.weaknesses,
        notes: d.notes,
      };
    }
    if (cmp) city.change = cmp.changeOf(city);
    return city;
  };

  const treatment: ResultsTreatment[] = [];
  const imputation: Results['imputation'] = [];
  for (const l of model.leafSpecs) {
    for (const g of ev.treated.info[l.leaf] ?? []) {
      const t: ResultsTreatment = {
        node: l.id,
        year: g.year,
        skew: num(g.info.skew),
        kurt: num(g.info.kurt),
        pass: g.info.pass,
        winhi: g.info.winhi,
        winlo: g.info.winlo,
        fallback: g.info.fallback,
        passAfter: g.info.passAfter,
      };
      if (g.info.note) t.note = g.info.note;
      treatment.push(t);
    }
    const n = ev.imputed.imputed[l.leaf].reduce((a, b) => a + b, 0);
    if (n && l.imputation) imputation.push({ node: l.id, method: l.imputation.method, count: n });
  }

  let scored = 0;
  for (let u = 0; u < U; u++) if (nodes.state[u] === S_PRESENT) scored++;

  const system: Results['system'] = {
    id: sys.id,
    version: sys.version,
    hash: sys.hash,
    title: sys.title,
    illustrative: sys.illustrative,
    source: sys.source,
    chain: sys.chain,
    assumed: sys.assumed,
    provisional: sys.provisional,
    settings: sys.settings,
    method: methodSummary(ev),
  };
  const cmp = opts.baseline ? baselineComparer({ system, nodes: resNodes, years: ux.years }, opts.baseline.results, opts.baseline.file) : undefined;
  const baseline: ResultsBaselineInfo | undefined = cmp?.info;
  const date = generatedAt(opts.sourceDateEpoch);
  const res: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: RESULTS_KIND,
    cityscore: opts.version,
    ...(date ? { generatedAt: date } : {}),
    system,
    inputs: dataset.inputs,
    corrections: dataset.corrections,
    options: opts.options ?? {},
    years: ux.years,
    groupBy: ev.groupBy ?? null,
    nodes: resNodes,
    cities: [],
    peers: peersTable(ev),
    treatment,
    imputation,
    ...(baseline ? { baseline } : {}),
    findings: allFindings,
    summary: { cities: U, scored, findings: { error: count('error'), warning: count('warning'), info: count('info') } },
  };
  if (opts.stages) {
    const names = opts.stages === 'all' ? STAGE_NAMES : opts.stages;
    res.stages = {};
    for (const n of names) res.stages[n] = stageToJson(stageTable(ev, n));
  }
  if (opts.ranking) res.ranking = { method: opts.ranking.method, variant: opts.ranking.variant, higherIsBetter: opts.ranking.higherIsBetter };
  return { results: res, city: cityAt };
}

/** The peer statistics of the diagnosis: every leaf and dimension in every year (empty without a diagnosis). */
function peersTable(ev: Evaluation): ResultsPeers[] {
  const t = ev.diag;
  if (!t) return [];
  const out: ResultsPeers[] = [];
  for (const n of t.zNodes) {
    ev.ux.byYear.forEach((g, yi) => {
      const j = n * t.Y + yi;
      out.push({ year: g.year, node: ev.model.ids[n], n: t.pN[j], mean: num(t.pMean[j]), sd: num(t.pSd[j]) });
    });
  }
  return out;
}

function sortedAttrs(a: Record<string, string>): Record<string, string> {
  const keys = Object.keys(a);
  if (keys.length < 2) return keys.length ? { [keys[0]]: a[keys[0]] } : {};
  return Object.fromEntries(
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k]]),
  );
}

/** ISO date from SOURCE_DATE_EPOCH seconds; undefined when not given or invalid. */
export function generatedAt(epoch: string | number | undefined): string | undefined {
  if (epoch === undefined || epoch === '') return undefined;
  const s = Number(epoch);
  if (!Number.isFinite(s)) return undefined;
  return new Date(s * 1000).toISOString();
}

/**
 * The results as JSON text: small top-level members pretty-printed, and the long arrays (nodes,
 * cities, findings, …) one element per line. Compact enough to write 3,000 cities quickly, and
 * line-oriented so that yearly results diff city by city. Stable (insertion) key order; JSON
 * writes any stray NaN as null.
 */
export function resultsToJson(r: Results): string {
  return [...resultsJsonLines(r)].join('');
}

/**
 * The same text as `resultsToJson`, as lines made one at a time as the writer asks for them: large
 * results are written in pieces without ever holding their text. With `cities`, the cities are
 * taken from it instead of `r.cities` (made one by one by resultsParts, and dropped once written).
 */
export function* resultsJsonLines(r: Results, cities?: Iterable<ResultsCity>): Generator<string> {
  yield '{\n';
  const entries = Object.entries(r).filter(([, v]) => v !== undefined);
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    const key = JSON.stringify(k);
    const sep = i < entries.length - 1 ? ',\n' : '\n';
    const items: Iterable<unknown> | null =
      k === 'cities' && cities ? cities : Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null ? v : null;
    let n = 0;
    if (items) {
      for (const item of items) yield `${n++ === 0 ? `  ${key}: [\n` : ',\n'}    ${JSON.stringify(item)}`;
      if (n > 0) yield `\n  ]${sep}`;
    }
    if (n === 0) yield `  ${key}: ${JSON.stringify(items ? [] : v, null, 2).replace(/\n/g, '\n  ')}${sep}`;
  }
  yield '}\n';
}
