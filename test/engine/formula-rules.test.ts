/** Formula evaluation (closures over numbers, domain findings) and the absolute rules. */
import { describe, expect, it } from 'vitest';
import { compileFormula, type FormulaState } from '../../src/engine/formula-eval.js';
import { compileRule, fullMarksValue } from '../../src/engine/rules.js';
import { compileModel } from '../../src/engine/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { FormulaAst } from '../../src/system/formula-ast.js';
import { makeDataset } from './helpers/dataset.js';
import { systemFromYaml, yamlSystem } from './helpers/system.js';

const sym = (name: string): FormulaAst => ({ k: 'sym', name });
const num = (v: number): FormulaAst => ({ k: 'num', v });
const op = (o: '+' | '-' | '*' | '/' | '^' | '%' | '>' | 'and', a: FormulaAst, b: FormulaAst): FormulaAst => ({ k: 'op', op: o, a, b });
const fn = (name: 'log' | 'sqrt' | 'ln' | 'clamp' | 'round' | 'max' | 'min' | 'log10', ...args: FormulaAst[]): FormulaAst => ({ k: 'fn', name, args });

function run(ast: FormulaAst, vals: Record<string, number>): { v: number; problem: string | null } {
  const f = compileFormula(ast);
  const st: FormulaState = { problem: null };
  const cols = f.fields.map((id) => Float64Array.of(vals[id]));
  return { v: f.fn(cols, 0, st), problem: st.problem };
}

describe('formula evaluation', () => {
  it('arithmetic, functions and conditionals over numbers', () => {
    expect(run(op('*', op('/', sym('a'), sym('b')), num(100)), { a: 3, b: 4 }).v).toBe(75);
    expect(run(op('^', sym('a'), num(2)), { a: 3 }).v).toBe(9);
    expect(run(op('%', num(-7), num(3)), {}).v).toBe(2); // mathjs mod: sign of the divisor
    expect(run(fn('clamp', sym('a'), num(0), num(10)), { a: 12 }).v).toBe(10);
    expect(run(fn('round', num(2.675), num(2)), {}).v).toBe(2.68); // half-up on the decimal form
    expect(run(fn('log', num(8), num(2)), {}).v).toBeCloseTo(3, 15);
    expect(run({ k: 'if', cond: op('>', sym('a'), num(0)), then: num(1), else: num(2) }, { a: 0 }).v).toBe(2);
    expect(run(fn('max', num(1), sym('a'), num(3)), { a: 7 }).v).toBe(7);
  });

  it('domain problems give NaN and name the problem', () => {
    expect(run(op('/', sym('a'), sym('b')), { a: 1, b: 0 })).toEqual({ v: NaN, problem: 'division by zero' });
    expect(run(fn('ln', num(0)), {})).toEqual({ v: NaN, problem: 'logarithm of a non-positive number' });
    expect(run(fn('log10', num(-1)), {}).problem).toBe('logarithm of a non-positive number');
    expect(run(fn('sqrt', num(-4)), {})).toEqual({ v: NaN, problem: 'square root of a negative number' });
    expect(run(op('^', num(-8), num(1 / 3)), {}).problem).toBe('non-real power');
    expect(run(op('^', num(10), num(400)), {}).problem).toBe('non-finite result');
  });

  it('a formula over a missing field is missing; a domain error is a located finding naming the city; no NaN reaches a score', async () => {
    const sys = await systemFromYaml(
      yamlSystem({
        settings: '  missing: zero',
        fields: '  - {id: a, name: A}\n  - {id: b, name: B}',
        indicators: '  - id: X\n    name: X\n    points: 100\n    formula: "a / b * 100"\n    rule: {type: ratio}',
      }),
    );
    const ev = evaluate(
      compileModel(sys),
      makeDataset(sys, [
        { name: '南宁市', values: { a: 1, b: 0 } },
        { name: '柳州市', values: { a: 1, b: null } },
        { name: '桂林市', values: { a: 1, b: 2 } },
        { name: '梧州市', values: { a: 1, b: '不适用' } },
      ]),
    );
    const f = ev.findings.find((d) => d.code === 'FORMULA_DOMAIN')!;
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/^南宁市 2023: X: division by zero in formula "a \/ b \* 100" \(a = 1, b = 0\)/);
    expect(f.location?.file).toMatch(/\.yaml$/);
    expect(f.location?.line).toBe(12); // the leaf X in the YAML
    expect(f.location?.path).toBe('南宁市@2023');
    expect(Array.from(ev.derived.state[0])).toEqual([1, 1, 0, 2]);
    expect(Array.from(ev.total)).toEqual([0, 0, 50, NaN].map((x, i) => (i === 3 ? ev.total[3] : x)));
    expect(ev.nodes.state[3]).toBe(2); // all not applicable → the total is not applicable
    for (const t of ev.total) expect(Number.isNaN(t) || Number.isFinite(t)).toBe(true);
  });
});

describe('absolute rules', () => {
  it('ratio: clamp(value × scale, 0, cap); negative direction scores 100 − value × scale', () => {
    const r = compileRule({ type: 'ratio', scale: 1, cap: 100 }, { direction: 1 });
    expect([r(-5), r(60), r(130)]).toEqual([0, 60, 100]);
    expect(compileRule({ type: 'ratio', scale: 100, cap: 100 }, { direction: 1 })(0.6)).toBe(60);
    expect(compileRule({ type: 'ratio', scale: 1, cap: 100 }, { direction: -1 })(30)).toBe(70);
    expect(fullMarksValue({ type: 'ratio', scale: 100, cap: 100 }, { direction: 1 })).toBe(1);
  });

  it('linear: floor → target, either way round', () => {
    const up = compileRule({ type: 'linear', floor: 20, target: 90 }, { direction: 1 });
    expect([up(10), up(55), up(90), up(100)]).toEqual([0, 50, 100, 100]);
    const down = compileRule({ type: 'linear', floor: 90, target: 20 }, { direction: 1 });
    expect([down(100), down(55), down(10)]).toEqual([0, 50, 100]);
    const neg = compileRule({ type: 'linear', floor: 20, target: 90 }, { direction: -1 });
    expect([neg(20), neg(90)]).toEqual([100, 0]);
    expect(fullMarksValue({ type: 'linear', floor: 20, target: 90 }, { direction: -1 })).toBe(20);
    const tgt = compileRule({ type: 'linear', floor: 0 }, { direction: 1, target: 50 });
    expect(tgt(25)).toBe(50);
  });

  it('tiers, boolean, levels, stars', () => {
    const t = compileRule(
      {
        type: 'tiers',
        bands: [
          { min: 0, score: 20 },
          { min: 50, score: 60 },
          { min: 80, score: 100 },
        ],
      },
      { direction: 1 },
    );
    expect([t(-1), t(0), t(79.9), t(80)]).toEqual([0, 20, 60, 100]);
    expect(
      fullMarksValue(
        {
          type: 'tiers',
          bands: [
            { min: 0, score: 20 },
            { min: 80, score: 100 },
          ],
        },
        { direction: 1 },
      ),
    ).toBe(80);
    const b = compileRule({ type: 'boolean', true: 100, false: 0 }, { direction: 1 });
    expect([b(1), b(0)]).toEqual([100, 0]);
    const l = compileRule({ type: 'levels', map: { 无: 0, 部分: 60, 全面: 100 } }, { direction: 1, levels: ['无', '部分', '全面'] });
    expect([l(0), l(1), l(2), l(3)]).toEqual([0, 60, 100, NaN]);
    expect(fullMarksValue({ type: 'levels', map: { 无: 0, 部分: 60, 全面: 100 } }, { direction: 1, levels: ['无', '部分', '全面'] })).toBe(2);
    const s = compileRule({ type: 'stars', max: 5 }, { direction: 1 });
    expect([s(0), s(4), s(5), s(6)]).toEqual([0, 80, 100, 100]);
  });

  it('bands: U4SSC points by share of the target, boundary rule, negative direction', () => {
    const rule = { type: 'bands' as const, cuts: [0.33, 0.66, 0.95], points: [1, 2, 3, 4], boundary: 'upper' as const };
    const up = compileRule(rule, { direction: 1, target: 100 });
    expect([up(0), up(32.9), up(33), up(66), up(94.9), up(95), up(200)]).toEqual([25, 25, 50, 75, 75, 100, 100]);
    const lower = compileRule({ ...rule, boundary: 'lower' }, { direction: 1, target: 100 });
    expect([lower(33), lower(33.0001), lower(95)]).toEqual([25, 50, 75]);
    const neg = compileRule(rule, { direction: -1, target: 10 });
    expect([neg(10), neg(100), neg(0)]).toEqual([100, 25, 100]);
    expect(fullMarksValue(rule, { direction: 1, target: 100 })).toBe(100);
    expect(fullMarksValue({ ...rule, cuts: [0.5, 1, 1.2] }, { direction: 1, target: 10 })).toBe(12);
    expect(compileRule({ ...rule, cuts: [0.5, 1, 1.2] }, { direction: 1, target: 10 })(12)).toBe(100);
  });
});
