/**
 * Input checking and dense storage for decision matrices: rows = alternatives (cities),
 * columns = criteria (indicators). The public API takes `number[][]`; inner loops run on a
 * row-major Float64Array.
 */
import { criterionName, inputError } from './errors.js';

/** Rows = alternatives, columns = criteria. */
export type MatrixInput = readonly (readonly number[])[];

/** Benefit (+1, higher is better) or cost (−1, lower is better). */
export type CriterionType = 1 | -1;

/** Row-major dense matrix: element (i, j) is `data[i * n + j]`. */
export interface Dense {
  m: number;
  n: number;
  data: Float64Array;
}

export interface DenseOptions {
  /** Accept NaN (missing) cells; ±Infinity is always refused. Default false. */
  allowNaN?: boolean;
  /** Minimum number of rows (alternatives). Default 1. */
  minRows?: number;
  labels?: readonly string[];
}

/** Check that X is a non-empty rectangular numeric matrix and copy it into a Float64Array. */
export function toDense(X: MatrixInput, who: string, opts: DenseOptions = {}): Dense {
  if (!Array.isArray(X)) throw inputError(`${who}: the matrix must be an array of rows`);
  const m = X.length;
  const minRows = opts.minRows ?? 1;
  if (m < minRows) throw inputError(`${who}: needs at least ${minRows} alternative(s) (rows), got ${m}`);
  const first = X[0];
  if (!Array.isArray(first) || first.length === 0) throw inputError(`${who}: row 0 is empty or not an array`);
  const n = first.length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const row = X[i];
    if (!Array.isArray(row)) throw inputError(`${who}: row ${i} is not an array`);
    if (row.length !== n) throw inputError(`${who}: row ${i} has ${row.length} values, expected ${n} (one per criterion)`);
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw inputError(`${who}: value at row ${i}, ${criterionName(j, opts.labels)} is not a number`, j);
      if (!Number.isFinite(v) && !(opts.allowNaN && Number.isNaN(v))) {
        throw inputError(`${who}: value at row ${i}, ${criterionName(j, opts.labels)} is ${v} (finite values required)`, j);
      }
      data[i * n + j] = v;
    }
  }
  return { m, n, data };
}

/** Copy of column j. */
export function column(d: Dense, j: number): Float64Array {
  const out = new Float64Array(d.m);
  for (let i = 0, k = j; i < d.m; i++, k += d.n) out[i] = d.data[k];
  return out;
}

/** Back to `number[][]`. */
export function toRows(d: Dense): number[][] {
  const out: number[][] = new Array(d.m);
  for (let i = 0; i < d.m; i++) out[i] = Array.from(d.data.subarray(i * d.n, (i + 1) * d.n));
  return out;
}

/** Weights: one finite non-negative value per criterion with a positive sum. Returned as given (not normalised). */
export function checkWeights(w: readonly number[], n: number, who: string, labels?: readonly string[]): Float64Array {
  if (!Array.isArray(w) || w.length !== n) {
    throw inputError(`${who}: expected ${n} weights (one per criterion), got ${Array.isArray(w) ? w.length : typeof w}`);
  }
  const out = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const v = w[j];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw inputError(`${who}: weight of ${criterionName(j, labels)} is ${String(v)} (finite, >= 0 required)`, j);
    }
    out[j] = v;
    sum += v;
  }
  if (!(sum > 0)) throw inputError(`${who}: the weights sum to 0`);
  return out;
}

/** Criterion types: one of +1 (benefit) or −1 (cost) per criterion. */
export function checkTypes(types: readonly number[], n: number, who: string, labels?: readonly string[]): Int8Array {
  if (!Array.isArray(types) || types.length !== n) {
    throw inputError(`${who}: expected ${n} criterion types (+1 benefit, -1 cost), got ${Array.isArray(types) ? types.length : typeof types}`);
  }
  const out = new Int8Array(n);
  for (let j = 0; j < n; j++) {
    const t = types[j];
    if (t !== 1 && t !== -1) throw inputError(`${who}: type of ${criterionName(j, labels)} is ${String(t)} (must be 1 or -1)`, j);
    out[j] = t;
  }
  return out;
}

/** Weights scaled to sum 1. */
export function normaliseSum(w: Float64Array): Float64Array {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j];
  const out = new Float64Array(w.length);
  for (let j = 0; j < w.length; j++) out[j] = w[j] / s;
  return out;
}
