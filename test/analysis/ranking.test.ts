/** TOPSIS, VIKOR, PROMETHEE II, WASPAS and Copeland: hand-computed cases and error paths. */
import { describe, expect, it } from 'vitest';
import { expectAnalysisError, expectClose } from './approx.js';
import { topsis } from '../../src/analysis/mcda/topsis.js';
import { vikor } from '../../src/analysis/mcda/vikor.js';
import { promethee2, type PreferenceFunction } from '../../src/analysis/mcda/promethee.js';
import { waspas } from '../../src/analysis/mcda/waspas.js';
import { copeland, outrankMatrix } from '../../src/analysis/mcda/copeland.js';

describe('topsis', () => {
  // Two alternatives, one benefit criterion: the better one is the ideal (C = 1), the other the anti-ideal (C = 0).
  it('puts the ideal at 1 and the anti-ideal at 0 in both variants', () => {
    for (const normalisation of ['vector', 'minmax'] as const) {
      const r = topsis([[3], [1]], [1], [1], { normalisation });
      expect(r.scores).toEqual([1, 0]);
      expect(r.ranks).toEqual([1, 2]);
      expect(r.variant).toBe(`topsis(normalisation=${normalisation})`);
      const c = topsis([[3], [1]], [1], [-1], { normalisation });
      expect(c.scores).toEqual([0, 1]);
    }
  });

  it('vector variant on a 3 × 2 case computed by hand', () => {
    // Column norms 5 and 5: v = w·x/5 with w = (0.5, 0.5): rows (0.3, 0), (0.4, 0.3), (0, 0.4).
    // PIS = (0.4, 0.4), NIS = (0, 0).
    const r = topsis(
      [
        [3, 0],
        [4, 3],
        [0, 4],
      ],
      [0.5, 0.5],
      [1, 1],
    );
    const c = (dp: number, dm: number): number => dm / (dp + dm);
    expectClose(r.scores[0], c(Math.hypot(0.1, 0.4), 0.3), 1e-15, 'C0');
    expectClose(r.scores[1], c(0.1, 0.5), 1e-15, 'C1');
    expectClose(r.scores[2], c(0.4, 0.4), 1e-15, 'C2');
    expectClose(r.dPlus[1], 0.1, 1e-15, 'D+1');
  });

  it('refuses constant (min-max) and all-zero (vector) columns, and bad weights or types', () => {
    expectAnalysisError(
      () =>
        topsis(
          [
            [1, 2],
            [1, 3],
          ],
          [1, 1],
          [1, 1],
          { normalisation: 'minmax' },
        ),
      'ANALYSIS_UNDEFINED',
      /criterion index 0 is constant/,
    );
    expectAnalysisError(
      () =>
        topsis(
          [
            [0, 2],
            [0, 3],
          ],
          [1, 1],
          [1, 1],
        ),
      'ANALYSIS_UNDEFINED',
      /criterion index 0 is all zeros/,
    );
    expectAnalysisError(
      () =>
        topsis(
          [
            [1, 2],
            [2, 3],
          ],
          [1],
          [1, 1],
        ),
      'ANALYSIS_INPUT',
      /expected 2 weights/,
    );
    expectAnalysisError(
      () =>
        topsis(
          [
            [1, 2],
            [2, 3],
          ],
          [1, -1],
          [1, 1],
        ),
      'ANALYSIS_INPUT',
      /weight of criterion index 1 is -1/,
    );
    expectAnalysisError(
      () =>
        topsis(
          [
            [1, 2],
            [2, 3],
          ],
          [1, 1],
          [1, 2],
        ),
      'ANALYSIS_INPUT',
      /type of criterion index 1 is 2/,
    );
    expectAnalysisError(
      () =>
        topsis(
          [
            [1, 2],
            [2, 3],
          ],
          [1, 1],
          [1, 1],
          { normalisation: 'l2' as 'vector' },
        ),
      'ANALYSIS_INPUT',
      /unknown normalisation/,
    );
  });
});

describe('vikor', () => {
  it('S, R, Q on a 3 × 2 case computed by hand', () => {
    // c0 benefit (1, 2, 3): f* = 3, f⁻ = 1; c1 cost (10, 30, 20): f* = 10, f⁻ = 30. w = (0.6, 0.4).
    // terms: row0 (0.6, 0), row1 (0.3, 0.4), row2 (0, 0.2) → S = (0.6, 0.7, 0.2), R = (0.6, 0.4, 0.2).
    const r = vikor(
      [
        [1, 10],
        [2, 30],
        [3, 20],
      ],
      [0.6, 0.4],
      [1, -1],
      { v: 0.5 },
    );
    [0.6, 0.7, 0.2].forEach((s, i) => expectClose(r.S[i], s, 1e-15, `S${i}`));
    [0.6, 0.4, 0.2].forEach((s, i) => expectClose(r.R[i], s, 1e-15, `R${i}`));
    const Q = [0.5 * (0.4 / 0.5) + 0.5 * 1, 0.5 * 1 + 0.5 * (0.2 / 0.4), 0];
    Q.forEach((q, i) => expectClose(r.Q[i], q, 1e-15, `Q${i}`));
    expect(r.ranks).toEqual([3, 2, 1]);
    expect(r.variant).toBe('vikor(v=0.5)');
    expect(
      vikor(
        [
          [1, 10],
          [2, 30],
          [3, 20],
        ],
        [0.6, 0.4],
        [1, -1],
      ).variant,
    ).toBe('vikor(v=0.5)');
  });

  it('refuses constant columns, equal S or R for all alternatives, and v outside [0, 1]', () => {
    expectAnalysisError(
      () =>
        vikor(
          [
            [1, 5],
            [2, 5],
          ],
          [1, 1],
          [1, 1],
        ),
      'ANALYSIS_UNDEFINED',
      /criterion index 1 is constant/,
    );
    expectAnalysisError(
      () =>
        vikor(
          [
            [1, 2],
            [2, 1],
          ],
          [1, 1],
          [1, 1],
        ),
      'ANALYSIS_UNDEFINED',
      /same group utility S/,
    );
    expectAnalysisError(() => vikor([[1], [2]], [1], [1], { v: 2 }), 'ANALYSIS_INPUT', /v must be in \[0, 1\]/);
  });
});

describe('promethee2', () => {
  // Two alternatives, one criterion: φ(a) = P(d) − P(−d) = P(d) for d = x_a − x_b > 0, φ(b) = −P(d).
  const P = (f: PreferenceFunction, d: number, p = 2, q = 1): number => promethee2([[d], [0]], [1], [1], { preference: f, p, q }).netFlow[0];
  const table: [PreferenceFunction, number[]][] = [
    ['usual', [0, 1, 1, 1]],
    ['u-shape', [0, 0, 1, 1]],
    ['v-shape', [0, 0.25, 0.75, 1]],
    ['level', [0, 0, 0.5, 1]],
    ['linear', [0, 0, 0.5, 1]],
    ['gaussian', [0, 1 - Math.exp(-0.25 / 4.5), 1 - Math.exp(-2.25 / 4.5), 1 - Math.exp(-9 / 4.5)]],
  ];
  it.each(table)('%s preference function at d = 0, 0.5, 1.5, 3 (p = 2, q = 1)', (f, expected) => {
    [0, 0.5, 1.5, 3].forEach((d, k) => expectClose(P(f, d), expected[k], 1e-15, `${f}(${d})`));
    expectClose(promethee2([[3], [0]], [1], [1], { preference: f, p: 2, q: 1 }).netFlow[1], -expected[3], 1e-15, 'phi(b)');
  });

  it('cost criteria reverse d; flows follow φ = φ⁺ − φ⁻ with 1/(m − 1)', () => {
    const r = promethee2([[1], [2], [4]], [1], [-1], { preference: 'usual' });
    // Cost: 1 beats 2 and 4; 2 beats 4. φ⁺ = (2, 1, 0)/2, φ⁻ = (0, 1, 2)/2.
    expect(r.positiveFlow).toEqual([1, 0.5, 0]);
    expect(r.negativeFlow).toEqual([0, 0.5, 1]);
    expect(r.netFlow).toEqual([1, 0, -1]);
    expect(r.ranks).toEqual([1, 2, 3]);
  });

  it('default thresholds p = 2u, q = 0.5u with u the population SD, named in the variant', () => {
    const r = promethee2(
      [
        [1, 0],
        [2, 0],
        [3, 6],
      ],
      [0.5, 0.5],
      [1, 1],
      { preference: 'linear' },
    );
    const u0 = Math.sqrt(2 / 3);
    const u1 = Math.sqrt(8);
    expectClose(r.p[0], 2 * u0, 1e-15, 'p0');
    expectClose(r.q[1], 0.5 * u1, 1e-15, 'q1');
    expect(r.variant).toBe('promethee2(preference=linear, p=2sd, q=0.5sd)');
    expect(promethee2([[1], [2]], [1], [1]).variant).toBe('promethee2(preference=usual)');
    expect(promethee2([[1], [2]], [1], [1], { preference: 'v-shape', p: 3 }).variant).toBe('promethee2(preference=v-shape, p=3)');
  });

  it('accepts one preference function per criterion', () => {
    const r = promethee2(
      [
        [2, 2],
        [0, 0],
      ],
      [0.5, 0.5],
      [1, 1],
      { preference: ['usual', 'v-shape'], p: 4, q: 0 },
    );
    expectClose(r.netFlow[0], 0.5 * 1 + 0.5 * 0.5, 1e-15, 'phi');
    // q is not used by usual or v-shape, so the variant names p only.
    expect(r.variant).toBe('promethee2(preference=[usual,v-shape], p=4)');
  });

  it('scales weights to sum 1 with a warning', () => {
    const r = promethee2([[2], [0]], [4], [1]);
    expect(r.netFlow).toEqual([1, -1]);
    expect(r.warnings.join()).toMatch(/weights summed to 4/);
  });

  it('refuses p < q, negative thresholds, unknown functions and one alternative', () => {
    expectAnalysisError(() => promethee2([[1], [2]], [1], [1], { preference: 'linear', p: 1, q: 2 }), 'ANALYSIS_INPUT', /criterion index 0 has p = 1 < q = 2/);
    expectAnalysisError(() => promethee2([[1], [2]], [1], [1], { preference: 'linear', p: [-1], q: 0 }), 'ANALYSIS_INPUT', /p of criterion index 0 is -1/);
    expectAnalysisError(
      () => promethee2([[1], [2]], [1], [1], { preference: 'step' as PreferenceFunction }),
      'ANALYSIS_INPUT',
      /unknown preference function "step"/,
    );
    expectAnalysisError(() => promethee2([[1], [2]], [1], [1], { p: [1, 2] }), 'ANALYSIS_INPUT', /array of 1 numbers/);
    expectAnalysisError(() => promethee2([[1]], [1], [1]), 'ANALYSIS_INPUT', /at least 2 alternative/);
  });
});

describe('waspas', () => {
  it('Q = λ WSM + (1 − λ) WPM on a 2 × 2 case computed by hand', () => {
    // c0 benefit (2, 4) → r = (0.5, 1); c1 cost (1, 2) → r = (1, 0.5); w = (0.25, 0.75).
    const r = waspas(
      [
        [2, 1],
        [4, 2],
      ],
      [0.25, 0.75],
      [1, -1],
    );
    const q0 = 0.5 * (0.25 * 0.5 + 0.75) + 0.5 * 0.5 ** 0.25;
    const q1 = 0.5 * (0.25 + 0.75 * 0.5) + 0.5 * 0.5 ** 0.75;
    expectClose(r.scores[0], q0, 1e-15, 'Q0');
    expectClose(r.scores[1], q1, 1e-15, 'Q1');
    expect(r.variant).toBe('waspas(lambda=0.5)');
    expectClose(
      waspas(
        [
          [2, 1],
          [4, 2],
        ],
        [0.25, 0.75],
        [1, -1],
        { lambda: 1 },
      ).scores[0],
      0.25 * 0.5 + 0.75,
      1e-15,
      'WSM only',
    );
  });
  it('refuses non-positive values naming the column', () => {
    const e = expectAnalysisError(
      () =>
        waspas(
          [
            [2, 1],
            [4, 0],
          ],
          [0.5, 0.5],
          [1, 1],
        ),
      'ANALYSIS_INPUT',
      /criterion index 1 has a non-positive value/,
    );
    expect(e.index).toBe(1);
  });
});

describe('outrankMatrix and copeland', () => {
  it('applies weights (scaled to sum 1) and types', () => {
    // Unit 0 wins on c0 (w 3), unit 1 on c1 (w 1): orm[0][1] = 0.75.
    const o = outrankMatrix(
      [
        [2, 1],
        [1, 2],
      ],
      { weights: [3, 1] },
    );
    expect(o.matrix).toEqual([
      [0, 0.75],
      [0.25, 0],
    ]);
    expect(
      outrankMatrix(
        [
          [2, 1],
          [1, 2],
        ],
        { weights: [3, 1], types: [-1, 1] },
      ).matrix[0][1],
    ).toBe(0);
    expect(
      copeland(
        [
          [2, 1],
          [1, 2],
        ],
        { weights: [3, 1] },
      ).scores,
    ).toEqual([1, -1]);
  });

  it('counts dominance exactly even when weight sums are off by rounding, and ties at 0.5', () => {
    // Ten weights of 0.1 sum to 0.9999999999999999 in floating point; a unit better on all ten dominates.
    const X = [Array(10).fill(2), Array(10).fill(1)];
    const o = outrankMatrix(X, { weights: Array(10).fill(0.1) });
    expect(o.matrix[0][1]).toBe(1);
    expect(o.nDominant).toBe(1);
    expect(o.fracDominant).toBe(1);
    // Half the weight each way: 0.1 + 0.2 + 0.2 vs 0.3 + 0.2 (sums not exactly 0.5 in floating point).
    const t = copeland(
      [
        [1, 1, 1, 0, 0],
        [0, 0, 0, 1, 1],
      ],
      { weights: [0.1, 0.2, 0.2, 0.3, 0.2] },
    );
    expect(t.scores).toEqual([0, 0]);
  });

  it('handles NaN as COINr: the comparison counts for neither side in the upper triangle', () => {
    const o = outrankMatrix([
      [NaN, 2],
      [1, 1],
    ]);
    expect(o.matrix[0][1]).toBe(0.5);
    expect(o.matrix[1][0]).toBe(0.5);
  });
});
