/** The compile / evaluate split that sensitivity analysis and diff attribution build on. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, normaliseShares, siblingGroups, withRules } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { aggregateTree, allocNodeScores, rescoreUnit, totals } from '../../src/engine/aggregate.js';
import { computeLeafScores } from '../../src/engine/leaf-scores.js';
import { rankTotals } from '../../src/engine/rank.js';
import { roundDecimal, roundTo } from '../../src/util/round.js';
import { makeDataset } from './helpers/dataset.js';
import { systemFromYaml, yamlSystem } from './helpers/system.js';

const weights = (a: number, b: number, c: number) =>
  yamlSystem({
    settings: '  aggregate: amean\n  missing: renormalise',
    fields: '  - {id: x, name: X}\n  - {id: y, name: Y}\n  - {id: z, name: Z}',
    indicators: `  - id: D1
    name: D1
    weight: ${a}
    children:
      - {id: X, name: X, weight: 1, value: x, rule: {type: normalise, method: minmax}}
      - {id: Y, name: Y, weight: ${b}, value: y, rule: {type: normalise, method: minmax}}
  - {id: Z, name: Z, weight: ${c}, value: z, rule: {type: normalise, method: minmax}}`,
  });

const rows = [
  { name: 'a', values: { x: 1, y: 5, z: 3 } },
  { name: 'b', values: { x: 4, y: null, z: 8 } },
  { name: 'c', values: { x: 9, y: 2, z: 1 } },
  { name: 'd', values: { x: 6, y: 7, z: 5 } },
];

describe('compile once, re-aggregate many times', () => {
  it('aggregateTree with the model shares reproduces evaluate; perturbed shares equal a system with those weights', async () => {
    const sys = await systemFromYaml(weights(1, 1, 1));
    const model = compileModel(sys);
    const ev = evaluate(model, makeDataset(sys, rows), { diagnose: false });
    const again = aggregateTree(model, ev.leafScores);
    expect(Array.from(totals(again))).toEqual(Array.from(ev.total));

    const w = new Float64Array(model.n);
    const ids = ['D1', 'X', 'Y', 'Z'];
    const raw = [3, 1, 2, 5];
    ids.forEach((id, k) => (w[model.index.get(id)!] = raw[k]));
    const shares = normaliseShares(model, w);
    const buf = allocNodeScores(model, rows.length);
    aggregateTree(model, ev.leafScores, { shares, out: buf });
    const other = await systemFromYaml(weights(3, 2, 5));
    const ev2 = evaluate(compileModel(other), makeDataset(other, rows), { diagnose: false });
    totals(buf).forEach((t, u) => expect(t).toBeCloseTo(ev2.total[u], 12));
    // Repeated calls with sameLeaves give the same numbers.
    const first = Array.from(totals(buf));
    aggregateTree(model, ev.leafScores, { shares, out: buf, sameLeaves: true, points: false });
    expect(Array.from(totals(buf))).toEqual(first);
    expect(siblingGroups(model).map((g) => Array.from(g.children).map((c) => model.ids[c]))).toEqual([
      ['D1', 'Z'],
      ['X', 'Y'],
    ]);
    const r = rankTotals(totals(buf), ev.ux, { precision: 2, rounding: 'half-up' });
    expect(Array.from(r.rank).sort()).toEqual([1, 2, 3, 4]);
  });

  it('withRules re-normalises without recompiling the rest', async () => {
    const sys = await systemFromYaml(weights(1, 1, 1));
    const model = compileModel(sys);
    const ev = evaluate(model, makeDataset(sys, rows), { diagnose: false });
    const ranked = withRules(model, new Map([['X', { type: 'normalise', method: 'rank' } as const]]));
    const ls = computeLeafScores(ranked, ev.treated, ev.normGroups, ev.ux.units, null);
    expect(Array.from(ls.values[0])).toEqual([1, 2, 4, 3]);
    expect(Array.from(ls.values[1])).toEqual(Array.from(ev.leafScores.values[1]));
    expect(ranked.leaves).toBe(model.leaves);
  });

  it('rescoreUnit re-aggregates one unit exactly and restores the scores', async () => {
    const sys = await systemFromYaml(weights(1, 1, 1));
    const model = compileModel(sys);
    const ev = evaluate(model, makeDataset(sys, rows), { diagnose: false });
    const before = ev.nodes.value.slice();
    const y = model.index.get('Y')!;
    const t = rescoreUnit(model, ev.nodes, 1, y, 100);
    expect(Array.from(ev.nodes.value)).toEqual(Array.from(before));
    const changed = { ...ev.leafScores, values: ev.leafScores.values.map((v) => v.slice()), state: ev.leafScores.state.map((s) => s.slice()) };
    changed.values[1][1] = 100;
    changed.state[1][1] = 0;
    expect(totals(aggregateTree(model, changed))[1]).toBe(t);
  });
});

describe('roundTo', () => {
  it('its fast path equals the decimal-digit path everywhere', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.integer({ min: 0, max: 1e7 }).map((k) => k / 1000 + 0.005),
          fc.integer({ min: 0, max: 1e6 }).map((k) => k / 200),
        ),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (x, p, rule) => {
          expect(roundTo(x, p, rule)).toBe(roundDecimal(x, p, rule));
        },
      ),
      { numRuns: 5000 },
    );
    for (const x of [2.675, 1.005, 0.125, 86.045, 8.345, 1e-7, 0])
      for (const rule of ['half-up', 'half-even'] as const) expect(roundTo(x, 2, rule)).toBe(roundDecimal(x, 2, rule));
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(2.665, 2, 'half-even')).toBe(2.66);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
  });
});
