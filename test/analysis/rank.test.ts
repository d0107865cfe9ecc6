/** Ranks, rank correlations and descriptive statistics: hand-computed and textbook cases. */
import { describe, expect, it } from 'vitest';
import { expectAnalysisError, expectClose } from './approx.js';
import {
  averageRank,
  competitionRank,
  kendallTauB,
  mean,
  median,
  pearson,
  quantilesType7,
  quantileType7,
  sd,
  spearmanRho,
  variance,
} from '../../src/analysis/stats/rank.js';
import { createRng } from '../../src/analysis/stats/rng.js';

/** Kendall's tau-b straight from its definition, O(n²), as an independent check. */
function tauBruteForce(a: number[], b: number[]): number {
  let nc = 0;
  let nd = 0;
  let ta = 0;
  let tb = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      if (s > 0) nc++;
      else if (s < 0) nd++;
      if (a[i] === a[j]) ta++;
      if (b[i] === b[j]) tb++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  return (nc - nd) / Math.sqrt((n0 - ta) * (n0 - tb));
}

describe('competitionRank', () => {
  it('gives 1224 ranks, best first', () => {
    expect(competitionRank([10, 20, 20, 5])).toEqual([3, 1, 1, 4]);
    expect(competitionRank([10, 20, 20, 5], false)).toEqual([2, 3, 3, 1]);
    expect(competitionRank([1, 1, 1])).toEqual([1, 1, 1]);
    expect(competitionRank([])).toEqual([]);
  });
  it('keeps NaN as NaN and does not count it', () => {
    expect(competitionRank([NaN, 5, 7, NaN, 5])).toEqual([NaN, 2, 1, NaN, 2]);
  });
  it('accepts typed arrays and ±Infinity', () => {
    expect(competitionRank(Float64Array.from([Infinity, 0, -Infinity]))).toEqual([1, 2, 3]);
  });
});

describe('averageRank', () => {
  it('gives tied values the mean of their ranks (R rank(), ascending when higherIsBetter = false)', () => {
    expect(averageRank([10, 20, 20, 5])).toEqual([3, 1.5, 1.5, 4]);
    // R: rank(c(10, 20, 20, 5)) = 2 3.5 3.5 1
    expect(averageRank([10, 20, 20, 5], false)).toEqual([2, 3.5, 3.5, 1]);
    expect(averageRank([7, 7, 7])).toEqual([2, 2, 2]);
    expect(averageRank([NaN, 1, 2])).toEqual([NaN, 2, 1]);
  });
});

describe('spearmanRho', () => {
  it('Wikipedia example (IQ vs hours of TV, no ties): ρ = −29/165', () => {
    // https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient, "Example".
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expectClose(spearmanRho(iq, tv), -29 / 165, 1e-15, 'rho');
  });
  it('with ties: Pearson on average ranks, by hand 3/√10', () => {
    // ranks (1, 2.5, 2.5, 4) and (1, 2, 3, 4): Σdadb = 4.5, Σda² = 4.5, Σdb² = 5.
    expectClose(spearmanRho([1, 2, 2, 3], [1, 2, 3, 4]), 3 / Math.sqrt(10), 1e-15, 'rho');
  });
  it('scipy.stats.spearmanr value for a tied case', () => {
    const a = [12, 2, 1, 12, 2, 7, 5, 5, 9, 3];
    const b = [1, 4, 7, 1, 0, 3, 3, 8, 2, 6];
    // scipy 1.17 spearmanr(a, b).statistic = -0.47077145927845465
    expectClose(spearmanRho(a, b), -0.47077145927845465, 1e-14, 'rho');
  });
  it('NaN for NaN input or a constant vector; refuses different lengths', () => {
    expect(spearmanRho([1, NaN, 3], [1, 2, 3])).toBeNaN();
    expect(spearmanRho([1, 1, 1], [1, 2, 3])).toBeNaN();
    expectAnalysisError(() => spearmanRho([1, 2], [1, 2, 3]), 'ANALYSIS_INPUT', /different lengths/);
  });
});

describe('kendallTauB', () => {
  it('no ties, by hand: 7 concordant, 3 discordant → 0.4', () => {
    expectClose(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 0.4, 1e-15, 'tau');
  });
  it('ties in one vector, by hand: n_c = 5, n_d = 0, n1 = 1 → 5/√30', () => {
    expectClose(kendallTauB([1, 2, 2, 3], [1, 2, 3, 4]), 5 / Math.sqrt(30), 1e-15, 'tau');
  });
  it('ties in both vectors: scipy.stats.kendalltau value', () => {
    const a = [12, 2, 1, 12, 2, 7, 5, 5, 9, 3];
    const b = [1, 4, 7, 1, 0, 3, 3, 8, 2, 6];
    // scipy 1.17 kendalltau(a, b).statistic (tau-b) = -0.4470897650682611
    expectClose(kendallTauB(a, b), -0.4470897650682611, 1e-14, 'tau');
  });
  it('agrees with the O(n²) definition on random data with many ties', () => {
    const rng = createRng(7);
    for (let rep = 0; rep < 40; rep++) {
      const n = 2 + Math.floor(rng() * 150);
      const levels = 1 + Math.floor(rng() * 12);
      const a = Array.from({ length: n }, () => Math.floor(rng() * levels));
      const b = a.map((x) => (rng() < 0.5 ? x : Math.floor(rng() * levels)));
      const brute = tauBruteForce(a, b);
      const fast = kendallTauB(a, b);
      if (Number.isNaN(brute)) expect(fast).toBeNaN();
      else expectClose(fast, brute, 1e-12, `rep ${rep} (n = ${n})`);
    }
  });
  it('±1 for identical and reversed orderings; NaN for constant or NaN input', () => {
    expect(kendallTauB([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(kendallTauB([1, 2, 3], [30, 20, 10])).toBe(-1);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTauB([1, NaN, 3], [1, 2, 3])).toBeNaN();
  });
});

describe('mean, variance, sd, pearson', () => {
  it('hand-computed values', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5);
    expect(variance(x)).toBe(32 / 7);
    expect(sd(x, 0)).toBe(2);
    expectClose(sd(x), Math.sqrt(32 / 7), 1e-15, 'sd');
    // Σdadb = 5, Σda² = 2, Σdb² = 114/9.
    expectClose(pearson([1, 2, 3], [2, 4, 7]), 5 / Math.sqrt(2 * (114 / 9)), 1e-15, 'r');
  });
  it('NaN propagates (R na.rm = FALSE); degenerate inputs give NaN', () => {
    expect(mean([1, NaN])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(sd([1])).toBeNaN();
    expect(pearson([1, 1], [1, 2])).toBeNaN();
  });
});

describe('quantileType7 and median', () => {
  const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
  it("R's quantile(1:10, c(0.05, 0.95)) = 1.45, 9.55", () => {
    expectClose(quantileType7(oneToTen, 0.05), 1.45, 1e-12, 'q05');
    expectClose(quantileType7(oneToTen, 0.95), 9.55, 1e-12, 'q95');
    const shuffled = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];
    expectClose(quantileType7(shuffled, 0.05), 1.45, 1e-12, 'q05 unsorted');
    expect(quantileType7(shuffled, 0)).toBe(1);
    expect(quantileType7(shuffled, 1)).toBe(10);
  });
  it('numpy.quantile (linear = type 7) on an unsorted vector with ties', () => {
    // numpy 2.4: quantile([3.1, -2, 7, 7, 0.5], [0.1, 0.33, 0.5, 0.9]) = [-1, 1.332, 3.1, 7]
    const q = quantilesType7([3.1, -2, 7, 7, 0.5], [0.1, 0.33, 0.5, 0.9]);
    [-1, 1.332, 3.1, 7].forEach((v, i) => expectClose(q[i], v, 1e-12, `q${i}`));
  });
  it('median of odd and even lengths', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('refuses NaN unless naRm, and probabilities outside [0, 1]', () => {
    expectAnalysisError(() => quantileType7([1, NaN, 3], 0.5), 'ANALYSIS_INPUT', /1 missing value/);
    expect(quantileType7([1, NaN, 3], 0.5, { naRm: true })).toBe(2);
    expect(median([NaN, 4, 1], { naRm: true })).toBe(2.5);
    expectAnalysisError(() => quantileType7([1, 2], 1.2), 'ANALYSIS_INPUT', /outside \[0, 1\]/);
  });
});

// Speed is measured by `npm run bench` (sensitivity), not here: this checks that the fast
// O(n log n) tau-b agrees with the definition on large inputs with many ties.
describe('kendallTauB on large inputs with ties', () => {
  it('equals the O(n²) definition on 1,500 values rounded to create ties', () => {
    const rng = createRng(3);
    const x = Array.from({ length: 1500 }, () => Math.round(rng() * 40));
    const y = x.map((v) => Math.round(v + 15 * rng()));
    let concordant = 0;
    let discordant = 0;
    let tx = 0;
    let ty = 0;
    for (let i = 0; i < x.length; i++) {
      for (let j = i + 1; j < x.length; j++) {
        const a = Math.sign(x[i] - x[j]);
        const b = Math.sign(y[i] - y[j]);
        if (a === 0 && b === 0) continue;
        if (a === 0) tx++;
        else if (b === 0) ty++;
        else if (a === b) concordant++;
        else discordant++;
      }
    }
    const naive = (concordant - discordant) / Math.sqrt((concordant + discordant + tx) * (concordant + discordant + ty));
    expect(kendallTauB(x, y)).toBeCloseTo(naive, 12);
    expect(competitionRank(y).length).toBe(1500);
  });
});
