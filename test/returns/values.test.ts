import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ResolvedField } from '../../src/system/model.js';
import { INVALID, MISSING, NOT_APPLICABLE, PRESENT } from '../../src/returns/dataset.js';
import { FLAG_BARE, FLAG_EXPLICIT_PCT, parseCell, parseYear, plainDecimal, resolvePercentColumn, type CellIn } from '../../src/returns/values.js';
import { halfWidth, key, splitTrailingUnit } from '../../src/returns/text.js';

const field = (over: Partial<ResolvedField>): ResolvedField => ({
  id: 'f',
  name: '字段',
  type: 'number',
  required: true,
  aliases: [],
  magnitudes: [],
  role: 'indicator',
  origin: { file: 'x', line: 1, col: 1 },
  ...over,
});

const num = field({ type: 'number', unit: '万人' });
const pct = field({ type: 'percent', unit: '%' });
const cnt = field({ type: 'count', unit: '人', magnitudes: ['万', '亿'] });
const bool = field({ type: 'boolean' });
const lvl = field({ type: 'level', levels: ['无', '部分', '全面'] });
const txt = field({ type: 'text' });

const parse = (v: CellIn, f: ResolvedField) => {
  const p = parseCell(v, f);
  return { state: p.state, value: p.value, text: p.text, flag: p.flag, code: p.problem?.code };
};

describe('numbers', () => {
  it.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['1 234', 1234],
    ['1,234,567.5', 1234567.5],
    ['１２３', 123],
    ['１２３．５', 123.5],
    ['  42  ', 42],
    ['-3.5', -3.5],
    ['1e3', 1000],
    ['874.16 万人', 874.16],
    ['874.16万人', 874.16],
  ])('%s → %d', (raw, expected) => {
    expect(parse(raw, num)).toMatchObject({ state: PRESENT, value: expected });
  });

  it('rejects what is not a number, with the field named', () => {
    for (const raw of ['约90', '2,5', '12 34', '1.2.3', 'abc', '95%']) {
      const p = parseCell(raw, num);
      expect(p.state, raw).toBe(INVALID);
      expect(p.problem?.code, raw).toBe('NOT_A_NUMBER');
      expect(p.problem?.message).toContain('f (字段)');
    }
  });

  it('1e400 does not fit a double', () => {
    expect(parse('1e400', num)).toMatchObject({ state: INVALID, code: 'VALUE_TOO_LARGE' });
    expect(parse('-1e400', num)).toMatchObject({ state: INVALID, code: 'VALUE_TOO_LARGE' });
  });

  it('万 and 亿 where the field allows them', () => {
    expect(parse('3.5万', cnt)).toMatchObject({ state: PRESENT, value: 35000 });
    expect(parse('1.2亿', cnt)).toMatchObject({ state: PRESENT, value: 120000000 });
    expect(parse('3.5万人', cnt)).toMatchObject({ state: PRESENT, value: 35000 });
    expect(parse('0.07万', cnt).value).toBe(700);
    expect(parse('3.5万', num)).toMatchObject({ state: INVALID, code: 'NOT_A_NUMBER' });
  });

  it('a date where a number is expected', () => {
    expect(parse(new Date(Date.UTC(2023, 2, 5)), num)).toMatchObject({ state: INVALID, code: 'NOT_A_NUMBER' });
  });

  it('thousands separators round-trip for any integer (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        const withCommas = n.toLocaleString('en-US');
        const withSpaces = withCommas.replace(/,/g, ' ');
        return parseCell(withCommas, num).value === n && parseCell(withSpaces, num).value === n;
      }),
    );
  });

  it('full-width digits read like half-width ones (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        const s = String(Math.round(x * 100) / 100);
        const wide = s.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        return parseCell(wide, num).value === Number(s);
      }),
    );
  });
});

describe('percentages', () => {
  it('95%, 95 % and ９５％ are explicit', () => {
    for (const raw of ['95%', '95 %', '９５％', '95％']) expect(parse(raw, pct), raw).toMatchObject({ state: PRESENT, value: 95, flag: FLAG_EXPLICIT_PCT });
  });
  it('a bare number is decided by its column', () => {
    expect(parse('0.95', pct)).toMatchObject({ state: PRESENT, value: 0.95, flag: FLAG_BARE });
    expect(parse(95, pct)).toMatchObject({ state: PRESENT, value: 95, flag: FLAG_BARE });
  });
  it('a cell shown as 95% through its number format', () => {
    expect(parse({ kind: 'pct', v: 0.955 }, pct)).toMatchObject({ state: PRESENT, value: 95.5, flag: FLAG_EXPLICIT_PCT });
  });

  const column = (vals: number[], flags: number[]) => {
    const v = Float64Array.from(vals);
    const f = Uint8Array.from(flags);
    const res = resolvePercentColumn(v, f, vals.length);
    return { values: [...v], ...res };
  };

  it('a column of fractions is scaled to 0–100', () => {
    expect(column([0.95, 0.5, 0.955, 0], [1, 1, 1, 1])).toEqual({ values: [95, 50, 95.5, 0], fraction: true, ambiguous: [] });
  });
  it('a column read as fractions on the word of fewer than three cells: those cells are ambiguous (a one-row return saying 1)', () => {
    expect(column([1], [1])).toEqual({ values: [100], fraction: true, ambiguous: [0] });
    expect(column([0.9, 0, 0.5], [1, 1, 1])).toEqual({ values: [90, 0, 50], fraction: true, ambiguous: [0, 2] });
    expect(column([0.9, 1, 0.5], [1, 1, 1])).toEqual({ values: [90, 100, 50], fraction: true, ambiguous: [] });
  });
  it('a fraction among percent points is ambiguous and stays as written', () => {
    expect(column([95, 0.9, 88], [1, 1, 1])).toEqual({ values: [95, 0.9, 88], fraction: false, ambiguous: [1] });
  });
  it('a fraction in a column with explicit percentages is ambiguous', () => {
    expect(column([95, 0.9], [2, 1])).toEqual({ values: [95, 0.9], fraction: false, ambiguous: [1] });
  });
  it('percent points alone are left alone', () => {
    expect(column([95, 88.5, 100], [1, 1, 1])).toEqual({ values: [95, 88.5, 100], fraction: false, ambiguous: [] });
  });
});

describe('booleans, levels, text', () => {
  it.each([
    ['是', 1],
    ['否', 0],
    ['有', 1],
    ['无', 0],
    ['√', 1],
    ['×', 0],
    ['Y', 1],
    ['n', 0],
    ['true', 1],
    ['FALSE', 0],
    ['1', 1],
    ['0', 0],
  ])('%s → %d', (raw, v) => {
    expect(parse(raw, bool)).toMatchObject({ state: PRESENT, value: v });
  });
  it('Excel booleans and bad values', () => {
    expect(parse(true, bool)).toMatchObject({ state: PRESENT, value: 1 });
    expect(parse('可能', bool)).toMatchObject({ state: INVALID, code: 'NOT_BOOLEAN' });
    expect(parse(2, bool)).toMatchObject({ state: INVALID, code: 'NOT_BOOLEAN' });
  });
  it('levels give their index and label', () => {
    expect(parse('部分', lvl)).toMatchObject({ state: PRESENT, value: 1, text: '部分' });
    expect(parse(' 全 面 ', lvl)).toMatchObject({ state: PRESENT, value: 2, text: '全面' });
    expect(parse('基本实现', lvl)).toMatchObject({ state: INVALID, code: 'NOT_A_LEVEL' });
    expect(parse(2, lvl)).toMatchObject({ state: INVALID, code: 'NOT_A_LEVEL' });
  });
  it('text keeps the text', () => {
    expect(parse('已建成', txt)).toMatchObject({ state: PRESENT, text: '已建成' });
    expect(parse(12, txt)).toMatchObject({ state: PRESENT, text: '12' });
  });
});

describe('missing and not applicable', () => {
  it.each(['', '   ', '—', '——', '-', '/', 'N/A', 'n/a', '无数据', '暂无', '－'])('"%s" is missing', (raw) => {
    expect(parse(raw, num).state).toBe(MISSING);
    expect(parse(raw, pct).state).toBe(MISSING);
  });
  it('null is missing', () => expect(parse(null, num).state).toBe(MISSING));
  it('不适用 is not applicable, distinct from missing', () => {
    for (const f of [num, pct, bool, lvl, txt]) expect(parse('不适用', f).state).toBe(NOT_APPLICABLE);
  });
  it('formulas without a result and error values are located problems', () => {
    expect(parse({ kind: 'noresult', formula: 'A1*2' }, num)).toMatchObject({ state: INVALID, code: 'FORMULA_NO_RESULT' });
    expect(parse({ kind: 'error', error: '#DIV/0!' }, num)).toMatchObject({ state: INVALID, code: 'FORMULA_ERROR' });
  });
  it('strips the apostrophe that guards against formula injection', () => {
    expect(parse("'-5", num)).toMatchObject({ state: PRESENT, value: -5 });
  });
});

describe('years and text helpers', () => {
  it('parses years', () => {
    expect(parseYear(2023)).toBe(2023);
    expect(parseYear('2023')).toBe(2023);
    expect(parseYear('2023年')).toBe(2023);
    expect(parseYear('２０２３年度')).toBe(2023);
    expect(parseYear(new Date(Date.UTC(2023, 11, 31)))).toBe(2023);
    for (const bad of ['二〇二三', '23', '2023.5', 2023.5, '1800', 'abc', null]) expect(parseYear(bad as CellIn), String(bad)).toBeNull();
  });
  it('normalises width and splits a unit', () => {
    expect(halfWidth('　ＡＢＣ（万人）　')).toBe('ABC(万人)');
    expect(key(' 常住 人口\n（万人） ')).toBe('常住人口(万人)');
    expect(splitTrailingUnit('人口（万人）')).toEqual({ name: '人口', unit: '万人' });
    expect(splitTrailingUnit('用户数（微信）')).toEqual({ name: '用户数', unit: '微信' });
    expect(splitTrailingUnit('人口【万人】')).toEqual({ name: '人口', unit: '万人' });
    expect(splitTrailingUnit('人口')).toBeNull();
  });
});

describe('plainDecimal (the fast path of number cells)', () => {
  it('reads every plain decimal of up to 15 digits exactly as Number() does', () => {
    const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.boolean(), digits(1, 9), fc.option(digits(1, 8), { nil: undefined }), (neg, int, frac) => {
        const s = `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`;
        const want = int.length + (frac?.length ?? 0) <= 15 ? Number(s) : NaN;
        expect(Object.is(plainDecimal(s), want) || (Number.isNaN(want) && Number.isNaN(plainDecimal(s)))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(Object.is(plainDecimal('-0'), -0)).toBe(true);
    expect(plainDecimal('0.1')).toBe(0.1);
    expect(plainDecimal('123456789012345')).toBe(123456789012345);
  });

  it('leaves everything else to the general reader', () => {
    for (const s of ['', '-', '.5', '1.', '1,234', '95%', '1e3', ' 1', '1 ', '+1', '1.2.3', '１２', '0.1234567890123456']) expect(plainDecimal(s)).toBeNaN();
  });
});
