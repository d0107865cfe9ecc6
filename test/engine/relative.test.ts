/** Relative methods (methods.md §2.7) on hand-computed cases, scopes, imputation, treatment in the pipeline. */
import { describe, expect, it } from 'vitest';
import { normaliseVector } from '../../src/engine/normalise.js';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { makeDataset, type RowSpec } from './helpers/dataset.js';
import { systemFromYaml, yamlSystem } from './helpers/system.js';

const x = Float64Array.of(2, 4, NaN, 10);
const y = (p: Parameters<typeof normaliseVector>[1]) => Array.from(normaliseVector(x, p).y);

describe('normalisation methods', () => {
  it('minmax (any range), zscore, scaled, dist2max, fracmax', () => {
    expect(y({ method: 'minmax', direction: 1 })).toEqual([0, 25, NaN, 100]);
    expect(y({ method: 'minmax', direction: 1, range: [1, 100] })).toEqual([1, 25.75, NaN, 100]);
    const z = y({ method: 'zscore', direction: 1 });
    const mu = 16 / 3;
    const sd = Math.sqrt(((2 - mu) ** 2 + (4 - mu) ** 2 + (10 - mu) ** 2) / 2);
    expect(z[0]).toBeCloseTo((2 - mu) / sd, 14);
    expect(y({ method: 'zscore', direction: 1, mean: 50, sd: 10 })[3]).toBeCloseTo(50 + (10 * (10 - mu)) / sd, 12);
    expect(y({ method: 'scaled', direction: 1, lower: 0, upper: 20 })).toEqual([10, 20, NaN, 50]);
    expect(y({ method: 'dist2max', direction: 1 })).toEqual([0, 0.25, NaN, 1]);
    expect(y({ method: 'fracmax', direction: 1 })).toEqual([0.2, 0.4, NaN, 1]);
    expect(normaliseVector(Float64Array.of(3, 3, 3), { method: 'minmax', direction: 1 }).problem).toMatch(/range is 0/);
  });

  it('rank, borda, prank (ties min), dist2ref, goalposts, none', () => {
    const t = Float64Array.of(5, 1, 5, NaN, 3);
    expect(Array.from(normaliseVector(t, { method: 'rank', direction: 1 }).y)).toEqual([3, 1, 3, NaN, 2]);
    expect(Array.from(normaliseVector(t, { method: 'borda', direction: 1 }).y)).toEqual([2, 0, 2, NaN, 1]);
    expect(Array.from(normaliseVector(t, { method: 'prank', direction: 1 }).y)).toEqual([2 / 3, 0, 2 / 3, NaN, 1 / 3]);
    expect(y({ method: 'dist2ref', direction: 1, ref: 4 })).toEqual([0, 1, NaN, 4]);
    expect(y({ method: 'dist2ref', direction: 1, ref: 4, capMax: true })).toEqual([0, 1, NaN, 1]);
    expect(y({ method: 'goalposts', direction: 1, lower: 0, upper: 8, scale: 100 })).toEqual([25, 50, NaN, 100]);
    expect(y({ method: 'goalposts', direction: 1, lower: 0, upper: 8, scale: 100, truncate: false })).toEqual([25, 50, NaN, 125]);
    expect(y({ method: 'none', direction: 1 })).toEqual([2, 4, NaN, 10]);
  });
});

async function relSystem(method: string, settings = '', extraRule = '') {
  return systemFromYaml(
    yamlSystem({
      settings: `  scoring: relative\n  aggregate: amean\n  missing: renormalise\n  groups:\n    - {id: province, name: 省份}\n${settings}`,
      fields: '  - {id: a, name: A}\n  - {id: b, name: B}',
      indicators: `  - {id: A, name: A, weight: 1, value: a, rule: {type: normalise, method: ${method}${extraRule}}}
  - {id: B, name: B, weight: 1, value: b, direction: negative, rule: {type: normalise, method: ${method}${extraRule}}}`,
    }),
  );
}

describe('relative scoring in the pipeline', () => {
  it('applies the direction before normalising (COINr), and flips goalposts and targets with it', async () => {
    const sys = await relSystem('minmax');
    const ev = evaluate(
      compileModel(sys),
      makeDataset(sys, [
        { name: 'p', values: { a: 1, b: 1 } },
        { name: 'q', values: { a: 3, b: 5 } },
        { name: 'r', values: { a: 2, b: 3 } },
      ]),
    );
    expect(Array.from(ev.leafScores.values[1])).toEqual([100, 0, 50]);
    const gp = await relSystem('goalposts', '', ', lower: 0, upper: 10, scale: 100');
    const e2 = evaluate(
      compileModel(gp),
      makeDataset(gp, [
        { name: 'p', values: { a: 1, b: 1 } },
        { name: 'q', values: { a: 11, b: -1 } },
      ]),
    );
    expect(Array.from(e2.leafScores.values[1])).toEqual([90, 100]);
  });

  it('pooled normalisation across years by default; per-year as an option, labelled', async () => {
    const rows = [
      { name: 'p', year: 2022, values: { a: 0, b: 0 } },
      { name: 'q', year: 2022, values: { a: 10, b: 0 } },
      { name: 'p', year: 2023, values: { a: 10, b: 0 } },
      { name: 'q', year: 2023, values: { a: 20, b: 0 } },
    ];
    const pooled = await relSystem('minmax');
    const e1 = evaluate(compileModel(pooled), makeDataset(pooled, rows));
    expect(e1.scope).toBe('pooled');
    expect(Array.from(e1.leafScores.values[0])).toEqual([0, 50, 50, 100]);
    const e2 = evaluate(compileModel(pooled), makeDataset(pooled, rows), { scope: 'per-year' });
    expect(Array.from(e2.leafScores.values[0])).toEqual([0, 100, 0, 100]);
    // Ranks are within each year.
    expect(Array.from(e1.ranking.rank)).toEqual([2, 1, 2, 1]);
    const perYear = await relSystem('minmax', '  scope: per-year');
    expect(evaluate(compileModel(perYear), makeDataset(perYear, rows)).scope).toBe('per-year');
  });

  it('imputes by mean, median, group mean/median (within the year) and previous year', async () => {
    const rows: RowSpec[] = [
      { name: 'p', year: 2022, attrs: { province: 'X' }, values: { a: 7, b: 1 } },
      { name: 'p', year: 2023, attrs: { province: 'X' }, values: { a: null, b: 1 } },
      { name: 'q', year: 2023, attrs: { province: 'X' }, values: { a: 2, b: 1 } },
      { name: 'r', year: 2023, attrs: { province: 'Y' }, values: { a: 4, b: 1 } },
      { name: 's', year: 2023, attrs: { province: 'Y' }, values: { a: 12, b: 1 } },
      { name: 't', year: 2023, attrs: {}, values: { a: null, b: 1 } },
    ];
    const imputed = async (method: string) => {
      const sys = await relSystem('none', `  imputation: {method: ${method}${method.startsWith('group') ? ', group: province' : ''}}`);
      const ev = evaluate(compileModel(sys), makeDataset(sys, rows));
      return { v: Array.from(ev.imputed.values[0]).slice(1), flag: Array.from(ev.imputed.imputed[0]).slice(1), ev };
    };
    expect((await imputed('mean')).v).toEqual([6, 2, 4, 12, 6]);
    expect((await imputed('median')).v).toEqual([4, 2, 4, 12, 4]);
    const gm = await imputed('group-mean');
    expect(gm.v.slice(0, 4)).toEqual([2, 2, 4, 12]);
    expect(Number.isNaN(gm.v[4])).toBe(true); // no group attribute: left missing, reported
    expect(gm.ev.findings.some((d) => d.code === 'IMPUTE_INCOMPLETE' && /t 2023/.test(d.message))).toBe(true);
    expect((await imputed('group-median')).v.slice(0, 4)).toEqual([2, 2, 4, 12]);
    const py = await imputed('previous-year');
    expect(py.v[0]).toBe(7);
    expect(py.flag).toEqual([1, 0, 0, 0, 0]);
    expect(py.ev.imputed.from[0]![1]).toBe(0);
  });

  it('winsorises relative leaves (settings.outliers) but never absolute ones', async () => {
    const vals = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
    const sys = await systemFromYaml(
      yamlSystem({
        settings: '  aggregate: amean\n  outliers: {method: winsorise, winmax: 5}',
        fields: '  - {id: a, name: A}\n  - {id: b, name: B}',
        indicators: `  - {id: A, name: A, weight: 1, value: a, rule: {type: normalise, method: minmax}}
  - {id: B, name: B, weight: 1, value: b, rule: {type: ratio}}`,
      }),
    );
    const ev = evaluate(
      compileModel(sys),
      makeDataset(
        sys,
        vals.map((v, i) => ({ name: `c${i}`, values: { a: v, b: v } })),
      ),
    );
    expect(ev.treated.values[0][10]).toBe(10);
    expect(ev.treated.flags[0]![10]).toBe(1);
    expect(ev.treated.values[1][10]).toBe(100);
    expect(ev.treated.flags[1]).toBeNull();
  });
});
