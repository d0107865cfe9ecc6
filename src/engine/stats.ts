/**
 * Small statistics the engine needs, written to follow R (and so COINr) closely:
 * R's two-pass mean, sample sd (n − 1), e1071 type-2 skewness and kurtosis, the median, and
 * rank(ties = "min"). All functions take the values to use (no NaN handling unless stated).
 */

/** R's mean: sum/n refined by a second pass (mean += Σ(x − mean)/n). */
export function rMean(x: ArrayLike<number>, n = x.length): number {
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  if (Number.isFinite(m)) {
    let t = 0;
    for (let i = 0; i < n; i++) t += x[i] - m;
    m += t / n;
  }
  return m;
}

/** Sample standard deviation (divisor n − 1), two-pass about R's mean. NaN for n < 2. */
export function rSd(x: ArrayLike<number>, n = x.length, mean?: number): number {
  if (n < 2) return NaN;
  const m = mean ?? rMean(x, n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Median of the first n values (copies and sorts). NaN when n = 0. */
export function median(x: ArrayLike<number>, n = x.length): number {
  if (n === 0) return NaN;
  const s = Float64Array.from({ length: n }, (_, i) => x[i]).sort();
  const h = n >> 1;
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Skewness as COINr's `skew` (copied there from e1071 type 2, the adjusted Fisher–Pearson G1):
 * sqrt(n)·Σd³/(Σd²)^(3/2) · sqrt(n(n−1))/(n−2). NaN when n < 3.
 */
export function skewness(x: ArrayLike<number>, n = x.length): number {
  if (n < 3) return NaN;
  const m = rMean(x, n);
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
  }
  const y = (Math.sqrt(n) * s3) / s2 ** 1.5;
  return (y * Math.sqrt(n * (n - 1))) / (n - 2);
}

/** Excess kurtosis as COINr's `kurt` (e1071 type 2, G2): r = nΣd⁴/(Σd²)²; ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)). NaN when n < 4. */
export function kurtosis(x: ArrayLike<number>, n = x.length): number {
  if (n < 4) return NaN;
  const m = rMean(x, n);
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    s2 += d2;
    s4 += d2 * d2;
  }
  const r = (n * s4) / (s2 * s2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** COINr's `check_SkewKurt`: pass when |skew| < skewT OR kurt < kurtT; null when the test is undefined (R NA). */
export function skewKurtPass(skew: number, kurt: number, skewT: number, kurtT: number): boolean | null {
  const a = Number.isNaN(skew) ? null : Math.abs(skew) < skewT;
  const b = Number.isNaN(kurt) ? null : kurt < kurtT;
  // R's `|` with NA: TRUE | NA = TRUE, FALSE | NA = NA.
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

/**
 * R `rank(x, ties.method = "min")` (ascending: the smallest value gets rank 1) over the values at
 * `idx`; writes the ranks to `out` at the same positions. NaN values get NaN and are not counted.
 */
export function rankMinAscending(x: ArrayLike<number>, idx: ArrayLike<number>, out: Float64Array): number {
  const vals: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const v = x[idx[k]];
    if (!Number.isNaN(v)) vals.push(v);
  }
  const s = Float64Array.from(vals).sort();
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const v = x[i];
    out[i] = Number.isNaN(v) ? NaN : 1 + lowerBound(s, v);
  }
  return s.length;
}

/** Number of entries of the sorted array that are < v. */
export function lowerBound(s: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the sorted array that are <= v. */
export function upperBound(s: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
