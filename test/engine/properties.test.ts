/** Property tests (fast-check) over random systems and returns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, type CompiledModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { makeDataset, type RowSpec } from './helpers/dataset.js';
import { systemFromYaml } from './helpers/system.js';

const ABS_RULES = [
  '{type: ratio}',
  '{type: linear, floor: 10, target: 80}',
  '{type: tiers, bands: [{min: 0, score: 20}, {min: 40, score: 60}, {min: 75, score: 100}]}',
  '{type: stars, max: 5}',
  '{type: bands, cuts: [0.33, 0.66, 0.95], points: [1, 2, 3, 4], boundary: upper}',
];
const REL_RULES = [
  '{type: normalise, method: minmax}',
  '{type: normalise, method: rank}',
  '{type: normalise, method: goalposts, lower: 0, upper: 100, scale: 100}',
];

interface Shape {
  dims: { weight: number; leaves: { weight: number; rule: number }[] }[];
  aggregate: 'sum' | 'amean';
  missing: 'zero' | 'renormalise';
}

const shapeArb = (rules: number): fc.Arbitrary<Shape> =>
  fc.record({
    dims: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 9 }),
        leaves: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 9 }), rule: fc.nat({ max: rules - 1 }) }), { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    aggregate: fc.constantFrom('sum' as const, 'amean' as const),
    missing: fc.constantFrom('zero' as const, 'renormalise' as const),
  });

function yamlOf(shape: Shape, rules: string[], scale = 1): string {
  const fields: string[] = [];
  const dims = shape.dims.map((d, i) => {
    const leaves = d.leaves.map((l, j) => {
      fields.push(`  - {id: f${i}_${j}, name: F${i}${j}, type: number}`);
      return `      - {id: L${i}-${j}, name: L${i}${j}, weight: ${l.weight * scale}, value: f${i}_${j}, target: 100, rule: ${rules[l.rule]}}`;
    });
    return `  - id: D${i}\n    name: D${i}\n    weight: ${d.weight * scale}\n    children:\n${leaves.join('\n')}`;
  });
  return `format: 1
id: prop
version: "1"
title: {zh: 性质}
source: {document: property test}
settings:
  aggregate: ${shape.aggregate}
  missing: ${shape.missing}
  groups: [{id: g, name: G}]
fields:
${fields.join('\n')}
indicators:
${dims.join('\n')}
`;
}

const fieldIds = (shape: Shape) => shape.dims.flatMap((d, i) => d.leaves.map((_, j) => `f${i}_${j}`));
const valueArb = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -20, max: 150, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(null) });

function rowsArb(shape: Shape, minCities = 1): fc.Arbitrary<RowSpec[]> {
  const ids = fieldIds(shape);
  return fc
    .array(fc.tuple(fc.array(valueArb, { minLength: ids.length, maxLength: ids.length }), fc.constantFrom('X', 'Y'), fc.constantFrom(2022, 2023)), {
      minLength: minCities,
      maxLength: 8,
    })
    .map((rows) => rows.map(([vals, g, year], i) => ({ name: `城市${i}`, year, attrs: { g }, values: Object.fromEntries(ids.map((id, k) => [id, vals[k]])) })));
}

const models = new Map<string, CompiledModel>();
async function modelOf(yaml: string): Promise<CompiledModel> {
  let m = models.get(yaml);
  if (!m) {
    m = compileModel(await systemFromYaml(yaml));
    models.set(yaml, m);
  }
  return m;
}

const RUNS = { numRuns: 40 };

describe('properties', () => {
  it('every node stays within its bounds (absolute rules): 0 ≤ value ≤ 100, 0 ≤ points ≤ max', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(ABS_RULES.length).chain((s) => fc.tuple(fc.constant(s), rowsArb(s))),
        async ([shape, rows]) => {
          const model = await modelOf(yamlOf(shape, ABS_RULES));
          const ev = evaluate(model, makeDataset(model.system, rows), { diagnose: false });
          const U = rows.length;
          for (let i = 0; i < model.n; i++) {
            for (let u = 0; u < U; u++) {
              if (ev.nodes.state[i * U + u] !== 0) continue;
              const v = ev.nodes.value[i * U + u];
              const p = ev.nodes.points[i * U + u];
              expect(v).toBeGreaterThanOrEqual(-1e-9);
              expect(v).toBeLessThanOrEqual(100 + 1e-9);
              expect(p).toBeGreaterThanOrEqual(-1e-9);
              expect(p).toBeLessThanOrEqual(ev.nodes.effMax[i] + 1e-9);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('raising a value on a positive indicator never lowers the total (absolute rules)', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(ABS_RULES.length).chain((s) => fc.tuple(fc.constant(s), rowsArb(s), fc.nat(), fc.double({ min: 0, max: 100, noNaN: true }))),
        async ([shape, rows, pick, delta]) => {
          const model = await modelOf(yamlOf(shape, ABS_RULES));
          const ids = fieldIds(shape);
          const id = ids[pick % ids.length];
          const u = pick % rows.length;
          const before = evaluate(model, makeDataset(model.system, rows), { diagnose: false });
          const cur = rows[u].values[id];
          const raised = rows.map((r, k) => (k === u ? { ...r, values: { ...r.values, [id]: cur === null ? delta : (cur as number) + delta } } : r));
          const after = evaluate(model, makeDataset(model.system, raised), { diagnose: false });
          // Under missing: renormalise, reporting a previously missing value can lower a mean; only compare present → present.
          if (cur === null && shape.missing === 'renormalise') return;
          expect(after.total[u]).toBeGreaterThanOrEqual(before.total[u] - 1e-9);
        },
      ),
      RUNS,
    );
  });

  it('permuting the cities changes nothing (absolute and relative rules)', async () => {
    const all = [...ABS_RULES, ...REL_RULES];
    await fc.assert(
      fc.asyncProperty(
        shapeArb(all.length)
          .chain((s) => fc.tuple(fc.constant(s), rowsArb(s, 2)))
          .chain(([s, rows]) =>
            fc.tuple(
              fc.constant(s),
              fc.constant(rows),
              fc.shuffledSubarray(
                rows.map((_, i) => i),
                { minLength: rows.length },
              ),
            ),
          ),
        async ([shape, rows, perm]) => {
          const model = await modelOf(yamlOf(shape, all));
          const a = evaluate(model, makeDataset(model.system, rows), { groupBy: 'g' });
          const b = evaluate(
            model,
            makeDataset(
              model.system,
              perm.map((i) => rows[i]),
            ),
            { groupBy: 'g' },
          );
          perm.forEach((orig, k) => {
            expect(Object.is(b.total[k], a.total[orig]) || Math.abs(b.total[k] - a.total[orig]) <= 1e-9).toBe(true);
            expect(b.ranking.rank[k]).toEqual(a.ranking.rank[orig]);
            expect(b.ranking.groupRank![k]).toEqual(a.ranking.groupRank![orig]);
            expect(b.diagnosis[k]!.priorities.map((p) => p.node)).toEqual(a.diagnosis[orig]!.priorities.map((p) => p.node));
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('scaling the (relative) weights changes nothing after renormalisation', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(ABS_RULES.length).chain((s) => fc.tuple(fc.constant(s), rowsArb(s), fc.constantFrom(0.5, 3, 7, 1000))),
        async ([shape, rows, k]) => {
          const a = await modelOf(yamlOf(shape, ABS_RULES));
          const b = await modelOf(yamlOf(shape, ABS_RULES, k));
          const ea = evaluate(a, makeDataset(a.system, rows), { diagnose: false });
          const eb = evaluate(b, makeDataset(b.system, rows), { diagnose: false });
          ea.total.forEach((t, u) => expect(Number.isNaN(t) ? Number.isNaN(eb.total[u]) : Math.abs(eb.total[u] - t) <= 1e-9).toBe(true));
        },
      ),
      RUNS,
    );
  });

  it('ranks agree with the rounded scores (standard competition ranking within the year)', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(ABS_RULES.length).chain((s) => fc.tuple(fc.constant(s), rowsArb(s, 2))),
        async ([shape, rows]) => {
          const model = await modelOf(yamlOf(shape, ABS_RULES));
          const ev = evaluate(model, makeDataset(model.system, rows), { diagnose: false });
          const { rounded, rank } = ev.ranking;
          for (let a = 0; a < rows.length; a++) {
            if (Number.isNaN(rounded[a])) {
              expect(Number.isNaN(rank[a])).toBe(true);
              continue;
            }
            const peers = rows.map((_, b) => b).filter((b) => rows[b].year === rows[a].year && !Number.isNaN(rounded[b]));
            expect(rank[a]).toBe(1 + peers.filter((b) => rounded[b] > rounded[a]).length);
          }
        },
      ),
      RUNS,
    );
  });
});
