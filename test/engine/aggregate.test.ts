/** Aggregation methods, missing and not-applicable policies, bonus / deduction / coefficient nodes. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { makeDataset, type Cell } from './helpers/dataset.js';
import { loadOk, systemFromYaml, yamlSystem } from './helpers/system.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

const fields =
  '  - {id: a, name: A, type: percent}\n  - {id: b, name: B, type: percent}\n  - {id: c, name: C, type: percent}\n  - {id: d, name: D, type: percent}';

/** One parent P (100 points) over leaves A, B, C scored ratio from a, b, c; extra YAML for P and for extra children. */
async function tree(pExtra: string, extraChildren = '', settings = '  missing: renormalise') {
  const sys = await systemFromYaml(
    yamlSystem({
      settings,
      fields,
      indicators: `  - id: P
    name: P
    points: 100
${pExtra}
    children:
      - {id: A, name: A, weight: 1, value: a, rule: {type: ratio}}
      - {id: B, name: B, weight: 1, value: b, rule: {type: ratio}}
      - {id: C, name: C, weight: 2, value: c, rule: {type: ratio}}
${extraChildren}`,
    }),
  );
  return compileModel(sys);
}

function score(model: Awaited<ReturnType<typeof tree>>, rows: Record<string, Cell>[]): Evaluation {
  return evaluate(
    model,
    makeDataset(
      model.system,
      rows.map((values, i) => ({ name: `城市${i + 1}`, values })),
    ),
  );
}
const P = (ev: Evaluation, u = 0) => ev.nodes.value[ev.model.index.get('P')! * ev.ux.units.length + u];

describe('aggregation methods', () => {
  it('amean and sum with available-case renormalisation', async () => {
    const m = await tree('    aggregate: amean');
    expect(P(score(m, [{ a: 40, b: 80, c: 60 }]))).toBe(60); // (40 + 80 + 2·60)/4
    expect(P(score(m, [{ a: 40, b: null, c: 70 }]))).toBe(60); // (40 + 2·70)/3
    const s = await tree('    aggregate: sum');
    expect(P(score(s, [{ a: 40, b: 80, c: 60 }]))).toBe(60);
  });

  it('gmean, hmean and genmean; a zero child is a finding with a hint, never a silent zero', async () => {
    const g = await tree('    aggregate: gmean');
    const ev = score(g, [
      { a: 10, b: 100, c: 100 },
      { a: 0, b: 50, c: 50 },
    ]);
    expect(P(ev)).toBeCloseTo(Math.exp((Math.log(10) + Math.log(100) + 2 * Math.log(100)) / 4), 12);
    expect(Number.isNaN(P(ev, 1))).toBe(true);
    const f = ev.findings.find((d) => d.code === 'AGGREGATE_NONPOSITIVE')!;
    expect(f.message).toMatch(/P: a geometric mean meets a child score of zero or below .* 城市2 2023/);
    expect(f.hint).toMatch(/range: \[1, 100\]/);
    const h = await tree('    aggregate: hmean');
    expect(P(score(h, [{ a: 10, b: 20, c: 40 }]))).toBeCloseTo(4 / (1 / 10 + 1 / 20 + 2 / 40), 12);
    const gm = await tree('    aggregate: {method: genmean, p: 2}');
    expect(P(score(gm, [{ a: 10, b: 20, c: 40 }]))).toBeCloseTo(Math.sqrt((100 + 400 + 2 * 1600) / 4), 12);
    const neg = await tree('    aggregate: {method: genmean, p: -1}');
    const e2 = score(neg, [{ a: 0, b: 20, c: 40 }]);
    expect(Number.isNaN(P(e2))).toBe(true);
    expect(e2.findings.some((d) => d.code === 'AGGREGATE_NONPOSITIVE' && /generalised mean with p = -1/.test(d.message))).toBe(true);
  });

  it('weighted median', async () => {
    const m = await tree('    aggregate: median');
    expect(P(score(m, [{ a: 10, b: 20, c: 90 }]))).toBe(55); // weights 1,1,2: cumulative 1/4, 2/4 (= half) → mean of 20 and 90
    expect(P(score(m, [{ a: 10, b: 95, c: 90 }]))).toBe(90);
  });
});

describe('missing and not-applicable policies', () => {
  it('zero counts a missing child as 0; coverage needs a share of children present', async () => {
    const z = await tree('    missing: zero');
    expect(P(score(z, [{ a: 40, b: null, c: 80 }]))).toBe(50); // (40 + 0 + 160)/4
    const cov = await tree('    missing: {policy: coverage, min: 0.7}');
    const ev = score(cov, [
      { a: 40, b: null, c: 80 },
      { a: 40, b: 60, c: 80 },
    ]);
    expect(Number.isNaN(P(ev))).toBe(true); // 2 of 3 present < 0.7
    expect(P(ev, 1)).toBe(65);
  });

  it('not applicable: exclude renormalises; zero and full score 0 and 100', async () => {
    const sys = await systemFromYaml(
      yamlSystem({
        fields,
        indicators: `  - id: P
    name: P
    points: 100
    children:
      - {id: A, name: A, share: 0.5, value: a, rule: {type: ratio}}
      - {id: B, name: B, share: 0.25, value: b, rule: {type: ratio}, not_applicable: zero}
      - {id: C, name: C, share: 0.25, value: c, rule: {type: ratio}, not_applicable: full}`,
      }),
    );
    const m = compileModel(sys);
    expect(P(score(m, [{ a: '不适用', b: 80, c: 40 }]))).toBe(60); // (20 + 10)/0.5
    expect(P(score(m, [{ a: 60, b: '不适用', c: '不适用' }]))).toBe(55); // 30 + 0 + 25
  });
});

describe('bonus, deduction and coefficient nodes', () => {
  const kids = (kind: string) =>
    kind === 'bonus'
      ? '      - {id: D, name: 加分, kind: bonus, max: 5, value: d, rule: {type: ratio}}'
      : kind === 'deduction'
        ? '      - {id: D, name: 扣分, kind: deduction, max: 10, value: d, rule: {type: ratio}}'
        : '      - {id: D, name: 系数, kind: coefficient, range: [0.8, 1], value: d, rule: {type: ratio}}';

  it('bonus adds f/100 × max, capped at the maximum', async () => {
    const m = await tree('', kids('bonus'));
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: 100 }]))).toBe(55);
    expect(P(score(m, [{ a: 98, b: 98, c: 98, d: 100 }]))).toBe(100);
    const ev = score(m, [{ a: 50, b: 50, c: 50, d: 40 }]);
    expect(ev.nodes.points[ev.model.index.get('D')! * 1]).toBe(2);
  });

  it('deduction subtracts f/100 × max, floored at 0', async () => {
    const m = await tree('', kids('deduction'));
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: 50 }]))).toBe(45);
    expect(P(score(m, [{ a: 5, b: 5, c: 5, d: 100 }]))).toBe(0);
    const ev = score(m, [{ a: 50, b: 50, c: 50, d: 50 }]);
    expect(ev.nodes.points[ev.model.index.get('D')!]).toBe(-5);
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: null }]))).toBe(50); // missing: no deduction
  });

  it('coefficient multiplies the aggregate by range[0] + f/100 × (range[1] − range[0])', async () => {
    const m = await tree('', kids('coefficient'));
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: 50 }]))).toBeCloseTo(45, 12);
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: 100 }]))).toBe(50);
    expect(P(score(m, [{ a: 50, b: 50, c: 50, d: '不适用' }]))).toBe(50);
  });
});

describe('bundled ndrc-2018-completed: the 信息安全 deduction at the top level', () => {
  it('subtracts f/100 × 5 points from the total', async () => {
    const sys = await loadOk(resolve(PROJECT_ROOT, 'indicators', 'national', 'ndrc-2018-completed.yaml'));
    const model = compileModel(sys);
    const values: Record<string, Cell> = {};
    for (const f of sys.fields) values[f.id] = f.type === 'level' ? f.levels![f.levels!.length - 1] : f.type === 'percent' ? 80 : 100;
    values.security_management_rating = 60;
    values.system_data_security_rating = 70;
    const ev = evaluate(model, makeDataset(sys, [{ name: '南宁市', values }]));
    const U = 1;
    const L6 = model.index.get('L6')!;
    expect(ev.nodes.value[L6 * U]).toBe(35);
    expect(ev.nodes.points[L6 * U]).toBe(-1.75);
    let standard = 0;
    for (let k = model.childStart[0]; k < model.childStart[1]; k++) {
      const c = model.childList[k];
      if (model.kind[c] === 0) standard += ev.nodes.points[c * U];
    }
    expect(ev.total[0]).toBeCloseTo(standard - 1.75, 10);
  });
});
