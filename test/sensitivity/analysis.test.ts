/** runSensitivity in process: COINr's dummy-input check, UA alone, failed runs, rank statistics, the SVG chart. */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/model.js';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { parseSpecText } from '../../src/analysis/sensitivity/spec.js';
import { resolveInputs } from '../../src/analysis/sensitivity/validate.js';
import { runSensitivity } from '../../src/analysis/sensitivity/run.js';
import { rankQuantiles } from '../../src/analysis/sensitivity/summary.js';
import { rankIntervalRows, rankIntervalSvg } from '../../src/analysis/sensitivity/chart.js';
import { renderSensitivity } from '../../src/analysis/sensitivity/render.js';
import { quantilesType7 } from '../../src/analysis/stats/descriptive.js';
import { Chalk } from 'chalk';
import { prng, randomDataset, systemFromYaml, yamlSystem } from './helpers.js';

const leaf = (id: string, w: number) => `{id: ${id}, name: 指标${id}, weight: ${w}, value: ${id.toLowerCase()}, rule: {type: ratio}}`;
const FIELDS = ['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2'].map((f) => `  - {id: ${f}, name: ${f}, type: number}`).join('\n');
const TREE = `  - id: A
    name: 甲
    weight: 1
    children: [${leaf('A1', 1)}, ${leaf('A2', 2)}]
  - id: B
    name: 乙
    weight: 2
    children: [${leaf('B1', 1)}, ${leaf('B2', 1)}, ${leaf('B3', 1)}]
  - id: C
    name: 丙
    weight: 1
    children: [${leaf('C1', 1)}, ${leaf('C2', 1)}]`;
const SETTINGS = '  aggregate: amean\n  missing: renormalise\n  tiers: [{id: t1, name: 起步, min: 0}, {id: t2, name: 成长, min: 50}]';

async function setup(opts: { missing?: number } = {}): Promise<Evaluation> {
  const sys = await systemFromYaml(yamlSystem({ settings: SETTINGS, fields: FIELDS, indicators: TREE }));
  const model = compileModel(sys);
  return evaluate(model, randomDataset(sys, 25, 5, { missing: opts.missing ?? 0 }), { diagnose: false });
}

function inputs(ev: Evaluation, yaml: string) {
  const { spec, diagnostics } = parseSpecText(yaml, 'spec.yaml');
  expect(diagnostics).toEqual([]);
  return resolveInputs(spec!, ev.model).inputs;
}

describe('runSensitivity', () => {
  it('gives a dummy input (no effect on any city) S_i = ST_i = 0 exactly, as COINr tests', async () => {
    const ev = await setup({ missing: 0 });
    // No value is missing, so the missing-data policy changes nothing.
    const inp = inputs(ev, 'inputs:\n  - {type: weights, level: 1, noise: 0.3}\n  - {type: missing, alternatives: [zero, renormalise]}\n');
    const res = runSensitivity(ev, inp, { N: 64, seed: 3, nboot: 50 });
    const [w, dummy] = res.sensitivity!.inputs;
    expect(dummy.Si).toBe(0);
    expect(dummy.STi).toBe(0);
    expect(w.STi!).toBeGreaterThan(0.5);
    expect(res.failures).toEqual({ failedRuns: 0, partialRuns: 0, examples: [] });
  });

  it('runs an uncertainty analysis alone (d = 1: N runs, no indices) with tier probabilities summing to 1', async () => {
    const ev = await setup();
    const res = runSensitivity(ev, inputs(ev, 'inputs:\n  - {type: weights, level: 2, noise: 0.5}\n'), { N: 50, seed: 1 });
    expect(res.design).toMatchObject({ analysis: 'ua', runs: 50, uncertaintyRuns: 50 });
    expect(res.sensitivity).toBeUndefined();
    for (const c of res.uncertainty.cities) {
      const total = Object.values(c.tiers!).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 12);
      expect(c.rank.q5!).toBeLessThanOrEqual(c.rank.median!);
      expect(c.rank.median!).toBeLessThanOrEqual(c.rank.q95!);
    }
  });

  it('reports runs that leave cities unscored, with the sampled parameters, and warns before sampling', async () => {
    const sys = await systemFromYaml(
      yamlSystem({ settings: SETTINGS, fields: FIELDS, indicators: [leaf('A1', 1), leaf('B1', 2), leaf('C1', 1)].map((l) => `  - ${l}`).join('\n') }),
    );
    const ev = evaluate(compileModel(sys), randomDataset(sys, 25, 5), { diagnose: false });
    // min-max gives the worst city a 0, which a geometric mean cannot take (COINr #47).
    const spec = 'inputs:\n  - {type: normalisation, alternatives: [system, minmax]}\n  - {type: aggregation, level: 1, alternatives: [amean, gmean]}\n';
    const res = runSensitivity(ev, inputs(ev, spec), { N: 40, seed: 2, locate: () => ({ file: 'spec.yaml', line: 2, col: 5 }) });
    expect(
      res.checks.some((c) => c.parameters.normalisation === 'minmax' && c.parameters['aggregation(level 1)'] === 'gmean' && /no total/.test(c.message)),
    ).toBe(true);
    expect(res.checks[0].location).toEqual({ file: 'spec.yaml', line: 2, col: 5 });
    expect(res.failures.partialRuns).toBeGreaterThan(0);
    const ex = res.failures.examples[0];
    expect(ex.parameters).toEqual({ normalisation: 'minmax', 'aggregation(level 1)': 'gmean' });
    expect(ex.message).toMatch(/cities got no total/);
    const text = renderSensitivity(res, { color: new Chalk({ level: 0 }) });
    expect(text).toMatch(/spec\.yaml:2:5: warning normalisation=minmax, aggregation\(level 1\)=gmean: \d+ cit(y gets|ies get) no total/);
    expect(text).toMatch(/in which some cities got no total/);
  });

  it('records the sampled parameters of every run in Saltelli order (A, B, AB_1 … AB_d)', async () => {
    const ev = await setup();
    const res = runSensitivity(ev, inputs(ev, 'inputs:\n  - {type: weights, level: 1, noise: 0.2, sets: 7}\n  - {type: remove, level: 1}\n'), {
      N: 10,
      seed: 4,
    });
    expect(res.runs.map((r) => r.block)).toEqual([...Array(10).fill('A'), ...Array(10).fill('B'), ...Array(20).fill('AB')]);
    expect(res.inputs[0].sets!.shares).toHaveLength(7);
    expect(res.inputs[1].alternatives).toEqual(['none', 'A', 'B', 'C']);
    // AB_1 row r: input 1 from B row r, input 2 from A row r.
    for (let r = 0; r < 10; r++) {
      expect(res.runs[20 + r].parameters).toEqual([res.runs[10 + r].parameters[0], res.runs[r].parameters[1]]);
      expect(res.runs[30 + r].parameters).toEqual([res.runs[r].parameters[0], res.runs[10 + r].parameters[1]]);
    }
    for (const set of res.inputs[0].sets!.shares) expect(set.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('rankQuantiles', () => {
  it('equals R type-7 quantiles of the ranks', () => {
    const rand = prng(1);
    for (let rep = 0; rep < 50; rep++) {
      const n = 1 + Math.floor(rand() * 40);
      const ranks = Array.from({ length: n }, () => 1 + Math.floor(rand() * 12));
      const hist = new Int32Array(13);
      for (const r of ranks) hist[r]++;
      const ps = [0.05, 0.5, 0.95, 0, 1];
      expect(rankQuantiles(hist, n, ps)).toEqual(quantilesType7(ranks, ps));
    }
  });
});

describe('rankIntervalSvg', () => {
  it('builds a self-contained SVG with one row per city, escaping labels', async () => {
    const ev = await setup();
    const res = runSensitivity(ev, inputs(ev, 'inputs:\n  - {type: weights, level: 1, noise: 0.3}\n'), { N: 20, seed: 1 });
    const rows = rankIntervalRows(res);
    expect(rows).toHaveLength(25);
    expect(rows[0].nominal).toBe(1);
    const svg = rankIntervalSvg([...rows, { label: 'a<b & "c"', nominal: 3, median: 2, q5: 1, q95: 4 }], { title: '排名区间' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(svg).toContain('排名区间');
    expect(svg.match(/<circle /g)).toHaveLength(26);
    expect(svg).not.toMatch(/<script|NaN|undefined/);
  });
});
