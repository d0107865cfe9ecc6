/**
 * Outranking matrix and Copeland scores exactly as COINr `outrankMatrix` / `a_copeland`
 * (methods.md §2.8). With weights scaled to sum 1:
 *   orm[i,k] = Σ_{j: x_ij > x_kj} w_j + ½ Σ_{j: x_ij = x_kj} w_j   for i < k,
 *   orm[k,i] = 1 − orm[i,k],  orm[i,i] = 0;
 *   nDominant = number of entries equal to 1; fracDominant = nDominant / (m(m − 1)/2).
 * Copeland: entries > 0.5 → +1, < 0.5 → −1, = 0.5 → 0 (diagonal 0); score = row sum (higher is better).
 * Values are compared as given (higher is better), as COINr does after its direction flip; pass
 * `types` to flip cost criteria first. A NaN comparison counts for neither unit in the upper
 * triangle (so, through orm[k,i] = 1 − orm[i,k], for the lower-index unit's opponent), as in COINr.
 *
 * One deliberate difference from COINr's floating-point comparisons: when unit i beats (or loses
 * to) unit k on every criterion of positive weight, orm[i,k] is set to exactly 1 (or 0) instead of
 * a floating sum of weights that may come out as 0.9999999999999998, and Copeland treats
 * |orm − 0.5| ≤ 1e-12 as a tie. Results differ from COINr only where its sums are off by rounding.
 */
import { checkTypes, checkWeights, normaliseSum, toDense, type MatrixInput } from '../stats/matrix.js';
import { competitionRank } from '../stats/rank.js';
import type { LabelOptions, RankingResult } from './types.js';

const TIE_TOL = 1e-12;

export interface OutrankingResult {
  matrix: number[][];
  nDominant: number;
  fracDominant: number;
}

export interface OutrankingOptions extends LabelOptions {
  /** Weights (relative; scaled to sum 1). Default equal weights. */
  weights?: readonly number[];
  /** Criterion types; cost criteria (−1) are negated first. Default all benefit. */
  types?: readonly number[];
}

export function outrankMatrix(X: MatrixInput, opts: OutrankingOptions = {}): OutrankingResult {
  const who = 'outrankMatrix';
  const { m, n, data } = toDense(X, who, { allowNaN: true, labels: opts.labels });
  const w = normaliseSum(opts.weights ? checkWeights(opts.weights, n, who, opts.labels) : new Float64Array(n).fill(1));
  const t = opts.types ? checkTypes(opts.types, n, who, opts.labels) : new Int8Array(n).fill(1);
  // Oriented copy (cost criteria negated) and a 0/1 mask of the criteria with positive weight.
  const x = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) x[i * n + j] = t[j] * data[i * n + j];
  const pos = new Float64Array(n);
  let nPositive = 0;
  for (let j = 0; j < n; j++) {
    pos[j] = w[j] > 0 ? 1 : 0;
    nPositive += pos[j];
  }
  const orm = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const io = i * n;
    for (let k = i + 1; k < m; k++) {
      const ko = k * n;
      // Same summation order as COINr: sum(w[x_i > x_k]) + sum(w[x_i == x_k]) / 2 (adding 0·w
      // changes nothing); branch-free for speed on a few thousand units.
      let gt = 0;
      let eq = 0;
      let nGt = 0;
      let nLt = 0;
      for (let j = 0; j < n; j++) {
        const a = x[io + j];
        const b = x[ko + j];
        const g = +(a > b);
        const l = +(a < b);
        gt += w[j] * g;
        eq += w[j] * +(a === b);
        nGt += pos[j] * g;
        nLt += pos[j] * l;
      }
      const v = nGt === nPositive ? 1 : nLt === nPositive ? 0 : gt + eq / 2;
      orm[i * m + k] = v;
      orm[k * m + i] = 1 - v;
    }
  }
  let nDominant = 0;
  for (let c = 0; c < m * m; c++) if (orm[c] === 1) nDominant++;
  const pairs = (m * m - m) / 2;
  const matrix: number[][] = new Array(m);
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(m);
    for (let k = 0; k < m; k++) row[k] = orm[i * m + k];
    matrix[i] = row;
  }
  return { matrix, nDominant, fracDominant: pairs > 0 ? nDominant / pairs : NaN };
}

export interface CopelandResult extends RankingResult {
  outranking: OutrankingResult;
}

export function copeland(X: MatrixInput, opts: OutrankingOptions = {}): CopelandResult {
  const outranking = outrankMatrix(X, opts);
  const orm = outranking.matrix;
  const m = orm.length;
  const scores = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      if (i === k) continue;
      const v = orm[i][k];
      scores[i] += Math.abs(v - 0.5) <= TIE_TOL ? 0 : v > 0.5 ? 1 : -1;
    }
  }
  return { scores, ranks: competitionRank(scores, true), higherIsBetter: true, variant: 'copeland', warnings: [], outranking };
}
