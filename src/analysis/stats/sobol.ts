/**
 * Variance-based sensitivity analysis as COINr `get_sensitivity(SA_type = "SA")` does it
 * (methods.md §2.10): the Saltelli design (runs A, B, AB_1 … AB_d, N(d + 2) in all) and COINr's
 * `SA_estimate` estimators with bootstrap quantiles:
 *   V    = var(c(yA, yB))                     sample variance of the 2N values (divisor 2N − 1)
 *   S_i  = mean(yB · (yAB_i − yA)) / V        first order (Saltelli 2010)
 *   ST_i = Σ (yA − yAB_i)² / (2 N V)          total order (Jansen)
 */
import { inputError } from './errors.js';
import { quantilesType7, variance } from './descriptive.js';
import { createRng, type Rng } from './rng.js';
import { SOBOL_MAX_DIM, SobolSequence } from './sobol-sequence.js';

export { createRng, type Rng } from './rng.js';

export type SaltelliSequence = 'pseudo-random' | 'sobol';

export interface SaltelliDesign {
  N: number;
  d: number;
  /** `pseudo-random` (COINr: plain uniform numbers) or `sobol(digital-shift)`. */
  sequence: string;
  A: number[][];
  B: number[][];
  /** AB[i]: A with column i taken from B (N rows each). */
  AB: number[][][];
  /** All N(d + 2) runs in COINr's order A, B, AB_1 … AB_d (the same row arrays as A, B, AB). */
  runs: number[][];
}

export interface SaltelliOptions {
  /**
   * `pseudo-random` (default, as COINr: an N × 2d matrix of uniform numbers filled column by
   * column, A = its first d columns, B = the last d) or `sobol` (the first N points of a 2d-dimensional
   * Sobol' sequence with a digital shift drawn from rng; d ≤ 20).
   */
  sequence?: SaltelliSequence;
}

/** Input design for Sobol' indices: points in [0, 1)^d, to be mapped onto the uncertain inputs by the caller. */
export function saltelliDesign(N: number, d: number, rng: Rng, opts: SaltelliOptions = {}): SaltelliDesign {
  if (!Number.isInteger(N) || N <= 2) throw inputError(`saltelliDesign: N must be an integer > 2, got ${N}`);
  if (!Number.isInteger(d) || d < 1) throw inputError(`saltelliDesign: d must be a positive integer, got ${d}`);
  const sequence = opts.sequence ?? 'pseudo-random';
  const base: number[][] = Array.from({ length: N }, () => new Array<number>(2 * d));
  if (sequence === 'pseudo-random') {
    for (let c = 0; c < 2 * d; c++) for (let r = 0; r < N; r++) base[r][c] = rng();
  } else if (sequence === 'sobol') {
    if (2 * d > SOBOL_MAX_DIM) throw inputError(`saltelliDesign: the Sobol' sequence supports d <= ${Math.floor(SOBOL_MAX_DIM / 2)}, got ${d}`);
    const seq = new SobolSequence(2 * d, { shift: 'digital', rng });
    for (let r = 0; r < N; r++) base[r] = seq.next();
  } else {
    throw inputError(`saltelliDesign: unknown sequence ${JSON.stringify(sequence)} (pseudo-random or sobol)`);
  }
  const A = base.map((row) => row.slice(0, d));
  const B = base.map((row) => row.slice(d));
  const AB: number[][][] = [];
  for (let i = 0; i < d; i++) {
    AB.push(
      A.map((row, r) => {
        const x = row.slice();
        x[i] = B[r][i];
        return x;
      }),
    );
  }
  const runs = [...A, ...B, ...AB.flat()];
  return { N, d, sequence: sequence === 'sobol' ? 'sobol(digital-shift)' : 'pseudo-random', A, B, AB, runs };
}

export interface SobolIndexOptions {
  /** Number of bootstrap resamples for the 5% / 95% quantiles (none when 0 or absent). */
  nboot?: number;
  /** Random numbers for the bootstrap (default createRng(1)). */
  rng?: Rng;
}

export interface SobolIndices {
  N: number;
  d: number;
  /** Output variance V (divisor 2N − 1). */
  variance: number;
  /** First-order indices S_i (may come out slightly negative from sampling error). */
  Si: number[];
  /** Total-order indices ST_i. */
  STi: number[];
  /** Bootstrap 5% / 95% quantiles (type 7), present when nboot > 0. */
  SiQ5?: number[];
  SiQ95?: number[];
  STiQ5?: number[];
  STiQ95?: number[];
  /** Number of NaN / infinite outputs among all N(d + 2) runs (failed runs); the indices computed from them are NaN, as in COINr. */
  nonFinite: number;
  estimator: string;
  warnings: string[];
}

/** COINr's `SA_estimate` on the outputs of the A, B and AB_i runs. */
export function sobolIndices(yA: ArrayLike<number>, yB: ArrayLike<number>, yAB: readonly ArrayLike<number>[], opts: SobolIndexOptions = {}): SobolIndices {
  const N = yA.length;
  const d = yAB.length;
  if (N < 2) throw inputError(`sobolIndices: need at least 2 runs in A, got ${N}`);
  if (yB.length !== N) throw inputError(`sobolIndices: yB has ${yB.length} values, yA has ${N}`);
  if (d < 1) throw inputError('sobolIndices: no AB_i outputs');
  yAB.forEach((y, i) => {
    if (y.length !== N) throw inputError(`sobolIndices: yAB[${i}] has ${y.length} values, expected ${N}`, i);
  });
  const a = Float64Array.from(yA);
  const b = Float64Array.from(yB);
  let nonFinite = 0;
  const count = (y: ArrayLike<number>): void => {
    for (let r = 0; r < y.length; r++) if (!Number.isFinite(y[r])) nonFinite++;
  };
  count(a);
  count(b);
  yAB.forEach(count);
  const ab = new Float64Array(2 * N);
  ab.set(a);
  ab.set(b, N);
  const V = variance(ab, 1);
  const warnings: string[] = [];
  if (nonFinite > 0)
    warnings.push(`${nonFinite} of ${N * (d + 2)} runs have no finite output (failed runs): every index computed from them is NaN, as in COINr`);
  else if (V === 0) warnings.push('the output does not vary over the A and B runs (variance 0): the indices are undefined (NaN)');

  const firstTerms: Float64Array[] = [];
  const totalTerms: Float64Array[] = [];
  const Si: number[] = [];
  const STi: number[] = [];
  for (let i = 0; i < d; i++) {
    const y = yAB[i];
    const f = new Float64Array(N);
    const t = new Float64Array(N);
    let sf = 0;
    let st = 0;
    for (let r = 0; r < N; r++) {
      f[r] = b[r] * (y[r] - a[r]);
      t[r] = a[r] - y[r];
      sf += f[r];
      st += t[r] * t[r];
    }
    firstTerms.push(f);
    totalTerms.push(t);
    Si.push(V > 0 ? sf / N / V : NaN);
    STi.push(V > 0 ? st / (2 * N * V) : NaN);
  }
  const out: SobolIndices = {
    N,
    d,
    variance: V,
    Si,
    STi,
    nonFinite,
    estimator: 'S_i = mean(yB(yAB_i - yA))/V, ST_i = sum((yA - yAB_i)^2)/(2NV), V = var(c(yA, yB)) (COINr SA_estimate)',
    warnings,
  };

  const nboot = opts.nboot ?? 0;
  if (!Number.isInteger(nboot) || nboot < 0) throw inputError(`sobolIndices: nboot must be a non-negative integer, got ${nboot}`);
  if (nboot > 0) {
    const rng = opts.rng ?? createRng(1);
    const probs = [0.05, 0.95];
    out.SiQ5 = [];
    out.SiQ95 = [];
    out.STiQ5 = [];
    out.STiQ95 = [];
    const bootS = new Float64Array(nboot);
    const bootT = new Float64Array(nboot);
    for (let i = 0; i < d; i++) {
      const f = firstTerms[i];
      const t = totalTerms[i];
      for (let k = 0; k < nboot; k++) {
        let sf = 0;
        for (let r = 0; r < N; r++) sf += f[Math.floor(rng() * N)];
        let st = 0;
        for (let r = 0; r < N; r++) {
          const x = t[Math.floor(rng() * N)];
          st += x * x;
        }
        bootS[k] = V > 0 ? sf / N / V : NaN;
        bootT[k] = V > 0 ? st / (2 * N * V) : NaN;
      }
      const [s5, s95] = quantilesType7(bootS, probs, { naRm: true });
      const [t5, t95] = quantilesType7(bootT, probs, { naRm: true });
      out.SiQ5.push(s5);
      out.SiQ95.push(s95);
      out.STiQ5.push(t5);
      out.STiQ95.push(t95);
    }
  }
  return out;
}

/** Same as sobolIndices on one output vector of length N(d + 2) in the order A, B, AB_1 … AB_d. */
export function sobolIndicesFromRuns(y: ArrayLike<number>, N: number, d: number, opts: SobolIndexOptions = {}): SobolIndices {
  if (y.length !== N * (d + 2)) throw inputError(`sobolIndicesFromRuns: expected N(d + 2) = ${N * (d + 2)} outputs, got ${y.length}`);
  const arr = Float64Array.from(y);
  const yAB = Array.from({ length: d }, (_, i) => arr.subarray((2 + i) * N, (3 + i) * N));
  return sobolIndices(arr.subarray(0, N), arr.subarray(N, 2 * N), yAB, opts);
}

/**
 * COINr `get_noisy_weights` for one level: w' = w + (2u − 1) · noiseFactor · w with u ~ U(0, 1)
 * drawn per weight, i.e. each weight moves by up to ±noiseFactor of its nominal value.
 */
export function noisyWeights(w: readonly number[], noiseFactor: number, rng: Rng): number[] {
  if (!(noiseFactor >= 0) || !Number.isFinite(noiseFactor)) throw inputError(`noisyWeights: noiseFactor must be a finite number >= 0, got ${noiseFactor}`);
  return w.map((x, j) => {
    if (!Number.isFinite(x)) throw inputError(`noisyWeights: weight index ${j} is ${x}`, j);
    return x + (rng() * 2 - 1) * noiseFactor * x;
  });
}
