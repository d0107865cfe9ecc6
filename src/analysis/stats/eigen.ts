/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (rotations until the
 * off-diagonal part vanishes). Accurate to near machine precision, including for small
 * eigenvalues; O(n³) per sweep, intended for correlation matrices of a few dozen indicators.
 */
import { inputError, undefinedError } from './errors.js';
import type { MatrixInput } from './matrix.js';

export interface SymmetricEigen {
  /** Eigenvalues in decreasing order. */
  values: number[];
  /**
   * Unit eigenvectors, `vectors[k]` for `values[k]`. Sign convention: the components sum to a
   * positive number; when the sum is 0 (to 1e-12), the component of largest magnitude is positive.
   */
  vectors: number[][];
  /** Number of Jacobi sweeps used. */
  sweeps: number;
}

export interface EigenOptions {
  /** Maximum number of sweeps (default 100; convergence is quadratic, usually < 10). */
  maxSweeps?: number;
}

export function symmetricEigen(A: MatrixInput, opts: EigenOptions = {}): SymmetricEigen {
  const n = A.length;
  if (n === 0) throw inputError('symmetricEigen: empty matrix');
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== n) throw inputError(`symmetricEigen: row ${i} must have ${n} values (square matrix)`);
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (!Number.isFinite(v)) throw inputError(`symmetricEigen: entry (${i}, ${j}) is ${v}`);
      a[i * n + j] = v;
    }
  }
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(a[k]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j];
      const y = a[j * n + i];
      if (Math.abs(x - y) > 1e-10 * Math.max(1, scale)) throw inputError(`symmetricEigen: matrix is not symmetric at (${i}, ${j}): ${x} vs ${y}`);
      const s = (x + y) / 2;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  const maxSweeps = opts.maxSweeps ?? 100;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off === 0 || off <= 1e-32 * diag) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        let t = 1 / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta < 0) t = -t;
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        const h = t * apq;
        a[p * n + p] = app - h;
        a[q * n + q] = aqq + h;
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r !== p && r !== q) {
            const g = a[r * n + p];
            const hh = a[r * n + q];
            const rp = g - s * (hh + g * tau);
            const rq = hh + s * (g - hh * tau);
            a[r * n + p] = rp;
            a[p * n + r] = rp;
            a[r * n + q] = rq;
            a[q * n + r] = rq;
          }
          const g = v[r * n + p];
          const hh = v[r * n + q];
          v[r * n + p] = g - s * (hh + g * tau);
          v[r * n + q] = hh + s * (g - hh * tau);
        }
      }
    }
  }
  if (sweeps === maxSweeps) throw undefinedError(`symmetricEigen: no convergence after ${maxSweeps} Jacobi sweeps`);

  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const values = order.map((k) => a[k * n + k]);
  const vectors = order.map((k) => {
    const vec = new Array<number>(n);
    let sum = 0;
    let big = 0;
    for (let r = 0; r < n; r++) {
      vec[r] = v[r * n + k];
      sum += vec[r];
      if (Math.abs(vec[r]) > Math.abs(vec[big])) big = r;
    }
    const flip = Math.abs(sum) > 1e-12 ? sum < 0 : vec[big] < 0;
    return flip ? vec.map((x) => (x === 0 ? 0 : -x)) : vec;
  });
  return { values, vectors, sweeps };
}
