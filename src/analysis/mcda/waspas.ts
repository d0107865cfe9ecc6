/**
 * WASPAS (methods.md §4.4), named `waspas(lambda=…)`, default λ = 0.5. Strictly positive values.
 *   r_ij = x_ij / max_i x_ij (benefit) or min_i x_ij / x_ij (cost)
 *   Q_i  = λ Σ_j w_j r_ij + (1 − λ) Π_j r_ij^{w_j}        higher is better
 * Weights are used as given (as pymcdm; they are expected to sum to 1).
 */
import { criterionName, inputError } from '../stats/errors.js';
import { checkTypes, checkWeights, toDense, type MatrixInput } from '../stats/matrix.js';
import { competitionRank } from '../stats/rank.js';
import type { LabelOptions, RankingResult } from './types.js';

export interface WaspasOptions extends LabelOptions {
  lambda?: number;
}

export interface WaspasResult extends RankingResult {
  /** Weighted sum model part Σ w r. */
  wsm: number[];
  /** Weighted product model part Π r^w. */
  wpm: number[];
}

export function waspas(X: MatrixInput, weights: readonly number[], types: readonly number[], opts: WaspasOptions = {}): WaspasResult {
  const who = 'waspas';
  const lambda = opts.lambda ?? 0.5;
  if (!(lambda >= 0 && lambda <= 1)) throw inputError(`${who}: lambda must be in [0, 1], got ${lambda}`);
  const { m, n, data } = toDense(X, who, { labels: opts.labels });
  const w = checkWeights(weights, n, who, opts.labels);
  const t = checkTypes(types, n, who, opts.labels);
  const wsm = new Array<number>(m).fill(0);
  const logWpm = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < m; i++) {
      const x = data[i * n + j];
      if (!(x > 0)) throw inputError(`${who}: ${criterionName(j, opts.labels)} has a non-positive value (${x} in row ${i}); WASPAS needs values > 0`, j);
      hi = Math.max(hi, x);
      lo = Math.min(lo, x);
    }
    for (let i = 0; i < m; i++) {
      const x = data[i * n + j];
      const r = t[j] === 1 ? x / hi : lo / x;
      wsm[i] += w[j] * r;
      logWpm[i] += w[j] * Math.log(r);
    }
  }
  const wpm = Array.from(logWpm, Math.exp);
  const scores = wsm.map((s, i) => lambda * s + (1 - lambda) * wpm[i]);
  return { scores, ranks: competitionRank(scores, true), higherIsBetter: true, variant: `waspas(lambda=${lambda})`, warnings: [], wsm, wpm };
}
