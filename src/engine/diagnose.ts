/**
 * Stage 9: diagnosis per city.
 *
 * - Lost points at every node: its maximum minus the points achieved (in the results, per node).
 * - Gap to the best city of the same year, and to the best of its group (with a group attribute).
 * - Improvement priorities: for each leaf, the total points the city would gain by reaching the
 *   target — absolute rules: the value that gives full marks (fullMarksValue); relative rules: the
 *   best value among the cities of the same year — computed by RE-SCORING the city with that one
 *   value changed: the leaf is re-scored (relative leaves: the column is imputed, treated and
 *   normalised again with the new value) and the leaf's ancestors re-aggregated with the same rules.
 *   Sorted by gain, descending; only gains above 1e-9 points.
 * - Strengths and weaknesses: leaves whose score is furthest above / below the mean of the cities
 *   of the same year, in standard deviations (z = (score − mean)/sd, sd with n − 1, at least 3
 *   cities with a score and sd > 0); strengths are z ≥ 0.5, weaknesses z ≤ −0.5, at most 5 each,
 *   strongest first. Each also carries the percentile rank among the peers: 100 × (peers below +
 *   ½ peers tied) / (peers − 1). The peer statistics (mean, sd) are kept for the leaves and the
 *   first-level nodes (the results' `peers`).
 */
import { KIND_DEDUCTION, type CompiledModel, type LeafSpec } from './model.js';
import { ancestors, rescoreColumn, type NodeScores } from './aggregate.js';
import { imputeValues, type ImputedTable } from './impute.js';
import { scoreLeafColumn } from './leaf-scores.js';
import { normaliseVector, paramsOf } from './normalise.js';
import { fullMarksValue, noMarksValue, type AbsoluteRule } from './rules.js';
import { rMean, rSd, lowerBound, upperBound } from './stats.js';
import { treatValues } from './treat.js';
import { S_NA, S_PRESENT, type LeafTable, type ScopeGroup, type UnitIndex } from './types.js';
import { groupsOf } from './rank.js';

export interface Priority {
  node: string;
  /** Leaf position in model.leaves. */
  leaf: number;
  /** The field read (absent for formula leaves). */
  field?: string;
  /** The leaf value now (after imputation; null when missing). */
  current: number | null;
  /** The value to reach. For levels: the level index (targetLabel names it). */
  target: number;
  targetLabel?: string;
  /** The leaf's score now and at the target. */
  score: number | null;
  targetScore: number;
  /** Points of the total gained. */
  gain: number;
  /** full-marks: the rule's best value; no-deduction: (under a deduction node) the value that takes nothing off; best-peer: relative. */
  basis: 'full-marks' | 'no-deduction' | 'best-peer';
}

/** A leaf's standing among the units of the same year (their mean and sd: the diagnosis tables' pMean, pSd). */
export interface PeerStanding {
  node: string;
  z: number;
  percentile: number;
}

export interface Diagnosis {
  unit: number;
  /** Best total among the units of the same year, its unit, and the gap (≥ 0). */
  best: { unit: number; total: number } | null;
  gapToBest: number | null;
  groupBest: { unit: number; total: number } | null;
  gapToGroupBest: number | null;
  priorities: Priority[];
  strengths: PeerStanding[];
  weaknesses: PeerStanding[];
  notes: string[];
}

export interface DiagnoseInput {
  model: CompiledModel;
  ux: UnitIndex;
  /** Normalisation scope groups. */
  normGroups: ScopeGroup[];
  derived: LeafTable;
  imputed: ImputedTable;
  leafScores: LeafTable;
  nodes: NodeScores;
  total: Float64Array;
  groupBy?: string;
}

export interface DiagnoseOptions {
  /** Units to diagnose (default all). */
  units?: readonly number[];
  /** Keep at most this many priorities per unit (default all). */
  maxPriorities?: number;
  /** Work budget for exact relative re-scoring of every unit (unit count² × leaves); above it, only `focus` units get relative priorities. */
  budget?: number;
  focus?: readonly number[];
  /** Re-score relative leaves by the general path only (tests compare it with the fast path). */
  noFastPath?: boolean;
}

const EPS = 1e-9;

/**
 * The diagnosis as numeric tables (the "diagnosis" stage): exact gains per leaf and unit, the
 * targets, z-scores against the year's peers, the best per year and group. Cheap to keep for
 * thousands of cities; diagnosisOf() assembles one city's object from them on demand.
 */
export interface DiagnosisTables {
  /** gains[l * U + u]: points of the total unit u gains by reaching leaf l's target (0: none). */
  gains: Float64Array;
  targets: Float64Array;
  targetScores: Float64Array;
  /** Relative leaves not re-scored for the unit (budget). */
  skipped: Int32Array;
  /** 1 for the units diagnosed. */
  diagnosed: Uint8Array;
  /** 1 for the leaves whose score is taken off the total (under an odd number of deduction nodes). */
  deducted: Uint8Array;
  /** Leaves, then first-level nodes (the rows of the peer statistics); z[k * U + u] for the leaves k < L (NaN when undefined). */
  zNodes: Int32Array;
  z: Float64Array;
  /** Peer statistics per node × year. */
  Y: number;
  pMean: Float64Array;
  pSd: Float64Array;
  pN: Int32Array;
  /** The present values per node × year, sorted on first use (peerValues()): percentiles only. */
  pSorted: (Float64Array | undefined)[];
  pIsSorted: Uint8Array;
  bestOfYear: ({ unit: number; total: number } | null)[];
  groupBest: Map<string, { unit: number; total: number } | null>;
  dimNodes: number[];
}

/** Every unit's (or the chosen units') diagnosis objects. */
export function diagnose(inp: DiagnoseInput, opts: DiagnoseOptions = {}): (Diagnosis | null)[] {
  const t = diagnosisTables(inp, opts);
  return inp.ux.units.map((_, u) => diagnosisOf(inp, t, u, opts.maxPriorities));
}

export function diagnosisTables(inp: DiagnoseInput, opts: DiagnoseOptions = {}): DiagnosisTables {
  const { model, ux, nodes, total } = inp;
  const U = ux.units.length;
  const L = model.leafSpecs.length;
  const diagnosed = new Uint8Array(U);
  if (opts.units) for (const u of opts.units) diagnosed[u] = 1;
  else diagnosed.fill(1);
  const focus = new Set(opts.focus ?? []);

  // Best per year and per group-year.
  const bestOfYear = ux.byYear.map((g) => bestIn(g.idx, total));
  const groupBest = new Map<string, { unit: number; total: number } | null>();
  if (inp.groupBy) {
    ux.byYear.forEach((g, gi) => {
      for (const [k, idx] of groupsOf(ux.units, g.idx, inp.groupBy!)) groupBest.set(`${gi}\u0000${k}`, bestIn(idx, total));
    });
  }

  // Peer statistics per year (flat: node × year) and z-scores, for leaves and first-level nodes.
  const dimNodes = firstLevelNodes(model);
  const zNodes = Int32Array.from([...Array.from(model.leaves), ...dimNodes]);
  const Y = ux.byYear.length;
  const pMean = new Float64Array(model.n * Y).fill(NaN);
  const pSd = new Float64Array(model.n * Y).fill(NaN);
  const pN = new Int32Array(model.n * Y);
  const pSorted: (Float64Array | undefined)[] = new Array(model.n * Y);
  const pIsSorted = new Uint8Array(model.n * Y);
  const z = new Float64Array(L * U).fill(NaN);
  for (let k = 0; k < zNodes.length; k++) {
    for (let yi = 0; yi < Y; yi++) {
      const j = zNodes[k] * Y + yi;
      // z-scores for the leaves (the standings); first-level nodes keep only their statistics.
      const p = peerColumn(nodes, zNodes[k] * U, ux.byYear[yi].idx, k < L ? z : null, k * U);
      pMean[j] = p.mean;
      pSd[j] = p.sd;
      pN[j] = p.values.length;
      pSorted[j] = p.values;
    }
  }

  // Priorities, leaf by leaf: absolute leaves by re-aggregating the leaf's ancestors; relative leaves
  // by re-scoring the column exactly (fast path when the column statistics allow it).
  const relCost = model.leafSpecs.filter((s) => s.relative).length * U * U;
  const relAll = relCost <= (opts.budget ?? 2e8);
  const gains = new Float64Array(L * U);
  const targetsT = new Float64Array(L * U).fill(NaN);
  const scoresT = new Float64Array(L * U).fill(NaN);
  const skipped = new Int32Array(U);
  const deducted = new Uint8Array(L);
  const cand = new Float64Array(U);
  const tgt = new Float64Array(U);
  const newTotal = new Float64Array(U);
  const out = { gains, targets: targetsT, scores: scoresT };
  for (const spec of model.leafSpecs) {
    const l = spec.leaf;
    const path = ancestors(model, spec.node);
    const dir = spec.direction;
    // Under a deduction node (an odd number of them) a leaf's score is taken off: its best is no score.
    const taken = [spec.node, ...path].filter((n) => model.kind[n] === KIND_DEDUCTION).length % 2 === 1;
    if (taken) deducted[l] = 1;
    const best = taken ? noMarksValue : fullMarksValue;
    const absTarget = spec.relative ? NaN : best(spec.rule as AbsoluteRule, { direction: dir, target: spec.target, levels: spec.levels });
    const absScore = spec.relative || !Number.isFinite(absTarget) ? NaN : spec.score!(absTarget);
    const fast = spec.relative && !opts.noFastPath ? relativeFastPath(spec, inp) : null;
    const bestPeer = spec.relative ? ux.byYear.map((_, yi) => bestPeerValue(spec, inp, yi)) : null;
    // The new score of every unit that can gain here (NaN: none), then all of them re-scored at once.
    cand.fill(NaN);
    const can = { diagnosed, total, derived: inp.derived.state[l], cand, tgt };
    if (!spec.relative) absoluteCandidates(can, inp.leafScores.state[l], inp.leafScores.values[l], absTarget, absScore, taken ? -1 : 1);
    else {
      const rescore = fast ?? ((u: number, target: number) => rescoreRelative(spec, inp, u, target));
      const skip = fast || relAll ? null : (u: number) => !focus.has(u);
      relativeCandidates(can, inp.imputed.state[l], inp.imputed.values[l], dir, bestPeer!, ux.yearOf, rescore, skip, skipped);
    }
    rescoreColumn(model, nodes, spec.node, cand, newTotal, path);
    keepGains(l * U, can, newTotal, out);
  }
  return {
    gains,
    targets: targetsT,
    targetScores: scoresT,
    skipped,
    diagnosed,
    deducted,
    zNodes,
    z,
    Y,
    pMean,
    pSd,
    pN,
    pSorted,
    pIsSorted,
    bestOfYear,
    groupBest,
    dimNodes,
  };
}

/**
 * A node's present values among the units `idx` (node row `base`), their mean and sd, and, when
 * `z` is given and there are at least 3 values with sd > 0, each unit's z-score in z[zk + u].
 */
function peerColumn(nodes: NodeScores, base: number, idx: Int32Array, z: Float64Array | null, zk: number): { values: Float64Array; mean: number; sd: number } {
  const { state, value } = nodes;
  const buf = new Float64Array(idx.length);
  let m = 0;
  for (let q = 0; q < idx.length; q++) if (state[base + idx[q]] === S_PRESENT) buf[m++] = value[base + idx[q]];
  const values = m === idx.length ? buf : buf.slice(0, m);
  const mean = rMean(values);
  const sd = rSd(values, m, mean);
  if (z && m >= 3 && sd > 0) {
    for (let q = 0; q < idx.length; q++) {
      const u = idx[q];
      if (state[base + u] === S_PRESENT) z[zk + u] = (value[base + u] - mean) / sd;
    }
  }
  return { values, mean, sd };
}

/** What the candidate loops read and write: the units diagnosed, their totals, the leaf's derived states, and per unit the new score and target (NaN: no gain here). */
interface Candidates {
  diagnosed: Uint8Array;
  total: Float64Array;
  derived: Uint8Array;
  cand: Float64Array;
  tgt: Float64Array;
}

/**
 * Absolute leaf: every unit short of the best score would score `absScore` at `absTarget`. `sign`:
 * 1 when more is better, −1 under a deduction (absScore is the least score).
 */
function absoluteCandidates(c: Candidates, sst: Uint8Array, sval: Float64Array, absTarget: number, absScore: number, sign: number): void {
  const { diagnosed, total, derived, cand, tgt } = c;
  for (let u = 0; u < cand.length; u++) {
    if (diagnosed[u] === 0 || !Number.isFinite(total[u]) || derived[u] === S_NA) continue;
    const score = sst[u] === S_PRESENT ? sval[u] : NaN;
    if (!(absScore * sign > score * sign) && !(Number.isNaN(score) && Number.isFinite(absScore))) continue;
    cand[u] = absScore;
    tgt[u] = absTarget;
  }
}

/**
 * Relative leaf: every unit behind the best value of its year is re-scored at that value
 * (`rescore`; NaN when it cannot be). `skip`: units not re-scored (over the work budget), counted.
 */
function relativeCandidates(
  c: Candidates,
  ist: Uint8Array,
  ival: Float64Array,
  dir: number,
  bestPeer: number[],
  yearOf: Int32Array,
  rescore: (u: number, target: number) => number,
  skip: ((u: number) => boolean) | null,
  skipped: Int32Array,
): void {
  const { diagnosed, total, derived, cand, tgt } = c;
  for (let u = 0; u < cand.length; u++) {
    if (diagnosed[u] === 0 || !Number.isFinite(total[u]) || derived[u] === S_NA) continue;
    const cur = ist[u] === S_PRESENT ? ival[u] : NaN;
    const target = bestPeer[yearOf[u]];
    if (!Number.isFinite(target) || cur * dir >= target * dir) continue;
    if (skip?.(u)) {
      skipped[u]++;
      continue;
    }
    const newScore = rescore(u, target);
    if (!Number.isFinite(newScore)) continue;
    cand[u] = newScore;
    tgt[u] = target;
  }
}

/** The gains above EPS of the candidates, with their targets and scores, into row `row` of the tables. */
function keepGains(row: number, c: Candidates, newTotal: Float64Array, out: { gains: Float64Array; targets: Float64Array; scores: Float64Array }): void {
  const { cand, tgt, total } = c;
  for (let u = 0; u < cand.length; u++) {
    if (Number.isNaN(cand[u])) continue;
    const gain = newTotal[u] - total[u];
    if (gain > EPS) {
      out.gains[row + u] = gain;
      out.targets[row + u] = tgt[u];
      out.scores[row + u] = cand[u];
    }
  }
}

/** One unit's diagnosis from the tables (null when the unit was not diagnosed). */
export function diagnosisOf(inp: DiagnoseInput, t: DiagnosisTables, u: number, maxPriorities?: number): Diagnosis | null {
  if (!t.diagnosed[u]) return null;
  const { model, ux, total, nodes } = inp;
  const U = ux.units.length;
  const L = model.leafSpecs.length;
  const yi = ux.yearOf[u];
  const d: Diagnosis = {
    unit: u,
    best: null,
    gapToBest: null,
    groupBest: null,
    gapToGroupBest: null,
    priorities: [],
    strengths: [],
    weaknesses: [],
    notes: [],
  };
  const finite = Number.isFinite(total[u]);
  const b = t.bestOfYear[yi];
  if (b && finite) {
    d.best = b;
    d.gapToBest = Math.max(0, b.total - total[u]);
  }
  if (inp.groupBy) {
    const g = ux.units[u].attrs[inp.groupBy];
    const gb = g === undefined ? null : (t.groupBest.get(`${yi}\u0000${g}`) ?? null);
    if (gb && finite) {
      d.groupBest = gb;
      d.gapToGroupBest = Math.max(0, gb.total - total[u]);
    }
  }
  if (finite) {
    if (t.skipped[u])
      d.notes.push(
        `${t.skipped[u]} relative indicator(s) were not re-scored for this city (too many cities for exact re-scoring of all; ask for this city's diagnosis)`,
      );
    for (const l of topGains(t.gains, U, u, L, maxPriorities ?? Infinity)) {
      const spec = model.leafSpecs[l];
      const target = t.targets[l * U + u];
      const p: Priority = {
        node: spec.id,
        leaf: l,
        current: inp.imputed.state[l][u] === S_PRESENT ? inp.imputed.values[l][u] : null,
        target,
        score: inp.leafScores.state[l][u] === S_PRESENT ? inp.leafScores.values[l][u] : null,
        targetScore: t.targetScores[l * U + u],
        gain: t.gains[l * U + u],
        basis: spec.relative ? 'best-peer' : t.deducted[l] ? 'no-deduction' : 'full-marks',
      };
      if (spec.field) p.field = spec.field;
      if (spec.levels && spec.rule.type === 'levels') p.targetLabel = spec.levels[target];
      d.priorities.push(p);
    }
  }

  // Strengths and weaknesses among the leaves.
  const standing = (k: number): PeerStanding => {
    const n = t.zNodes[k];
    const j = n * t.Y + yi;
    const sorted = peerValues(t, j);
    const v = nodes.value[n * U + u];
    const below = lowerBound(sorted, v);
    const tied = upperBound(sorted, v) - below - 1;
    return { node: model.ids[n], z: t.z[k * U + u], percentile: (100 * (below + 0.5 * tied)) / (t.pN[j] - 1) };
  };
  const zs = t.z.subarray(0, L * U);
  d.strengths = topK(zs, U, u, L, 5, 1).map(standing);
  d.weaknesses = topK(zs, U, u, L, 5, -1).map(standing);
  return d;
}

/**
 * Gain x ranks above gain y: larger by more than rounding noise (1e-9 relative). Gains that differ
 * by less are equal, and keep the system's order (0.4000000000000057 and 0.3999999999999915 are
 * the same 0.4 points, re-scored along different paths).
 */
function gainAbove(x: number, y: number): boolean {
  return x > y + 1e-9 * Math.max(1, Math.abs(y));
}

/**
 * The leaves with a gain for unit u, largest first (gains equal within rounding noise in leaf
 * order), at most `keep`: the unit's gains are read once (they lie a column apart) and kept in
 * order by insertion.
 */
function topGains(gains: Float64Array, U: number, u: number, L: number, keep: number): number[] {
  const g = new Float64Array(L);
  let n = 0;
  for (let l = 0; l < L; l++) {
    g[l] = gains[l * U + u];
    if (g[l] > 0) n++;
  }
  const k = Math.max(0, Math.floor(Math.min(n, keep)));
  const out = new Array<number>(k);
  let len = 0;
  for (let l = 0; l < L && k > 0; l++) {
    const x = g[l];
    if (!(x > 0)) continue;
    if (len === k && !gainAbove(x, g[out[k - 1]])) continue;
    let pos = len < k ? len++ : k - 1;
    while (pos > 0 && gainAbove(x, g[out[pos - 1]])) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos] = l;
  }
  return out;
}

/** The present values of node × year j, sorted (sorted when first asked for: leaves that are no city's strength or weakness never are). */
function peerValues(t: DiagnosisTables, j: number): Float64Array {
  const s = t.pSorted[j]!;
  if (!t.pIsSorted[j]) {
    s.sort();
    t.pIsSorted[j] = 1;
  }
  return s;
}

/** Indices l < L of the k largest (sign 1) or smallest (sign −1) z[l·U + u] beyond ±0.5, strongest first; ties by index. */
function topK(z: Float64Array, U: number, u: number, L: number, k: number, sign: 1 | -1): number[] {
  const out: number[] = [];
  const vs: number[] = [];
  for (let l = 0; l < L; l++) {
    const v = z[l * U + u] * sign;
    if (!(v >= 0.5)) continue;
    let pos = out.length;
    while (pos > 0 && vs[pos - 1] < v) pos--;
    if (pos >= k) continue;
    // Insert at pos; when full, the last one drops out.
    for (let i = Math.min(out.length, k - 1); i > pos; i--) {
      out[i] = out[i - 1];
      vs[i] = vs[i - 1];
    }
    out[pos] = l;
    vs[pos] = v;
  }
  return out;
}

/**
 * The two smallest and two largest of xs as they stand in sorted order (lo2 = xs sorted[1], hi2 =
 * sorted[n − 2]; ties kept), found in one pass; with `sort`, also all of xs sorted (in place).
 */
function extremes(xs: Float64Array, sort: boolean): { n: number; lo1: number; lo2: number; hi1: number; hi2: number; sorted?: Float64Array } {
  const n = xs.length;
  if (sort) {
    xs.sort();
    return { n, lo1: xs[0], lo2: xs[1], hi1: xs[n - 1], hi2: xs[n - 2], sorted: xs };
  }
  let lo1 = Infinity;
  let lo2 = Infinity;
  let hi1 = -Infinity;
  let hi2 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (x < lo1) {
      lo2 = lo1;
      lo1 = x;
    } else if (x < lo2) lo2 = x;
    if (x > hi1) {
      hi2 = hi1;
      hi1 = x;
    } else if (x > hi2) hi2 = x;
  }
  return { n, lo1, lo2, hi1, hi2 };
}

function bestIn(idx: ArrayLike<number>, total: Float64Array): { unit: number; total: number } | null {
  let best = -1;
  for (let k = 0; k < idx.length; k++) {
    const u = idx[k];
    if (Number.isFinite(total[u]) && (best < 0 || total[u] > total[best])) best = u;
  }
  return best < 0 ? null : { unit: best, total: total[best] };
}

function firstLevelNodes(model: CompiledModel): number[] {
  const out: number[] = [];
  for (let k = model.childStart[0]; k < model.childStart[1]; k++) {
    const c = model.childList[k];
    if (model.leafOf[c] < 0) out.push(c);
  }
  return out;
}

/** The best value (by direction) among the present values of the same year. */
function bestPeerValue(spec: LeafSpec, inp: DiagnoseInput, yi: number): number {
  const v = inp.imputed.values[spec.leaf];
  const s = inp.imputed.state[spec.leaf];
  let best = NaN;
  for (const u of inp.ux.byYear[yi].idx) {
    if (s[u] !== S_PRESENT) continue;
    if (Number.isNaN(best) || v[u] * spec.direction > best * spec.direction) best = v[u];
  }
  return best;
}

/** Exact: impute, treat and normalise the leaf's column again with unit u's value set to `value`. */
function rescoreRelative(spec: LeafSpec, inp: DiagnoseInput, u: number, value: number): number {
  const { model, ux, normGroups } = inp;
  const l = spec.leaf;
  const dv = inp.derived.values[l].slice();
  const ds = inp.derived.state[l].slice();
  dv[u] = value;
  ds[u] = S_PRESENT;
  const one = { ...model, leafSpecs: [{ ...spec, leaf: 0 }] };
  const imp = spec.imputation ? imputeValues(one, { values: [dv], state: [ds] }, ux, []) : { values: [dv], state: [ds] };
  const groups = normGroups.filter((g) => Array.prototype.includes.call(g.idx, u));
  const tr = treatValues(one, { values: imp.values, state: imp.state }, groups, []);
  const r = scoreLeafColumn(model, spec, tr.values[0], tr.state[0], groups, ux.units, null);
  return r.state[u] === S_PRESENT ? r.values[u] : NaN;
}

/**
 * A fast exact path for relative leaves without outlier treatment or imputed values: the new score
 * of one unit set to the best value depends only on a few column statistics. Null when the general
 * path is needed.
 */
function relativeFastPath(spec: LeafSpec, inp: DiagnoseInput): ((u: number, value: number) => number) | null {
  if (spec.treat && inp.model.settings.outliers) return null;
  const l = spec.leaf;
  const imp = inp.imputed.imputed[l];
  for (let u = 0; u < imp.length; u++) if (imp[u]) return null;
  const rule = spec.rule;
  if (rule.type !== 'normalise') return null;
  const m = rule.method;
  if (m === 'zscore' || m === 'dist2ref') return null;
  const v = inp.imputed.values[l];
  const st = inp.imputed.state[l];
  const dir = spec.direction;
  const params = paramsOf(rule, dir, spec.target);
  // Group of each unit, and per group its present (direction-multiplied) values: their two
  // smallest and two largest (sorted order, ties kept), and all of them sorted for the rank methods.
  const ranked = m === 'rank' || m === 'borda' || m === 'prank';
  const groupOf = new Int32Array(v.length).fill(-1);
  const groups = inp.normGroups.map((g, gi) => {
    const xs = new Float64Array(g.idx.length);
    let n = 0;
    for (let q = 0; q < g.idx.length; q++) {
      const u = g.idx[q];
      groupOf[u] = gi;
      if (st[u] === S_PRESENT) xs[n++] = v[u] * dir;
    }
    return extremes(xs.subarray(0, n), ranked);
  });
  // The score depends on (min, max, b) alone for these methods, and most cities share them (the
  // target is the year's best value): the last column evaluated is remembered, not evaluated again.
  const memo = { min: NaN, max: NaN, b: NaN, y: NaN };
  const scoreOf = (min: number, max: number, b: number, pos: 0 | 2): number => {
    if (!(Object.is(min, memo.min) && Object.is(max, memo.max) && Object.is(b, memo.b))) {
      memo.min = min;
      memo.max = max;
      memo.b = b;
      memo.y = pos === 0 ? normaliseVector(Float64Array.of(b), params).y[0] : normaliseVector(Float64Array.of(min, max, b), params).y[2];
    }
    return memo.y;
  };
  return (u, value) => {
    const g = groups[groupOf[u]];
    const b = value * dir;
    const had = st[u] === S_PRESENT;
    const old = v[u] * dir;
    // The present values after the change: the group's without `old` (when present), plus b.
    const n = g.n + (had ? 0 : 1);
    let min = g.n ? g.lo1 : b;
    if (had && old === min && (g.n < 2 || g.lo2 !== min)) min = g.n > 1 ? g.lo2 : b;
    min = Math.min(min, b);
    let max = g.n ? g.hi1 : b;
    if (had && old === max && (g.n < 2 || g.hi2 !== max)) max = g.n > 1 ? g.hi2 : b;
    max = Math.max(max, b);
    switch (m) {
      case 'none':
      case 'scaled':
      case 'goalposts':
        // The value alone decides its score (min and max are not looked at).
        return scoreOf(NaN, NaN, b, 0);
      case 'minmax':
      case 'dist2max':
      case 'fracmax':
      case 'dist2targ':
        // Evaluate the method on a three-point column carrying the same min and max.
        return scoreOf(min, max, b, 2);
      case 'rank':
      case 'borda':
      case 'prank': {
        let below = lowerBound(g.sorted!, b);
        if (had && old < b) below--;
        const r = 1 + below;
        if (m === 'rank') return r;
        if (m === 'borda') return r - 1;
        return n < 2 ? NaN : ((r - 1) / (n - 1)) * (params.scale ?? 1);
      }
      default:
        return NaN;
    }
  };
}
