/** Outranking matrix and Copeland scores against ../shared/oracles/coinr/coinr_unit_cases.json (exact cases). */
import { describe, expect, it } from 'vitest';
import { haveOracles, readOracleJson } from '../helpers/oracles.js';
import { expectClose } from './approx.js';
import { copeland, outrankMatrix } from '../../src/analysis/mcda/copeland.js';

interface UnitCase {
  id: string;
  X_rows_units_cols_indicators?: number[][];
  expected?: Record<string, unknown>;
}

const ok = haveOracles();

describe.runIf(ok)('outranking matrix and Copeland (coinr_unit_cases.json)', () => {
  const cases = readOracleJson<{ cases: UnitCase[] }>('coinr', 'coinr_unit_cases.json').cases;
  const get = (id: string): UnitCase => {
    const c = cases.find((x) => x.id === id);
    if (!c) throw new Error(`case ${id} missing from coinr_unit_cases.json`);
    return c;
  };

  it('outranking_copeland: matrix, nDominant, fracDominant, scores', () => {
    const c = get('outranking_copeland');
    const X = c.X_rows_units_cols_indicators!;
    const exp = c.expected as { outrank_matrix: number[][]; nDominant: number; fracDominant: number; copeland_scores: number[] };
    const o = outrankMatrix(X);
    // "Exact" to double precision: COINr fills the lower triangle as 1 − upper, so 2/3 may differ in the last bit.
    exp.outrank_matrix.forEach((row, i) => row.forEach((v, k) => expectClose(o.matrix[i][k], v, 1e-15, `orm[${i}][${k}]`)));
    expect(o.nDominant).toBe(exp.nDominant);
    expect(o.fracDominant).toBe(exp.fracDominant);
    const r = copeland(X);
    expect(r.scores).toEqual(exp.copeland_scores);
    expect(r.variant).toBe('copeland');
    expect(r.outranking.nDominant).toBe(exp.nDominant);
  });

  it('copeland_tie: 0.5 / 0.5 and scores 0, 0', () => {
    const c = get('copeland_tie');
    const exp = c.expected as { orm_12: number; orm_21: number; copeland_scores: number[] };
    const o = outrankMatrix(c.X_rows_units_cols_indicators!);
    expect(o.matrix[0][1]).toBe(exp.orm_12);
    expect(o.matrix[1][0]).toBe(exp.orm_21);
    expect(copeland(c.X_rows_units_cols_indicators!).scores).toEqual(exp.copeland_scores);
  });
});
