/**
 * AHP weights from a pairwise comparison matrix (methods.md §3.6): the principal eigenvector
 * (named `ahp(method=eigenvector)`) or the row geometric means (`ahp(method=geometric-mean)`),
 * with λmax, CI = (λmax − n)/(n − 1) and CR = CI / RI(n) from a named random-index table.
 */
import { inputError } from '../stats/errors.js';
import type { MatrixInput } from '../stats/matrix.js';
import type { LabelOptions, WeightResult } from './types.js';

export type RandomIndexTable = 'saaty' | 'tummala-ling';

/** RI(n) for n = 1, 2, …: Saaty (pyrepo-mcda) to n = 10; Tummala & Ling (1998) (pymcdm) to n = 15. */
export const RANDOM_INDEX: Readonly<Record<RandomIndexTable, readonly number[]>> = {
  saaty: [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49],
  'tummala-ling': [0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831],
};

/** The consistency threshold: CR ≤ 0.1 is acceptable. */
export const CR_THRESHOLD = 0.1;
export const AHP_MAX_N = 15;
const RECIPROCAL_TOL = 1e-6;

export interface AhpOptions extends LabelOptions {
  /** Default: `saaty` for n ≤ 10, `tummala-ling` for n = 11 … 15. */
  riTable?: RandomIndexTable;
}

export interface InconsistentPair {
  i: number;
  j: number;
  /** The judgement a_ij. */
  judgement: number;
  /** w_i / w_j, the judgement the weights imply. */
  implied: number;
  /** |ln(a_ij · w_j / w_i)|. */
  deviation: number;
}

export interface AhpResult extends WeightResult {
  lambdaMax: number;
  ci: number;
  cr: number;
  ri: number;
  riTable: RandomIndexTable;
  /** CR ≤ 0.1. */
  consistent: boolean;
  /** The 3 judgements farthest from the weights (largest |ln(a_ij w_j / w_i)|, i < j), most inconsistent first. */
  inconsistentPairs: InconsistentPair[];
}

function pairName(i: number, j: number, labels?: readonly string[]): string {
  const li = labels?.[i];
  const lj = labels?.[j];
  return li !== undefined && lj !== undefined ? `(${i}, ${j}) ${JSON.stringify(li)} vs ${JSON.stringify(lj)}` : `(${i}, ${j})`;
}

/** Checks: square, 1 ≤ n ≤ 15, finite positive entries, unit diagonal and a_ji = 1/a_ij within 1e-6. */
function checkPairwise(A: MatrixInput, who: string, labels?: readonly string[]): Float64Array {
  if (!Array.isArray(A) || A.length === 0) throw inputError(`${who}: the pairwise comparison matrix is empty`);
  const n = A.length;
  if (n > AHP_MAX_N) throw inputError(`${who}: ${n} criteria; AHP is limited to ${AHP_MAX_N} (random-index tables end there)`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== n) throw inputError(`${who}: row ${i} must have ${n} entries (square matrix)`);
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
        throw inputError(`${who}: entry ${pairName(i, j, labels)} is ${String(v)}; judgements must be positive numbers`, j);
      a[i * n + j] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    if (Math.abs(a[i * n + i] - 1) > RECIPROCAL_TOL) throw inputError(`${who}: diagonal entry (${i}, ${i}) is ${a[i * n + i]}, must be 1`, i);
    for (let j = i + 1; j < n; j++) {
      const p = a[i * n + j] * a[j * n + i];
      if (Math.abs(p - 1) > RECIPROCAL_TOL) {
        throw inputError(
          `${who}: not reciprocal at ${pairName(i, j, labels)}: a_ij = ${a[i * n + j]}, a_ji = ${a[j * n + i]} (a_ij · a_ji must be 1 within ${RECIPROCAL_TOL})`,
          j,
        );
      }
    }
  }
  return a;
}

function resolveTable(n: number, table: RandomIndexTable | undefined, who: string): RandomIndexTable {
  const t = table ?? (n <= 10 ? 'saaty' : 'tummala-ling');
  if (!(t in RANDOM_INDEX)) throw inputError(`${who}: unknown random-index table ${JSON.stringify(t)} (saaty or tummala-ling)`);
  if (n > RANDOM_INDEX[t].length) throw inputError(`${who}: the ${t} random-index table stops at n = ${RANDOM_INDEX[t].length}, got n = ${n}`);
  return t;
}

/** Row sums of a·x. */
function multiply(a: Float64Array, x: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return y;
}

function normaliseInPlace(x: Float64Array): void {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  for (let i = 0; i < x.length; i++) x[i] /= s;
}

function maxDiff(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

/**
 * Perron eigenvector of a positive matrix, normalised to sum 1: repeated squaring of the matrix
 * (A^(2^k) e converges to it at rate (λ2/λ1)^(2^k)), then power iteration until successive
 * vectors differ by less than 1e-15.
 */
function perronVector(a: Float64Array, n: number): Float64Array {
  let M = Float64Array.from(a);
  let w = multiply(M, new Float64Array(n).fill(1), n);
  normaliseInPlace(w);
  for (let k = 0; k < 64; k++) {
    const S = new Float64Array(n * n);
    let big = 0;
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < n; l++) {
        const mil = M[i * n + l];
        for (let j = 0; j < n; j++) S[i * n + j] += mil * M[l * n + j];
      }
    }
    for (let t = 0; t < n * n; t++) big = Math.max(big, S[t]);
    for (let t = 0; t < n * n; t++) S[t] /= big;
    M = S;
    const next = multiply(M, new Float64Array(n).fill(1), n);
    normaliseInPlace(next);
    const done = maxDiff(next, w) < 1e-15;
    w = next;
    if (done) break;
  }
  for (let it = 0; it < 1000; it++) {
    const next = multiply(a, w, n);
    normaliseInPlace(next);
    const done = maxDiff(next, w) < 1e-15;
    w = next;
    if (done) break;
  }
  return w;
}

function finish(a: Float64Array, n: number, w: Float64Array, lambdaMax: number, variant: string, opts: AhpOptions, who: string): AhpResult {
  const riTable = resolveTable(n, opts.riTable, who);
  const ri = RANDOM_INDEX[riTable][n - 1];
  const ci = n > 2 ? (lambdaMax - n) / (n - 1) : 0;
  const cr = ri > 0 ? ci / ri : 0;
  const pairs: InconsistentPair[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const implied = w[i] / w[j];
      pairs.push({ i, j, judgement: a[i * n + j], implied, deviation: Math.abs(Math.log(a[i * n + j] / implied)) });
    }
  }
  pairs.sort((p, q) => q.deviation - p.deviation || p.i - q.i || p.j - q.j);
  const top = pairs.slice(0, 3);
  const consistent = cr <= CR_THRESHOLD;
  const warnings: string[] = [];
  if (!consistent) {
    const list = top
      .map((p) => `${pairName(p.i, p.j, opts.labels)}: judged ${+p.judgement.toPrecision(4)}, weights imply ${+p.implied.toPrecision(4)}`)
      .join('; ');
    warnings.push(
      `inconsistent judgements: CR = ${cr.toFixed(4)} > ${CR_THRESHOLD} (CI = ${ci.toFixed(5)}, RI = ${ri}, ${riTable} table); ` +
        `most inconsistent pairs (i, j): ${list}`,
    );
  }
  return { weights: Array.from(w), variant, warnings, lambdaMax, ci, cr, ri, riTable, consistent, inconsistentPairs: top };
}

/** AHP principal-eigenvector weights with λmax = Σ_i (A w)_i (Σ w = 1), CI and CR. */
export function ahpWeights(A: MatrixInput, opts: AhpOptions = {}): AhpResult {
  const who = 'ahpWeights';
  const a = checkPairwise(A, who, opts.labels);
  const n = A.length;
  resolveTable(n, opts.riTable, who);
  const w = perronVector(a, n);
  const aw = multiply(a, w, n);
  let lambdaMax = 0;
  for (let i = 0; i < n; i++) lambdaMax += aw[i];
  return finish(a, n, w, lambdaMax, 'ahp(method=eigenvector)', opts, who);
}

/**
 * AHP weights from the normalised row geometric means (an approximation of the eigenvector);
 * λmax is then estimated as mean_i (A w)_i / w_i.
 */
export function ahpGeometricMean(A: MatrixInput, opts: AhpOptions = {}): AhpResult {
  const who = 'ahpGeometricMean';
  const a = checkPairwise(A, who, opts.labels);
  const n = A.length;
  resolveTable(n, opts.riTable, who);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.log(a[i * n + j]);
    w[i] = Math.exp(s / n);
  }
  normaliseInPlace(w);
  const aw = multiply(a, w, n);
  let lambdaMax = 0;
  for (let i = 0; i < n; i++) lambdaMax += aw[i] / w[i];
  lambdaMax /= n;
  return finish(a, n, w, lambdaMax, 'ahp(method=geometric-mean)', opts, who);
}
