/**
 * TOPSIS (methods.md §4.1) in its two named variants:
 *   `topsis(normalisation=vector)` (classic, default): r_ij = x_ij / sqrt(Σ_i x_ij²), PIS = max for
 *     benefit / min for cost of v = w·r;
 *   `topsis(normalisation=minmax)` (pymcdm / pyrepo-mcda default): r_ij = (x − min)/(max − min)
 *     for benefit, (max − x)/(max − min) for cost; PIS = max v, NIS = min v.
 * C_i = D⁻_i / (D⁺_i + D⁻_i), higher is better.
 */
import { criterionName, inputError, undefinedError } from '../stats/errors.js';
import { checkTypes, checkWeights, toDense, type MatrixInput } from '../stats/matrix.js';
import { competitionRank } from '../stats/rank.js';
import type { LabelOptions, RankingResult } from './types.js';

export type TopsisNormalisation = 'vector' | 'minmax';

export interface TopsisOptions extends LabelOptions {
  normalisation?: TopsisNormalisation;
}

export interface TopsisResult extends RankingResult {
  /** Distance to the positive ideal solution. */
  dPlus: number[];
  /** Distance to the negative ideal solution. */
  dMinus: number[];
}

export function topsis(X: MatrixInput, weights: readonly number[], types: readonly number[], opts: TopsisOptions = {}): TopsisResult {
  const who = 'topsis';
  const norm = opts.normalisation ?? 'vector';
  if (norm !== 'vector' && norm !== 'minmax') throw inputError(`${who}: unknown normalisation ${JSON.stringify(norm)} (vector or minmax)`);
  const d = toDense(X, who, { labels: opts.labels });
  const { m, n, data } = d;
  const w = checkWeights(weights, n, who, opts.labels);
  const t = checkTypes(types, n, who, opts.labels);
  const v = new Float64Array(m * n);
  const pis = new Float64Array(n);
  const nis = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (norm === 'vector') {
      let ss = 0;
      for (let i = 0; i < m; i++) ss += data[i * n + j] * data[i * n + j];
      const len = Math.sqrt(ss);
      if (len === 0) throw undefinedError(`${who}: ${criterionName(j, opts.labels)} is all zeros, so vector normalisation divides by zero`, j);
      let hi = -Infinity;
      let lo = Infinity;
      for (let i = 0; i < m; i++) {
        const x = (w[j] * data[i * n + j]) / len;
        v[i * n + j] = x;
        hi = Math.max(hi, x);
        lo = Math.min(lo, x);
      }
      pis[j] = t[j] === 1 ? hi : lo;
      nis[j] = t[j] === 1 ? lo : hi;
    } else {
      let hi = -Infinity;
      let lo = Infinity;
      for (let i = 0; i < m; i++) {
        hi = Math.max(hi, data[i * n + j]);
        lo = Math.min(lo, data[i * n + j]);
      }
      if (hi === lo) throw undefinedError(`${who}: ${criterionName(j, opts.labels)} is constant (${hi}), so min-max normalisation divides by zero`, j);
      let vmax = -Infinity;
      let vmin = Infinity;
      for (let i = 0; i < m; i++) {
        const x = data[i * n + j];
        const r = t[j] === 1 ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo);
        const y = w[j] * r;
        v[i * n + j] = y;
        vmax = Math.max(vmax, y);
        vmin = Math.min(vmin, y);
      }
      pis[j] = vmax;
      nis[j] = vmin;
    }
  }
  const dPlus = new Array<number>(m);
  const dMinus = new Array<number>(m);
  const scores = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let sp = 0;
    let sm = 0;
    for (let j = 0; j < n; j++) {
      const x = v[i * n + j];
      sp += (x - pis[j]) ** 2;
      sm += (x - nis[j]) ** 2;
    }
    dPlus[i] = Math.sqrt(sp);
    dMinus[i] = Math.sqrt(sm);
    const s = dPlus[i] + dMinus[i];
    if (s === 0) throw undefinedError(`${who}: alternative ${i} is both the ideal and the anti-ideal (every weighted criterion is constant), so C is 0/0`);
    scores[i] = dMinus[i] / s;
  }
  return {
    scores,
    ranks: competitionRank(scores, true),
    higherIsBetter: true,
    variant: `topsis(normalisation=${norm})`,
    warnings: [],
    dPlus,
    dMinus,
  };
}
