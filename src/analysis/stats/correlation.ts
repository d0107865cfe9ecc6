/**
 * Correlation and covariance matrices between criteria (columns) and Cronbach's alpha, with R's
 * missing-value policies (`use` of `stats::cor`). Missing cells are NaN.
 */
import { inputError, undefinedError } from './errors.js';
import { pearson } from './descriptive.js';
import { kendallTauB, spearmanRho } from './rank.js';
import { toDense, type Dense, type MatrixInput } from './matrix.js';

export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall';
/** R `use`: NaN propagates / only rows complete in every column / rows complete in each pair. */
export type MissingPolicy = 'everything' | 'complete.obs' | 'pairwise.complete.obs';

export interface CorrelationOptions {
  method?: CorrelationMethod;
  /** Default `pairwise.complete.obs` (COINr `get_corr`, `get_cronbach`). */
  use?: MissingPolicy;
}

/** Rows kept for the pair (j, k) under the policy. */
function pairColumns(d: Dense, j: number, k: number, use: MissingPolicy, complete: Uint8Array): [Float64Array, Float64Array] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < d.m; i++) {
    const x = d.data[i * d.n + j];
    const y = d.data[i * d.n + k];
    if (use === 'everything' || (use === 'complete.obs' ? complete[i] === 1 : !Number.isNaN(x) && !Number.isNaN(y))) {
      a.push(x);
      b.push(y);
    }
  }
  return [Float64Array.from(a), Float64Array.from(b)];
}

function completeRows(d: Dense): Uint8Array {
  const out = new Uint8Array(d.m);
  for (let i = 0; i < d.m; i++) {
    let ok = 1;
    for (let j = 0; j < d.n; j++) if (Number.isNaN(d.data[i * d.n + j])) ok = 0;
    out[i] = ok;
  }
  return out;
}

function prepare(X: MatrixInput, who: string, use: MissingPolicy): { d: Dense; complete: Uint8Array } {
  if (use !== 'everything' && use !== 'complete.obs' && use !== 'pairwise.complete.obs') {
    throw inputError(`${who}: unknown missing-value policy ${JSON.stringify(use)}`);
  }
  const d = toDense(X, who, { allowNaN: true });
  const complete = completeRows(d);
  if (use === 'complete.obs' && !complete.some((c) => c === 1)) throw undefinedError(`${who}: no complete rows (use = "complete.obs")`);
  return { d, complete };
}

/**
 * n × n correlation matrix of the columns. An entry is NaN when it is undefined (a constant column
 * or fewer than 2 usable rows), as R gives NA; the diagonal is 1 otherwise.
 */
export function correlationMatrix(X: MatrixInput, opts: CorrelationOptions = {}): number[][] {
  const method = opts.method ?? 'pearson';
  const use = opts.use ?? 'pairwise.complete.obs';
  const f = method === 'pearson' ? pearson : method === 'spearman' ? spearmanRho : method === 'kendall' ? kendallTauB : undefined;
  if (!f) throw inputError(`correlationMatrix: unknown method ${JSON.stringify(method)}`);
  const { d, complete } = prepare(X, 'correlationMatrix', use);
  const out = Array.from({ length: d.n }, () => new Array<number>(d.n).fill(NaN));
  for (let j = 0; j < d.n; j++) {
    for (let k = j; k < d.n; k++) {
      const [a, b] = pairColumns(d, j, k, use, complete);
      let r = f(a, b);
      if (j === k && !Number.isNaN(r)) r = 1;
      out[j][k] = r;
      out[k][j] = r;
    }
  }
  return out;
}

/** Sample covariance matrix (divisor n − 1) with R's missing-value policies. */
export function covarianceMatrix(X: MatrixInput, opts: { use?: MissingPolicy } = {}): number[][] {
  const use = opts.use ?? 'pairwise.complete.obs';
  const { d, complete } = prepare(X, 'covarianceMatrix', use);
  const out = Array.from({ length: d.n }, () => new Array<number>(d.n).fill(NaN));
  for (let j = 0; j < d.n; j++) {
    for (let k = j; k < d.n; k++) {
      const [a, b] = pairColumns(d, j, k, use, complete);
      const m = a.length;
      let c = NaN;
      if (m >= 2) {
        let ma = 0;
        let mb = 0;
        for (let i = 0; i < m; i++) {
          ma += a[i];
          mb += b[i];
        }
        ma /= m;
        mb /= m;
        let s = 0;
        for (let i = 0; i < m; i++) s += (a[i] - ma) * (b[i] - mb);
        c = s / (m - 1);
      }
      out[j][k] = c;
      out[k][j] = c;
    }
  }
  return out;
}

/**
 * Cronbach's alpha of the columns (items): α = k/(k − 1) · (1 − Σ var_i / var_total), sample
 * variances, var_total the variance of the row sums. Computed as COINr `get_cronbach` does, from
 * the covariance matrix (var_total = Σ of all its entries, NaN entries skipped), which equals the
 * formula above on complete data; default `use = "pairwise.complete.obs"`.
 */
export function cronbachAlpha(X: MatrixInput, opts: { use?: MissingPolicy } = {}): number {
  const C = covarianceMatrix(X, opts);
  const k = C.length;
  if (k < 2) throw inputError(`cronbachAlpha: needs at least 2 columns (items), got ${k}`);
  let total = 0;
  let trace = 0;
  for (let j = 0; j < k; j++) {
    for (let l = 0; l < k; l++) if (!Number.isNaN(C[j][l])) total += C[j][l];
    if (!Number.isNaN(C[j][j])) trace += C[j][j];
  }
  if (!(total > 0)) throw undefinedError(`cronbachAlpha: the variance of the total score is ${total} (alpha undefined)`);
  return (k / (k - 1)) * (1 - trace / total);
}
