import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { yamlSystem } from '../engine/helpers/system.js';

const D = 'samples/gbt-33356-2016-completed';
const ARGS = [
  'score',
  'gbt-33356-2016-completed',
  `${D}/returns-2023.xlsx`,
  `survey=${D}/survey-2022-2023.csv`,
  `central=${D}/central-2022-2023.csv`,
  '--year',
  '2023',
];

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

describe('a system ranked by an MCDA method (settings.ranking)', () => {
  it('publishes that method’s ranks, compares them with the baseline’s, and verify re-ranks the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityscore-mcda-'));
    const sys = join(dir, 'sys.yaml');
    writeFileSync(
      sys,
      yamlSystem({
        settings: '  aggregate: amean\n  ranking: {method: topsis, normalisation: minmax}',
        fields: ['a', 'b', 'c'].map((f) => `  - {id: ${f}, name: ${f}, type: number}`).join('\n'),
        indicators: ['A', 'B', 'C']
          .map((id, k) => `  - {id: ${id}, name: 维度${k}, weight: ${k + 1}, value: ${id.toLowerCase()}, rule: {type: normalise, method: minmax}}`)
          .join('\n'),
      }),
    );
    const rows = (year: number, shift: number) =>
      [
        '城市,年份,a,b,c',
        ...['南宁市', '柳州市', '桂林市', '梧州市', '北海市'].map(
          (c, i) => `${c},${year},${(i * 7 + shift) % 10},${(i * 3 + 1) % 10},${(i * 5 + shift * 2) % 10}`,
        ),
      ].join('\n');
    writeFileSync(join(dir, 'r2022.csv'), rows(2022, 0));
    writeFileSync(join(dir, 'r2023.csv'), rows(2023, 3));
    expect(runCli(['score', sys, 'r2022.csv', '--json', '-o', 'base.json'], { cwd: dir }).status).toBe(0);
    expect(runCli(['score', sys, 'r2023.csv', '--baseline', 'base.json', '--json', '-o', 'now.json'], { cwd: dir }).status).toBe(0);
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    const now = JSON.parse(readFileSync(join(dir, 'now.json'), 'utf8'));
    expect(now.ranking).toEqual({ method: 'topsis', variant: expect.stringContaining('topsis'), higherIsBetter: true });
    // The ranks are TOPSIS's (as --compare-methods lists them), not the order of the totals.
    const cmp = JSON.parse(runCli(['score', sys, 'r2023.csv', '--compare-methods', '--json'], { cwd: dir }).stdout);
    const topsis = cmp.comparison.years[0].methods.find((m: { id: string }) => m.id === 'topsis-minmax');
    const byKey = new Map<string, number>(cmp.comparison.years[0].cities.map((c: { key: string }, i: number) => [c.key, topsis.ranks[i]]));
    for (const c of now.cities) expect(c.rank).toBe(byKey.get(c.key));
    expect(now.cities.map((c: { rank: number }) => c.rank)).not.toEqual(
      [...now.cities].sort((a: { total: number }, b: { total: number }) => b.total - a.total).map((c: { rank: number }) => c.rank),
    );
    // Δ rank compares the baseline's published rank with this one.
    for (const c of now.cities) {
      const b = base.cities.find((x: { name: string }) => x.name === c.name);
      expect(c.change.rank).toBe(b.rank - c.rank);
    }
    const v = runCli(['verify', 'now.json'], { cwd: dir });
    expect(v.stdout).toMatch(/^verified:/);
    expect(v.status).toBe(0);
  });
});
