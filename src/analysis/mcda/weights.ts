/**
 * Weighting methods (methods.md §3): equal, entropy, CRITIC, standard deviation, MEREC, and the
 * combination of subjective and objective weights. PCA weights are in ./pca-weights.ts
 * (re-exported here) and AHP in ./ahp.ts. Each returns `{ weights, variant, warnings }` and throws
 * an AnalysisError naming the criterion when the result is undefined.
 */
import { criterionName, inputError, undefinedError } from '../stats/errors.js';
import { checkTypes, column, toDense, type Dense, type MatrixInput } from '../stats/matrix.js';
import { pearson, sd } from '../stats/descriptive.js';
import { MIN_ALTERNATIVES_OBJECTIVE, type LabelOptions, type WeightResult } from './types.js';

export { pcaWeights, type PcaWeightResult, type PcaOptions } from './pca-weights.js';
export type { WeightResult } from './types.js';

function fewAlternativesWarning(method: string, m: number): string[] {
  return m < MIN_ALTERNATIVES_OBJECTIVE
    ? [
        `${method} weights from ${m} alternatives: results are unstable with fewer than ${MIN_ALTERNATIVES_OBJECTIVE} alternatives (rule: warn when m < ${MIN_ALTERNATIVES_OBJECTIVE})`,
      ]
    : [];
}

function isConstant(col: Float64Array): boolean {
  for (let i = 1; i < col.length; i++) if (col[i] !== col[0]) return false;
  return true;
}

function divideBySum(x: Float64Array): number[] {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return Array.from(x, (v) => v / s);
}

/** w_j = 1/n. */
export function equalWeights(n: number): WeightResult {
  if (!Number.isInteger(n) || n < 1) throw inputError(`equalWeights: the number of criteria must be a positive integer, got ${n}`);
  return { weights: new Array<number>(n).fill(1 / n), variant: 'equal', warnings: [] };
}

export type EntropyZeros = 'plogp0' | 'any-zero';

export interface EntropyOptions extends LabelOptions {
  /**
   * `plogp0` (default, pyrepo-mcda): 0·ln 0 := 0. `any-zero` (pymcdm `entropy_weights`): a column
   * holding any 0 gets entropy 0, hence the maximum divergence 1.
   */
  zeros?: EntropyZeros;
}

/**
 * Entropy weights (methods.md §3.2) on raw, non-negative values; criterion types are not used.
 * p_ij = x_ij / Σ_i x_ij, E_j = −Σ_i p_ij ln p_ij / ln m, d_j = 1 − E_j, w = d / Σ d.
 */
export function entropyWeights(X: MatrixInput, opts: EntropyOptions = {}): WeightResult {
  const zeros = opts.zeros ?? 'plogp0';
  if (zeros !== 'plogp0' && zeros !== 'any-zero') throw inputError(`entropyWeights: unknown zero handling ${JSON.stringify(zeros)} (plogp0 or any-zero)`);
  const variant = `entropy(zeros=${zeros})`;
  const d = toDense(X, 'entropyWeights', { minRows: 2, labels: opts.labels });
  const { m, n } = d;
  const lnm = Math.log(m);
  const div = new Float64Array(n);
  const warnings = fewAlternativesWarning('entropy', m);
  for (let j = 0; j < n; j++) {
    const col = column(d, j);
    let sum = 0;
    let hasZero = false;
    for (let i = 0; i < m; i++) {
      if (col[i] < 0)
        throw inputError(`entropyWeights: ${criterionName(j, opts.labels)} has a negative value (${col[i]} in row ${i}); entropy needs values >= 0`, j);
      if (col[i] === 0) hasZero = true;
      sum += col[i];
    }
    if (sum === 0) throw undefinedError(`entropyWeights: ${criterionName(j, opts.labels)} is all zeros, so p_ij = x_ij / sum divides by zero`, j);
    let e: number;
    if (zeros === 'any-zero' && hasZero) {
      e = 0;
      warnings.push(`${criterionName(j, opts.labels)} contains a 0: the any-zero rule sets its entropy to 0 (maximum divergence)`);
    } else {
      let h = 0;
      for (let i = 0; i < m; i++) {
        const p = col[i] / sum;
        if (p > 0) h -= p * Math.log(p);
      }
      e = h / lnm;
    }
    div[j] = Math.max(0, 1 - e);
    if (isConstant(col)) warnings.push(`${criterionName(j, opts.labels)} is constant: maximal entropy, weight 0`);
  }
  if (div.every((v) => v === 0))
    throw undefinedError('entropyWeights: every criterion has maximal entropy (constant columns), so the weights d_j / Σd divide by zero');
  return { weights: divideBySum(div), variant, warnings };
}

function checkNoConstant(d: Dense, who: string, why: string, labels?: readonly string[]): Float64Array[] {
  const cols: Float64Array[] = [];
  for (let j = 0; j < d.n; j++) {
    const col = column(d, j);
    if (isConstant(col)) throw undefinedError(`${who}: ${criterionName(j, labels)} is constant (${col[0]}), ${why}`, j);
    cols.push(col);
  }
  return cols;
}

/**
 * CRITIC weights (Diakoulaki et al. 1995; methods.md §3.3). Min-max normalisation with benefit
 * orientation for every column (criterion types are not used, as in pymcdm and pyrepo-mcda),
 * C_j = σ_j Σ_k (1 − ρ_jk), w = C / Σ C.
 */
export function criticWeights(X: MatrixInput, opts: LabelOptions = {}): WeightResult {
  const d = toDense(X, 'criticWeights', { minRows: 2, labels: opts.labels });
  const { m, n } = d;
  const cols = checkNoConstant(d, 'criticWeights', 'so min-max normalisation divides by zero', opts.labels);
  const r = cols.map((col) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < m; i++) {
      lo = Math.min(lo, col[i]);
      hi = Math.max(hi, col[i]);
    }
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = (col[i] - lo) / (hi - lo);
    return out;
  });
  const c = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let conflict = 0;
    for (let k = 0; k < n; k++) if (k !== j) conflict += 1 - pearson(r[j], r[k]);
    c[j] = sd(r[j]) * conflict;
  }
  if (c.every((v) => v === 0)) throw undefinedError('criticWeights: all criteria are perfectly correlated (C_j = 0 for every j), so C_j / ΣC divides by zero');
  return { weights: divideBySum(c), variant: 'critic', warnings: fewAlternativesWarning('CRITIC', m) };
}

/** Standard-deviation weights on raw values (methods.md §3.4): w_j = sd_j / Σ sd, sd with divisor m − 1. */
export function stdWeights(X: MatrixInput, opts: LabelOptions = {}): WeightResult {
  const d = toDense(X, 'stdWeights', { minRows: 2, labels: opts.labels });
  const s = new Float64Array(d.n);
  const warnings = fewAlternativesWarning('standard-deviation', d.m);
  for (let j = 0; j < d.n; j++) {
    const col = column(d, j);
    s[j] = isConstant(col) ? 0 : sd(col);
    if (s[j] === 0) warnings.push(`${criterionName(j, opts.labels)} is constant: weight 0`);
  }
  if (s.every((v) => v === 0)) throw undefinedError('stdWeights: every criterion is constant (sd = 0), so sd_j / Σsd divides by zero');
  return { weights: divideBySum(s), variant: 'std(ddof=1)', warnings };
}

/**
 * MEREC weights (Keshavarz-Ghorabaee et al. 2021; methods.md §3.5). Strictly positive values.
 * u_ij = min_k x_kj / x_ij (benefit) or x_ij / max_k x_kj (cost);
 * S_i = ln(1 + (1/n) Σ_j |ln u_ij|); S'_ij the same without criterion j (still divided by n);
 * E_j = Σ_i |S'_ij − S_i|; w = E / Σ E.
 */
export function merecWeights(X: MatrixInput, types: readonly number[], opts: LabelOptions = {}): WeightResult {
  const d = toDense(X, 'merecWeights', { minRows: 2, labels: opts.labels });
  const { m, n } = d;
  const t = checkTypes(types, n, 'merecWeights', opts.labels);
  const lnU = new Float64Array(m * n); // |ln u_ij|
  const warnings = fewAlternativesWarning('MEREC', m);
  for (let j = 0; j < n; j++) {
    const col = column(d, j);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < m; i++) {
      if (!(col[i] > 0))
        throw inputError(`merecWeights: ${criterionName(j, opts.labels)} has a non-positive value (${col[i]} in row ${i}); MEREC needs values > 0`, j);
      lo = Math.min(lo, col[i]);
      hi = Math.max(hi, col[i]);
    }
    for (let i = 0; i < m; i++) lnU[i * n + j] = Math.abs(Math.log(t[j] === 1 ? lo / col[i] : col[i] / hi));
    if (lo === hi) warnings.push(`${criterionName(j, opts.labels)} is constant: removal effect 0, weight 0`);
  }
  const e = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += lnU[i * n + j];
    const s = Math.log(1 + total / n);
    for (let j = 0; j < n; j++) e[j] += Math.abs(Math.log(1 + (total - lnU[i * n + j]) / n) - s);
  }
  if (e.every((v) => v === 0)) throw undefinedError('merecWeights: no criterion has a removal effect (all constant), so E_j / ΣE divides by zero');
  return { weights: divideBySum(e), variant: 'merec', warnings };
}

/**
 * Combination of subjective and objective weights: each vector is first scaled to sum 1, then
 * w = α·s + (1 − α)·o, renormalised to sum 1 (it already does up to rounding).
 */
export function combineWeights(subjective: readonly number[], objective: readonly number[], alpha: number): WeightResult {
  if (!(alpha >= 0 && alpha <= 1)) throw inputError(`combineWeights: alpha must be in [0, 1], got ${alpha}`);
  if (subjective.length !== objective.length || subjective.length === 0) {
    throw inputError(`combineWeights: weight vectors must have the same non-zero length (got ${subjective.length} and ${objective.length})`);
  }
  const scale = (w: readonly number[], name: string): number[] => {
    let s = 0;
    w.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) throw inputError(`combineWeights: ${name} weight of criterion index ${j} is ${v} (finite, >= 0 required)`, j);
      s += v;
    });
    if (!(s > 0)) throw inputError(`combineWeights: the ${name} weights sum to 0`);
    return w.map((v) => v / s);
  };
  const s = scale(subjective, 'subjective');
  const o = scale(objective, 'objective');
  const c = Float64Array.from(s, (v, j) => alpha * v + (1 - alpha) * o[j]);
  return { weights: divideBySum(c), variant: `combined(alpha=${alpha})`, warnings: [] };
}
