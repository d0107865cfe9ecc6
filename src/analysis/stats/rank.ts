/**
 * Rankings and rank correlations. Built for repeated use on a few thousand values: each ranking
 * is one radix sort (./order.ts) and a linear pass; Kendall's tau-b uses Knight's O(n log n)
 * algorithm.
 *
 * The basic statistics (mean, sd, pearson, quantileType7, median) live in ./descriptive.ts and are
 * re-exported here.
 */
import { inputError } from './errors.js';
import { pearson, type Numbers } from './descriptive.js';
import { ascendingOrder } from './order.js';

export { mean, variance, sd, pearson, quantileType7, quantilesType7, median } from './descriptive.js';
export type { Numbers, QuantileOptions } from './descriptive.js';

/**
 * Walk the sorted non-NaN values in groups of equal values; `visit(from, to)` gets each
 * group as positions from … to − 1 of the order.
 */
function forEachTieGroup(values: Numbers, order: Uint32Array, visit: (from: number, to: number) => void): void {
  const k = order.length;
  let from = 0;
  while (from < k) {
    const v = values[order[from]];
    let to = from + 1;
    while (to < k && values[order[to]] === v) to++;
    visit(from, to);
    from = to;
  }
}

/**
 * Standard competition ranking ("1224", R `rank(ties.method = "min")` on the oriented values, as
 * COINr's `rank_df`): rank 1 is the best; ties share the best rank of their group. NaN stays NaN
 * and is not counted.
 * Example: competitionRank([10, 20, 20, 5]) = [3, 1, 1, 4].
 */
export function competitionRank(values: Numbers, higherIsBetter = true): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(NaN);
  const order = ascendingOrder(values);
  const k = order.length;
  forEachTieGroup(values, order, (from, to) => {
    const r = higherIsBetter ? k - to + 1 : from + 1;
    for (let p = from; p < to; p++) out[order[p]] = r;
  });
  return out;
}

/**
 * Fractional ranking: ties get the mean of the ranks they span (R `rank(ties.method = "average")`).
 * Same orientation as competitionRank: rank 1 is the highest value when higherIsBetter (default),
 * the lowest value otherwise (R's `rank` is ascending, i.e. higherIsBetter = false). NaN stays NaN.
 * Example: averageRank([10, 20, 20, 5]) = [3, 1.5, 1.5, 4].
 */
export function averageRank(values: Numbers, higherIsBetter = true): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(NaN);
  const order = ascendingOrder(values);
  const k = order.length;
  forEachTieGroup(values, order, (from, to) => {
    const before = higherIsBetter ? k - to : from;
    const r = before + (to - from + 1) / 2;
    for (let p = from; p < to; p++) out[order[p]] = r;
  });
  return out;
}

function hasNaN(x: Numbers): boolean {
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) return true;
  return false;
}

function sameLength(a: Numbers, b: Numbers, who: string): void {
  if (a.length !== b.length) throw inputError(`${who}: vectors have different lengths (${a.length} and ${b.length})`);
}

/**
 * Spearman's rho: Pearson correlation of the average ranks (R `cor(method = "spearman")`).
 * NaN when either vector holds NaN or is constant.
 */
export function spearmanRho(a: Numbers, b: Numbers): number {
  sameLength(a, b, 'spearmanRho');
  if (a.length < 2 || hasNaN(a) || hasNaN(b)) return NaN;
  return pearson(averageRank(a, false), averageRank(b, false));
}

/**
 * Kendall's tau-b with tie correction (R `cor(method = "kendall")`, scipy `kendalltau`):
 *   tau_b = (n_c − n_d) / sqrt((n0 − n1)(n0 − n2)),  n0 = n(n−1)/2,
 * n1 / n2 the pairs tied in a / in b. Knight's (1966) algorithm: sort by (a, b), count tied pairs
 * in a and jointly tied pairs, then count discordant pairs as the inversions of b in a merge sort.
 * NaN when either vector holds NaN or is constant.
 */
export function kendallTauB(a: Numbers, b: Numbers): number {
  sameLength(a, b, 'kendallTauB');
  const n = a.length;
  if (n < 2 || hasNaN(a) || hasNaN(b)) return NaN;
  // Order by (a, b): a stable sort by a of the order by b.
  const idx = ascendingOrder(a, ascendingOrder(b));
  const xs = new Float64Array(n);
  let ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    xs[k] = a[idx[k]];
    ys[k] = b[idx[k]];
  }
  // Pairs tied in a (n1) and tied in both (n3).
  let tiedA = 0;
  let tiedBoth = 0;
  let runA = 1;
  let runBoth = 1;
  for (let k = 1; k <= n; k++) {
    const sameA = k < n && xs[k] === xs[k - 1];
    const sameBoth = sameA && ys[k] === ys[k - 1];
    if (sameA) runA++;
    else {
      tiedA += (runA * (runA - 1)) / 2;
      runA = 1;
    }
    if (sameBoth) runBoth++;
    else {
      tiedBoth += (runBoth * (runBoth - 1)) / 2;
      runBoth = 1;
    }
  }
  // Discordant pairs = strict inversions of ys (bottom-up merge sort); ys ends sorted.
  let discordant = 0;
  let buf = new Float64Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[i] <= ys[j]) buf[k++] = ys[i++];
        else {
          discordant += mid - i;
          buf[k++] = ys[j++];
        }
      }
      while (i < mid) buf[k++] = ys[i++];
      while (j < hi) buf[k++] = ys[j++];
    }
    const t = ys;
    ys = buf;
    buf = t;
  }
  let tiedB = 0;
  let runB = 1;
  for (let k = 1; k <= n; k++) {
    if (k < n && ys[k] === ys[k - 1]) runB++;
    else {
      tiedB += (runB * (runB - 1)) / 2;
      runB = 1;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt(n0 - tiedA) * Math.sqrt(n0 - tiedB);
  if (den === 0) return NaN;
  const tau = (n0 - tiedA - tiedB + tiedBoth - 2 * discordant) / den;
  return tau > 1 ? 1 : tau < -1 ? -1 : tau;
}
