/**
 * The results carry one 0–100 value per node and city; nodeScore() gives the points and lost points
 * from it. They must be the engine's own numbers, bit for bit, for every kind of node, after a trip
 * through the JSON text; and results of schemaVersion 1 must read the same.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { buildResults, resultsToJson, type Results } from '../../src/engine/results.js';
import { nodeScore, standingDetails, upgradeResults } from '../../src/engine/results-access.js';
import { toSchemaV1 } from '../helpers/results-v1.js';
import { KIND_DEDUCTION, KIND_STANDARD } from '../../src/engine/model.js';
import { S_PRESENT } from '../../src/engine/types.js';
import { makeDataset } from './helpers/dataset.js';
import { fixture, loadOk, systemFromYaml, yamlSystem } from './helpers/system.js';

const fields = ['a', 'b', 'c', 'd', 'e'].map((f) => `  - {id: ${f}, name: ${f.toUpperCase()}, type: percent}`).join('\n');

async function kinds(patch: (row: number) => Record<string, number | null> = () => ({})): Promise<Evaluation> {
  const sys = await systemFromYaml(
    yamlSystem({
      settings: '  missing: renormalise',
      fields,
      indicators: `  - id: P
    name: P
    points: 100
    children:
      - {id: A, name: A, weight: 1, value: a, rule: {type: ratio}}
      - {id: B, name: B, weight: 3, value: b, rule: {type: linear, floor: 10, target: 90}}
      - {id: X, name: 加分, kind: bonus, max: 5, value: c, rule: {type: ratio}}
      - {id: Y, name: 扣分, kind: deduction, max: 7, value: d, rule: {type: ratio}}
      - {id: Z, name: 系数, kind: coefficient, range: [0.8, 1], value: e, rule: {type: ratio}}`,
    }),
  );
  const rows = [
    { a: 33.3, b: 71.7, c: 12.9, d: 43.1, e: 77.7 },
    { a: 91.1, b: null, c: 66.6, d: 0.3, e: 12.5 },
    { a: 7.77, b: 54.3, c: null, d: null, e: null },
  ];
  return evaluate(
    compileModel(sys),
    makeDataset(
      sys,
      rows.map((values, i) => ({ name: `城市${i + 1}`, values: { ...values, ...patch(i) } })),
    ),
  );
}

function expectEngineNumbers(ev: Evaluation, res: Results): number {
  const { model, nodes } = ev;
  const U = ev.ux.units.length;
  let checked = 0;
  res.cities.forEach((city, u) => {
    for (let i = 0; i < model.n; i++) {
      const sc = nodeScore(res, city, model.ids[i])!;
      const off = i * U + u;
      const present = nodes.state[off] === S_PRESENT;
      expect(sc.value).toBe(present ? nodes.value[off] : null);
      if (model.kind[i] === KIND_STANDARD || model.kind[i] === KIND_DEDUCTION || present) {
        const pts = present && Number.isFinite(nodes.points[off]) ? nodes.points[off] : null;
        expect(sc.points, `${city.key} ${model.ids[i]}`).toBe(pts);
        if (present && model.kind[i] === KIND_STANDARD) expect(sc.lost).toBe(nodes.effMax[i] - nodes.points[off]);
        if (present && model.kind[i] === KIND_DEDUCTION) expect(sc.lost).toBe(-nodes.points[off]);
        checked++;
      }
    }
  });
  return checked;
}

describe('nodeScore', () => {
  it('gives the engine’s points and lost points exactly, for standard, bonus, deduction and coefficient nodes', async () => {
    const ev = await kinds();
    const res = JSON.parse(resultsToJson(buildResults(ev, { version: 't' }))) as Results;
    expect(expectEngineNumbers(ev, res)).toBeGreaterThan(12);
    const c1 = res.cities.find((c) => c.name === '城市1')!;
    expect(nodeScore(res, c1, 'Y')!.points).toBeCloseTo(-7 * 0.431, 12);
    expect(nodeScore(res, c1, 'X')).toMatchObject({ lost: null, state: 'present' });
    expect(nodeScore(res, c1, 'Z')!.factor).toBeCloseTo(0.8 + 0.777 * 0.2, 12);
    expect(nodeScore(res, c1, 'Z')!.points).toBeNull();
    const c2 = res.cities.find((c) => c.name === '城市2')!;
    expect(nodeScore(res, c2, 'B')).toMatchObject({ value: null, points: null, state: 'missing' });
    expect(nodeScore(res, c2, 'nope')).toBeUndefined();
  });

  it('gives the engine’s numbers for the national example, and the same in memory as from the JSON', async () => {
    const sys = await loadOk(fixture('national-example.yaml'));
    const full = { e_licence_items: 60, service_items: 100, one_stop_rate: 100, single_entry_rate: 87.5, traffic_index: '全面', bus_forecast: 90, survey: 80 };
    const ds = makeDataset(sys, [
      { name: '南宁市', values: { ...full, survey: 71.3, traffic_index: '部分', e_licence_items: 37 } },
      { name: '柳州市', values: { ...full, one_stop_rate: null, bus_forecast: 61.7 } },
    ]);
    const ev = evaluate(compileModel(sys), ds);
    const mem = buildResults(ev, { version: 't' });
    const json = JSON.parse(resultsToJson(mem)) as Results;
    expect(expectEngineNumbers(ev, json)).toBeGreaterThan(20);
    expectEngineNumbers(ev, mem);
  });
});

describe('upgradeResults (schemaVersion 1)', () => {
  it('reads a version-1 city (a scores object per node) as the current arrays', async () => {
    const ev = await kinds();
    const v2 = JSON.parse(resultsToJson(buildResults(ev, { version: 't' }))) as Results;
    // The same results as schemaVersion 1 wrote them.
    const v1 = toSchemaV1(v2);
    const up = upgradeResults(JSON.parse(JSON.stringify(v1)), 'old.json');
    expect(up.schemaVersion).toBe(2);
    for (const c of v2.cities) {
      const u = up.cities.find((x) => x.key === c.key)!;
      for (const n of v2.nodes) expect(nodeScore(up, u, n.id)).toEqual(nodeScore(v2, c, n.id));
      expect(u.diagnosis?.priorities).toEqual(c.diagnosis?.priorities);
      for (const s of c.diagnosis?.strengths ?? []) expect(standingDetails(up, u, s)).toEqual(standingDetails(v2, c, s));
    }
  });

  it('refuses another schemaVersion with exit 2', () => {
    expect(() => upgradeResults({ schemaVersion: 3 }, 'x.json')).toThrow(/schemaVersion 3/);
  });
});

describe('priorities under a deduction', () => {
  it('the target of a deduction is no deduction, and the stated gain is what re-scoring gives', async () => {
    const res = JSON.parse(resultsToJson(buildResults(await kinds(), { version: 't' }))) as Results;
    const c1 = res.cities.find((c) => c.name === '城市1')!;
    const y = c1.diagnosis!.priorities.find((p) => p.node === 'Y')!;
    expect(y).toMatchObject({ target: 0, targetScore: 0, basis: 'no-deduction' });
    // 7 points × 43.1% taken off, then the coefficient Z (0.8 + 0.777 × 0.2) applies to the total.
    expect(y.gain).toBeCloseTo(7 * 0.431 * (0.8 + 0.777 * 0.2), 12);
    const fixed = JSON.parse(resultsToJson(buildResults(await kinds((i): Record<string, number> => (i === 0 ? { d: 0 } : {})), { version: 't' }))) as Results;
    expect(fixed.cities.find((c) => c.name === '城市1')!.total! - c1.total!).toBeCloseTo(y.gain, 12);
    // No deduction left: nothing to gain there.
    expect(fixed.cities.find((c) => c.name === '城市1')!.diagnosis!.priorities.some((p) => p.node === 'Y')).toBe(false);
  });
});
