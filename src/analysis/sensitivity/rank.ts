/**
 * Ranks for Monte Carlo runs, equal to the engine's `rankTotals` (competition ranks of the totals
 * rounded by the system's rule, within each year) but by counting: a rounded total is an integer
 * number of 10^−precision steps, so one histogram pass gives every rank (1 + the number of
 * strictly greater totals). Groups whose range of steps is too wide fall back to the engine's
 * binary-search ranking.
 */
import { competitionRank } from '../../engine/rank.js';
import type { UnitIndex } from '../../engine/types.js';
import { roundTo, type RoundingRule } from '../../util/round.js';

const MAX_KEY = 2 ** 52;
/** Below this, x·10^p is exact enough (error < 2.5e-7) for the 1e-6 tie margin: util/round.ts's bound. */
const FAST_LIMIT = 2 ** 31;

export class RunRanker {
  private readonly groups: Int32Array[];
  private readonly scale: number;
  private readonly keys: Float64Array;
  private hist: Int32Array;
  private readonly tmp: Float64Array;
  private readonly rounded: Float64Array;

  constructor(
    ux: UnitIndex,
    private readonly precision: number,
    private readonly rounding: RoundingRule,
  ) {
    this.groups = ux.byYear.map((g) => g.idx);
    this.scale = 10 ** precision;
    this.keys = new Float64Array(ux.units.length);
    this.hist = new Int32Array(Math.max(1024, 4 * ux.units.length));
    this.tmp = new Float64Array(ux.units.length);
    this.rounded = new Float64Array(ux.units.length);
  }

  /**
   * Ranks (1 = best; 0 where the total is missing) and, when `rounded` is given, the rounded totals
   * of every unit; returns the number of units without a rank.
   */
  rank(totals: Float64Array, ranks: Int32Array, rounded: Float64Array | null): number {
    let unranked = 0;
    const { keys, scale } = this;
    for (const idx of this.groups) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < idx.length; k++) {
        const u = idx[k];
        const t = totals[u];
        if (!Number.isFinite(t)) {
          if (rounded) rounded[u] = NaN;
          keys[u] = NaN;
          ranks[u] = 0;
          unranked++;
          continue;
        }
        // roundTo's fast path inline, for |t| clear of a tie (it rounds |t| and restores the sign):
        // the key is the rounded step count itself.
        let key: number;
        const x = (t < 0 ? -t : t) * scale;
        const f = Math.floor(x);
        const frac = x - f;
        if (x < FAST_LIMIT && (frac < 0.5 - 1e-6 || frac > 0.5 + 1e-6)) {
          const steps = frac < 0.5 ? f : f + 1;
          key = t < 0 && steps !== 0 ? -steps : steps;
          if (rounded) rounded[u] = key / scale;
        } else {
          const r = roundTo(t, this.precision, this.rounding);
          if (rounded) rounded[u] = r;
          key = Math.round(r * scale);
        }
        keys[u] = key;
        if (key < lo) lo = key;
        if (key > hi) hi = key;
      }
      if (lo > hi) continue;
      const span = hi - lo + 1;
      if (Math.abs(lo) < MAX_KEY && Math.abs(hi) < MAX_KEY && span <= Math.max(65536, 8 * idx.length)) this.byCounting(idx, lo, span, ranks);
      else this.bySorting(idx, totals, ranks);
    }
    return unranked;
  }

  private byCounting(idx: Int32Array, lo: number, span: number, ranks: Int32Array): void {
    if (this.hist.length < span) this.hist = new Int32Array(span);
    const hist = this.hist;
    const keys = this.keys;
    hist.fill(0, 0, span);
    for (let k = 0; k < idx.length; k++) {
      const key = keys[idx[k]];
      if (key === key) hist[key - lo]++;
    }
    // hist[b] ← number of keys strictly above bucket b.
    let above = 0;
    for (let b = span - 1; b >= 0; b--) {
      const c = hist[b];
      hist[b] = above;
      above += c;
    }
    for (let k = 0; k < idx.length; k++) {
      const u = idx[k];
      const key = keys[u];
      if (key === key) ranks[u] = 1 + hist[key - lo];
    }
  }

  private bySorting(idx: Int32Array, totals: Float64Array, ranks: Int32Array): void {
    const r = this.rounded;
    for (let k = 0; k < idx.length; k++) {
      const t = totals[idx[k]];
      r[idx[k]] = Number.isFinite(t) ? roundTo(t, this.precision, this.rounding) : NaN;
    }
    competitionRank(r, idx, this.tmp);
    for (let k = 0; k < idx.length; k++) {
      const u = idx[k];
      const r = this.tmp[u];
      ranks[u] = r === r ? r : 0;
    }
  }
}
