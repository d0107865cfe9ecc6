/**
 * Moments, Pearson correlation and R-compatible quantiles. NaN propagates through mean, variance,
 * sd and pearson (R's default `na.rm = FALSE`); the quantile functions refuse NaN unless
 * `naRm: true`, as R's `quantile` does.
 */
import { inputError } from './errors.js';

export type Numbers = ArrayLike<number>;

export function mean(x: Numbers): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

/** Variance with divisor n − ddof (default ddof = 1, the sample variance as R's `var`). Two-pass. */
export function variance(x: Numbers, ddof = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const mu = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mu;
    ss += d * d;
  }
  return ss / (n - ddof);
}

/** Standard deviation with divisor n − ddof (default 1, R's `sd`). */
export function sd(x: Numbers, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/** Pearson correlation; NaN when a vector is constant or holds NaN. Lengths must match. */
export function pearson(a: Numbers, b: Numbers): number {
  const n = a.length;
  if (b.length !== n) throw inputError(`pearson: vectors have different lengths (${n} and ${b.length})`);
  if (n < 2) return NaN;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

export interface QuantileOptions {
  /** Drop NaN values first (R `na.rm = TRUE`). Default false: NaN is refused. */
  naRm?: boolean;
}

/** Sorted copy (or x itself when it is already sorted and NaN-free). */
function sortedValues(x: Numbers, opts: QuantileOptions, who: string): Numbers {
  const n = x.length;
  let sorted = true;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (Number.isNaN(v)) nan++;
    else if (i > 0 && v < x[i - 1]) sorted = false;
  }
  if (nan > 0 && !opts.naRm) throw inputError(`${who}: ${nan} missing value(s) (NaN); pass naRm: true to drop them`);
  if (sorted && nan === 0) return x;
  const out = new Float64Array(n - nan);
  let k = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i])) out[k++] = x[i];
  return out.sort();
}

function type7(s: Numbers, p: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  // R quantile.default, type 7, with R's own 1-based arithmetic so results match to the last bit:
  // index = 1 + (n − 1)p, lo = floor(index), q = (1 − h)·x[lo] + h·x[hi] with h = index − lo.
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qlo = s[lo - 1];
  const h = index - lo;
  if (h > 0 && s[hi - 1] !== qlo) return (1 - h) * qlo + h * s[hi - 1];
  return qlo;
}

function checkProb(p: number, who: string): void {
  if (!(p >= 0 && p <= 1)) throw inputError(`${who}: probability ${p} outside [0, 1]`);
}

/** R's default quantile (type 7) of sorted or unsorted values. */
export function quantileType7(x: Numbers, p: number, opts: QuantileOptions = {}): number {
  checkProb(p, 'quantileType7');
  return type7(sortedValues(x, opts, 'quantileType7'), p);
}

/** Several type-7 quantiles with one sort. */
export function quantilesType7(x: Numbers, ps: readonly number[], opts: QuantileOptions = {}): number[] {
  for (const p of ps) checkProb(p, 'quantilesType7');
  const s = sortedValues(x, opts, 'quantilesType7');
  return ps.map((p) => type7(s, p));
}

/** Median (equals the type-7 quantile at 0.5). NaN for an empty input. */
export function median(x: Numbers, opts: QuantileOptions = {}): number {
  const s = sortedValues(x, opts, 'median');
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}
