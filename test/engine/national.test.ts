/** The national standard's absolute scoring (standards.md §1.3–1.4, §7, §9.3) on a small fixture system. */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { roundTo } from '../../src/util/round.js';
import { makeDataset } from './helpers/dataset.js';
import { fixture, loadOk } from './helpers/system.js';

const full = { e_licence_items: 60, service_items: 100, one_stop_rate: 100, single_entry_rate: 87.5, traffic_index: '全面', bus_forecast: 90, survey: 80 };

async function setup() {
  const sys = await loadOk(fixture('national-example.yaml'));
  return { sys, model: compileModel(sys) };
}

const node = (ev: ReturnType<typeof evaluate>, id: string, u = 0) => {
  const i = ev.model.index.get(id)!;
  const U = ev.ux.units.length;
  return { value: ev.nodes.value[i * U + u], points: ev.nodes.points[i * U + u], state: ev.nodes.state[i * U + u] };
};

describe('national standard worked example (GB/T 33356-2016, standards.md §1.4)', () => {
  it('L1P1-A1 = 30% × 60 = 18 on L1P1’s scale; L1P1 = 8% × (18 + 30 + 35) = 6.64 points', async () => {
    const { sys, model } = await setup();
    const ev = evaluate(model, makeDataset(sys, [{ name: '南宁市', code: '450100', values: full }]));
    const a1 = node(ev, 'L1P1-A1');
    expect(a1.value).toBe(60); // ratio × 100
    expect(0.3 * a1.value).toBe(18); // the 分项 score on L1P1's 0–100 scale
    expect(a1.points).toBeCloseTo(0.08 * 18, 14);
    expect(node(ev, 'L1P1-A2').points / 0.08).toBeCloseTo(30, 12);
    expect(node(ev, 'L1P1-A3').points / 0.08).toBeCloseTo(35, 12);
    const p1 = node(ev, 'L1P1');
    expect(p1.value).toBe(83);
    expect(p1.points).toBe(6.64);
    // Sum rule: every level's points = sum of its children's points.
    const sum = ['L1P1-A1', 'L1P1-A2', 'L1P1-A3'].reduce((a, id) => a + node(ev, id).points, 0);
    expect(sum).toBeCloseTo(p1.points, 12);
    expect(node(ev, 'L1').points).toBeCloseTo(p1.points + node(ev, 'L1P2').points, 12);
    // Total = Σ 一级 points: 6.64 + 29 + 0.8 × 63 = 86.04.
    expect(ev.total[0]).toBeCloseTo(86.04, 12);
    expect(ev.ranking.rounded[0]).toBe(86.04);
    expect(sys.settings.tiers[ev.tiers[0]].name).toBe('成熟期');
  });

  it('scores a missing 分项 as zero (missing: zero) with a finding', async () => {
    const { sys, model } = await setup();
    const ev = evaluate(model, makeDataset(sys, [{ name: '柳州市', values: { ...full, one_stop_rate: null } }]));
    expect(node(ev, 'L1P1').value).toBe(53); // 18 + 0 + 35
    expect(node(ev, 'L1P1-A2').state).toBe(1);
    const f = ev.findings.find((d) => d.code === 'MISSING_VALUE');
    expect(f?.message).toMatch(/L1P1-A2: missing for 1 city, scored 0 \(missing: zero\): 柳州市 2023/);
    expect(f?.location?.file).toMatch(/national-example\.yaml$/);
    expect(f?.location?.line).toBeGreaterThan(0);
  });

  it('leaves a 不适用 分项 out and renormalises its siblings (not_applicable: exclude)', async () => {
    const { sys, model } = await setup();
    const ev = evaluate(model, makeDataset(sys, [{ name: '桂林市', values: { ...full, single_entry_rate: '不适用' } }]));
    // (0.3·60 + 0.3·100) / 0.6 = 80
    expect(node(ev, 'L1P1').value).toBeCloseTo(80, 12);
    expect(node(ev, 'L1P1').points).toBeCloseTo(6.4, 12);
    expect(node(ev, 'L1P1-A3').state).toBe(2);
  });

  it('levels and linear rules; ranks on the rounded total; tiers', async () => {
    const { sys, model } = await setup();
    const rows = [
      { name: 'A市', values: { ...full, traffic_index: '部分', bus_forecast: 55 } }, // 60; (55−20)/70 = 50
      { name: 'B市', values: { ...full, bus_forecast: 10 } }, // below floor → 0
      { name: 'C市', values: { ...full, survey: 80.004 } },
      { name: 'D市', values: { ...full, survey: 80.001 } },
    ];
    const ev = evaluate(model, makeDataset(sys, rows));
    expect(node(ev, 'L1P2-A1', 0).value).toBe(60);
    expect(node(ev, 'L1P2-A2', 0).value).toBeCloseTo(50, 12);
    expect(node(ev, 'L1P2-A2', 1).value).toBe(0);
    // C and D differ by 0.003 × 0.63 points: both display 86.04 and share rank 1 (1, 1, then 3, 4); A 72.99, B 71.54.
    expect(ev.ranking.rounded[2]).toBe(86.04);
    expect(ev.ranking.rounded[3]).toBe(86.04);
    expect(Array.from(ev.ranking.rank)).toEqual([3, 4, 1, 1]);
    expect(roundTo(ev.total[0], 2)).toBe(ev.ranking.rounded[0]);
  });

  it('diagnosis: lost points, gap to the best, and priorities whose gains match a re-score', async () => {
    const { sys, model } = await setup();
    const rows = [
      { name: '南宁市', code: '450100', attrs: { region: '桂中' }, values: { ...full, e_licence_items: 30, bus_forecast: 41, traffic_index: '无' } },
      { name: '柳州市', code: '450200', attrs: { region: '桂中' }, values: full },
    ];
    const ev = evaluate(model, makeDataset(sys, rows), { groupBy: 'region' });
    const d = ev.diagnosis[0]!;
    expect(d.gapToBest).toBeCloseTo(ev.total[1] - ev.total[0], 12);
    expect(d.gapToGroupBest).toBeCloseTo(ev.total[1] - ev.total[0], 12);
    expect(d.priorities.map((p) => p.node)).toEqual(['L1P2-A1', 'L8P1', 'L1P2-A2', 'L1P1-A1', 'L1P1-A3']); // 14.5, 12.6, 10.15, 1.68, 0.4
    expect(d.priorities[0].targetLabel).toBe('全面');
    // Each gain equals a full re-score with that value at its target.
    for (const p of d.priorities) {
      const vals: Record<string, unknown> = { ...rows[0].values };
      if (p.field) vals[p.field] = p.targetLabel ?? p.target;
      else vals.e_licence_items = (p.target * (vals.service_items as number)) / 100; // formula leaf: value × denominator
      const again = evaluate(model, makeDataset(sys, [{ ...rows[0], values: vals as never }, rows[1]]));
      expect(again.total[0] - ev.total[0], p.node).toBeCloseTo(p.gain, 10);
    }
    expect(d.priorities[0].gain).toBeCloseTo(0.5 * 29, 12); // 无 → 全面: half of L1P2's 29 points
  });
});
