/** Weighting methods: hand-computed cases, variants, and the error and warning paths. */
import { describe, expect, it } from 'vitest';
import { expectAnalysisError, expectClose } from './approx.js';
import { combineWeights, criticWeights, entropyWeights, equalWeights, merecWeights, pcaWeights, stdWeights } from '../../src/analysis/mcda/weights.js';
import { AnalysisError } from '../../src/analysis/stats/errors.js';
import { CityscoreError } from '../../src/errors.js';

const sum = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0);
const plogp = (ps: number[]): number => -ps.reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0);

/** 12 alternatives × 3 criteria, no zeros, not constant (enough rows to avoid the small-sample warning). */
const X12 = [
  [3, 10, 7],
  [5, 12, 1],
  [2, 9, 4],
  [8, 15, 6],
  [6, 11, 9],
  [1, 14, 2],
  [9, 13, 5],
  [4, 8, 8],
  [7, 16, 3],
  [3, 10, 10],
  [5, 7, 6],
  [6, 12, 4],
];

describe('equalWeights', () => {
  it('gives 1/n each', () => {
    expect(equalWeights(4)).toEqual({ weights: [0.25, 0.25, 0.25, 0.25], variant: 'equal', warnings: [] });
  });
  it('refuses n < 1', () => {
    expectAnalysisError(() => equalWeights(0), 'ANALYSIS_INPUT', /positive integer/);
  });
});

describe('entropyWeights', () => {
  // Column 0 holds a zero. By hand: p0 = (0, 1/3, 2/3), p1 = (1/4, 1/4, 1/2), m = 3.
  const Z = [
    [0, 1],
    [1, 1],
    [2, 2],
  ];
  const d1 = 1 - plogp([0.25, 0.25, 0.5]) / Math.log(3);

  it('plogp0: 0·ln 0 = 0', () => {
    const d0 = 1 - plogp([0, 1 / 3, 2 / 3]) / Math.log(3);
    const r = entropyWeights(Z);
    expect(r.variant).toBe('entropy(zeros=plogp0)');
    expectClose(r.weights[0], d0 / (d0 + d1), 1e-14, 'w0');
    expectClose(r.weights[1], d1 / (d0 + d1), 1e-14, 'w1');
  });

  it('any-zero: a column with a zero gets entropy 0 (divergence 1), with a warning naming it', () => {
    const r = entropyWeights(Z, { zeros: 'any-zero', labels: ['wifi', 'parks'] });
    expect(r.variant).toBe('entropy(zeros=any-zero)');
    expectClose(r.weights[0], 1 / (1 + d1), 1e-14, 'w0');
    expect(r.warnings.some((w) => /criterion index 0 \("wifi"\) contains a 0/.test(w))).toBe(true);
  });

  it('warns under 10 alternatives and stays quiet from 10 on', () => {
    expect(entropyWeights(Z).warnings.join('\n')).toMatch(/fewer than 10 alternatives \(rule: warn when m < 10\)/);
    expect(entropyWeights(X12).warnings).toEqual([]);
    expectClose(sum(entropyWeights(X12).weights), 1, 1e-15, 'sum');
  });

  it('gives a constant column weight 0 with a warning', () => {
    const r = entropyWeights(X12.map((row) => [row[0], 5]));
    expect(r.weights[1]).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/criterion index 1 is constant/);
  });

  it('refuses negative values, all-zero columns, all-constant data and a single row', () => {
    const e = expectAnalysisError(
      () =>
        entropyWeights([
          [1, 2],
          [3, -1],
        ]),
      'ANALYSIS_INPUT',
      /criterion index 1/,
      /negative/,
    );
    expect(e.index).toBe(1);
    expect(e).toBeInstanceOf(CityscoreError);
    expect(e.exitCode).toBe(2);
    expectAnalysisError(
      () =>
        entropyWeights([
          [1, 0],
          [3, 0],
        ]),
      'ANALYSIS_UNDEFINED',
      /criterion index 1 is all zeros/,
    );
    expectAnalysisError(
      () =>
        entropyWeights([
          [1, 2],
          [1, 2],
        ]),
      'ANALYSIS_UNDEFINED',
      /every criterion has maximal entropy/,
    );
    expectAnalysisError(() => entropyWeights([[1, 2]]), 'ANALYSIS_INPUT', /at least 2 alternative/);
    expectAnalysisError(() => entropyWeights([[1, 2]], { zeros: 'nope' as 'plogp0' }), 'ANALYSIS_INPUT', /unknown zero handling/);
  });

  it('refuses ragged and non-finite matrices', () => {
    expectAnalysisError(() => entropyWeights([[1, 2], [3]]), 'ANALYSIS_INPUT', /row 1 has 1 values, expected 2/);
    expectAnalysisError(
      () =>
        entropyWeights([
          [1, NaN],
          [3, 4],
        ]),
      'ANALYSIS_INPUT',
      /row 0, criterion index 1 is NaN/,
    );
  });
});

describe('criticWeights', () => {
  it('matches the formula on a 3 × 2 case computed by hand', () => {
    // r = min-max columns: c0 = (0, 0.5, 1), c1 = (1, 0, 0.5) → ρ = −0.5; σ0 = σ1 = 0.5 (ddof 1);
    // C0 = C1 = 0.5 · (1 − (−0.5)) = 0.75 → equal weights.
    const r = criticWeights([
      [1, 30],
      [2, 10],
      [3, 20],
    ]);
    expect(r.variant).toBe('critic');
    expectClose(r.weights[0], 0.5, 1e-15, 'w0');
    expect(r.warnings.join()).toMatch(/fewer than 10 alternatives/);
  });

  it('refuses a constant column, naming it', () => {
    const e = expectAnalysisError(
      () =>
        criticWeights(
          X12.map((r) => [r[0], 4, r[2]]),
          { labels: ['a', 'b', 'c'] },
        ),
      'ANALYSIS_UNDEFINED',
      /criterion index 1 \("b"\) is constant/,
      /divides by zero/,
    );
    expect(e.index).toBe(1);
  });

  it('refuses perfectly correlated criteria (C = 0 everywhere)', () => {
    expectAnalysisError(() => criticWeights(X12.map((r) => [r[0], 2 * r[0] + 1])), 'ANALYSIS_UNDEFINED', /perfectly correlated/);
  });
});

describe('stdWeights', () => {
  it('matches sd_j / Σ sd', () => {
    // sd(1, 2, 3) = 1, sd(2, 4, 6) = 2.
    const r = stdWeights([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(r.variant).toBe('std(ddof=1)');
    expectClose(r.weights[0], 1 / 3, 1e-15, 'w0');
    expectClose(r.weights[1], 2 / 3, 1e-15, 'w1');
  });
  it('gives a constant column weight 0 with a warning; refuses all-constant data', () => {
    const r = stdWeights(X12.map((row) => [row[0], 7]));
    expect(r.weights).toEqual([1, 0]);
    expect(r.warnings.join()).toMatch(/criterion index 1 is constant: weight 0/);
    expectAnalysisError(
      () =>
        stdWeights([
          [1, 7],
          [1, 7],
        ]),
      'ANALYSIS_UNDEFINED',
      /every criterion is constant/,
    );
  });
});

describe('merecWeights', () => {
  it('matches the formula on a 2 × 2 case computed by hand', () => {
    // Benefit c0 (2, 4): u = (1, 0.5). Cost c1 (1, 2): u = (0.5, 1). n = 2.
    const L = Math.log(2);
    const S = [Math.log(1 + L / 2), Math.log(1 + L / 2)];
    const E0 = Math.abs(Math.log(1 + L / 2) - S[0]) + Math.abs(Math.log(1) - S[1]);
    const E1 = Math.abs(Math.log(1) - S[0]) + Math.abs(Math.log(1 + L / 2) - S[1]);
    const r = merecWeights(
      [
        [2, 1],
        [4, 2],
      ],
      [1, -1],
    );
    expect(r.variant).toBe('merec');
    expectClose(r.weights[0], E0 / (E0 + E1), 1e-15, 'w0');
  });
  it('refuses non-positive values naming the column, and bad types', () => {
    const e = expectAnalysisError(
      () =>
        merecWeights(
          [
            [1, 2],
            [3, 0],
          ],
          [1, 1],
        ),
      'ANALYSIS_INPUT',
      /criterion index 1 has a non-positive value \(0 in row 1\)/,
    );
    expect(e.index).toBe(1);
    expectAnalysisError(
      () =>
        merecWeights(
          [
            [1, 2],
            [3, -4],
          ],
          [1, 1],
        ),
      'ANALYSIS_INPUT',
      /criterion index 1/,
    );
    expectAnalysisError(
      () =>
        merecWeights(
          [
            [1, 2],
            [3, 4],
          ],
          [1],
        ),
      'ANALYSIS_INPUT',
      /expected 2 criterion types/,
    );
    expectAnalysisError(
      () =>
        merecWeights(
          [
            [1, 2],
            [3, 4],
          ],
          [1, 0],
        ),
      'ANALYSIS_INPUT',
      /type of criterion index 1 is 0/,
    );
  });
});

describe('combineWeights', () => {
  it('mixes the normalised vectors and renormalises', () => {
    const r = combineWeights([2, 1, 1], [0.2, 0.3, 0.5], 0.5);
    expect(r.variant).toBe('combined(alpha=0.5)');
    [0.35, 0.275, 0.375].forEach((v, j) => expectClose(r.weights[j], v, 1e-15, `w${j}`));
    expect(combineWeights([1, 3], [3, 1], 1).weights).toEqual([0.25, 0.75]);
    expect(combineWeights([1, 3], [3, 1], 0).weights).toEqual([0.75, 0.25]);
  });
  it('refuses bad alpha, lengths and weights', () => {
    expectAnalysisError(() => combineWeights([1], [1], 1.5), 'ANALYSIS_INPUT', /alpha must be in \[0, 1\]/);
    expectAnalysisError(() => combineWeights([1, 2], [1], 0.5), 'ANALYSIS_INPUT', /same non-zero length/);
    expectAnalysisError(() => combineWeights([1, -2], [1, 1], 0.5), 'ANALYSIS_INPUT', /subjective weight of criterion index 1/);
    expectAnalysisError(() => combineWeights([0, 0], [1, 1], 0.5), 'ANALYSIS_INPUT', /subjective weights sum to 0/);
  });
});

describe('pcaWeights', () => {
  it('two criteria: loadings (1, ±1)/√2 and share (1 + |r|)/2', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 1, 4, 3, 6, 5];
    // r(a, b) = 29/35 by hand (Σdadb = 14.5, Σda² = Σdb² = 17.5).
    const r = pcaWeights(a.map((x, i) => [x, b[i]]));
    expect(r.variant).toBe('pca(first-component loadings)');
    expectClose(r.loadings[0], Math.SQRT1_2, 1e-12, 'l0');
    expectClose(r.loadings[1], Math.SQRT1_2, 1e-12, 'l1');
    expectClose(r.varianceShare, (1 + 29 / 35) / 2, 1e-12, 'share');
    expect(r.weights).toEqual(r.loadings);
    expect(r.flags).toEqual({ negativeLoadings: false, lowVariance: false, multipleComponents: false });
    expect(r.warnings).toEqual([]);
  });

  it('flags negative loadings (not rescaled, as COINr) and low explained variance', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    const b = [3, 1, 2, 1, 5, 4, 2, 3];
    const c = [8, 6, 7, 5, 3, 4, 1, 2];
    const r = pcaWeights(a.map((x, i) => [x, b[i], c[i]]));
    expect(r.loadings.some((x) => x < 0)).toBe(true);
    expect(r.flags.negativeLoadings).toBe(true);
    expect(r.warnings.join()).toMatch(/negative first-component loadings/);
    expectClose(sum(r.loadings.map((x) => x * x)), 1, 1e-12, 'unit norm');
    expectClose(sum(r.eigenvalues), 3, 1e-12, 'eigenvalues sum to n');
    const strict = pcaWeights(
      a.map((x, i) => [x, b[i], c[i]]),
      { minVarianceShare: 0.99 },
    );
    expect(strict.flags.lowVariance).toBe(true);
    expect(strict.warnings.join()).toMatch(/explains .*% of the variance, less than 99%/);
  });

  it('uses complete cases only, with a warning, and warns under 2 rows per criterion', () => {
    const X = [
      [1, 2],
      [2, NaN],
      [3, 5],
      [4, 3],
      [5, 6],
    ];
    const r = pcaWeights(X);
    expect(r.rowsUsed).toBe(4);
    expect(r.rowsDropped).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/1 of 5 rows have missing values and were dropped/);
    const small = pcaWeights([
      [1, 2, 1],
      [2, 1, 3],
      [3, 5, 2],
      [4, 3, 5],
    ]);
    expect(small.warnings.join('\n')).toMatch(/fewer than 2 rows per criterion \(rule: warn when m < 2n = 6\)/);
  });

  it('refuses a constant column, a singular correlation matrix and a non-unique first component', () => {
    const e = expectAnalysisError(
      () =>
        pcaWeights([
          [1, 5],
          [2, 5],
          [3, 5],
        ]),
      'ANALYSIS_UNDEFINED',
      /criterion index 1 is constant/,
    );
    expect(e.index).toBe(1);
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 1, 4, 3, 6, 5];
    const s = expectAnalysisError(
      () => pcaWeights(a.map((x, i) => [x, b[i], x + 2 * b[i]])),
      'ANALYSIS_UNDEFINED',
      /correlation matrix is singular/,
      /criterion index 2/,
      /criterion index 0/,
      /criterion index 1/,
    );
    expect(s).toBeInstanceOf(AnalysisError);
    // Uncorrelated columns: eigenvalues 1, 1.
    expectAnalysisError(
      () =>
        pcaWeights([
          [1, 1],
          [-1, 1],
          [1, -1],
          [-1, -1],
        ]),
      'ANALYSIS_UNDEFINED',
      /not unique/,
    );
    expectAnalysisError(
      () =>
        pcaWeights([
          [1, 2],
          [2, NaN],
          [NaN, 1],
        ]),
      'ANALYSIS_UNDEFINED',
      /1 complete row/,
    );
  });
});
