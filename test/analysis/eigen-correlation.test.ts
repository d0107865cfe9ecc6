/** Jacobi eigen-solver, correlation/covariance matrices and Cronbach's alpha. */
import { describe, expect, it } from 'vitest';
import { expectAnalysisError, expectClose } from './approx.js';
import { symmetricEigen } from '../../src/analysis/stats/eigen.js';
import { correlationMatrix, covarianceMatrix, cronbachAlpha } from '../../src/analysis/stats/correlation.js';
import { createRng } from '../../src/analysis/stats/rng.js';

describe('symmetricEigen (Jacobi)', () => {
  it('2 × 2 by hand: [[2, 1], [1, 2]] has eigenvalues 3 and 1', () => {
    const e = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expectClose(e.values[0], 3, 1e-15, 'λ1');
    expectClose(e.values[1], 1, 1e-15, 'λ2');
    e.vectors[0].forEach((x) => expectClose(x, Math.SQRT1_2, 1e-15, 'v1'));
    // Second vector sums to 0: sign chosen so its largest-magnitude (first) component is positive.
    expectClose(e.vectors[1][0], Math.SQRT1_2, 1e-15, 'v2[0]');
    expectClose(e.vectors[1][1], -Math.SQRT1_2, 1e-15, 'v2[1]');
  });

  it('random 8 × 8 symmetric matrices: A v = λ v, orthonormal vectors, trace preserved', () => {
    const rng = createRng(8);
    for (let rep = 0; rep < 10; rep++) {
      const n = 8;
      const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i][j] = A[j][i] = rng() * 4 - 2;
      const e = symmetricEigen(A);
      for (let k = 0; k < n; k++) {
        const v = e.vectors[k];
        for (let i = 0; i < n; i++) {
          const av = A[i].reduce((s, a, j) => s + a * v[j], 0);
          expectClose(av, e.values[k] * v[i], 1e-12, `rep ${rep}, (Av)_${i} for λ${k}`);
        }
        for (let l = 0; l < n; l++) {
          const dot = v.reduce((s, x, i) => s + x * e.vectors[l][i], 0);
          expectClose(dot, k === l ? 1 : 0, 1e-12, `v${k}·v${l}`);
        }
        if (k > 0) expect(e.values[k]).toBeLessThanOrEqual(e.values[k - 1]);
      }
      expectClose(
        e.values.reduce((s, x) => s + x, 0),
        A.reduce((s, row, i) => s + row[i], 0),
        1e-12,
        'trace',
      );
    }
  });

  it('refuses non-square, non-symmetric and non-finite input', () => {
    expectAnalysisError(() => symmetricEigen([[1, 2]]), 'ANALYSIS_INPUT', /square/);
    expectAnalysisError(
      () =>
        symmetricEigen([
          [1, 2],
          [3, 1],
        ]),
      'ANALYSIS_INPUT',
      /not symmetric at \(0, 1\)/,
    );
    expectAnalysisError(() => symmetricEigen([[NaN]]), 'ANALYSIS_INPUT', /is NaN/);
  });
});

// Values from numpy 2.4 / scipy 1.17 on this matrix: np.corrcoef, spearmanr, kendalltau, np.cov.
const X = [
  [1, 2, 9],
  [2, 1, 7],
  [3, 5, 8],
  [4, 3, 3],
  [5, 6, 4],
  [6, 5, 1],
];

describe('correlationMatrix and covarianceMatrix', () => {
  it('Pearson, Spearman and Kendall match numpy / scipy', () => {
    const p = correlationMatrix(X);
    expectClose(p[0][1], 0.7611243951073873, 1e-14, 'r01');
    expectClose(p[0][2], -0.9189132409545225, 1e-14, 'r02');
    expectClose(p[2][1], -0.4641128586595714, 1e-14, 'r21');
    expect([p[0][0], p[1][1], p[2][2]]).toEqual([1, 1, 1]);
    const s = correlationMatrix(X, { method: 'spearman' });
    expectClose(s[0][1], 0.753702346348183, 1e-14, 'rho01');
    expectClose(s[0][2], -0.8857142857142858, 1e-14, 'rho02');
    expectClose(correlationMatrix(X, { method: 'kendall' })[0][2], -0.7333333333333333, 1e-14, 'tau02');
    const c = covarianceMatrix(X);
    expectClose(c[0][0], 3.5, 1e-14, 'c00');
    expectClose(c[1][2], -2.8666666666666667, 1e-14, 'c12');
  });

  it('missing values: pairwise (default), complete.obs and everything as R', () => {
    const Y = [
      [1, 2, NaN],
      [2, 1, 7],
      [3, 5, 8],
      [4, 3, 3],
      [NaN, 6, 4],
    ];
    const pairwise = correlationMatrix(Y);
    // Pair (0, 1) uses rows 0–3, pair (0, 2) rows 1–3.
    expectClose(
      pairwise[0][1],
      correlationMatrix([
        [1, 2],
        [2, 1],
        [3, 5],
        [4, 3],
      ])[0][1],
      1e-15,
      'pairwise r01',
    );
    expectClose(
      pairwise[0][2],
      correlationMatrix([
        [2, 7],
        [3, 8],
        [4, 3],
      ])[0][1],
      1e-15,
      'pairwise r02',
    );
    const complete = correlationMatrix(Y, { use: 'complete.obs' });
    expectClose(
      complete[0][1],
      correlationMatrix([
        [2, 1],
        [3, 5],
        [4, 3],
      ])[0][1],
      1e-15,
      'complete r01',
    );
    expect(correlationMatrix(Y, { use: 'everything' })[0][1]).toBeNaN();
    expectAnalysisError(
      () =>
        correlationMatrix(
          [
            [1, NaN],
            [NaN, 2],
          ],
          { use: 'complete.obs' },
        ),
      'ANALYSIS_UNDEFINED',
      /no complete rows/,
    );
  });

  it('a constant column gives NaN (R: NA), including its diagonal', () => {
    const r = correlationMatrix([
      [1, 5],
      [2, 5],
      [3, 5],
    ]);
    expect(r[0][1]).toBeNaN();
    expect(r[1][1]).toBeNaN();
    expect(r[0][0]).toBe(1);
  });
});

describe('cronbachAlpha', () => {
  it('two items by hand: k/(k − 1)(1 − Σvar/var(total)) = 18/19', () => {
    // var(1, 2, 3) = 1, var(2, 3, 5) = 7/3, var(3, 5, 8) = 19/3 → 2(1 − (10/3)/(19/3)) = 18/19.
    expectClose(
      cronbachAlpha([
        [1, 2],
        [2, 3],
        [3, 5],
      ]),
      18 / 19,
      1e-15,
      'alpha',
    );
  });
  it('matches the standard formula on a 3-item case (numpy: −2.603174603174603)', () => {
    expectClose(cronbachAlpha(X), -2.603174603174603, 1e-13, 'alpha');
  });
  it('refuses fewer than 2 items and a constant total', () => {
    expectAnalysisError(() => cronbachAlpha([[1], [2]]), 'ANALYSIS_INPUT', /at least 2 columns/);
    expectAnalysisError(
      () =>
        cronbachAlpha([
          [1, 1],
          [1, 1],
        ]),
      'ANALYSIS_UNDEFINED',
      /variance of the total score/,
    );
  });
});
