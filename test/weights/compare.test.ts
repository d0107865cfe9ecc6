/** compareMethods: TOPSIS (two variants), VIKOR and PROMETHEE II against the system's own ranking, per year. */
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { compareMethods, rankingBySettings, renderCompare } from '../../src/analysis/compare.js';
import { topsis } from '../../src/analysis/mcda/topsis.js';
import { vikor } from '../../src/analysis/mcda/vikor.js';
import { randomDataset, systemFromYaml, yamlSystem } from '../sensitivity/helpers.js';

const leaf = (id: string, w: number) => `{id: ${id}, name: 指标${id}, weight: ${w}, value: ${id.toLowerCase()}, rule: {type: ratio}}`;
const sysText = (ranking = '') =>
  yamlSystem({
    settings: `  aggregate: amean\n  missing: renormalise${ranking}`,
    fields: ['a1', 'a2', 'b1', 'c1'].map((f) => `  - {id: ${f}, name: ${f}, type: number}`).join('\n'),
    indicators: `  - id: A\n    name: 甲\n    weight: 2\n    children: [${leaf('A1', 1)}, ${leaf('A2', 1)}]\n  - id: B\n    name: 乙\n    weight: 1\n    children: [${leaf('B1', 1)}]\n  - ${leaf('C1', 1)}`,
  });

describe('compareMethods', () => {
  it('ranks the cities of each year by every method on the first-level scores with the effective shares, and correlates with the system', async () => {
    const sys = await systemFromYaml(sysText());
    const ev = evaluate(compileModel(sys), randomDataset(sys, 12, 3, { missing: 0.05, years: [2022, 2023] }), { diagnose: false });
    const res = compareMethods(ev);
    expect(res.criteriaIds).toEqual(['A', 'B', 'C1']);
    expect(res.weights).toEqual([0.5, 0.25, 0.25]);
    expect(res.criteria).toMatch(/^first-level node scores/);
    expect(res.years.map((y) => y.year)).toEqual([2022, 2023]);
    const y = res.years[1];
    expect(y.cities.length + y.excluded.length).toBe(12);
    const U = ev.ux.units.length;
    const idx = y.cities.map((c) => ev.ux.keys.indexOf(c.key));
    const node = (id: string) => ev.model.index.get(id)!;
    const X = idx.map((u) => ['A', 'B'].map((id) => ev.nodes.value[node(id) * U + u]).concat(ev.leafScores.values[ev.model.leafOf[node('C1')]][u]));
    const t = topsis(X, res.weights, [1, 1, 1], { normalisation: 'vector' });
    expect(y.methods[0]).toMatchObject({ id: 'topsis-vector', variant: 'topsis(normalisation=vector)', scores: t.scores, ranks: t.ranks });
    expect(y.methods[2]).toMatchObject({ id: 'vikor', variant: 'vikor(v=0.5)', ranks: vikor(X, res.weights, [1, 1, 1]).ranks, higherIsBetter: false });
    expect(y.methods[3].variant).toBe('promethee2(preference=usual)');
    const { labels, spearman, kendall } = y.correlations;
    expect(labels).toEqual(['system', 'topsis(normalisation=vector)', 'topsis(normalisation=minmax)', 'vikor(v=0.5)', 'promethee2(preference=usual)']);
    for (let k = 0; k < labels.length; k++) {
      expect(spearman[k][k]).toBeCloseTo(1, 12);
      expect(kendall[k][k]).toBeCloseTo(1, 12);
    }
    expect(spearman[0][1]!).toBeGreaterThan(0.5);
    const text = renderCompare(res, { color: new Chalk({ level: 0 }) });
    expect(text).toMatch(/rank correlation with the system ranking/);
    expect(text).toMatch(/Kendall's tau-b/);
  });

  it('compares on the leaf scores when asked, with effective shares of the total', async () => {
    const sys = await systemFromYaml(sysText());
    const ev = evaluate(compileModel(sys), randomDataset(sys, 10, 4), { diagnose: false });
    const res = compareMethods(ev, { criteria: 'leaves' });
    expect(res.criteriaIds).toEqual(['A1', 'A2', 'B1', 'C1']);
    expect(res.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('reports a method that is undefined for the data instead of failing the comparison', async () => {
    const sys = await systemFromYaml(sysText());
    const ds = randomDataset(sys, 8, 5);
    ds.values.c1.fill(50);
    const ev = evaluate(compileModel(sys), ds, { diagnose: false });
    const y = compareMethods(ev).years[0];
    expect(y.methods[0].error).toBeUndefined(); // vector normalisation copes with a constant column
    expect(y.methods[1].error).toMatch(/C1 is constant/);
    expect(y.methods[1].ranks.every((r) => r === null)).toBe(true);
    expect(y.correlations.spearman[0][2]).toBeNull();
  });

  it('gives the ranking settings.ranking asks for (topsis, minmax variant)', async () => {
    const sys = await systemFromYaml(sysText('\n  ranking: {method: topsis, normalisation: minmax}'));
    const ev = evaluate(compileModel(sys), randomDataset(sys, 10, 6), { diagnose: false });
    const r = rankingBySettings(ev)!;
    expect(r.variant).toBe('topsis(normalisation=minmax)');
    expect(Array.from(r.rank).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const plain = await systemFromYaml(sysText());
    expect(rankingBySettings(evaluate(compileModel(plain), randomDataset(plain, 5, 1), { diagnose: false }))).toBeNull();
  });
});
