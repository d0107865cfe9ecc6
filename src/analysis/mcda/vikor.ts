/**
 * VIKOR (methods.md §4.2), named `vikor(v=…)`, as pyrepo-mcda: no prior normalisation.
 *   f*_j best (max benefit, min cost), f⁻_j worst;
 *   S_i = Σ_j w_j (f*_j − x_ij)/(f*_j − f⁻_j),  R_i = max_j of the same terms;
 *   Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*);  lower Q is better.
 * Weights are used as given (pyrepo-mcda expects them to sum to 1; Q does not depend on their scale).
 */
import { criterionName, inputError, undefinedError } from '../stats/errors.js';
import { checkTypes, checkWeights, toDense, type MatrixInput } from '../stats/matrix.js';
import { competitionRank } from '../stats/rank.js';
import type { LabelOptions, RankingResult } from './types.js';

export interface VikorOptions extends LabelOptions {
  /** Weight of the group utility S against the individual regret R; default 0.5. */
  v?: number;
}

export interface VikorResult extends RankingResult {
  /** Group utility (lower is better). */
  S: number[];
  /** Individual regret (lower is better). */
  R: number[];
  /** Compromise index (lower is better); equal to `scores`. */
  Q: number[];
}

function range(x: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function vikor(X: MatrixInput, weights: readonly number[], types: readonly number[], opts: VikorOptions = {}): VikorResult {
  const who = 'vikor';
  const v = opts.v ?? 0.5;
  if (!(v >= 0 && v <= 1)) throw inputError(`${who}: v must be in [0, 1], got ${v}`);
  const { m, n, data } = toDense(X, who, { labels: opts.labels });
  const w = checkWeights(weights, n, who, opts.labels);
  const t = checkTypes(types, n, who, opts.labels);
  const S = new Array<number>(m).fill(0);
  const R = new Array<number>(m).fill(0);
  for (let j = 0; j < n; j++) {
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < m; i++) {
      hi = Math.max(hi, data[i * n + j]);
      lo = Math.min(lo, data[i * n + j]);
    }
    if (hi === lo) throw undefinedError(`${who}: ${criterionName(j, opts.labels)} is constant (${hi}), so (f* − x)/(f* − f⁻) divides by zero`, j);
    const best = t[j] === 1 ? hi : lo;
    const worst = t[j] === 1 ? lo : hi;
    for (let i = 0; i < m; i++) {
      const term = (w[j] * (best - data[i * n + j])) / (best - worst);
      S[i] += term;
      if (term > R[i]) R[i] = term;
    }
  }
  const [sMin, sMax] = range(S);
  const [rMin, rMax] = range(R);
  if (sMax === sMin) throw undefinedError(`${who}: every alternative has the same group utility S (${sMin}), so Q divides by zero`);
  if (rMax === rMin) throw undefinedError(`${who}: every alternative has the same individual regret R (${rMin}), so Q divides by zero`);
  const Q = S.map((s, i) => (v * (s - sMin)) / (sMax - sMin) + ((1 - v) * (R[i] - rMin)) / (rMax - rMin));
  return { scores: Q, ranks: competitionRank(Q, false), higherIsBetter: false, variant: `vikor(v=${v})`, warnings: [], S, R, Q };
}
