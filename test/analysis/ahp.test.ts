/** AHP: consistent matrices computed by hand, random-index tables, validation, geometric mean. */
import { describe, expect, it } from 'vitest';
import { expectAnalysisError, expectClose } from './approx.js';
import { ahpGeometricMean, ahpWeights, RANDOM_INDEX } from '../../src/analysis/mcda/ahp.js';

/** a_ij = w_i / w_j: perfectly consistent. */
function consistent(w: number[]): number[][] {
  return w.map((wi) => w.map((wj) => wi / wj));
}

describe('ahpWeights (eigenvector)', () => {
  it('recovers the weights of a consistent matrix, λmax = n, CI = CR = 0, no warning', () => {
    const w = [0.5, 0.3, 0.2];
    const r = ahpWeights(consistent(w));
    expect(r.variant).toBe('ahp(method=eigenvector)');
    w.forEach((x, j) => expectClose(r.weights[j], x, 1e-15, `w${j}`));
    expectClose(r.lambdaMax, 3, 1e-14, 'lambdaMax');
    expectClose(r.ci, 0, 1e-14, 'CI');
    expectClose(r.cr, 0, 1e-13, 'CR');
    expect(r.consistent).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.riTable).toBe('saaty');
    expect(r.ri).toBe(0.58);
  });

  it('3 × 3 inconsistent matrix: eigenvector satisfies A w = λ w to 1e-14', () => {
    const A = [
      [1, 2, 8],
      [1 / 2, 1, 2],
      [1 / 8, 1 / 2, 1],
    ];
    const r = ahpWeights(A);
    const Aw = A.map((row) => row.reduce((s, a, j) => s + a * r.weights[j], 0));
    Aw.forEach((v, i) => expectClose(v, r.lambdaMax * r.weights[i], 1e-14, `(Aw)_${i}`));
    expectClose(r.ci, (r.lambdaMax - 3) / 2, 1e-15, 'CI');
    expectClose(r.cr, r.ci / 0.58, 1e-15, 'CR');
  });

  it('n ≤ 2: CR = 0 (RI = 0)', () => {
    expect(ahpWeights([[1]]).weights).toEqual([1]);
    const r = ahpWeights([
      [1, 3],
      [1 / 3, 1],
    ]);
    expectClose(r.weights[0], 0.75, 1e-15, 'w0');
    expect(r.cr).toBe(0);
    expect(r.ci).toBe(0);
  });

  it('default table: Saaty to n = 10, Tummala–Ling for 11–15; refuses Saaty above 10 and n > 15', () => {
    const w10 = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(ahpWeights(consistent(w10)).riTable).toBe('saaty');
    expect(ahpWeights(consistent(w10)).ri).toBe(RANDOM_INDEX.saaty[9]);
    const w11 = Array.from({ length: 11 }, (_, i) => i + 1);
    const r11 = ahpWeights(consistent(w11));
    expect(r11.riTable).toBe('tummala-ling');
    expect(r11.ri).toBe(1.5117);
    r11.weights.forEach((x, j) => expectClose(x, (j + 1) / 66, 1e-14, `w${j}`));
    expect(ahpWeights(consistent(Array.from({ length: 15 }, (_, i) => i + 1))).ri).toBe(1.5831);
    expectAnalysisError(() => ahpWeights(consistent(w11), { riTable: 'saaty' }), 'ANALYSIS_INPUT', /saaty random-index table stops at n = 10/);
    expectAnalysisError(() => ahpWeights(consistent(Array.from({ length: 16 }, (_, i) => i + 1))), 'ANALYSIS_INPUT', /limited to 15/);
  });

  it('validates the matrix: square, positive, unit diagonal, reciprocal within 1e-6', () => {
    expectAnalysisError(() => ahpWeights([[1, 2]]), 'ANALYSIS_INPUT', /square/);
    expectAnalysisError(
      () =>
        ahpWeights([
          [1, 0],
          [1, 1],
        ]),
      'ANALYSIS_INPUT',
      /\(0, 1\) is 0; judgements must be positive/,
    );
    expectAnalysisError(
      () =>
        ahpWeights([
          [2, 1],
          [1, 1],
        ]),
      'ANALYSIS_INPUT',
      /diagonal entry \(0, 0\)/,
    );
    const e = expectAnalysisError(
      () =>
        ahpWeights(
          [
            [1, 3, 2],
            [1 / 3, 1, 4],
            [1 / 2, 1 / 3, 1],
          ],
          { labels: ['safety', 'wifi', 'parks'] },
        ),
      'ANALYSIS_INPUT',
      /not reciprocal at \(1, 2\) "wifi" vs "parks"/,
    );
    expect(e.index).toBe(2);
    // Rounded judgements (0.333 for 1/3) are off by 1e-3 and refused; 1e-7 is accepted.
    expectAnalysisError(
      () =>
        ahpWeights([
          [1, 3],
          [0.333, 1],
        ]),
      'ANALYSIS_INPUT',
      /not reciprocal/,
    );
    expect(() =>
      ahpWeights([
        [1, 3],
        [1 / 3 + 1e-7, 1],
      ]),
    ).not.toThrow();
  });
});

describe('ahpGeometricMean', () => {
  it('is the normalised row geometric mean, a named variant differing from the eigenvector for n = 4', () => {
    const A = [
      [1, 2, 8, 3],
      [1 / 2, 1, 2, 5],
      [1 / 8, 1 / 2, 1, 1 / 4],
      [1 / 3, 1 / 5, 4, 1],
    ];
    const g = A.map((row) => Math.pow(row[0] * row[1] * row[2] * row[3], 1 / 4));
    const s = g.reduce((a, b) => a + b, 0);
    const r = ahpGeometricMean(A);
    expect(r.variant).toBe('ahp(method=geometric-mean)');
    g.forEach((x, j) => expectClose(r.weights[j], x / s, 1e-15, `w${j}`));
    // λmax estimated as mean_i (A w)_i / w_i.
    const lam = A.reduce((acc, row, i) => acc + row.reduce((t, a, j) => t + a * r.weights[j], 0) / r.weights[i], 0) / 4;
    expectClose(r.lambdaMax, lam, 1e-14, 'lambdaMax');
    expect(Math.abs(r.weights[0] - ahpWeights(A).weights[0])).toBeGreaterThan(1e-3);
  });

  it('coincides with the eigenvector for n = 3 (a known identity)', () => {
    const A = [
      [1, 2, 8],
      [1 / 2, 1, 2],
      [1 / 8, 1 / 2, 1],
    ];
    const e = ahpWeights(A).weights;
    ahpGeometricMean(A).weights.forEach((x, j) => expectClose(x, e[j], 1e-14, `w${j}`));
  });

  it('equals the eigenvector on a consistent matrix', () => {
    const r = ahpGeometricMean(consistent([0.1, 0.6, 0.3]));
    [0.1, 0.6, 0.3].forEach((x, j) => expectClose(r.weights[j], x, 1e-15, `w${j}`));
  });
});
