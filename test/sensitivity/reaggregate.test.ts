/**
 * The Monte Carlo re-aggregation and ranking must equal the engine's aggregateTree and rankTotals
 * bit for bit, for every method, missing policy, 不适用 policy, special node, removal and leaf
 * table, whatever the order of the runs (the column cache must never serve a stale column).
 */
import { describe, expect, it } from 'vitest';
import { compileModel, siblingGroups, withRules, METHOD_CODES, POLICY_CODES, type CompiledModel } from '../../src/engine/model.js';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { aggregateTree } from '../../src/engine/aggregate.js';
import { computeLeafScores } from '../../src/engine/leaf-scores.js';
import { rankTotals } from '../../src/engine/rank.js';
import { indexUnits, S_NA, type LeafTable } from '../../src/engine/types.js';
import { Reaggregator } from '../../src/analysis/sensitivity/reaggregate.js';
import { RunRanker } from '../../src/analysis/sensitivity/rank.js';
import { prng, randomDataset, systemFromYaml, yamlSystem } from './helpers.js';

const leaf = (id: string, w: number, extra = '') => `{id: ${id}, name: ${id}, weight: ${w}, value: ${id.toLowerCase()}, rule: {type: ratio}${extra}}`;
const FIELDS = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'c2', 'c3', 'e1', 'e2', 'e3', 'f1', 'f2', 'g', 'h']
  .map((f) => `  - {id: ${f}, name: ${f}, type: number}`)
  .join('\n');
const TREE = `  - id: D1
    name: D1
    weight: 2
    aggregate: amean
    children:
      - id: P11
        name: P11
        weight: 1
        aggregate: sum
        missing: zero
        children: [${leaf('A1', 1)}, ${leaf('A2', 2)}, ${leaf('A3', 1)}]
      - id: P12
        name: P12
        weight: 1
        aggregate: gmean
        children: [${leaf('B1', 1)}, ${leaf('B2', 3)}]
      - id: P13
        name: P13
        weight: 1
        aggregate: median
        children: [${leaf('C1', 1)}, ${leaf('C2', 1)}, ${leaf('C3', 2)}]
  - id: D2
    name: D2
    weight: 1
    aggregate: hmean
    missing: {policy: coverage, min: 0.5}
    not_applicable: zero
    children: [${leaf('E1', 1)}, ${leaf('E2', 1)}, ${leaf('E3', 1)}]
  - id: D3
    name: D3
    weight: 1
    aggregate: {method: genmean, p: 2}
    children:
      - ${leaf('F1', 1)}
      - ${leaf('F2', 1)}
      - {id: G, name: G, kind: bonus, max: 5, value: g, rule: {type: ratio}}
      - {id: H, name: H, kind: deduction, max: 5, value: h, rule: {type: ratio}}`;

async function setup(seed: number, years = [2023]): Promise<Evaluation> {
  const sys = await systemFromYaml(yamlSystem({ settings: '  aggregate: amean\n  missing: renormalise', fields: FIELDS, indicators: TREE }));
  const model = compileModel(sys);
  return evaluate(model, randomDataset(sys, 40, seed, { missing: 0.12, na: 0.05, years }), { diagnose: false });
}

const same = (a: number, b: number) => a === b || (a !== a && b !== b);

function reference(base: CompiledModel, r: Reaggregator, table: LeafTable, removedLeaves: Set<number>): Float64Array {
  const model: CompiledModel = { ...base, method: r.method.slice(), p: r.p.slice(), missing: r.missing.slice() };
  const U = table.values[0].length;
  const values = table.values.map((v, l) => (removedLeaves.has(l) ? new Float64Array(U).fill(NaN) : v));
  const state = table.state.map((s, l) => (removedLeaves.has(l) ? new Uint8Array(U).fill(S_NA) : s));
  const ns = aggregateTree(model, { values, state }, { shares: r.shares.slice(), points: false });
  return ns.points.slice(0, U);
}

/** Leaves under node i (for the reference of an internal removal: all its leaves 不适用). */
function leavesBelow(m: CompiledModel, i: number): number[] {
  if (m.leafOf[i] >= 0) return [m.leafOf[i]];
  const out: number[] = [];
  for (let k = m.childStart[i]; k < m.childStart[i + 1]; k++) out.push(...leavesBelow(m, m.childList[k]));
  return out;
}

describe('Reaggregator', () => {
  it('reproduces the engine nominal totals bit for bit', async () => {
    const ev = await setup(1);
    const r = new Reaggregator(ev.model, ev.ux.units.length);
    const out = r.evaluate(ev.leafScores, new Float64Array(ev.ux.units.length));
    for (let u = 0; u < out.length; u++) expect(same(out[u], ev.total[u]), `unit ${u}: ${out[u]} vs ${ev.total[u]}`).toBe(true);
  });

  it('equals aggregateTree over 300 random configurations in sequence (methods, policies, shares, removals, leaf tables)', async () => {
    for (const seed of [2, 3]) {
      const ev = await setup(seed, [2022, 2023]);
      const m = ev.model;
      const U = ev.ux.units.length;
      const rules = (method: 'minmax' | 'zscore') => new Map(m.leafSpecs.map((s) => [s.id, { type: 'normalise' as const, method }]));
      const tables: LeafTable[] = [
        ev.leafScores,
        computeLeafScores(withRules(m, rules('minmax')), ev.treated, ev.normGroups, ev.ux.units, null),
        computeLeafScores(withRules(m, rules('zscore')), ev.treated, ev.normGroups, ev.ux.units, null),
      ];
      const groups = siblingGroups(m);
      const internal = Array.from(m.internal);
      const removable = [...Array.from(m.leaves), ...['P11', 'P12', 'P13', 'D1', 'D3'].map((id) => m.index.get(id)!)];
      const methods = [METHOD_CODES.sum, METHOD_CODES.amean, METHOD_CODES.gmean, METHOD_CODES.hmean, METHOD_CODES.genmean, METHOD_CODES.median];
      const policies = [POLICY_CODES.zero, POLICY_CODES.renormalise, POLICY_CODES.coverage, POLICY_CODES.exclude];
      const rand = prng(seed * 101);
      const r = new Reaggregator(m, U);
      const out = new Float64Array(U);
      let cached = 0;
      for (let step = 0; step < 150; step++) {
        r.reset(m);
        // Few changes per step, so the cache is exercised as in Saltelli runs.
        for (const g of groups) if (rand() < 0.3) for (const c of g.children) r.shares[c] = m.shares[c] * (1 + (2 * rand() - 1) * 0.3);
        for (const i of internal) {
          if (rand() < 0.15) {
            r.method[i] = methods[Math.floor(rand() * methods.length)];
            r.p[i] = [-1, 0.5, 2][Math.floor(rand() * 3)];
          }
          if (rand() < 0.15) r.missing[i] = policies[Math.floor(rand() * policies.length)];
        }
        const removedLeaves = new Set<number>();
        if (rand() < 0.4) {
          const node = removable[Math.floor(rand() * removable.length)];
          r.removed[node] = 1;
          for (const l of leavesBelow(m, node)) removedLeaves.add(l);
        }
        const table = tables[Math.floor(rand() * (step % 7 === 0 ? 3 : 1.3))];
        r.evaluate(table, out);
        if (r.recomputed < internal.length) cached++;
        const ref = reference(m, r, table, removedLeaves);
        for (let u = 0; u < U; u++) expect(same(out[u], ref[u]), `seed ${seed} step ${step} unit ${u}: ${out[u]} vs ${ref[u]}`).toBe(true);
      }
      expect(cached).toBeGreaterThan(50);
    }
  });

  it('recomputes only the root when only the first-level weights move, and nothing for a configuration seen before', async () => {
    const ev = await setup(4);
    const m = ev.model;
    const r = new Reaggregator(m, ev.ux.units.length);
    const out = new Float64Array(ev.ux.units.length);
    r.evaluate(ev.leafScores, out);
    r.shares[m.index.get('D1')!] = 0.3;
    r.evaluate(ev.leafScores, out);
    expect(r.recomputed).toBe(1);
    r.reset(m);
    r.evaluate(ev.leafScores, out);
    expect(r.recomputed).toBe(0);
    for (let u = 0; u < out.length; u++) expect(same(out[u], ev.total[u])).toBe(true);
  });
});

describe('RunRanker', () => {
  it('equals rankTotals (competition ranks of rounded totals within each year), with ties, negatives and missing totals', () => {
    const rand = prng(9);
    for (const precision of [0, 1, 2, 3]) {
      for (const rounding of ['half-up', 'half-even'] as const) {
        const units = Array.from({ length: 300 }, (_, i) => ({ key: `u${i}`, name: `u${i}`, year: [2021, 2022, null][i % 3], attrs: {} }));
        const ux = indexUnits(units);
        const ranker = new RunRanker(ux, precision, rounding);
        const ranks = new Int32Array(units.length);
        const rounded = new Float64Array(units.length);
        for (let rep = 0; rep < 20; rep++) {
          const totals = Float64Array.from(units, () => {
            const x = rand();
            if (x < 0.05) return NaN;
            if (x < 0.15) return Math.round(rand() * 20) / 4 - 2.5; // exact ties, halves, negatives
            return (rand() - 0.3) * (rep % 5 === 0 ? 1e7 : 100);
          });
          ranker.rank(totals, ranks, rounded);
          const ref = rankTotals(totals, ux, { precision, rounding });
          for (let u = 0; u < units.length; u++) {
            expect(ranks[u], `unit ${u} total ${totals[u]}`).toBe(Number.isNaN(ref.rank[u]) ? 0 : ref.rank[u]);
            expect(same(rounded[u], ref.rounded[u]), `rounded ${totals[u]}: ${rounded[u]} vs ${ref.rounded[u]}`).toBe(true);
          }
        }
      }
    }
  });
});
