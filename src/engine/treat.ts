/**
 * Stage 4: outlier treatment as COINr's default `Treat` (R/treat.R, methods.md §2.6), for
 * relative (normalised) leaves only — absolute rules score each value against the standard, so
 * their values are never altered.
 *
 * Per indicator (and per scope group: all units, or each year):
 * 1. pass = |skew| < skewT OR kurt < kurtT (e1071 type-2 statistics); pass → unchanged.
 * 2. else winsorise iteratively: skew ≥ 0 → every point equal to the current max takes the
 *    largest other value (winhi); skew < 0 → the same at the min (winlo); nwin = the number of
 *    points at the extreme(s) last treated (earlier winsorised points tie with it and count again);
 *    repeat while failing and nwin < winmax.
 * 3. still failing → discard the winsorisation and apply the fallback (log_CT by default) to the
 *    ORIGINAL values; its result is kept whether or not it passes. (fallback "none": keep the
 *    winsorised values.)
 * 4. an undefined test (fewer than 4 values, a constant column) or too few distinct values to
 *    winsorise → the column is returned untreated, with a note.
 */
import type { Diagnostic } from '../errors.js';
import type { SettingsData } from '../system/schema.js';
import type { CompiledModel } from './model.js';
import { kurtosis, skewKurtPass, skewness } from './stats.js';
import { S_PRESENT, columnFinding, type LeafTable, type ScopeGroup } from './types.js';

export const TREAT_NONE = 0;
export const TREAT_WINHI = 1;
export const TREAT_WINLO = 2;
export const TREAT_LOG = 3;
export const TREAT_FLAG_NAMES = ['', 'winhi', 'winlo', 'log'] as const;

export type Fallback = NonNullable<SettingsData['outliers']>['fallback'];

export interface TreatSpec {
  winmax: number;
  skew: number;
  kurt: number;
  fallback: Fallback;
}

export interface TreatInfo {
  /** Skewness and kurtosis before treatment. */
  skew: number;
  kurt: number;
  /** Passed the test before treatment (null: the test is undefined). */
  pass: boolean | null;
  winhi: number;
  winlo: number;
  nwin: number;
  /** The fallback applied (log_CT, …), or null. */
  fallback: Fallback | null;
  /** Passes after treatment (null when undefined or untreated). */
  passAfter: boolean | null;
  note?: string;
}

export interface TreatResult {
  x: Float64Array;
  flags: Uint8Array;
  info: TreatInfo;
}

/** Treat one vector of present values (no NaN). */
export function treatVector(x: Float64Array, spec: TreatSpec): TreatResult {
  const n = x.length;
  const flags = new Uint8Array(n);
  const test = (v: Float64Array) => skewKurtPass(skewness(v), kurtosis(v), spec.skew, spec.kurt);
  const sk = skewness(x);
  const kt = kurtosis(x);
  const info: TreatInfo = {
    skew: sk,
    kurt: kt,
    pass: skewKurtPass(sk, kt, spec.skew, spec.kurt),
    winhi: 0,
    winlo: 0,
    nwin: 0,
    fallback: null,
    passAfter: null,
  };
  if (info.pass === null) return { x, flags, info: { ...info, note: 'skewness/kurtosis undefined (fewer than 4 values, or all equal): not treated' } };
  if (info.pass) return { x, flags, info: { ...info, passAfter: true } };

  const untreated = (note: string): TreatResult => ({ x, flags: new Uint8Array(n), info: { ...info, winhi: 0, winlo: 0, nwin: 0, passAfter: null, note } });

  // Winsorisation.
  const y = x.slice();
  let imax: number[] = [];
  let imin: number[] = [];
  let nwin = 0;
  let passing: boolean | null = false;
  while (passing === false && nwin < spec.winmax) {
    const s = skewness(y);
    if (Number.isNaN(s)) return untreated('skewness undefined during winsorisation: not treated');
    if (s >= 0) {
      let mx = -Infinity;
      for (let i = 0; i < n; i++) if (y[i] > mx) mx = y[i];
      imax = [];
      let other = -Infinity;
      for (let i = 0; i < n; i++) {
        if (y[i] === mx) imax.push(i);
        else if (y[i] > other) other = y[i];
      }
      if (other === -Infinity) return untreated('too few distinct values to winsorise: not treated');
      for (const i of imax) y[i] = other;
    } else {
      let mn = Infinity;
      for (let i = 0; i < n; i++) if (y[i] < mn) mn = y[i];
      imin = [];
      let other = Infinity;
      for (let i = 0; i < n; i++) {
        if (y[i] === mn) imin.push(i);
        else if (y[i] < other) other = y[i];
      }
      if (other === Infinity) return untreated('too few distinct values to winsorise: not treated');
      for (const i of imin) y[i] = other;
    }
    nwin = imax.length + imin.length;
    passing = test(y);
  }
  if (nwin === 0) passing = test(y);
  if (passing === null) return untreated('skewness/kurtosis undefined after winsorisation: not treated');
  if (passing || spec.fallback === 'none') {
    for (const i of imax) flags[i] = TREAT_WINHI;
    for (const i of imin) flags[i] = TREAT_WINLO;
    return { x: y, flags, info: { ...info, winhi: imax.length, winlo: imin.length, nwin, passAfter: passing } };
  }

  // Fallback on the ORIGINAL values (COINr combine_treat = FALSE).
  const z = applyFallback(x, spec.fallback, sk);
  for (let i = 0; i < n; i++) if (!Number.isFinite(z[i])) return untreated(`${spec.fallback} gives non-finite values: not treated`);
  const after = test(z);
  if (after === null) return untreated(`skewness/kurtosis undefined after ${spec.fallback}: not treated`);
  flags.fill(TREAT_LOG);
  return { x: z, flags, info: { ...info, nwin, fallback: spec.fallback, passAfter: after } };
}

export function applyFallback(x: Float64Array, f: Exclude<Fallback, 'none'>, skew: number): Float64Array {
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of x) {
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const out = new Float64Array(x.length);
  const a = 0.01 * (mx - mn);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    switch (f) {
      case 'log_CT':
        out[i] = Math.log(v - mn + 0.01 * (mx - mn));
        break;
      case 'log_CT_plus':
        out[i] = skew > 0 ? Math.log(v - mn + a) : -Math.log(mx + a - v);
        break;
      case 'log_CT_orig':
        out[i] = Math.log(v - mn + 1);
        break;
      case 'log_GII':
        out[i] = Math.log(((mx - 1) * (v - mn)) / (mx - mn) + 1);
        break;
    }
  }
  return out;
}

export function treatSpecOf(settings: SettingsData): TreatSpec | null {
  const o = settings.outliers;
  if (!o || o.method !== 'winsorise') return null;
  return { winmax: o.winmax, skew: o.skew, kurt: o.kurt, fallback: o.fallback };
}

export interface TreatedTable {
  values: Float64Array[];
  state: Uint8Array[];
  /** Per leaf: TREAT_* flag per unit (null when the leaf is not treated). */
  flags: (Uint8Array | null)[];
  /** Per leaf: one TreatInfo per scope group (null when the leaf is not treated). */
  info: ({ year: number | null; info: TreatInfo }[] | null)[];
}

/** Treat every relative leaf (when settings.outliers asks for it), per scope group. */
export function treatValues(model: CompiledModel, imputed: LeafTable, groups: ScopeGroup[], findings: Diagnostic[]): TreatedTable {
  const spec = treatSpecOf(model.settings);
  const out: TreatedTable = { values: [], state: imputed.state, flags: [], info: [] };
  for (const leaf of model.leafSpecs) {
    const src = imputed.values[leaf.leaf];
    if (!spec || !leaf.treat) {
      out.values.push(src);
      out.flags.push(null);
      out.info.push(null);
      continue;
    }
    const st = imputed.state[leaf.leaf];
    const vals = src.slice();
    const flags = new Uint8Array(src.length);
    const infos: { year: number | null; info: TreatInfo }[] = [];
    for (const g of groups) {
      const at: number[] = [];
      for (const u of g.idx) if (st[u] === S_PRESENT) at.push(u);
      const x = Float64Array.from(at, (u) => src[u]);
      const r = treatVector(x, spec);
      at.forEach((u, k) => {
        vals[u] = r.x[k];
        flags[u] = r.flags[k];
      });
      infos.push({ year: g.year, info: r.info });
      if (r.info.note && at.length >= 4) {
        findings.push(
          columnFinding('info', 'TREAT_SKIPPED', leaf.origin, `${leaf.id}${groups.length > 1 && g.year !== null ? ` (${g.year})` : ''}: ${r.info.note}`, []),
        );
      } else if (r.info.fallback) {
        findings.push(
          columnFinding(
            'info',
            'TREAT_LOG',
            leaf.origin,
            `${leaf.id}${groups.length > 1 && g.year !== null ? ` (${g.year})` : ''}: winsorising up to ${spec.winmax} point(s) did not bring skew/kurtosis within limits; ${r.info.fallback} applied to the original values`,
            [],
          ),
        );
      }
    }
    out.values.push(vals);
    out.flags.push(flags);
    out.info.push(infos);
  }
  return out;
}
