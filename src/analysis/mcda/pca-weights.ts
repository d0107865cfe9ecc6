/**
 * PCA weights as COINr `get_PCA` (methods.md §2.11, §3.7): rows with any missing value are
 * dropped, the columns are standardised (prcomp(center = TRUE, scale = TRUE)), and the weights
 * are the loadings (unit-norm eigenvector of the correlation matrix) of the first principal
 * component. They are not rescaled and can be negative.
 */
import { criterionName, inputError, undefinedError } from '../stats/errors.js';
import { toDense, type MatrixInput } from '../stats/matrix.js';
import { pearson } from '../stats/descriptive.js';
import { symmetricEigen } from '../stats/eigen.js';
import type { LabelOptions, WeightResult } from './types.js';

export interface PcaOptions extends LabelOptions {
  /**
   * Flag `lowVariance` when the first component explains less than this share of the total
   * variance. Default 0.6, the OECD/JRC Handbook (2008) rule that retained components should
   * explain at least 60% of the variance.
   */
  minVarianceShare?: number;
}

export interface PcaWeightResult extends WeightResult {
  /** The first-component loadings (= weights). Sign convention: they sum to a positive number. */
  loadings: number[];
  /** Share of the total variance explained by the first component (λ1 / n). */
  varianceShare: number;
  /** Eigenvalues of the correlation matrix, decreasing (they sum to n). */
  eigenvalues: number[];
  /** Complete rows used. */
  rowsUsed: number;
  /** Rows dropped because they hold a missing value. */
  rowsDropped: number;
  flags: {
    /** Some loadings are negative (after the sign convention). */
    negativeLoadings: boolean;
    /** The first component explains less than minVarianceShare. */
    lowVariance: boolean;
    /** The second eigenvalue exceeds 1 (Kaiser criterion: more than one component worth keeping). */
    multipleComponents: boolean;
  };
}

const SINGULAR_TOL = 1e-10;

export function pcaWeights(X: MatrixInput, opts: PcaOptions = {}): PcaWeightResult {
  const minShare = opts.minVarianceShare ?? 0.6;
  if (!(minShare >= 0 && minShare <= 1)) throw inputError(`pcaWeights: minVarianceShare must be in [0, 1], got ${minShare}`);
  const labels = opts.labels;
  const d = toDense(X, 'pcaWeights', { allowNaN: true, labels });
  const { n } = d;
  if (n < 2) throw inputError(`pcaWeights: needs at least 2 criteria, got ${n}`);
  const rows: number[] = [];
  for (let i = 0; i < d.m; i++) {
    let ok = true;
    for (let j = 0; j < n; j++) if (Number.isNaN(d.data[i * n + j])) ok = false;
    if (ok) rows.push(i);
  }
  const m = rows.length;
  const warnings: string[] = [];
  if (m < d.m) warnings.push(`${d.m - m} of ${d.m} rows have missing values and were dropped (complete cases only, as COINr get_PCA)`);
  if (m < 3) throw undefinedError(`pcaWeights: ${m} complete row(s); PCA needs at least 3`);
  if (m < 2 * n)
    warnings.push(`PCA on ${m} complete rows for ${n} criteria: unstable with fewer than 2 rows per criterion (rule: warn when m < 2n = ${2 * n})`);

  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(m);
    rows.forEach((r, i) => (col[i] = d.data[r * n + j]));
    if (col.every((v) => v === col[0])) {
      throw undefinedError(`pcaWeights: ${criterionName(j, labels)} is constant over the complete rows, so it cannot be scaled to unit variance`, j);
    }
    cols.push(col);
  }
  const R: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let j = 0; j < n; j++) {
    for (let k = j + 1; k < n; k++) {
      const r = pearson(cols[j], cols[k]);
      R[j][k] = r;
      R[k][j] = r;
    }
  }
  const eig = symmetricEigen(R);
  const values = eig.values;
  const smallest = values[n - 1];
  if (smallest <= SINGULAR_TOL * n) {
    const v = eig.vectors[n - 1];
    const involved = v
      .map((x, j) => ({ x: Math.abs(x), j }))
      .filter((e) => e.x > 0.1)
      .sort((a, b) => b.x - a.x)
      .map((e) => criterionName(e.j, labels));
    const first = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]) ? j : best), 0);
    throw undefinedError(
      `pcaWeights: the correlation matrix is singular (smallest eigenvalue ${smallest.toExponential(3)}): ` +
        `a linear dependence among ${involved.join(', ')}; remove one of them`,
      first,
    );
  }
  if (values[0] - values[1] <= 1e-9 * values[0]) {
    throw undefinedError(`pcaWeights: the two largest eigenvalues are equal (${values[0]}), so the first principal component is not unique`);
  }
  const loadings = eig.vectors[0];
  const share = values[0] / n;
  const negative = loadings.some((x) => x < 0);
  const flags = { negativeLoadings: negative, lowVariance: share < minShare, multipleComponents: values[1] > 1 };
  if (negative) {
    const which = loadings.flatMap((x, j) => (x < 0 ? [criterionName(j, labels)] : []));
    warnings.push(`negative first-component loadings (used as weights) for ${which.join(', ')}`);
  }
  if (flags.lowVariance) {
    warnings.push(`the first principal component explains ${(100 * share).toFixed(1)}% of the variance, less than ${(100 * minShare).toFixed(0)}%`);
  }
  if (flags.multipleComponents) {
    warnings.push(`the second eigenvalue is ${values[1].toFixed(3)} > 1: more than one component carries information (Kaiser rule)`);
  }
  return {
    weights: loadings.slice(),
    variant: 'pca(first-component loadings)',
    warnings,
    loadings,
    varianceShare: share,
    eigenvalues: values,
    rowsUsed: m,
    rowsDropped: d.m - m,
    flags,
  };
}
