import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const D = 'samples/gbt-33356-2016-completed';
const ARGS = ['score', 'gbt-33356-2016-completed', `${D}/returns-2023.xlsx`, `survey=${D}/survey-2022-2023.csv`, `central=${D}/central-2022-2023.csv`, '--year', '2023'];

describe('score --compare-methods', () => {
  it('prints the alternative rankings and their rank correlations, and records them in the JSON', () => {
    const r = runCli([...ARGS, '--compare-methods']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('topsis(normalisation=vector)');
    expect(r.stdout).toContain('vikor(v=0.5)');
    expect(r.stdout).toContain('promethee2(preference=usual)');
    expect(r.stdout).toMatch(/rank correlation with the system ranking/);
    expect(r.stdout).toMatch(/rank correlations between the rankings \(Spearman's rho above the diagonal, Kendall's tau-b below\)/);
    const j = JSON.parse(runCli([...ARGS, '--compare-methods', '--json']).stdout);
    const year = j.comparison.years[0];
    // The matrix between every pair of methods: symmetric, ones on the diagonal; the printed cells are its values.
    const { labels, spearman, kendall } = year.correlations;
    expect(labels.length).toBeGreaterThan(3);
    for (let i = 0; i < labels.length; i++) {
      expect(spearman[i][i]).toBeCloseTo(1, 12);
      for (let k = 0; k < labels.length; k++) expect(spearman[i][k]).toBeCloseTo(spearman[k][i], 12);
    }
    const row = r.stdout.split('\n').find((l) => l.trimStart().startsWith(`${labels[1]} `) && l.includes(' 1 '));
    expect(row, 'the matrix row of the first method').toBeDefined();
    expect(row).toContain(kendall[1][0].toFixed(3));
    expect(year.year).toBe(2023);
    const topsis = year.methods.find((m: { id: string }) => m.id === 'topsis-vector');
    expect(topsis.ranks.length).toBe(14);
    expect(topsis.ranks[0]).toBe(1); // 南宁 leads under every method on the samples
  });

  it('without the flag the JSON has no comparison', () => {
    const j = JSON.parse(runCli([...ARGS, '--json']).stdout);
    expect(j.comparison).toBeUndefined();
  });
});
