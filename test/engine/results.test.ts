/** The results object: JSON Schema, stable bytes, baseline comparison, stage tables. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { buildResults, resultsToJson, type Results } from '../../src/engine/results.js';
import { baselineWarningZh } from '../../src/report/baseline-zh.js';
import { stageTable, stageToCsv, STAGE_NAMES } from '../../src/engine/stages.js';
import { csvField as csvCell } from '../../src/util/csv.js';
import { haveOracles, PROJECT_ROOT } from '../helpers/oracles.js';
import { makeDataset, type RowSpec } from './helpers/dataset.js';
import { fixture, loadOk, systemFromYaml } from './helpers/system.js';
import { validate } from './helpers/json-schema-lite.js';
import { coinr6Dataset, specFromCoinr6, writeAsemSystem } from './helpers/coinr-asem.js';
import { nodeScore } from '../../src/engine/results-access.js';

const schema = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'schema', 'results.schema.json'), 'utf8'));
const full = { e_licence_items: 60, service_items: 100, one_stop_rate: 100, single_entry_rate: 87.5, traffic_index: '全面', bus_forecast: 90, survey: 80 };
const rows = (year: number, bump = 0): RowSpec[] => [
  { name: '南宁市', code: '450100', year, attrs: { region: '桂中' }, values: { ...full, survey: 70 + bump, traffic_index: '部分' } },
  { name: '柳州市', code: '450200', year, attrs: { region: '桂中' }, values: { ...full, one_stop_rate: null } },
  { name: '广州市', code: '440100', year, attrs: { region: '桂东' }, values: { ...full, service_items: 0 } },
];

async function national(year = 2023, bump = 0, opts: Parameters<typeof buildResults>[1] = { version: '0.0.0-test' }) {
  const sys = await loadOk(fixture('national-example.yaml'));
  const ev = evaluate(compileModel(sys), makeDataset(sys, rows(year, bump)), { groupBy: 'region' });
  return { ev, res: buildResults(ev, opts) };
}

describe('results JSON', () => {
  it('validates against schema/results.schema.json (absolute system, groups, stages, baseline)', async () => {
    const base = (await national(2022)).res;
    const { res } = await national(2023, 10, {
      version: '0.0.0-test',
      stages: 'all',
      baseline: { results: base, file: 'base.json' },
      options: { groupBy: 'region' },
    });
    const json = JSON.parse(resultsToJson(res));
    expect(validate(schema, json)).toEqual([]);
    expect(Object.keys(json.stages)).toEqual([...STAGE_NAMES]);
    // The validator does catch problems.
    delete json.cities[0].key;
    json.cities[1].states = { L1: 'gone' };
    expect(validate(schema, json)).toEqual(['$.cities[0]: missing required "key"', '$.cities[1].states.L1: "gone" is not one of ["missing","not-applicable"]']);
  });

  it.runIf(haveOracles())('validates for a relative system with imputation and treatment (COINr ASEM)', async () => {
    const spec = specFromCoinr6();
    const sys = await loadOk(writeAsemSystem(spec));
    const ev = evaluate(compileModel(sys), coinr6Dataset(spec));
    const res = JSON.parse(resultsToJson(buildResults(ev, { version: 't', stages: ['treated'] })));
    expect(validate(schema, res)).toEqual([]);
    expect(res.treatment.filter((t: { winhi: number; winlo: number }) => t.winhi + t.winlo > 0)).toHaveLength(15);
    expect(res.imputation.length).toBeGreaterThan(0);
    expect(res.cities.find((c: { code: string }) => c.code === 'BEL').treated.Bord).toBe('winhi');
    expect(
      nodeScore(
        res,
        res.cities.find((c: { code: string }) => c.code === 'BEL'),
        'Bord',
      )!.treated,
    ).toBe('winhi');
  });

  it('is byte-identical for the same inputs; a date only with SOURCE_DATE_EPOCH; no NaN or Infinity', async () => {
    const a = resultsToJson((await national()).res);
    const b = resultsToJson((await national()).res);
    expect(a).toBe(b);
    expect(a).not.toMatch(/NaN|Infinity|generatedAt/);
    const dated = (await national(2023, 0, { version: 't', sourceDateEpoch: '1700000000' })).res;
    expect(dated.generatedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(Object.keys(dated).slice(0, 5)).toEqual(['schemaVersion', 'kind', 'cityscore', 'generatedAt', 'system']);
  });

  it('carries what reports need: per node max points and name, per city lost points, priorities, tiers, ranks', async () => {
    const { res } = await national();
    const l1p1 = res.nodes.find((n) => n.id === 'L1P1')!;
    expect([l1p1.name, l1p1.maxPoints, l1p1.aggregate?.method]).toEqual(['政务服务', 8, 'sum']);
    const nn = res.cities.find((c) => c.name === '南宁市')!;
    expect(nodeScore(res, nn, 'L1P1')!.points! + nodeScore(res, nn, 'L1P1')!.lost!).toBeCloseTo(8, 12);
    expect(nodeScore(res, nn, 'L1P2-A1')!.input).toBe(1);
    expect(nn.diagnosis!.priorities.map((p) => p.node).slice(0, 2)).toEqual(['L8P1', 'L1P2-A1']); // 30 × 63% = 18.9; 40 × 50% × 29% = 5.8
    expect(nn.diagnosis!.priorities[1]).toMatchObject({ node: 'L1P2-A1', targetLabel: '全面', basis: 'full-marks' });
    expect(nn.diagnosis!.priorities[1].gain).toBeCloseTo(5.8, 12);
    expect(nn.groupRank).toBe(2);
    expect(nn.tier).toEqual({ id: 't2', name: '成长期' }); // 6.64 + 23.2 + 44.1 = 73.94
    const gz = res.cities.find((c) => c.name === '广州市')!;
    expect(gz.groupRank).toBe(1);
    expect(nodeScore(res, gz, 'L1P1-A1')).toMatchObject({ value: null, points: null, lost: 2.4, state: 'missing' });
    expect(res.findings.some((d) => d.code === 'FORMULA_DOMAIN' && d.message.startsWith('广州市 2023'))).toBe(true);
    expect(res.summary).toEqual({ cities: 3, scored: 3, findings: { error: 1, warning: 2, info: 0 } });
  });
});

describe('year over year with a baseline', () => {
  it('changes in total, rank and dimension points per city', async () => {
    const base = (await national(2022)).res;
    const { res } = await national(2023, 10, { version: 't', baseline: { results: base } });
    expect(res.baseline).toMatchObject({ sameSystem: true, sameMethod: true, warnings: [] });
    const nn = res.cities.find((c) => c.name === '南宁市')!;
    expect(nn.change!.baseline).toBe('450100@2022');
    expect(nn.change!.total).toBeCloseTo(6.3, 12); // survey +10 × 63%
    expect(nn.change!.dimensions.L8).toBeCloseTo(6.3, 12);
    expect(nn.change!.dimensions.L1).toBe(0);
    expect(nn.change!.rank).toBe(base.cities.find((c) => c.name === '南宁市')!.rank! - nn.rank!);
  });

  it('warns when the baseline holds the same year: two evaluations of one year, not year over year', async () => {
    const base = (await national(2023)).res;
    const { res } = await national(2023, 10, { version: 't', baseline: { results: base } });
    expect(res.baseline!.warnings).toEqual([
      'the baseline holds the same year as these results (2023): the city-years of 2023 are compared with another evaluation of the same year, not with the year before',
    ]);
    expect(baselineWarningZh(res.baseline!.warnings[0])).toBe(
      '基期结果与本期年份相同（2023）：2023 年的各城市比较的是同一年度的另一次评价，而非与上一年度比较',
    );
    expect(res.cities.find((c) => c.name === '南宁市')!.change!.total).toBeCloseTo(6.3, 12);
  });

  it('flags a baseline made under another system or method, and relative per-year scores', async () => {
    const base = (await national(2022)).res;
    const other = { ...base, system: { ...base.system, hash: 'sha256:other', method: { ...base.system.method, rules: ['ratio'] } } } as Results;
    const { res } = await national(2023, 0, { version: 't', baseline: { results: other } });
    expect(res.baseline!.sameSystem).toBe(false);
    expect(res.baseline!.sameMethod).toBe(false);
    expect(res.baseline!.warnings.join('\n')).toMatch(/scored under national-example 1 \(sha256:other…\).*cityscore diff/);
    expect(res.baseline!.warnings.join('\n')).toMatch(/scoring method differs .*\(rules\)/);

    const rel = await systemFromYaml(`format: 1
id: rel
version: "1"
title: {zh: 相对}
source: {document: test}
settings: {aggregate: amean, scope: per-year}
fields: [{id: a, name: A}]
indicators: [{id: A, name: A, weight: 1, value: a, rule: {type: normalise, method: minmax}}]
`);
    const m = compileModel(rel);
    const ds = (y: number) =>
      makeDataset(rel, [
        { name: 'p', year: y, values: { a: 1 } },
        { name: 'q', year: y, values: { a: 2 } },
      ]);
    const b2 = buildResults(evaluate(m, ds(2022)), { version: 't' });
    const r2 = buildResults(evaluate(m, ds(2023)), { version: 't', baseline: { results: b2 } });
    expect(r2.baseline!.warnings).toEqual([
      "relative scores normalised per year: a change shows a shift in position among each year's cities, not absolute progress",
    ]);
    expect(r2.cities.map((c) => c.change!.total)).toEqual([0, 0]);

    // zh-CN reports translate every kind of warning (no English sentence left).
    const rel2 = compileModel({ ...rel, settings: { ...rel.settings, scope: 'pooled' } });
    const b3 = buildResults(evaluate(rel2, ds(2022)), { version: 't' });
    const r3 = buildResults(evaluate(rel2, ds(2023)), { version: 't', baseline: { results: b3 } });
    const all = [...res.baseline!.warnings, ...r2.baseline!.warnings, ...r3.baseline!.warnings];
    expect(all).toHaveLength(4);
    for (const w of all) {
      const zh = baselineWarningZh(w);
      expect(zh).not.toBe(w);
      expect(zh).not.toMatch(/[a-z]+ [a-z]+ [a-z]+/);
    }
    expect(baselineWarningZh(all[0])).toMatch(/^基期结果按 national-example 1（sha256:other…）计分，本期按 national-example 1（sha256:[0-9a-f]+…）计分/);
  });
});

describe('stage tables', () => {
  it('column-wise tables with unit keys as rows; CSV neutralises formula-like text but keeps negative numbers', async () => {
    const { ev } = await national();
    const t = stageTable(ev, 'derived');
    expect(t.rows).toEqual(['450100@2023', '450200@2023', '440100@2023']);
    expect(t.columns[0]).toBe('L1P1-A1');
    expect(Number.isNaN(t.data['L1P1-A1'][2])).toBe(true);
    expect(t.state!['L1P1-A1'][2]).toBe(1);
    const csv = stageToCsv(stageTable(ev, 'node-points'), ev.dataset.units);
    expect(csv.split('\n')[0]).toBe('key,city,year,TOTAL,L1,L1P1,L1P1-A1,L1P1-A2,L1P1-A3,L1P2,L1P2-A1,L1P2-A2,L8,L8P1');
    expect([csvCell('=SUM(A1)'), csvCell('+1+2'), csvCell('-3.5'), csvCell('-1e-7'), csvCell('@x'), csvCell('\tx'), csvCell('-x'), csvCell('a,b')]).toEqual([
      "'=SUM(A1)",
      "'+1+2",
      '-3.5',
      '-1e-7',
      "'@x",
      "'\tx",
      "'-x",
      '"a,b"',
    ]);
  });
});
