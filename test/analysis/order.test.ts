/** The radix sort order behind the rank functions, and the ranks on its large-input path. */
import { describe, expect, it } from 'vitest';
import { ascendingOrder } from '../../src/analysis/stats/order.js';
import { averageRank, competitionRank } from '../../src/analysis/stats/rank.js';
import { createRng } from '../../src/analysis/stats/rng.js';

function randomValues(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const pool = [0, -0, 1e-300, -1e-300, Infinity, -Infinity, 5, -5, 0.1, 1e308, -1e308, NaN];
  return Array.from({ length: n }, () => {
    const u = rng();
    if (u < 0.3) return pool[Math.floor(rng() * pool.length)];
    if (u < 0.6) return Math.floor(rng() * 20) - 10; // many ties
    return (rng() - 0.5) * 10 ** Math.floor(rng() * 12 - 6);
  });
}

describe('ascendingOrder', () => {
  it.each([5, 63, 64, 1000, 5000])('sorts %i values like a stable comparator sort, dropping NaN', (n) => {
    const x = randomValues(n, n);
    const got = Array.from(ascendingOrder(x));
    const expected = x
      .map((v, i) => i)
      .filter((i) => !Number.isNaN(x[i]))
      .sort((i, j) => (x[i] < x[j] ? -1 : x[i] > x[j] ? 1 : 0));
    // Same values in the same order (−0 and +0 may swap), each index once.
    expect(got.map((i) => x[i] + 0)).toEqual(expected.map((i) => x[i] + 0));
    expect(new Set(got).size).toBe(got.length);
    // Stable for identical bit patterns: indices of equal non-zero values increase.
    for (let p = 1; p < got.length; p++) {
      if (x[got[p]] === x[got[p - 1]] && x[got[p]] !== 0) expect(got[p]).toBeGreaterThan(got[p - 1]);
    }
  });

  it('keeps the initial order among ties (sorting by b, then by a, orders by (a, b))', () => {
    const rng = createRng(11);
    const a = Array.from({ length: 500 }, () => Math.floor(rng() * 5));
    const b = Array.from({ length: 500 }, () => Math.floor(rng() * 7));
    const order = Array.from(ascendingOrder(a, ascendingOrder(b)));
    for (let p = 1; p < order.length; p++) {
      const [i, j] = [order[p - 1], order[p]];
      expect(a[i] < a[j] || (a[i] === a[j] && b[i] <= b[j])).toBe(true);
    }
  });
});

describe('ranks on the radix path agree with their definitions', () => {
  it('competition and average ranks of 2,000 values with ties and NaN', () => {
    const x = randomValues(2000, 5);
    const finite = x.filter((v) => !Number.isNaN(v));
    const comp = competitionRank(x);
    const compLow = competitionRank(x, false);
    const avg = averageRank(x);
    x.forEach((v, i) => {
      if (Number.isNaN(v)) {
        expect(comp[i]).toBeNaN();
        expect(avg[i]).toBeNaN();
        return;
      }
      const greater = finite.filter((w) => w > v).length;
      const less = finite.filter((w) => w < v).length;
      const equal = finite.length - greater - less;
      expect(comp[i]).toBe(1 + greater);
      expect(compLow[i]).toBe(1 + less);
      expect(avg[i]).toBe(greater + (equal + 1) / 2);
    });
  });
});
