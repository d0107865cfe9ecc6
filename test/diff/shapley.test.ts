import { describe, expect, it } from 'vitest';
import { shapley } from '../../src/analysis/diff/impact.js';

// A vector game over k players: v(S) for two "cities". Non-additive (interactions), so the
// test checks efficiency (parts add up to v(N) − v(∅)), symmetry and a hand-computed case.
function game(mask: number): Float64Array {
  const a = mask & 1 ? 1 : 0;
  const b = mask & 2 ? 1 : 0;
  const c = mask & 4 ? 1 : 0;
  return Float64Array.from([10 * a + 4 * b + 6 * a * b, 3 * c + 2 * a * b * c]);
}

describe('Shapley attribution', () => {
  it('exact values: efficiency, symmetry and the hand-computed case', () => {
    const { phi, exact, evaluations } = shapley(3, game);
    expect(exact).toBe(true);
    expect(evaluations).toBe(8);
    // City 0: v = 10a + 4b + 6ab → φa = 10 + 3, φb = 4 + 3, φc = 0.
    expect(phi[0][0]).toBeCloseTo(13, 12);
    expect(phi[1][0]).toBeCloseTo(7, 12);
    expect(phi[2][0]).toBeCloseTo(0, 12);
    // City 1: v = 3c + 2abc → φc = 3 + 2/3, φa = φb = 2/3.
    expect(phi[0][1]).toBeCloseTo(2 / 3, 12);
    expect(phi[1][1]).toBeCloseTo(2 / 3, 12);
    expect(phi[2][1]).toBeCloseTo(3 + 2 / 3, 12);
    for (let i = 0; i < 2; i++) {
      const sum = phi.reduce((s, p) => s + p[i], 0);
      expect(sum).toBeCloseTo(game(7)[i] - game(0)[i], 12);
    }
  });

  it('sampled values add up exactly and approach the exact ones', () => {
    const k = 12;
    const w = Array.from({ length: k }, (_, i) => i + 1);
    const v = (mask: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < k; i++) {
        if (mask & (1 << i)) {
          s += w[i];
          n++;
        }
      }
      return Float64Array.from([s + (n >= 6 ? 5 : 0)]);
    };
    const r = shapley(k, v, { samples: 400, seed: 7 });
    expect(r.exact).toBe(false);
    expect(r.samples).toBe(400);
    const sum = r.phi.reduce((s, p) => s + p[0], 0);
    expect(sum).toBeCloseTo(v((1 << k) - 1)[0] - v(0)[0], 9); // efficiency holds per permutation
    // Exact value: w_i + 5/k (the threshold bonus is symmetric).
    for (let i = 0; i < k; i++) expect(Math.abs(r.phi[i][0] - (w[i] + 5 / k))).toBeLessThan(0.25);
    const again = shapley(k, v, { samples: 400, seed: 7 });
    expect(Array.from(again.phi[3])).toEqual(Array.from(r.phi[3]));
  });
});
