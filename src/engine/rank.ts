/**
 * Ranking: standard competition ranking (1, 2, 2, 4) on totals rounded by the system's rule
 * (roundTo with settings.precision and settings.rounding), so two cities shown with the same score
 * share a rank. Ranks are within each year (cities of different years are never ranked against
 * each other) and, when a group attribute is given, within each group of that year. NaN stays NaN.
 */
import type { RoundingRule } from '../util/round.js';
import { roundTo } from '../util/round.js';
import type { Unit } from '../returns/dataset.js';
import type { UnitIndex } from './types.js';

/** Competition ranks (rank 1 = highest) of the values at idx; writes to out at the same positions. */
export function competitionRank(values: ArrayLike<number>, idx: ArrayLike<number>, out: Float64Array): void {
  const vals: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const v = values[idx[k]];
    if (!Number.isNaN(v)) vals.push(v);
  }
  const s = Float64Array.from(vals).sort();
  const n = s.length;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    // 1 + number of values strictly greater.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = 1 + (n - lo);
  }
}

export interface RankOptions {
  precision: number;
  rounding: RoundingRule;
  /** Unit attribute to rank within (e.g. province). */
  groupBy?: string;
}

export interface Ranking {
  /** Totals rounded for display and ranking. */
  rounded: Float64Array;
  /** Rank within the unit's year. */
  rank: Float64Array;
  /** Rank within the unit's group and year (NaN without groupBy or attribute). */
  groupRank: Float64Array | null;
  /** Number of ranked units in the unit's year, and in its group of that year. */
  of: Int32Array;
  groupOf: Int32Array | null;
}

export function roundAll(x: Float64Array, precision: number, rounding: RoundingRule): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Number.isFinite(x[i]) ? roundTo(x[i], precision, rounding) : NaN;
  return out;
}


/** Alias of util/round.ts roundTo, the one rounding function (fast away from ties). */
export const roundFast = roundTo;

/** Rank totals (or any per-unit score) within each year, and within groups when asked. */
export function rankTotals(totals: Float64Array, ux: UnitIndex, opts: RankOptions): Ranking {
  const rounded = roundAll(totals, opts.precision, opts.rounding);
  const rank = new Float64Array(totals.length).fill(NaN);
  const of = new Int32Array(totals.length);
  for (const g of ux.byYear) {
    competitionRank(rounded, g.idx, rank);
    let n = 0;
    for (const u of g.idx) if (!Number.isNaN(rounded[u])) n++;
    for (const u of g.idx) of[u] = n;
  }
  let groupRank: Float64Array | null = null;
  let groupOf: Int32Array | null = null;
  if (opts.groupBy) {
    groupRank = new Float64Array(totals.length).fill(NaN);
    groupOf = new Int32Array(totals.length);
    for (const g of ux.byYear) {
      for (const [, idx] of groupsOf(ux.units, g.idx, opts.groupBy)) {
        competitionRank(rounded, idx, groupRank);
        let n = 0;
        for (const u of idx) if (!Number.isNaN(rounded[u])) n++;
        for (const u of idx) groupOf[u] = n;
      }
    }
  }
  return { rounded, rank, groupRank, of, groupOf };
}

/** Units at idx split by the value of an attribute (units without it are left out). */
export function groupsOf(units: Unit[], idx: ArrayLike<number>, attr: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let k = 0; k < idx.length; k++) {
    const u = idx[k];
    const g = units[u].attrs[attr];
    if (g === undefined || g === '') continue;
    let l = m.get(g);
    if (!l) m.set(g, (l = []));
    l.push(u);
  }
  return m;
}
