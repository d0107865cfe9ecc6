/**
 * Stage 6–7: node scores up the tree, and the total. Every node gets a value (0–100 for absolute
 * systems; the normalised scale for relative ones) and points = value/100 × its maximum points.
 *
 * For a node with children c (weights w = shares of the parent):
 *   sum      value = S · Σ w_c v_c / W      (S = Σ w over all standard children, 1 when the shares add
 *            up: then the node's points are the sum of its children's points, as the national standard)
 *   amean    Σ w v / W
 *   gmean    exp(Σ w ln v / W)              (a child ≤ 0 is a finding, never a silent zero)
 *   hmean    W / Σ (w / v)                  (a child ≤ 0 is a finding)
 *   genmean  (Σ w v^p / W)^(1/p)            (p < 0 with a child ≤ 0 is a finding)
 *   median   the weighted median (lower weighted median; the mean of the two middle values on an exact tie)
 * W is the weight of the children counted: 不适用 children are always left out (their siblings'
 * shares are renormalised); missing children follow the node's `missing` policy — zero: counted
 * as 0 (W includes them); renormalise / exclude / impute (after imputation): left out (available-case
 * renormalisation, NA when none is present); coverage: as renormalise, but NA when the share of
 * present children (by count, among the applicable ones) is below `min`.
 * A node whose children are all 不适用 is itself 不适用, then follows its own `notApplicable`.
 *
 * Bonus, deduction and coefficient children act on the aggregate, in this order:
 *   bonus      + f/100 × max points, capped so the node stays ≤ 100 (its maximum) — unless it was above already;
 *   deduction  − f/100 × max points, floored at 0 — unless it was below already;
 *   coefficient × (range[0] + f/100 × (range[1] − range[0])), capped at 100 likewise.
 * A missing bonus/deduction/coefficient counts as f = 0; a 不适用 one has no effect.
 */
import {
  KIND_BONUS,
  KIND_COEFFICIENT,
  KIND_DEDUCTION,
  KIND_STANDARD,
  M_AMEAN,
  M_GENMEAN,
  M_GMEAN,
  M_HMEAN,
  M_MEDIAN,
  M_SUM,
  NA_EXCLUDE,
  NA_FULL,
  NA_ZERO,
  P_COVERAGE,
  P_ZERO,
  maxPointsFor,
  type CompiledModel,
} from './model.js';
import { S_MISSING, S_NA, S_PRESENT, type LeafTable } from './types.js';

export interface NodeScores {
  /** Number of units. */
  U: number;
  /** Node-major: value[node * U + unit]; NaN unless the state is present. */
  value: Float64Array;
  points: Float64Array;
  state: Uint8Array;
  /** Maximum points of each node under the shares used. */
  effMax: Float64Array;
  /** The shares used (the model's, or the perturbed ones). */
  shares: Float64Array;
  /** Σ shares of each node's standard children. */
  shareSum: Float64Array;
  /** 1 where a node's column is present for every unit (set by aggregateTree; re-scoring keeps it). */
  full: Uint8Array;
}

/** Problems met while aggregating: node index → units (for findings). */
export type AggregationProblems = Map<number, { nonPositive: number[]; nonFinite: number[] }>;

export interface AggregateOptions {
  /** Shares of the parent per node (perturbed weights); default the model's. Pass shares that add up to 1 among siblings. */
  shares?: Float64Array;
  /** Reuse these buffers (same model and unit count). */
  out?: NodeScores;
  /** Collect gmean/hmean problems here. */
  problems?: AggregationProblems;
  /** Compute every node's points (default true); false computes the root's only (the totals), for Monte Carlo loops. */
  points?: boolean;
  /**
   * The leaf table is the one aggregated into `out` by the previous call, unchanged: skip copying it
   * (Monte Carlo loops over weights). Ignored without `out`.
   */
  sameLeaves?: boolean;
}

export function allocNodeScores(model: CompiledModel, U: number): NodeScores {
  const N = model.n;
  return {
    U,
    value: new Float64Array(N * U),
    points: new Float64Array(N * U),
    state: new Uint8Array(N * U),
    effMax: new Float64Array(N),
    shares: new Float64Array(N),
    shareSum: new Float64Array(N),
    full: new Uint8Array(N),
  };
}

/** Aggregate leaf scores up the tree for every unit. */
export function aggregateTree(model: CompiledModel, leaf: LeafTable, opts: AggregateOptions = {}): NodeScores {
  const U = leaf.values.length ? leaf.values[0].length : 0;
  const ns = opts.out && opts.out.U === U ? opts.out : allocNodeScores(model, U);
  prepareWeights(model, ns, opts.shares ?? model.shares);
  const { value, state } = ns;
  for (let l = 0; l < model.leaves.length && !(opts.sameLeaves && ns === opts.out); l++) {
    const node = model.leaves[l];
    const off = node * U;
    value.set(leaf.values[l], off);
    state.set(leaf.state[l], off);
    let full = 1;
    for (let u = 0; u < U; u++) {
      if (state[off + u] !== S_PRESENT) {
        value[off + u] = NaN;
        full = 0;
      }
    }
    ns.full[node] = full;
  }
  const probs = opts.problems ?? null;
  const internal = model.internal;
  for (let k = 0; k < internal.length; k++) {
    const i = internal[k];
    evalNodeRange(model, ns, i, 0, U, probs);
    let full = 1;
    const off = i * U;
    for (let u = 0; u < U; u++) if (state[off + u] !== S_PRESENT) full = 0;
    ns.full[i] = full;
  }
  if (opts.points === false) {
    const m = ns.effMax[0];
    for (let u = 0; u < U; u++) ns.points[u] = (ns.value[u] * m) / 100;
  } else computePoints(model, ns);
  return ns;
}

function prepareWeights(model: CompiledModel, ns: NodeScores, shares: Float64Array): void {
  ns.shares.set(shares);
  maxPointsFor(model, ns.shares, ns.effMax);
  const sum = ns.shareSum;
  sum.fill(0);
  for (let i = 1; i < model.n; i++) if (model.kind[i] === KIND_STANDARD) sum[model.parent[i]] += ns.shares[i];
}

/** Points of every node from its value (standard: value × max / 100; bonus: +; deduction: −). */
export function computePoints(model: CompiledModel, ns: NodeScores): void {
  const { U, value, points, effMax } = ns;
  for (let i = 0; i < model.n; i++) {
    const off = i * U;
    const k = model.kind[i];
    const m = k === KIND_STANDARD ? effMax[i] : k === KIND_BONUS ? model.kindMax[i] : k === KIND_DEDUCTION ? -model.kindMax[i] : NaN;
    for (let u = 0; u < U; u++) points[off + u] = (value[off + u] * m) / 100;
  }
}

/** The total (root points) of every unit. */
export function totals(ns: NodeScores): Float64Array {
  const out = new Float64Array(ns.U);
  for (let u = 0; u < ns.U; u++) out[u] = ns.points[u];
  return out;
}

const medV: number[] = [];
const medW: number[] = [];

interface Scratch {
  acc: Float64Array;
  wP: Float64Array;
  wM: Float64Array;
  nP: Int32Array;
  nM: Int32Array;
  bad: Uint8Array;
}
let scratch: Scratch = alloc(0);
function alloc(n: number): Scratch {
  return { acc: new Float64Array(n), wP: new Float64Array(n), wM: new Float64Array(n), nP: new Int32Array(n), nM: new Int32Array(n), bad: new Uint8Array(n) };
}

/** Evaluate node i for unit u from its children (already evaluated). */
export function evalNode(model: CompiledModel, ns: NodeScores, i: number, u: number, probs: AggregationProblems | null): void {
  const meth = model.method[i];
  if (meth <= M_AMEAN && model.special[i] === 0 && model.missing[i] !== P_COVERAGE && model.na[i] === NA_EXCLUDE) evalUnitMean(model, ns, i, u, probs);
  else evalNodeRange(model, ns, i, u, u + 1, probs);
}

/**
 * evalNodeRange for one unit of a sum/amean node without coverage rule or special children, with
 * scalar accumulators: the same additions in the same order (full children's weights summed
 * apart, then added to the others'), so the same result to the bit.
 */
function evalUnitMean(model: CompiledModel, ns: NodeScores, i: number, u: number, probs: AggregationProblems | null): void {
  const U = ns.U;
  const val = ns.value;
  const st = ns.state;
  let acc = 0;
  let wFull = 0;
  let nFull = 0;
  let wP = 0;
  let nP = 0;
  let wM = 0;
  let nM = 0;
  for (let k = model.childStart[i], ce = model.childStart[i + 1]; k < ce; k++) {
    const c = model.childList[k];
    const w = ns.shares[c];
    const v = val[c * U + u];
    if (ns.full[c] === 1) {
      wFull += w;
      nFull++;
      acc += w * v;
    } else if (v === v) {
      wP += w;
      nP++;
      acc += w * v;
    } else if (st[c * U + u] !== S_NA) {
      wM += w;
      nM++;
    }
  }
  const zero = model.missing[i] === P_ZERO;
  const np = nFull + nP;
  const nn = np + nM;
  const off = i * U + u;
  if (nn === 0 || (!zero && np === 0)) {
    val[off] = NaN;
    st[off] = nn === 0 ? S_NA : S_MISSING;
    return;
  }
  const present = wFull + wP;
  const q = acc / (zero ? present + wM : present);
  const V = model.method[i] === M_SUM ? q * ns.shareSum[i] : q;
  if (V - V === 0) {
    val[off] = V;
    st[off] = S_PRESENT;
  } else {
    val[off] = NaN;
    st[off] = S_MISSING;
    if (probs) problem(probs, i).nonFinite.push(u);
  }
}

/**
 * Evaluate node i for the units u0 … u1 − 1, reading the children's columns in child order. The
 * whole tree and a one-unit re-score run this same code, so they do the same arithmetic in the
 * same order. Children whose column is present for every unit (ns.full) skip the per-unit weight
 * bookkeeping: their weights are summed once, in child order, and added to the per-unit sums of
 * the others (also in child order).
 */
function evalNodeRange(model: CompiledModel, ns: NodeScores, i: number, u0: number, u1: number, probs: AggregationProblems | null): void {
  const meth = model.method[i];
  const cs = model.childStart[i];
  const ce = model.childStart[i + 1];
  const special = model.special[i] === 1;
  if (meth === M_MEDIAN || special) {
    for (let u = u0; u < u1; u++) evalNodeGeneric(model, ns, i, u, special, probs);
    return;
  }
  const n = u1 - u0;
  if (scratch.acc.length < n) scratch = alloc(n);
  const { acc, wP, wM, nP, nM, bad } = scratch;
  acc.fill(0, 0, n);
  wP.fill(0, 0, n);
  wM.fill(0, 0, n);
  nP.fill(0, 0, n);
  nM.fill(0, 0, n);
  bad.fill(0, 0, n);
  const U = ns.U;
  const val = ns.value;
  const st = ns.state;
  const p = model.p[i];
  let wFull = 0;
  let nFull = 0;
  for (let k = cs; k < ce; k++) {
    const c = model.childList[k];
    const w = ns.shares[c];
    const off = c * U + u0;
    if (ns.full[c] === 1) {
      wFull += w;
      nFull++;
      if (meth <= M_AMEAN) for (let j = 0; j < n; j++) acc[j] += w * val[off + j];
      else for (let j = 0; j < n; j++) accumulate(meth, p, w, val[off + j], acc, bad, j);
      continue;
    }
    for (let j = 0; j < n; j++) {
      // A node value is NaN exactly when its state is not present.
      const v = val[off + j];
      if (v === v) {
        wP[j] += w;
        nP[j]++;
        if (meth <= M_AMEAN) acc[j] += w * v;
        else accumulate(meth, p, w, v, acc, bad, j);
      } else if (st[off + j] !== S_NA) {
        wM[j] += w;
        nM[j]++;
      }
    }
  }
  const pol = model.missing[i];
  if (meth <= M_AMEAN && pol !== P_COVERAGE && model.na[i] === NA_EXCLUDE) {
    // The common case, inlined: finish() with no coverage rule and 不适用 left out.
    const k = meth === M_SUM ? ns.shareSum[i] : 1;
    const zero = pol === P_ZERO;
    const off = i * U + u0;
    for (let j = 0; j < n; j++) {
      const np = nFull + nP[j];
      const nn = np + nM[j];
      if (nn === 0 || (!zero && np === 0)) {
        val[off + j] = NaN;
        st[off + j] = nn === 0 ? S_NA : S_MISSING;
        continue;
      }
      const present = wFull + wP[j];
      const q = acc[j] / (zero ? present + wM[j] : present);
      const V = meth === M_SUM ? q * k : q;
      if (V - V === 0) {
        val[off + j] = V;
        st[off + j] = S_PRESENT;
      } else {
        val[off + j] = NaN;
        st[off + j] = S_MISSING;
        if (probs) problem(probs, i).nonFinite.push(u0 + j);
      }
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const present = wFull + wP[j];
    const np = nFull + nP[j];
    finish(model, ns, i, u0 + j, acc[j], present, present + wM[j], np, np + nM[j], bad[j] === 1, false, NaN, probs);
  }
}

function accumulate(meth: number, p: number, w: number, v: number, acc: Float64Array, bad: Uint8Array, j: number): void {
  if (meth === M_GMEAN) {
    if (v <= 0) bad[j] = 1;
    else acc[j] += w * Math.log(v);
  } else if (meth === M_HMEAN) {
    if (v <= 0) bad[j] = 1;
    else acc[j] += w / v;
  } else if (p < 0 && v <= 0) bad[j] = 1;
  else acc[j] += w * v ** p;
}

/** Nodes with a median or with bonus, deduction or coefficient children: one unit at a time. */
function evalNodeGeneric(model: CompiledModel, ns: NodeScores, i: number, u: number, special: boolean, probs: AggregationProblems | null): void {
  const U = ns.U;
  const val = ns.value;
  const st = ns.state;
  const meth = model.method[i];
  const p = model.p[i];
  const pol = model.missing[i];
  let acc = 0;
  let wP = 0;
  let wM = 0;
  let nP = 0;
  let nM = 0;
  let nonPos = false;
  medV.length = 0;
  medW.length = 0;
  for (let k = model.childStart[i]; k < model.childStart[i + 1]; k++) {
    const c = model.childList[k];
    if (model.kind[c] !== KIND_STANDARD) continue;
    const s = st[c * U + u];
    if (s === S_NA) continue;
    const w = ns.shares[c];
    if (s !== S_PRESENT) {
      wM += w;
      nM++;
      if (meth === M_MEDIAN && pol === P_ZERO) {
        medV.push(0);
        medW.push(w);
      }
      continue;
    }
    const v = val[c * U + u];
    wP += w;
    nP++;
    if (meth === M_MEDIAN) {
      medV.push(v);
      medW.push(w);
    } else if (meth <= M_AMEAN) acc += w * v;
    else if (meth === M_GMEAN) {
      if (v <= 0) nonPos = true;
      else acc += w * Math.log(v);
    } else if (meth === M_HMEAN) {
      if (v <= 0) nonPos = true;
      else acc += w / v;
    } else if (p < 0 && v <= 0) nonPos = true;
    else acc += w * v ** p;
  }
  finish(model, ns, i, u, acc, wP, wP + wM, nP, nP + nM, nonPos, special, meth === M_MEDIAN && medV.length ? weightedMedian(medV, medW) : NaN, probs);
}

/** The node's value from its accumulated children: wP/nP over the present children, wN/nN over the applicable ones. */
function finish(
  model: CompiledModel,
  ns: NodeScores,
  i: number,
  u: number,
  acc: number,
  wP: number,
  wN: number,
  nP: number,
  nN: number,
  nonPos: boolean,
  special: boolean,
  med: number,
  probs: AggregationProblems | null,
): void {
  const U = ns.U;
  const meth = model.method[i];
  const p = model.p[i];
  const pol = model.missing[i];
  let S = S_PRESENT;
  let V = NaN;
  let denom = wP;
  if (nN === 0) S = S_NA;
  else if (pol === P_ZERO) {
    denom = wN;
    if (nP < nN && (meth === M_GMEAN || meth === M_HMEAN || (meth === M_GENMEAN && p < 0))) nonPos = true;
  } else if (nP === 0) S = S_MISSING;
  else if (pol === P_COVERAGE && nP / nN < model.coverageMin[i]) S = S_MISSING;

  if (S === S_PRESENT) {
    if (nonPos) {
      S = S_MISSING;
      if (probs) problem(probs, i).nonPositive.push(u);
    } else {
      switch (meth) {
        case M_SUM:
          V = (acc / denom) * ns.shareSum[i];
          break;
        case M_AMEAN:
          V = acc / denom;
          break;
        case M_GMEAN:
          V = Math.exp(acc / denom);
          break;
        case M_HMEAN:
          V = denom / acc;
          break;
        case M_GENMEAN:
          V = (acc / denom) ** (1 / p);
          break;
        case M_MEDIAN:
          V = med;
          break;
      }
      if (!Number.isFinite(V)) {
        S = S_MISSING;
        V = NaN;
        if (probs) problem(probs, i).nonFinite.push(u);
      }
    }
  }

  if (special && S === S_PRESENT) V = applySpecial(model, ns, i, u, V);

  if (S === S_NA) {
    const na = model.na[i];
    if (na === NA_ZERO) {
      S = S_PRESENT;
      V = 0;
    } else if (na === NA_FULL) {
      S = S_PRESENT;
      V = 100;
    }
  }
  ns.value[i * U + u] = S === S_PRESENT ? V : NaN;
  ns.state[i * U + u] = S;
}

/** Lower weighted median; the mean of the two middle values when the cumulative weight hits half exactly. */
function weightedMedian(v: number[], w: number[]): number {
  const n = v.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => v[a] - v[b]);
  let total = 0;
  for (const x of w) total += x;
  const half = total / 2;
  let cum = 0;
  for (let k = 0; k < n; k++) {
    cum += w[order[k]];
    if (Math.abs(cum - half) <= 1e-12 * total && k + 1 < n) return (v[order[k]] + v[order[k + 1]]) / 2;
    if (cum > half) return v[order[k]];
  }
  return v[order[n - 1]];
}

function applySpecial(model: CompiledModel, ns: NodeScores, i: number, u: number, V0: number): number {
  const U = ns.U;
  const mx = ns.effMax[i];
  let bonus = 0;
  let ded = 0;
  let factor = 1;
  let hasBonus = false;
  let hasDed = false;
  let hasCoef = false;
  for (let k = model.childStart[i]; k < model.childStart[i + 1]; k++) {
    const c = model.childList[k];
    const kind = model.kind[c];
    if (kind === KIND_STANDARD) continue;
    const s = ns.state[c * U + u];
    if (s === S_NA) continue;
    const f = s === S_PRESENT ? ns.value[c * U + u] : 0;
    if (kind === KIND_BONUS) {
      hasBonus = true;
      bonus += (f * model.kindMax[c]) / mx;
    } else if (kind === KIND_DEDUCTION) {
      hasDed = true;
      ded += (f * model.kindMax[c]) / mx;
    } else if (kind === KIND_COEFFICIENT) {
      hasCoef = true;
      factor *= model.rangeLo[c] + (f / 100) * (model.rangeHi[c] - model.rangeLo[c]);
    }
  }
  let V = V0;
  if (hasBonus && Number.isFinite(bonus)) V = Math.min(V + bonus, Math.max(100, V));
  if (hasDed && Number.isFinite(ded)) V = Math.max(V - ded, Math.min(0, V));
  if (hasCoef) {
    const before = V;
    V = Math.min(V * factor, Math.max(100, before));
  }
  return V;
}

function problem(probs: AggregationProblems, i: number) {
  let p = probs.get(i);
  if (!p) probs.set(i, (p = { nonPositive: [], nonFinite: [] }));
  return p;
}

/** Ancestors of node i (parent first, root last). */
export function ancestors(model: CompiledModel, i: number): number[] {
  const out: number[] = [];
  for (let a = model.parent[i]; a >= 0; a = model.parent[a]) out.push(a);
  return out;
}

/**
 * Re-score one unit with one leaf's score replaced (exact: the leaf's ancestors are re-evaluated
 * with the same rules), and return that unit's new total points. The scores are restored.
 */
export function rescoreUnit(
  model: CompiledModel,
  ns: NodeScores,
  u: number,
  leafNode: number,
  score: number,
  state = S_PRESENT,
  path = ancestors(model, leafNode),
): number {
  const U = ns.U;
  const n = path.length;
  if (saveV.length < n + 1) {
    saveV = new Float64Array(n + 8);
    saveS = new Uint8Array(n + 8);
  }
  saveV[n] = ns.value[leafNode * U + u];
  saveS[n] = ns.state[leafNode * U + u];
  for (let k = 0; k < n; k++) {
    saveV[k] = ns.value[path[k] * U + u];
    saveS[k] = ns.state[path[k] * U + u];
  }
  ns.value[leafNode * U + u] = state === S_PRESENT ? score : NaN;
  ns.state[leafNode * U + u] = state;
  for (let k = 0; k < n; k++) evalNode(model, ns, path[k], u, null);
  const total = ns.state[u] === S_PRESENT ? (ns.value[u] * ns.effMax[0]) / 100 : NaN;
  ns.value[leafNode * U + u] = saveV[n];
  ns.state[leafNode * U + u] = saveS[n];
  for (let k = 0; k < n; k++) {
    ns.value[path[k] * U + u] = saveV[k];
    ns.state[path[k] * U + u] = saveS[k];
  }
  return total;
}

let saveV = new Float64Array(16);
let saveS = new Uint8Array(16);

/**
 * rescoreUnit for many units at once, one leaf: every unit u with a finite scores[u] gets that score
 * at the leaf (present), the leaf's ancestors are evaluated column by column (evalNodeRange, the
 * code the whole tree runs, which rescoreUnit's one-unit evaluation matches to the bit), and
 * totals[u] is the unit's new total points (NaN for the units left as they are). The scores are
 * restored.
 */
export function rescoreColumn(
  model: CompiledModel,
  ns: NodeScores,
  leafNode: number,
  scores: Float64Array,
  totals: Float64Array,
  path = ancestors(model, leafNode),
): void {
  const U = ns.U;
  const nodes = [leafNode, ...path];
  if (colV.length < nodes.length * U) {
    colV = new Float64Array(nodes.length * U);
    colS = new Uint8Array(nodes.length * U);
  }
  nodes.forEach((i, k) => {
    colV.set(ns.value.subarray(i * U, (i + 1) * U), k * U);
    colS.set(ns.state.subarray(i * U, (i + 1) * U), k * U);
  });
  const off = leafNode * U;
  for (let u = 0; u < U; u++) {
    if (!Number.isFinite(scores[u])) continue;
    ns.value[off + u] = scores[u];
    ns.state[off + u] = S_PRESENT;
  }
  for (const i of path) evalNodeRange(model, ns, i, 0, U, null);
  const m = ns.effMax[0];
  for (let u = 0; u < U; u++) totals[u] = Number.isFinite(scores[u]) && ns.state[u] === S_PRESENT ? (ns.value[u] * m) / 100 : NaN;
  nodes.forEach((i, k) => {
    ns.value.set(colV.subarray(k * U, (k + 1) * U), i * U);
    ns.state.set(colS.subarray(k * U, (k + 1) * U), i * U);
  });
}

let colV = new Float64Array(0);
let colS = new Uint8Array(0);
