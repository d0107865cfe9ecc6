/**
 * The diagnosis re-scores a relative leaf at the best peer's value by a fast path (the column's
 * extremes or its sorted values, not the whole column normalised again). For every normalisation
 * method it covers, in both directions, with ties, zeros and missing cells, it must find the gains,
 * targets and target scores that the general re-scoring finds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { diagnosisTables } from '../../src/engine/diagnose.js';
import { makeDataset } from './helpers/dataset.js';
import { systemFromYaml, yamlSystem } from './helpers/system.js';

const METHODS = [
  'minmax',
  'dist2max',
  'fracmax',
  'method: dist2targ',
  'rank',
  'borda',
  'prank',
  'scaled, lower: 0, upper: 100',
  'goalposts, lower: 10, upper: 90, scale: 100',
  'none',
];

async function system(method: string, direction: string) {
  const m = method.startsWith('method: ') ? method.slice(8) : method;
  const target = m === 'dist2targ' ? ', target: 70' : '';
  return systemFromYaml(
    yamlSystem({
      settings: '  scoring: relative\n  aggregate: amean',
      fields: ['a', 'b'].map((f) => `  - {id: ${f}, name: ${f}, type: number}`).join('\n'),
      indicators: `  - id: P
    name: P
    weight: 1
    children:
      - {id: A, name: A, weight: 2, value: a, direction: ${direction}${target}, rule: {type: normalise, method: ${m}}}
      - {id: B, name: B, weight: 1, value: b, rule: {type: normalise, method: minmax}}`,
    }),
  );
}

// Few distinct values, so that ties, a unique minimum or maximum and zeros come up often.
const cell = fc.oneof(fc.constant(null), fc.constantFrom(0, 10, 50, 50, 90, 100), fc.double({ min: 0, max: 100, noNaN: true }));
const row = fc.record({ a: cell, b: cell });

describe('relative fast path of the diagnosis', () => {
  for (const method of METHODS) {
    for (const direction of ['positive', 'negative']) {
      it(`agrees with the general re-scoring (${method}, ${direction})`, async () => {
        const sys = await system(method, direction);
        const model = compileModel(sys);
        await fc.assert(
          fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 10 }), async (rows) => {
            const ev = evaluate(model, makeDataset(sys, rows.map((values, i) => ({ name: `城市${i + 1}`, values }))), { diagnose: false });
            const inp = { model, ux: ev.ux, normGroups: ev.normGroups, derived: ev.derived, imputed: ev.imputed, leafScores: ev.leafScores, nodes: ev.nodes, total: ev.total };
            const fast = diagnosisTables(inp);
            const slow = diagnosisTables(inp, { noFastPath: true });
            for (let k = 0; k < fast.gains.length; k++) {
              expect(Math.abs(fast.gains[k] - slow.gains[k])).toBeLessThanOrEqual(1e-9);
              if (slow.gains[k] > 0) {
                expect(fast.targets[k]).toBe(slow.targets[k]);
                expect(Math.abs(fast.targetScores[k] - slow.targetScores[k])).toBeLessThanOrEqual(1e-9);
              }
            }
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
