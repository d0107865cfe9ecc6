/**
 * Relative normalisation methods with COINr's exact definitions (R/normalise.R, methods.md §2.7).
 * The input is already multiplied by the indicator's direction (COINr `x ← x · Direction`), and
 * targets, goalposts and scaled bounds are flipped along with it. Statistics are over the non-NaN
 * values; NaN stays NaN.
 *
 * Defaults: minmax range [0, 100]; zscore mean 0, sd 1; scaled factor 100; goalposts scale 1 and
 * truncation on. Extension (not in COINr): `scale` multiplies the 0–1 methods (dist2max, dist2ref,
 * dist2targ, fracmax, prank); its default 1 gives COINr's values.
 */
import type { NormaliseRule } from './model.js';
import { rMean, rSd, rankMinAscending } from './stats.js';

export interface NormParams {
  method: NormaliseRule['method'];
  direction: 1 | -1;
  range?: [number, number];
  mean?: number;
  sd?: number;
  lower?: number;
  upper?: number;
  scale?: number;
  /** Target (dist2targ), in the indicator's own orientation. */
  target?: number;
  /** Reference value (dist2ref), already multiplied by the direction. */
  ref?: number;
  capMax?: boolean;
  truncate?: boolean;
}

export function paramsOf(rule: NormaliseRule, direction: 1 | -1, target?: number): NormParams {
  const p: NormParams = { method: rule.method, direction };
  if (rule.range) p.range = rule.range;
  if (rule.mean !== undefined) p.mean = rule.mean;
  if (rule.sd !== undefined) p.sd = rule.sd;
  if (rule.lower !== undefined) p.lower = rule.lower;
  if (rule.upper !== undefined) p.upper = rule.upper;
  if (rule.scale !== undefined) p.scale = rule.scale;
  if (target !== undefined) p.target = target;
  if (rule.capMax !== undefined) p.capMax = rule.capMax;
  if (rule.truncate !== undefined) p.truncate = rule.truncate;
  return p;
}

export interface NormResult {
  y: Float64Array;
  /** Why the values are undefined (NaN), e.g. a zero range. */
  problem?: string;
}

function extremes(x: ArrayLike<number>): { min: number; max: number; n: number } {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, n };
}

function present(x: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) out.push(x[i]);
  return Float64Array.from(out);
}

/** Normalise a direction-multiplied vector. */
export function normaliseVector(x: Float64Array, p: NormParams): NormResult {
  const n = x.length;
  const y = new Float64Array(n);
  const k = p.scale ?? 1;
  const map = (f: (v: number) => number) => {
    for (let i = 0; i < n; i++) y[i] = Number.isNaN(x[i]) ? NaN : f(x[i]);
  };
  switch (p.method) {
    case 'none':
      map((v) => v);
      return { y };
    case 'minmax': {
      const [l, u] = p.range ?? [0, 100];
      const { min, max, n: m } = extremes(x);
      if (m === 0) return { y: y.fill(NaN) };
      if (min === max) return { y: y.fill(NaN), problem: 'every value is the same (the range is 0), so min-max is undefined' };
      map((v) => ((v - min) / (max - min)) * (u - l) + l);
      return { y };
    }
    case 'zscore': {
      const v = present(x);
      const mu = rMean(v);
      const s = rSd(v);
      const m = p.mean ?? 0;
      const sd = p.sd ?? 1;
      if (!(s > 0))
        return {
          y: y.fill(NaN),
          problem: v.length < 2 ? 'fewer than 2 values: the standard deviation is undefined' : 'every value is the same (sd 0), so the z-score is undefined',
        };
      map((z) => ((z - mu) / s) * sd + m);
      return { y };
    }
    case 'scaled': {
      const [lo, hi] = flipBounds(p.lower ?? 0, p.upper ?? 100, p.direction);
      const f = p.scale ?? 100;
      if (hi === lo) return { y: y.fill(NaN), problem: 'scaled: lower equals upper' };
      map((v) => ((v - lo) / (hi - lo)) * f);
      return { y };
    }
    case 'dist2max': {
      const { min, max, n: m } = extremes(x);
      if (m === 0) return { y: y.fill(NaN) };
      if (min === max) return { y: y.fill(NaN), problem: 'every value is the same (the range is 0), so dist2max is undefined' };
      map((v) => (1 - (max - v) / (max - min)) * k);
      return { y };
    }
    case 'dist2ref': {
      const ref = p.ref ?? NaN;
      const { min, n: m } = extremes(x);
      if (m === 0) return { y: y.fill(NaN) };
      if (Number.isNaN(ref)) return { y: y.fill(NaN), problem: 'the reference city has no value' };
      if (ref === min) return { y: y.fill(NaN), problem: 'the reference value equals the minimum, so dist2ref is undefined' };
      map((v) => {
        let r = 1 - (ref - v) / (ref - min);
        if (p.capMax && r > 1) r = 1;
        return r * k;
      });
      return { y };
    }
    case 'dist2targ': {
      const t = (p.target ?? NaN) * p.direction;
      const { min, n: m } = extremes(x);
      if (m === 0) return { y: y.fill(NaN) };
      if (Number.isNaN(t)) return { y: y.fill(NaN), problem: 'dist2targ needs a target' };
      if (t === min) return { y: y.fill(NaN), problem: 'the target equals the minimum, so dist2targ is undefined' };
      map((v) => {
        let r = (v - min) / (t - min);
        if (p.capMax && r > 1) r = 1;
        return r * k;
      });
      return { y };
    }
    case 'fracmax': {
      const { max, n: m } = extremes(x);
      if (m === 0) return { y: y.fill(NaN) };
      if (max === 0) return { y: y.fill(NaN), problem: 'the maximum is 0, so the fraction of the maximum is undefined' };
      map((v) => (v / max) * k);
      return { y };
    }
    case 'rank':
    case 'borda':
    case 'prank': {
      const idx = Int32Array.from({ length: n }, (_, i) => i);
      const cnt = rankMinAscending(x, idx, y);
      if (p.method === 'borda') for (let i = 0; i < n; i++) y[i] -= 1;
      if (p.method === 'prank') {
        if (cnt < 2) return { y: y.fill(NaN), problem: 'fewer than 2 values: percentile ranks are undefined' };
        for (let i = 0; i < n; i++) y[i] = ((y[i] - 1) / (cnt - 1)) * k;
      }
      return { y };
    }
    case 'goalposts': {
      const [lo, hi] = flipBounds(p.lower ?? NaN, p.upper ?? NaN, p.direction);
      const f = p.scale ?? 1;
      const trunc = p.truncate ?? true;
      if (!(hi !== lo)) return { y: y.fill(NaN), problem: 'goalposts: lower equals upper (or is missing)' };
      map((v) => {
        let r = (v - lo) / (hi - lo);
        if (trunc) r = r > 1 ? 1 : r < 0 ? 0 : r;
        return r * f;
      });
      return { y };
    }
  }
}

/** Bounds in the direction-multiplied orientation: direction −1 turns (lower, upper) into (−upper, −lower). */
function flipBounds(lower: number, upper: number, direction: 1 | -1): [number, number] {
  return direction === 1 ? [lower, upper] : [-upper, -lower];
}

/** COINr's n_dist2targ on raw (unflipped) x: direction 1 → (x − min)/(targ − min); −1 → (max − x)/(max − targ). */
export function nDist2targ(x: readonly number[], targ: number, direction: 1 | -1, capMax: boolean): number[] {
  const xs = Float64Array.from(x, (v) => v * direction);
  return Array.from(normaliseVector(xs, { method: 'dist2targ', direction, target: targ, capMax }).y);
}

/** COINr's n_goalposts on raw (unflipped) x with gposts = (lower, upper, scale). */
export function nGoalposts(x: readonly number[], gposts: [number, number, number], direction: 1 | -1, trunc2posts = true): number[] {
  const xs = Float64Array.from(x, (v) => v * direction);
  return Array.from(normaliseVector(xs, { method: 'goalposts', direction, lower: gposts[0], upper: gposts[1], scale: gposts[2], truncate: trunc2posts }).y);
}
