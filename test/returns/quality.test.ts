import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, loadReturns } from '../../src/returns/index.js';
import { tmpFiles } from '../helpers/tmp.js';
import { codes, system } from './helpers.js';

async function check(files: Record<string, string>, args?: string[]) {
  const dir = tmpFiles(files);
  const sys = await system();
  const ds = await loadReturns(
    sys,
    (args ?? Object.keys(files)).map((a) => {
      const m = /^(\w+)=(.+)$/.exec(a);
      return m ? `${m[1]}=${join(dir, m[2])}` : join(dir, a);
    }),
  );
  return checkDataset(sys, ds);
}

// every self-reported field of the test system, filled
const HEAD = 'city,year,population,rate_a,rate_b,has_app,publication,items';
const ROW = (city: string, year: number, over: Partial<Record<string, string>> = {}) =>
  [city, year, over.population ?? '874', over.rate_a ?? '95', over.rate_b ?? '90', over.has_app ?? '是', over.publication ?? '全面', over.items ?? '1200'].join(
    ',',
  );

describe('checkDataset', () => {
  it('a clean return has no findings', async () => {
    expect(await check({ 'a.csv': `${HEAD}\n${ROW('南宁市', 2023)}\n` })).toEqual([]);
  });

  it('values out of range, percentages above 100, counts with fractions', async () => {
    const f = await check({
      'a.csv': `${HEAD}\n${ROW('南宁市', 2023, { population: '-5', rate_a: '105', rate_b: '100.5%', items: '6000' })}\n${ROW('柳州市', 2023, { items: '12.5' })}\n`,
    });
    expect(codes(f)).toEqual(['OUT_OF_RANGE@2:10', 'PERCENT_ABOVE_100@2:13', 'PERCENT_ABOVE_100@2:17', 'OUT_OF_RANGE@2:29', 'NOT_INTEGER@3:25']);
    expect(f.every((d) => d.severity === (d.code === 'NOT_INTEGER' ? 'warning' : 'error'))).toBe(true);
    expect(f[3].message).toContain('outside 0–5000 项');
  });

  it('a blank required cell is reported at the cell; an optional one is not', async () => {
    const f = await check({ 'a.csv': `${HEAD},budget\n${ROW('南宁市', 2023, { rate_b: '—' })},\n` });
    expect(codes(f)).toEqual(['MISSING_REQUIRED@2:17']);
    expect(f[0].message).toContain('"—" says it is missing');
  });

  it('不适用 is not missing', async () => {
    expect(await check({ 'a.csv': `${HEAD}\n${ROW('南宁市', 2023, { rate_b: '不适用' })}\n` })).toEqual([]);
  });

  it('a field with no column is reported once, unless a misspelt column explains it or its source is not among the inputs', async () => {
    const noItems = 'city,year,population,rate_a,rate_b,has_app,publication';
    const row = '南宁市,2023,874,95,90,是,全面';
    const f = await check({ 'a.csv': `${noItems}\n${row}\n` });
    expect(codes(f)).toEqual(['MISSING_FIELD@']);
    expect(f[0].message).toContain('items (政务服务事项总数)');
    const g = await check({ 'a.csv': `${noItems},政务服务事项总量\n${row},1200\n` });
    expect(codes(g)).toEqual(['UNKNOWN_COLUMN@1:56']);
    // survey_score and the central fields: their sources are not given, so nothing is said
    expect(f.some((d) => /survey_score|users_/.test(d.message))).toBe(false);
  });

  it('a field given for some city-years but not others (another source)', async () => {
    const f = await check({ 'a.csv': `${HEAD}\n${ROW('南宁市', 2023)}\n${ROW('柳州市', 2023)}\n`, 's.csv': 'city,year,survey_score\n南宁市,2023,80\n' }, [
      'a.csv',
      'survey=s.csv',
    ]);
    expect(codes(f)).toEqual(['MISSING_REQUIRED@3:1', 'COVERAGE@3:1']);
    expect(f[0].message).toContain('柳州市 2023: no input gives survey_score');
    expect(f[1].message).toContain('柳州市 2023: 0 of 1 indicators under L2 (市民体验)');
  });

  it('coverage below the system policy', async () => {
    // L1P1 has 2 children: with rate_a and rate_b both missing, coverage is 0% < 50%
    const f = await check({ 'a.csv': `${HEAD}\n${ROW('南宁市', 2023, { rate_a: '', rate_b: '' })}\n` });
    expect(codes(f)).toEqual(['COVERAGE@2:1', 'MISSING_REQUIRED@2:14', 'MISSING_REQUIRED@2:15']);
    expect(f[0].message).toContain('0 of 2 indicators under L1P1 (政务服务) have data (0%), below the 50%');
  });

  it('suspicious jumps from one year to the next', async () => {
    const f = await check({
      'a.csv': `${HEAD}\n${ROW('南宁市', 2022, { population: '874', rate_a: '40' })}\n${ROW('南宁市', 2023, { population: '2700', rate_a: '95' })}\n${ROW('柳州市', 2022)}\n${ROW('柳州市', 2023, { rate_a: '96' })}\n`,
    });
    expect(codes(f)).toEqual(['YOY_JUMP@3:10', 'YOY_JUMP@3:15']);
    expect(f[0].message).toMatch(/population .*874 in 2022 \(.*a\.csv:2:10\) → 2700 in 2023 \(×3\.09\)/);
    expect(f[1].message).toContain('+55 points');
  });

  it('includes the findings made while reading, sorted by file, row and column, without duplicates', async () => {
    const f = await check({ 'a.csv': `${HEAD}\n${ROW('南宁市', 2023, { rate_a: 'x', rate_b: '105' })}\n${ROW('南宁市', 2023)}\n` });
    expect(codes(f)).toEqual(['NOT_A_NUMBER@2:14', 'PERCENT_ABOVE_100@2:16', 'DUPLICATE_ROW@3:1']);
  });

  it('a name that several cities of the returns carry, given without a code, is ambiguous and kept apart', async () => {
    const head = `code,${HEAD}`;
    const f = await check({ 'a.csv': `${head}\n110105,${ROW('朝阳区', 2023)}\n220104,${ROW('朝阳区', 2023)}\n,${ROW('朝阳区', 2023)}\n` });
    expect(codes(f)).toEqual(['CITY_AMBIGUOUS@4:2']);
    const d = f.find((x) => x.code === 'CITY_AMBIGUOUS')!;
    expect(d.severity).toBe('error');
    expect(d.message).toBe('朝阳区 matches several cities (朝阳区 110105, 朝阳区 220104); it is kept apart from them');
    expect(d.hint).toMatch(/6-digit division code/);
  });
});
