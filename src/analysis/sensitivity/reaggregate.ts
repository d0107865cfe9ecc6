/**
 * Re-aggregation for Monte Carlo runs: the engine's aggregation (src/engine/aggregate.ts) with a
 * cache. Every node's column (one value and state per unit) is keyed by what it is computed from —
 * its children's columns, their shares, its method, p, missing policy and removal — and each node
 * keeps its last few columns. A run recomputes only the nodes whose key is new: a normalisation
 * alternative seen before costs nothing below the level whose weights move, and the AB_i runs of a
 * Saltelli design (A with one input from B) find most of their columns in the cache.
 *
 * Weighted sums and means (sum, amean, gmean, hmean, genmean) of standard children are computed
 * here, column-wise, with the engine's arithmetic in the engine's order (test/sensitivity checks
 * the totals against aggregateTree bit for bit); medians and nodes with bonus, deduction or
 * coefficient children go through the engine's own `evalNode`, unit by unit.
 */
import {
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
} from '../../engine/model.js';
import { allocNodeScores, evalNode, type NodeScores } from '../../engine/aggregate.js';
import { S_MISSING, S_NA, S_PRESENT, type LeafTable } from '../../engine/types.js';

/** One node's column: values (NaN unless present) and states per unit. */
interface Column {
  id: number;
  key: string;
  v: Float64Array;
  s: Uint8Array;
  /** 1 when present for every unit. */
  full: number;
  /** Zeros where not present, and the units where not present (built on first use). */
  sparse: { vz: Float64Array; absent: Int32Array } | null;
  used: number;
}

/** Memory for cached columns (values and states) across all internal nodes. */
export const CACHE_BYTES = 256 * 1024 * 1024;
const MAX_PER_NODE = 256;

export class Reaggregator {
  /** The model the runs use: its method, p and missing arrays are this object's own, edited by the caller. */
  readonly model: CompiledModel;
  /** Shares per node for the next run (edited by the caller). */
  readonly shares: Float64Array;
  readonly method: Uint8Array;
  readonly p: Float64Array;
  readonly missing: Uint8Array;
  /** 1 for a node removed in the next run (it counts as 不适用). */
  readonly removed: Uint8Array;
  /** Internal nodes computed (not found in the cache) by the last `evaluate`. */
  recomputed = 0;

  private readonly U: number;
  /** Engine buffers: shares, shareSum and effMax for every run; values only for evalNode. */
  private readonly ns: NodeScores;
  private readonly special: Uint8Array;
  private readonly cols: (Column | null)[];
  private readonly cache: Column[][];
  private readonly index: Map<string, Column>[];
  private readonly perNode: number;
  private readonly leafCols = new WeakMap<Float64Array, Column>();
  private readonly removedCol: Column;
  private nextId = 1;
  private clock = 0;
  private readonly acc: Float64Array;
  private readonly wP: Float64Array;
  private readonly wM: Float64Array;
  private readonly nP: Int32Array;
  private readonly nM: Int32Array;
  private readonly bad: Uint8Array;
  private readonly flag: Uint8Array;
  private readonly exc: Int32Array;

  constructor(model: CompiledModel, U: number) {
    const n = model.n;
    this.U = U;
    this.method = model.method.slice();
    this.p = model.p.slice();
    this.missing = model.missing.slice();
    this.model = { ...model, method: this.method, p: this.p, missing: this.missing };
    this.ns = allocNodeScores(this.model, U);
    this.shares = this.ns.shares;
    this.shares.set(model.shares);
    this.removed = new Uint8Array(n);
    this.special = new Uint8Array(n);
    for (let i = 0; i < n; i++)
      for (let k = model.childStart[i]; k < model.childStart[i + 1]; k++) if (model.kind[model.childList[k]] !== KIND_STANDARD) this.special[i] = 1;
    this.cols = new Array<Column | null>(n).fill(null);
    this.cache = Array.from({ length: n }, () => []);
    this.index = Array.from({ length: n }, () => new Map());
    this.perNode = Math.max(1, Math.min(MAX_PER_NODE, Math.floor(CACHE_BYTES / Math.max(1, model.internal.length * U * 9))));
    this.removedCol = { id: 0, key: 'removed', v: new Float64Array(U).fill(NaN), s: new Uint8Array(U).fill(S_NA), full: 0, sparse: null, used: 0 };
    this.acc = new Float64Array(U);
    this.wP = new Float64Array(U);
    this.wM = new Float64Array(U);
    this.nP = new Int32Array(U);
    this.nM = new Int32Array(U);
    this.bad = new Uint8Array(U);
    this.flag = new Uint8Array(U);
    this.exc = new Int32Array(U);
  }

  /** Reset method, p, missing policy, shares and removals to the model's. */
  reset(base: CompiledModel): void {
    this.method.set(base.method);
    this.p.set(base.p);
    this.missing.set(base.missing);
    this.shares.set(base.shares);
    this.removed.fill(0);
  }

  /** Aggregate `leaf` with the current settings; writes each unit's total points to `out`. */
  evaluate(leaf: LeafTable, out: Float64Array): Float64Array {
    const m = this.model;
    this.recomputed = 0;
    this.clock++;
    maxPointsFor(m, this.shares, this.ns.effMax);
    for (let l = 0; l < m.leaves.length; l++) {
      const node = m.leaves[l];
      this.cols[node] = this.removed[node] ? this.removedCol : this.leafColumn(leaf.values[l], leaf.state[l]);
    }
    const internal = m.internal;
    for (let k = 0; k < internal.length; k++) {
      const i = internal[k];
      if (this.removed[i]) {
        this.cols[i] = this.removedCol;
        continue;
      }
      const key = this.keyOf(i);
      const cur = this.cols[i];
      if (cur && cur.key === key) {
        cur.used = this.clock;
        continue;
      }
      const hit = this.index[i].get(key);
      if (hit) {
        hit.used = this.clock;
        this.cols[i] = hit;
        continue;
      }
      this.cols[i] = this.compute(i, key);
    }
    const root = this.cols[0]!.v;
    const total = this.ns.effMax[0];
    for (let u = 0; u < this.U; u++) out[u] = (root[u] * total) / 100;
    return out;
  }

  /** What node i's column is computed from. */
  private keyOf(i: number): string {
    const m = this.model;
    let key = `${this.method[i]},${this.p[i]},${this.missing[i]}`;
    if (this.special[i]) key += `,${this.ns.effMax[i]}`;
    for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) {
      const c = m.childList[k];
      key += `|${this.cols[c]!.id}:${this.shares[c]}`;
    }
    return key;
  }

  private leafColumn(v: Float64Array, s: Uint8Array): Column {
    let col = this.leafCols.get(v);
    if (col && col.s === s) return col;
    // Values must be NaN exactly where the state is not present (as aggregateTree makes them).
    let values = v;
    let full = 1;
    for (let u = 0; u < this.U; u++) {
      if (s[u] !== S_PRESENT) {
        full = 0;
        if (v[u] === v[u]) {
          if (values === v) values = v.slice();
          values[u] = NaN;
        }
      }
    }
    col = { id: this.nextId++, key: 'leaf', v: values, s, full, sparse: null, used: 0 };
    this.leafCols.set(v, col);
    return col;
  }

  /** A column for node i: a new one while the node's cache has room, else its least recently used one. */
  private slot(i: number): Column {
    const list = this.cache[i];
    if (list.length < this.perNode) {
      const c: Column = { id: 0, key: '', v: new Float64Array(this.U), s: new Uint8Array(this.U), full: 0, sparse: null, used: 0 };
      list.push(c);
      return c;
    }
    let lru = list[0];
    for (const c of list) if (c.used < lru.used) lru = c;
    this.index[i].delete(lru.key);
    return lru;
  }

  private compute(i: number, key: string): Column {
    this.recomputed++;
    const col = this.slot(i);
    col.id = this.nextId++;
    col.key = key;
    this.index[i].set(key, col);
    col.sparse = null;
    col.used = this.clock;
    const m = this.model;
    let s = 0;
    for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) if (m.kind[m.childList[k]] === KIND_STANDARD) s += this.shares[m.childList[k]];
    this.ns.shareSum[i] = s;
    if (this.method[i] === M_MEDIAN || this.special[i] === 1) this.viaEngine(i, col);
    else col.full = this.evalColumn(i, col.v, col.s);
    return col;
  }

  /** Medians and bonus/deduction/coefficient children: the engine's evalNode on its own buffers. */
  private viaEngine(i: number, col: Column): void {
    const m = this.model;
    const ns = this.ns;
    const U = this.U;
    for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) {
      const c = m.childList[k];
      const cc = this.cols[c]!;
      ns.value.set(cc.v, c * U);
      ns.state.set(cc.s, c * U);
      ns.full[c] = cc.full;
    }
    for (let u = 0; u < U; u++) evalNode(m, ns, i, u, null);
    col.v.set(ns.value.subarray(i * U, (i + 1) * U));
    col.s.set(ns.state.subarray(i * U, (i + 1) * U));
    let full = 1;
    for (let u = 0; u < U; u++) if (col.s[u] !== S_PRESENT) full = 0;
    col.full = full;
  }

  private sparse(col: Column): { vz: Float64Array; absent: Int32Array } {
    if (col.sparse) return col.sparse;
    const vz = new Float64Array(this.U);
    const absent: number[] = [];
    for (let j = 0; j < this.U; j++) {
      const v = col.v[j];
      if (v === v) vz[j] = v;
      else absent.push(j);
    }
    col.sparse = { vz, absent: Int32Array.from(absent) };
    return col.sparse;
  }

  /**
   * Weighted sum or mean of standard children for every unit: the engine's evalNodeRange and
   * finish, with the same sums in the same order. Children present for every unit, and the units
   * where every other child is present, take a dense path (adding w·0 for an absent child leaves a
   * sum unchanged, bit for bit); the few remaining units ("exceptions") get the engine's per-unit
   * bookkeeping of present and missing weights. Returns 1 when the node is present for every unit.
   */
  private evalColumn(i: number, val: Float64Array, st: Uint8Array): number {
    const m = this.model;
    const U = this.U;
    const { acc, wP, wM, nP, nM, bad, flag, exc } = this;
    const shares = this.shares;
    const meth = this.method[i];
    const p = this.p[i];
    const dense = meth <= M_AMEAN;
    // The first dense child sets acc[j] = 0 + w·v: the same as filling with 0 and adding.
    let first = dense;
    if (!dense) {
      acc.fill(0);
      bad.fill(0);
    }
    let nExc = 0;
    let wFull = 0;
    let nFull = 0;
    let wNF = 0;
    let nNF = 0;
    const cs = m.childStart[i];
    const ce = m.childStart[i + 1];
    for (let k = cs; k < ce; k++) {
      const c = m.childList[k];
      const w = shares[c];
      const cc = this.cols[c]!;
      const cv = cc.v;
      if (cc.full === 1) {
        wFull += w;
        nFull++;
        if (first) {
          for (let j = 0; j < U; j++) acc[j] = 0 + w * cv[j];
          first = false;
        } else if (dense) for (let j = 0; j < U; j++) acc[j] += w * cv[j];
        else for (let j = 0; j < U; j++) accumulate(meth, p, w, cv[j], acc, bad, j);
        continue;
      }
      wNF += w;
      nNF++;
      const sp = this.sparse(cc);
      if (dense) {
        const vz = sp.vz;
        if (first) {
          for (let j = 0; j < U; j++) acc[j] = 0 + w * vz[j];
          first = false;
        } else for (let j = 0; j < U; j++) acc[j] += w * vz[j];
      } else {
        for (let j = 0; j < U; j++) {
          const v = cv[j];
          if (v === v) accumulate(meth, p, w, v, acc, bad, j);
        }
      }
      const abs = sp.absent;
      for (let t = 0; t < abs.length; t++) {
        const j = abs[t];
        if (flag[j] === 0) {
          flag[j] = 1;
          exc[nExc++] = j;
        }
      }
    }
    // Exceptions: present and missing weights as the engine sums them (in child order).
    for (let t = 0; t < nExc; t++) {
      const j = exc[t];
      let sw = 0;
      let sn = 0;
      let mw = 0;
      let mn = 0;
      for (let k = cs; k < ce; k++) {
        const cc = this.cols[m.childList[k]]!;
        if (cc.full === 1) continue;
        const w = shares[m.childList[k]];
        if (cc.v[j] === cc.v[j]) {
          sw += w;
          sn++;
        } else if (cc.s[j] !== S_NA) {
          mw += w;
          mn++;
        }
      }
      wP[j] = sw;
      nP[j] = sn;
      wM[j] = mw;
      nM[j] = mn;
    }
    if (first) acc.fill(0);
    const pol = this.missing[i];
    let full = 1;
    if (dense && pol !== P_COVERAGE && m.na[i] === NA_EXCLUDE && nExc === 0) {
      // Every child present for every unit (the common case): one division per unit.
      const kk = meth === M_SUM ? this.ns.shareSum[i] : 1;
      const present = pol === P_ZERO ? wFull + wNF + 0 : wFull + wNF;
      if (nFull + nNF === 0) {
        val.fill(NaN);
        st.fill(S_NA);
        return 0;
      }
      for (let j = 0; j < U; j++) {
        const q = acc[j] / present;
        const V = meth === M_SUM ? q * kk : q;
        if (V - V === 0) {
          val[j] = V;
          st[j] = S_PRESENT;
        } else {
          val[j] = NaN;
          st[j] = S_MISSING;
          full = 0;
        }
      }
      return full;
    }
    if (dense && pol !== P_COVERAGE && m.na[i] === NA_EXCLUDE) {
      const kk = meth === M_SUM ? this.ns.shareSum[i] : 1;
      const zero = pol === P_ZERO;
      const presentAll = wFull + wNF;
      const nAll = nFull + nNF;
      for (let j = 0; j < U; j++) {
        let present = presentAll;
        let np = nAll;
        let nn = nAll;
        let wm = 0;
        if (flag[j] === 1) {
          present = wFull + wP[j];
          np = nFull + nP[j];
          nn = np + nM[j];
          wm = wM[j];
        }
        if (nn === 0 || (!zero && np === 0)) {
          val[j] = NaN;
          st[j] = nn === 0 ? S_NA : S_MISSING;
          full = 0;
          continue;
        }
        const q = acc[j] / (zero ? present + wm : present);
        const V = meth === M_SUM ? q * kk : q;
        if (V - V === 0) {
          val[j] = V;
          st[j] = S_PRESENT;
        } else {
          val[j] = NaN;
          st[j] = S_MISSING;
          full = 0;
        }
      }
    } else {
      for (let j = 0; j < U; j++) {
        let S: number;
        if (flag[j] === 1) {
          const present = wFull + wP[j];
          const np = nFull + nP[j];
          S = this.finish(i, j, val, acc[j], present, present + wM[j], np, np + nM[j], !dense && bad[j] === 1);
        } else {
          const present = wFull + wNF;
          const np = nFull + nNF;
          S = this.finish(i, j, val, acc[j], present, present + 0, np, np, !dense && bad[j] === 1);
        }
        st[j] = S;
        if (S !== S_PRESENT) full = 0;
      }
    }
    for (let t = 0; t < nExc; t++) flag[exc[t]] = 0;
    return full;
  }

  /** The engine's `finish` for a node without median or special children; writes the value, returns the state. */
  private finish(i: number, u: number, val: Float64Array, acc: number, wP: number, wN: number, nP: number, nN: number, nonPos: boolean): number {
    const m = this.model;
    const meth = this.method[i];
    const p = this.p[i];
    const pol = this.missing[i];
    let S = S_PRESENT;
    let V = NaN;
    let denom = wP;
    if (nN === 0) S = S_NA;
    else if (pol === P_ZERO) {
      denom = wN;
      if (nP < nN && (meth === M_GMEAN || meth === M_HMEAN || (meth === M_GENMEAN && p < 0))) nonPos = true;
    } else if (nP === 0) S = S_MISSING;
    else if (pol === P_COVERAGE && nP / nN < m.coverageMin[i]) S = S_MISSING;
    if (S === S_PRESENT) {
      if (nonPos) S = S_MISSING;
      else {
        if (meth === M_SUM) V = (acc / denom) * this.ns.shareSum[i];
        else if (meth === M_AMEAN) V = acc / denom;
        else if (meth === M_GMEAN) V = Math.exp(acc / denom);
        else if (meth === M_HMEAN) V = denom / acc;
        else V = (acc / denom) ** (1 / p);
        if (!Number.isFinite(V)) {
          S = S_MISSING;
          V = NaN;
        }
      }
    }
    if (S === S_NA) {
      const na = m.na[i];
      if (na === NA_ZERO) {
        S = S_PRESENT;
        V = 0;
      } else if (na === NA_FULL) {
        S = S_PRESENT;
        V = 100;
      }
    }
    val[u] = S === S_PRESENT ? V : NaN;
    return S;
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
