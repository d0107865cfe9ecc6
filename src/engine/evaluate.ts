/**
 * The whole pipeline for one dataset: raw fields → derived values → imputed → treated → leaf
 * scores → node scores → total → ranks and tiers → diagnosis. Each stage is kept on the result
 * (see stages.ts for the inspectable tables). Pure: no I/O.
 */
import type { Diagnostic } from '../errors.js';
import type { Dataset } from '../returns/dataset.js';
import { aggregateTree, totals, type AggregationProblems, type NodeScores } from './aggregate.js';
import { deriveValues } from './derive.js';
import { diagnosisOf, diagnosisTables, type DiagnoseInput, type Diagnosis, type DiagnosisTables } from './diagnose.js';
import { imputeValues, type ImputedTable } from './impute.js';
import { computeLeafScores } from './leaf-scores.js';
import { M_GENMEAN, M_GMEAN, M_HMEAN, METHOD_NAMES, P_ZERO, firstLevel, type CompiledModel } from './model.js';
import { rankTotals, type Ranking } from './rank.js';
import { assignTiers } from './tiers.js';
import { treatValues, type TreatedTable } from './treat.js';
import { S_MISSING, S_PRESENT, columnFinding, indexUnits, type LeafTable, type ScopeGroup, type UnitIndex } from './types.js';

/** Priorities kept per city unless asked otherwise (the results carry these). */
export const DEFAULT_PRIORITIES = 10;

/** `--priorities` as given (`10`, `all`) → EvaluateOptions.maxPriorities; undefined when absent, null when not valid. */
export function priorityLimit(p: string | undefined): number | undefined | null {
  if (p === undefined) return undefined;
  if (p === 'all') return Infinity;
  return /^[1-9]\d*$/.test(p) ? Number(p) : null;
}

export interface EvaluateOptions {
  /** Normalisation scope for relative leaves (default settings.scope). */
  scope?: 'pooled' | 'per-year';
  /** Unit attribute for ranks within groups and the gap to the group's best. */
  groupBy?: string;
  /** Diagnose every unit (true, default), none (false), or these unit indices. */
  diagnose?: boolean | readonly number[];
  /** Units whose relative priorities are re-scored exactly whatever the size (the CLI's --city). */
  focus?: readonly number[];
  /** At most this many priorities per unit (default 10; Infinity for every leaf with a gain). */
  maxPriorities?: number;
  /** Rank the first-level dimensions too (default true; diff and sensitivity need only the total). */
  dimensionRanks?: boolean;
}

export interface Evaluation {
  model: CompiledModel;
  dataset: Dataset;
  ux: UnitIndex;
  scope: 'pooled' | 'per-year';
  /** The scope groups of normalisation and treatment. */
  normGroups: ScopeGroup[];
  groupBy?: string;
  derived: LeafTable;
  imputed: ImputedTable;
  treated: TreatedTable;
  leafScores: LeafTable;
  nodes: NodeScores;
  /** Root points per unit. */
  total: Float64Array;
  ranking: Ranking;
  /** Index into settings.tiers per unit (−1: none). */
  tiers: Int32Array;
  /** First-level node index → rank within the year on its rounded points. */
  dimensionRanks: Map<number, Float64Array>;
  /** The diagnosis stage as tables (exact gains per leaf and city, z-scores); null when not asked for. */
  diag: DiagnosisTables | null;
  /** Priorities kept per city in the diagnosis objects. */
  maxPriorities: number;
  /** Every city's diagnosis object (null when not diagnosed), assembled from `diag` on first use; cityDiagnosis() gives one. */
  readonly diagnosis: (Diagnosis | null)[];
  /** Findings of the engine (the dataset's own are in dataset.findings). */
  findings: Diagnostic[];
}

export function evaluate(model: CompiledModel, dataset: Dataset, opts: EvaluateOptions = {}): Evaluation {
  const findings: Diagnostic[] = [];
  const ux = indexUnits(dataset.units);
  const scope = opts.scope ?? model.settings.scope;
  const all: ScopeGroup = { year: null, idx: Int32Array.from(dataset.units.keys()) };
  const normGroups = scope === 'pooled' || ux.byYear.length <= 1 ? [all] : ux.byYear;

  const derived = deriveValues(model, dataset, findings);
  const imputed = imputeValues(model, derived, ux, findings);
  const treated = treatValues(model, imputed, normGroups, findings);
  const leafScores = computeLeafScores(model, treated, normGroups, dataset.units, findings);
  reportMissing(model, leafScores, ux, findings);
  const problems: AggregationProblems = new Map();
  const nodes = aggregateTree(model, leafScores, { problems });
  reportAggregation(model, problems, ux, findings);
  const total = totals(nodes);
  const s = model.settings;
  const ranking = rankTotals(total, ux, { precision: s.precision, rounding: s.rounding, groupBy: opts.groupBy });
  const tiers = assignTiers(s.tiers, ranking.rounded);
  const dimensionRanks = new Map<number, Float64Array>();
  for (const d of opts.dimensionRanks === false ? [] : firstLevel(model)) {
    const pts = nodes.points.subarray(d * ux.units.length, (d + 1) * ux.units.length).slice();
    dimensionRanks.set(d, rankTotals(pts, ux, { precision: s.precision, rounding: s.rounding }).rank);
  }
  const d = opts.diagnose ?? true;
  const diagInput: DiagnoseInput = { model, ux, normGroups, derived, imputed, leafScores, nodes, total, groupBy: opts.groupBy };
  const diag = d === false ? null : diagnosisTables(diagInput, { units: d === true ? undefined : d, focus: opts.focus });
  const maxPriorities = opts.maxPriorities ?? DEFAULT_PRIORITIES;
  let assembled: (Diagnosis | null)[] | undefined;
  const ev = {
    model,
    dataset,
    ux,
    scope,
    normGroups,
    derived,
    imputed,
    treated,
    leafScores,
    nodes,
    total,
    ranking,
    tiers,
    dimensionRanks,
    diag,
    maxPriorities,
    findings,
  } as Omit<Evaluation, 'diagnosis'> as Evaluation;
  if (opts.groupBy) ev.groupBy = opts.groupBy;
  DIAG.set(ev, { input: diagInput });
  Object.defineProperty(ev, 'diagnosis', {
    enumerable: false,
    get: () => (assembled ??= ux.units.map((_, u) => cityDiagnosis(ev, u))),
  });
  return ev;
}

/** One finding per leaf with missing values, saying how its parent counts them. */
function reportMissing(model: CompiledModel, leaf: LeafTable, ux: UnitIndex, findings: Diagnostic[]): void {
  for (const spec of model.leafSpecs) {
    const miss: number[] = [];
    const st = leaf.state[spec.leaf];
    for (let u = 0; u < st.length; u++) if (st[u] === S_MISSING) miss.push(u);
    if (!miss.length) continue;
    const parent = model.parent[spec.node];
    const pol = model.system.nodes[model.ids[parent]].missing;
    const how =
      model.missing[parent] === P_ZERO
        ? 'scored 0 (missing: zero)'
        : pol.policy === 'coverage'
          ? `left out of ${model.ids[parent]} (missing: coverage, min ${pol.min})`
          : `left out of ${model.ids[parent]}, its siblings' weights renormalised (missing: ${pol.policy})`;
    findings.push(
      columnFinding(
        'warning',
        'MISSING_VALUE',
        spec.origin,
        `${spec.id}: missing for ${miss.length} ${miss.length === 1 ? 'city' : 'cities'}, ${how}`,
        miss.map((u) => ux.units[u]),
      ),
    );
  }
}

function reportAggregation(model: CompiledModel, problems: AggregationProblems, ux: UnitIndex, findings: Diagnostic[]): void {
  for (const [i, p] of problems) {
    const node = model.system.nodes[model.ids[i]];
    const m = METHOD_NAMES[model.method[i]];
    if (p.nonPositive.length) {
      const what =
        model.method[i] === M_GMEAN
          ? 'a geometric mean'
          : model.method[i] === M_HMEAN
            ? 'a harmonic mean'
            : model.method[i] === M_GENMEAN
              ? `a generalised mean with p = ${model.p[i]}`
              : m;
      findings.push(
        columnFinding(
          'error',
          'AGGREGATE_NONPOSITIVE',
          node.origin,
          `${node.id}: ${what} meets a child score of zero or below (or a missing child counted as zero), so the node is left missing for ${p.nonPositive.length} ${p.nonPositive.length === 1 ? 'city' : 'cities'}`,
          p.nonPositive.map((u) => ux.units[u]),
          'normalise the children to a range above zero (e.g. rule: {type: normalise, method: minmax, range: [1, 100]}), or aggregate with amean',
        ),
      );
    }
    if (p.nonFinite.length) {
      findings.push(
        columnFinding(
          'error',
          'AGGREGATE_NON_FINITE',
          node.origin,
          `${node.id}: ${m} gives a non-finite value; the node is left missing`,
          p.nonFinite.map((u) => ux.units[u]),
        ),
      );
    }
  }
}

const DIAG = new WeakMap<Evaluation, { input: DiagnoseInput }>();

/** One city's diagnosis, assembled from the diagnosis tables (anew at each call); null when not diagnosed. */
export function cityDiagnosis(ev: Evaluation, u: number): Diagnosis | null {
  const x = DIAG.get(ev);
  if (!x || !ev.diag) return null;
  return diagnosisOf(x.input, ev.diag, u, ev.maxPriorities);
}

/** Units whose total could be computed. */
export function scoredCount(ev: Evaluation): number {
  let n = 0;
  for (let u = 0; u < ev.total.length; u++) if (ev.nodes.state[u] === S_PRESENT) n++;
  return n;
}
