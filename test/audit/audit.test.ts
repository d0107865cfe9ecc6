/** The statistical coherence audit: correlations, collinear and negative flags, Cronbach's alpha, influence. */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { auditSystem } from '../../src/analysis/audit/audit.js';
import { pearson } from '../../src/analysis/stats/descriptive.js';
import { cronbachAlpha } from '../../src/analysis/stats/correlation.js';
import { MISSING, PRESENT, emptyDataset } from '../../src/returns/dataset.js';
import type { ResolvedSystem } from '../../src/system/model.js';
import { runCli } from '../helpers/cli.js';
import { GUANGXI_RETURNS, systemFromYaml, yamlSystem } from '../sensitivity/helpers.js';
import { ProvColumn } from '../../src/returns/provenance.js';

const leaf = (id: string, w: number) => `{id: ${id}, name: 指标${id}, weight: ${w}, value: ${id.toLowerCase()}, rule: {type: ratio}}`;
const SYSTEM = yamlSystem({
  settings: '  aggregate: amean\n  missing: renormalise',
  fields: ['x1', 'x2', 'x3', 'y1', 'y2'].map((f) => `  - {id: ${f}, name: ${f}, type: number}`).join('\n'),
  indicators: `  - id: X\n    name: 甲\n    weight: 3\n    children: [${leaf('X1', 1)}, ${leaf('X2', 1)}, ${leaf('X3', 1)}]\n  - id: Y\n    name: 乙\n    weight: 1\n    children: [${leaf('Y1', 1)}, ${leaf('Y2', 1)}]`,
});

/** 12 cities: X1 ≈ X2 (collinear), X3 falls as X1 rises (negative), Y independent-ish; one missing cell. */
function data(sys: ResolvedSystem) {
  const t = Array.from({ length: 12 }, (_, i) => i);
  const cols: Record<string, number[]> = {
    x1: t.map((i) => 20 + 5 * i),
    x2: t.map((i) => 21 + 5 * i + (i % 2)),
    x3: t.map((i) => 90 - 4 * i + ((i * 7) % 5)),
    y1: t.map((i) => 40 + ((i * 5) % 11) * 3),
    y2: t.map((i) => 50 + ((i * 3) % 7) * 4),
  };
  const ds = emptyDataset();
  ds.units = t.map((i) => ({ key: `C${i}@2023`, name: `城市${i}`, year: 2023, attrs: {} }));
  for (const f of sys.fields) {
    ds.fields.push(f.id);
    ds.values[f.id] = Float64Array.from(cols[f.id]);
    ds.state[f.id] = new Uint8Array(12).fill(PRESENT);
    ds.text[f.id] = new Array(12).fill(null);
    ds.provenance[f.id] = ProvColumn.of(new Array(12).fill(null));
  }
  ds.values.y2[3] = NaN;
  ds.state.y2[3] = MISSING;
  return { ds, cols };
}

describe('auditSystem', () => {
  it('correlates each indicator with its ancestors, flags collinear and negative pairs, and computes alpha and influence', async () => {
    const sys = await systemFromYaml(SYSTEM);
    const { ds, cols } = data(sys);
    const ev = evaluate(compileModel(sys), ds, { diagnose: false });
    const res = auditSystem(ev);
    expect(res.cities).toBe(12);

    const x1 = res.correlations.find((c) => c.id === 'X1')!;
    expect(x1.withAncestors.map((a) => a.id)).toEqual(['X', 'TOTAL']);
    const U = ev.ux.units.length;
    const X = Array.from(ev.nodes.value.subarray(ev.model.index.get('X')! * U, (ev.model.index.get('X')! + 1) * U));
    expect(x1.withAncestors[0].r!).toBeCloseTo(pearson(cols.x1, X), 12);
    expect(x1.withAncestors[1].r!).toBeCloseTo(pearson(cols.x1, Array.from(ev.total)), 12);
    // Pairwise complete: Y2's correlations use the 11 cities where it is present.
    expect(res.correlations.find((c) => c.id === 'Y2')!.withAncestors[0].n).toBe(11);

    expect(res.flags).toContainEqual(expect.objectContaining({ node: 'X', a: 'X1', b: 'X2', kind: 'collinear' }));
    expect(res.flags).toContainEqual(expect.objectContaining({ node: 'X', a: 'X1', b: 'X3', kind: 'negative' }));
    for (const f of res.flags) expect(f.kind === 'collinear' ? f.r > 0.9 : f.r < 0).toBe(true);

    const alphaX = res.cronbach.find((a) => a.node === 'X')!;
    expect(alphaX.alpha!).toBeCloseTo(cronbachAlpha(cols.x1.map((_, i) => [cols.x1[i], cols.x2[i], cols.x3[i]])), 12);
    expect(alphaX.alpha!).toBeLessThan(0.7);
    expect(alphaX.note).toMatch(/below 0\.7/);

    const inf = res.influence;
    expect(inf.map((x) => x.id)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2']);
    expect(inf.reduce((a, x) => a + x.nominal, 0)).toBeCloseTo(1, 12);
    expect(inf.reduce((a, x) => a + (x.influence ?? 0), 0)).toBeCloseTo(1, 12);
    expect(inf[0].nominal).toBeCloseTo(0.25, 12); // 3/4 × 1/3
    expect(inf[3].nominal).toBeCloseTo(0.125, 12);
    for (const x of inf) expect(x.ratio!).toBeCloseTo(x.influence! / x.nominal, 12);
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });
});

describe('cityscore audit (Guangxi samples)', () => {
  it('prints the four parts, and --json gives the same object', () => {
    const r = runCli(['audit', 'guangxi-2023', ...GUANGXI_RETURNS, '--year', '2023']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Statistical coherence audit — guangxi-2023 2023; 14 city-years \(2023\)/);
    expect(r.stdout).toMatch(/correlation of each indicator with its parent/);
    expect(r.stdout).toMatch(/collinear/);
    expect(r.stdout).toMatch(/Cronbach's alpha/);
    expect(r.stdout).toMatch(/nominal weight vs influence on the total/);
    const j = runCli(['audit', 'guangxi-2023', ...GUANGXI_RETURNS, '--year', '2023', '--json']);
    const res = JSON.parse(j.stdout);
    expect(res.system.id).toBe('guangxi-2023');
    expect(res.cronbach.find((a: { node: string }) => a.node === 'L1').children).toBe(9);
    expect(res.influence).toHaveLength(41);
  });
});
