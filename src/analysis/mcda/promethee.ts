/**
 * PROMETHEE II net flows (methods.md §4.3), named `promethee2(preference=…, p=…, q=…)`:
 *   d_j(a, b) = type_j (x_aj − x_bj),  π(a, b) = Σ_j w_j P_j(d_j(a, b)) with weights scaled to sum 1,
 *   φ⁺(a) = Σ_b π(a, b)/(m − 1),  φ⁻(a) = Σ_b π(b, a)/(m − 1),  φ = φ⁺ − φ⁻ (higher is better).
 * Preference functions as pyrepo-mcda; default thresholds p = 2u, q = 0.5u with u the population
 * standard deviation of each criterion.
 */
import { criterionName, inputError } from '../stats/errors.js';
import { checkTypes, checkWeights, normaliseSum, toDense, type MatrixInput } from '../stats/matrix.js';
import { competitionRank } from '../stats/rank.js';
import type { LabelOptions, RankingResult } from './types.js';

/**
 * usual: 1 if d > 0. u-shape: 1 if d > q. v-shape: d/p up to p, then 1. level: 0.5 for q < d ≤ p,
 * 1 above p. linear (V-shape with indifference): (d − q)/(p − q) for q < d ≤ p, 1 above p.
 * gaussian: 1 − exp(−d²/(2s²)) for d > 0 with s = (p + q)/2.
 */
export type PreferenceFunction = 'usual' | 'u-shape' | 'v-shape' | 'level' | 'linear' | 'gaussian';
export const PREFERENCE_FUNCTIONS: readonly PreferenceFunction[] = ['usual', 'u-shape', 'v-shape', 'level', 'linear', 'gaussian'];

export interface PrometheeOptions extends LabelOptions {
  /** One function for all criteria or one per criterion. Default `usual`. */
  preference?: PreferenceFunction | readonly PreferenceFunction[];
  /** Preference threshold, scalar or per criterion. Default 2u (u = population SD of the criterion). */
  p?: number | readonly number[];
  /** Indifference threshold, scalar or per criterion. Default 0.5u. */
  q?: number | readonly number[];
}

export interface PrometheeResult extends RankingResult {
  /** Net flow φ (equal to `scores`). */
  netFlow: number[];
  positiveFlow: number[];
  negativeFlow: number[];
  /** The thresholds used, per criterion. */
  p: number[];
  q: number[];
}

const USES: Record<PreferenceFunction, { p: boolean; q: boolean }> = {
  usual: { p: false, q: false },
  'u-shape': { p: false, q: true },
  'v-shape': { p: true, q: false },
  level: { p: true, q: true },
  linear: { p: true, q: true },
  gaussian: { p: true, q: true },
};

const CODE: Record<PreferenceFunction, number> = { usual: 0, 'u-shape': 1, 'v-shape': 2, level: 3, linear: 4, gaussian: 5 };

/** P(d) for d > 0 (every function is 0 for d <= 0); `code` from CODE, integer tests keep the hot loop cheap. */
function preferencePositive(code: number, d: number, p: number, q: number): number {
  if (code === 0) return 1;
  if (code === 1) return d > q ? 1 : 0;
  if (code === 2) return d > p ? 1 : d / p;
  if (code === 3) return d > p ? 1 : d > q ? 0.5 : 0;
  if (code === 4) return d > p ? 1 : d > q ? (d - q) / (p - q) : 0;
  const s = (p + q) / 2;
  return 1 - Math.exp(-(d * d) / (2 * s * s));
}

function perCriterion(
  x: number | readonly number[] | undefined,
  n: number,
  name: string,
  fallback: (j: number) => number,
  labels?: readonly string[],
): number[] {
  let out: number[];
  if (x === undefined) out = Array.from({ length: n }, (_, j) => fallback(j));
  else if (typeof x === 'number') out = new Array<number>(n).fill(x);
  else if (Array.isArray(x) && x.length === n) out = x.slice();
  else throw inputError(`promethee2: ${name} must be a number or an array of ${n} numbers`);
  out.forEach((v, j) => {
    if (!Number.isFinite(v) || v < 0) throw inputError(`promethee2: ${name} of ${criterionName(j, labels)} is ${v} (finite, >= 0 required)`, j);
  });
  return out;
}

function fmt(x: number | readonly number[] | undefined, dflt: string): string {
  if (x === undefined) return dflt;
  return typeof x === 'number' ? String(x) : `[${x.join(',')}]`;
}

export function promethee2(X: MatrixInput, weights: readonly number[], types: readonly number[], opts: PrometheeOptions = {}): PrometheeResult {
  const who = 'promethee2';
  const { m, n, data } = toDense(X, who, { minRows: 2, labels: opts.labels });
  const labels = opts.labels;
  const raw = checkWeights(weights, n, who, labels);
  const t = checkTypes(types, n, who, labels);
  const pref = opts.preference ?? 'usual';
  const fs: PreferenceFunction[] = typeof pref === 'string' ? new Array<PreferenceFunction>(n).fill(pref) : Array.isArray(pref) ? pref.slice() : [];
  if (fs.length !== n) throw inputError(`${who}: preference must be one function name or an array of ${n}`);
  fs.forEach((f, j) => {
    if (!PREFERENCE_FUNCTIONS.includes(f))
      throw inputError(`${who}: unknown preference function ${JSON.stringify(f)} for ${criterionName(j, labels)} (${PREFERENCE_FUNCTIONS.join(', ')})`, j);
  });
  const u = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let mu = 0;
    for (let i = 0; i < m; i++) mu += data[i * n + j];
    mu /= m;
    let ss = 0;
    for (let i = 0; i < m; i++) ss += (data[i * n + j] - mu) ** 2;
    u[j] = Math.sqrt(ss / m);
  }
  const p = perCriterion(opts.p, n, 'p', (j) => 2 * u[j], labels);
  const q = perCriterion(opts.q, n, 'q', (j) => 0.5 * u[j], labels);
  for (let j = 0; j < n; j++) {
    const uses = USES[fs[j]];
    if (uses.p && uses.q && p[j] < q[j]) throw inputError(`${who}: ${criterionName(j, labels)} has p = ${p[j]} < q = ${q[j]} (${fs[j]} needs p >= q)`, j);
  }
  const w = normaliseSum(raw);
  const warnings: string[] = [];
  let wsum = 0;
  for (let j = 0; j < n; j++) wsum += raw[j];
  if (Math.abs(wsum - 1) > 1e-9) warnings.push(`weights summed to ${wsum}; they were scaled to sum 1`);

  // Every preference function is 0 for d <= 0, so each pair needs one evaluation, at |d|, credited
  // to whichever alternative is ahead.
  const plus = new Float64Array(m);
  const minus = new Float64Array(m);
  const col = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    const code = CODE[fs[j]];
    const pj = p[j];
    const qj = q[j];
    const wj = w[j];
    if (wj === 0) continue;
    for (let i = 0; i < m; i++) col[i] = t[j] * data[i * n + j];
    for (let a = 0; a < m; a++) {
      const xa = col[a];
      let plusA = 0;
      let minusA = 0;
      for (let b = a + 1; b < m; b++) {
        const dd = xa - col[b];
        const ad = Math.abs(dd);
        const pv = ad > 0 ? wj * preferencePositive(code, ad, pj, qj) : 0;
        const ahead = +(dd > 0);
        const behind = 1 - ahead;
        plusA += pv * ahead;
        minusA += pv * behind;
        plus[b] += pv * behind;
        minus[b] += pv * ahead;
      }
      plus[a] += plusA;
      minus[a] += minusA;
    }
  }
  const positiveFlow = Array.from(plus, (x) => x / (m - 1));
  const negativeFlow = Array.from(minus, (x) => x / (m - 1));
  const netFlow = positiveFlow.map((x, i) => x - negativeFlow[i]);
  const fName = typeof pref === 'string' ? pref : `[${fs.join(',')}]`;
  const uses = fs.reduce((acc, f) => ({ p: acc.p || USES[f].p, q: acc.q || USES[f].q }), { p: false, q: false });
  const params = [uses.p ? `p=${fmt(opts.p, '2sd')}` : '', uses.q ? `q=${fmt(opts.q, '0.5sd')}` : ''].filter(Boolean);
  return {
    scores: netFlow,
    ranks: competitionRank(netFlow, true),
    higherIsBetter: true,
    variant: `promethee2(${[`preference=${fName}`, ...params].join(', ')})`,
    warnings,
    netFlow,
    positiveFlow,
    negativeFlow,
    p,
    q,
  };
}
