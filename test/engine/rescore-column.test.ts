/**
 * The diagnosis re-scores a leaf for all cities at once (rescoreColumn); it must give every city the
 * total that re-scoring that city alone (rescoreUnit) gives, to the bit, whatever the aggregation,
 * the missing-value policy and the kind of node.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ancestors, rescoreColumn, rescoreUnit } from '../../src/engine/aggregate.js';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { makeDataset } from './helpers/dataset.js';
import { systemFromYaml, yamlSystem } from './helpers/system.js';

const fields = ['a', 'b', 'c', 'd', 'e'].map((f) => `  - {id: ${f}, name: ${f}, type: percent}`).join('\n');

async function system(aggregate: string, missing: string) {
  return systemFromYaml(
    yamlSystem({
      settings: `  missing: ${missing}`,
      fields,
      indicators: `  - id: P
    name: P
    points: 90
    aggregate: ${aggregate}
    children:
      - id: Q
        name: Q
        weight: 2
        children:
          - {id: A, name: A, weight: 1, value: a, rule: {type: linear, floor: 10, target: 90}}
          - {id: B, name: B, weight: 3, value: b, rule: {type: ratio}}
      - {id: C, name: C, weight: 1, value: c, rule: {type: ratio}}
      - {id: D, name: 扣分, kind: deduction, max: 5, value: d, rule: {type: ratio}}
  - id: R
    name: R
    points: 10
    children:
      - {id: E, name: E, weight: 1, value: e, rule: {type: ratio}}`,
    }),
  );
}

const cell = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 100 }));
const row = fc.record({ a: cell, b: cell, c: cell, d: cell, e: cell });

describe('rescoreColumn', () => {
  for (const [aggregate, missing] of [
    ['amean', 'renormalise'],
    ['sum', 'zero'],
    ['gmean', 'renormalise'],
    ['hmean', 'zero'],
    ['{method: genmean, p: 3}', 'renormalise'],
    ['amean', '{policy: coverage, min: 0.6}'],
  ]) {
    it(`equals rescoreUnit for every city (${aggregate}, missing ${missing})`, async () => {
      const sys = await system(aggregate, missing);
      const model = compileModel(sys);
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 }), async (rows, news) => {
          const ev = evaluate(model, makeDataset(sys, rows.map((values, i) => ({ name: `城市${i + 1}`, values }))), { diagnose: false });
          const U = ev.ux.units.length;
          for (const leaf of model.leaves) {
            const path = ancestors(model, leaf);
            const scores = Float64Array.from({ length: U }, (_, u) => (u % 3 === 2 ? NaN : news[u]));
            const totals = new Float64Array(U);
            const before = ev.nodes.value.slice();
            rescoreColumn(model, ev.nodes, leaf, scores, totals, path);
            expect(ev.nodes.value).toEqual(before); // restored
            for (let u = 0; u < U; u++) {
              if (Number.isNaN(scores[u])) expect(totals[u]).toBeNaN();
              else expect(Object.is(totals[u], rescoreUnit(model, ev.nodes, u, leaf, scores[u], undefined, path))).toBe(true);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});
