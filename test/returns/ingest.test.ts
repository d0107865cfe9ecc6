import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityscoreError } from '../../src/errors.js';
import { CHINA_CITIES, CityRegistry, GUANGXI_CITIES, baseName, isDivisionCode } from '../../src/returns/cities.js';
import { MISSING, NOT_APPLICABLE, PRESENT } from '../../src/returns/dataset.js';
import { HeaderMatcher } from '../../src/returns/headers.js';
import { loadReturns, type ReturnsOptions } from '../../src/returns/index.js';
import { tmpFiles } from '../helpers/tmp.js';
import { cells, codes, system } from './helpers.js';

async function load(files: Record<string, string>, args?: string[], opts: ReturnsOptions = {}) {
  const dir = tmpFiles(files);
  const list = args ?? Object.keys(files);
  return {
    dir,
    ds: await loadReturns(
      await system(),
      list.map((a) => {
        const m = /^(\w+)=(.+)$/.exec(a);
        return m ? `${m[1]}=${join(dir, m[2])}` : join(dir, a);
      }),
      { ...opts, corrections: opts.corrections ? join(dir, opts.corrections) : undefined },
    ),
  };
}

describe('column headers', () => {
  it('match by id, Chinese name, alias, width and a unit in brackets', async () => {
    const m = new HeaderMatcher(await system());
    const id = (h: string) => {
      const r = m.match(h);
      return r?.kind === 'field' ? r.field.id : r?.kind;
    };
    expect(id('population')).toBe('population');
    expect(id('常住人口')).toBe('population');
    expect(id(' 常住人口（万人） ')).toBe('population');
    expect(id('常住人口(万人)')).toBe('population');
    expect(id('年末常住人口')).toBe('population');
    expect(id('一站式办理率（%）')).toBe('rate_a');
    expect(id('一站式率')).toBe('rate_a');
    expect(id('ＲＡＴＥ＿Ａ')).toBe('rate_a');
    expect(id('城市服务用户数（微信）')).toBe('users_wechat');
    expect(id('城市服务用户数（支付宝）')).toBe('users_alipay');
    expect(id('常住\n人口')).toBe('population');
    expect(id('行政区划代码')).toBe('code');
    expect(id('城市名称')).toBe('name');
    expect(id('年度')).toBe('year');
    expect(id('省份')).toBe('group');
    expect(id('city tier')).toBe('unknown');
    expect(id('城市等级')).toBe('group');
    expect(id('备注')).toBe('ignore');
    expect(m.suggest('一站式办里率')).toBe('rate_a');
  });

  it('convert a column whose header states the unit at another magnitude (人 for 万人); warn about any other unit', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,常住人口（人）,rate_a\n南宁市,2023,8741600,95\n柳州市,2023,4157900,88\n' });
    expect(codes(ds)).toEqual(['UNIT_CONVERTED@1:11']);
    expect(ds.findings[0].message).toMatch(/states the unit 人, and population \(常住人口\) is in 万人: its values are converted \(÷10000\)$/);
    expect([...ds.values.population]).toEqual([874.16, 415.79]);
    expect(ds.provenance.population.at(0)).toMatchObject({ raw: '8741600' });
    // a cell that states its own unit or magnitude is read by it, not converted a second time
    const own = await load({
      'a.csv': 'city,year,常住人口（人）,城市服务用户数（微信）（万人）\n南宁市,2023,874.16万人,612.22万\n柳州市,2023,4157900,120.5\n',
    });
    expect([...own.ds.values.population]).toEqual([874.16, 415.79]);
    expect([...own.ds.values.users_wechat]).toEqual([6122000 + 200, 1205000]);
    // a bare magnitude is one of the field's unit (万 for 人); 万 for 万人 is the same unit
    const bare = await load({ 'a.csv': 'city,year,常住人口（万）,城市服务用户数（微信）（万）\n南宁市,2023,874.16,612.22\n' });
    expect(codes(bare.ds)).toEqual(['UNIT_CONVERTED@1:19', 'FIELD_SOURCE@1:19']);
    expect([bare.ds.values.population[0], bare.ds.values.users_wechat[0]]).toEqual([874.16, 6122200]);
    const other = await load({ 'a.csv': 'city,year,常住人口（户）,rate_a\n南宁市,2023,874,95\n' });
    expect(codes(other.ds)).toEqual(['UNIT_MISMATCH@1:11']);
    expect(other.ds.values.population[0]).toBe(874);
  });

  it('find the header below title rows, skip the rows that continue it, and read merged layouts', async () => {
    const csv = [
      '2023年新型智慧城市评价数据表,,,',
      '填报单位：自治区,,,',
      'code,city,year,rate_a',
      '行政区划代码,城市,年份,一站式办理率',
      '单位,,,%',
      '填写范围,,,0–100',
      '450100,南宁市,2023,95',
      '',
      '填表人：张三,,,',
    ].join('\n');
    const { ds } = await load({ 'a.csv': csv });
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2023']);
    expect(ds.findings).toEqual([]);
    expect(ds.provenance.rate_a.at(0)).toMatchObject({ line: 7, col: 17, raw: '95' });
  });

  it('leave out a total or an average below the cities (合计, 全省平均), with a warning', async () => {
    const csv =
      'city,year,rate_a\n南宁市,2023,95\n柳州市,2023,85\n合计,2023,180\n全省平均,2023,90\n平均值：,2023,90\n广西合计,2023,180\n自治区平均,2023,90\nTotal,2023,180\n';
    const { ds } = await load({ 'a.csv': csv });
    expect(ds.units.map((u) => u.name)).toEqual(['南宁市', '柳州市']);
    expect(codes(ds)).toEqual(['SUMMARY_ROW@4:1', 'SUMMARY_ROW@5:1', 'SUMMARY_ROW@6:1', 'SUMMARY_ROW@7:1', 'SUMMARY_ROW@8:1', 'SUMMARY_ROW@9:1']);
    expect(ds.findings.every((f) => f.severity === 'warning')).toBe(true);
    // in the code column, with the name blank; in a long layout, one warning a label
    const coded = await load({ 'a.csv': 'code,city,year,rate_a\n450100,南宁市,2023,95\n合计,,2023,95\n' });
    expect(codes(coded.ds)).toEqual(['SUMMARY_ROW@3:1']);
    const long = await load({ 'l.csv': '城市,年份,指标,数值\n南宁市,2023,rate_a,95\n合计,2023,rate_a,95\n合计,2023,rate_b,90\n' });
    expect(codes(long.ds)).toEqual(['SUMMARY_ROW@3:1']);
    expect(long.ds.units).toHaveLength(1);
  });

  it('report unknown columns with a suggestion, duplicates, and unnamed columns with data', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,一站式办里率,rate_b,网上统一入口率,\n南宁市,2023,95,90,91,x\n' });
    expect(codes(ds)).toEqual(['UNKNOWN_COLUMN@1:11', 'DUPLICATE_COLUMN@1:25', 'UNNAMED_COLUMN@2:19']);
    expect(ds.findings[0].hint).toContain('rate_a');
    expect(ds.unknownColumns).toEqual([{ header: '一站式办里率', suggestion: 'rate_a', location: expect.objectContaining({ line: 1, col: 11 }) }]);
    expect(ds.values.rate_b[0]).toBe(90);
  });
});

describe('cities', () => {
  it('base names and the built-in table', () => {
    expect(baseName('南宁市')).toBe('南宁');
    expect(baseName('南宁')).toBe('南宁');
    expect(baseName('黔东南苗族侗族自治州')).toBe('黔东南苗族侗族');
    expect(baseName('大兴安岭地区')).toBe('大兴安岭');
    expect(baseName('锡林郭勒盟')).toBe('锡林郭勒');
    const r = new CityRegistry();
    expect(r.resolve(undefined, '南宁')).toEqual({ ok: true, key: '450100', code: '450100', name: '南宁市' });
    expect(r.resolve(undefined, '防城港市')).toMatchObject({ ok: true, code: '450600' });
    expect(r.resolve('450300', undefined)).toMatchObject({ ok: true, name: '桂林市' });
    expect(r.resolve(undefined, '昆明')).toEqual({ ok: true, key: '530100', code: '530100', name: '昆明市' });
    expect(r.resolve(undefined, '延边朝鲜族自治州')).toMatchObject({ ok: true, code: '222400' });
    expect(r.resolve(undefined, '北京')).toMatchObject({ ok: true, code: '110000', name: '北京市' });
    // 333 prefecture-level divisions and the 4 municipalities, every code a valid division code
    expect(CHINA_CITIES).toHaveLength(337);
    expect(CHINA_CITIES.every((c) => isDivisionCode(c.code) && c.code.endsWith('00'))).toBe(true);
    expect(new Set(CHINA_CITIES.map((c) => c.code)).size).toBe(337);
    expect(GUANGXI_CITIES.map((c) => c.name)).toEqual([
      '南宁市',
      '柳州市',
      '桂林市',
      '梧州市',
      '北海市',
      '防城港市',
      '钦州市',
      '贵港市',
      '玉林市',
      '百色市',
      '贺州市',
      '河池市',
      '来宾市',
      '崇左市',
    ]);
    // a city the table does not hold (a county-level city) stays a name until a code is seen
    expect(r.resolve(undefined, '凭祥')).toEqual({ ok: true, key: '凭祥', name: '凭祥' });
    r.add('451481', '凭祥市');
    expect(r.resolve(undefined, '凭祥')).toMatchObject({ ok: true, code: '451481', name: '凭祥市' });
    r.add('632100', '海东地区');
    r.add('630200', '海东市');
    expect(r.resolve(undefined, '海东')).toEqual({ ok: false, reason: 'ambiguous', name: '海东', codes: ['630200', '632100'] });
    expect(r.resolve('630200', undefined)).toMatchObject({ ok: true, name: '海东市' });
  });

  it('match name variants to codes, and codes given anywhere in the inputs', async () => {
    const { ds } = await load({
      'a.csv': 'city,year,rate_a\n南宁,2023,95\n昆明,2023,80\n',
      'b.csv': 'code,city,year,rate_b\n450100,南宁市,2023,90\n530100,昆明市,2023,70\n',
    });
    expect(ds.units.map((u) => [u.key, u.name])).toEqual([
      ['450100@2023', '南宁市'],
      ['530100@2023', '昆明市'],
    ]);
    expect(ds.findings).toEqual([]);
    expect(ds.units[0].origin).toMatchObject({ line: 2, col: 1 });
  });

  it('report missing, invalid, mismatched, ambiguous and unrecognised cities', async () => {
    const csv = [
      'code,city,year,rate_a',
      ',,2023,95',
      '45010,南宁市,2023,95',
      '450200,南宁市,2023,90',
      ',南林市,2023,80',
      ',=HYPERLINK("x"),2023,70',
      ',长沙市,2023,75',
    ].join('\n');
    const { ds } = await load({ 'a.csv': csv });
    expect(codes(ds).sort()).toEqual(
      ['CITY_CODE_INVALID@3:1', 'CITY_CODE_MISMATCH@4:8', 'CITY_MISSING@2:2', 'CITY_UNRECOGNISED@5:2', 'CITY_UNRECOGNISED@6:2'].sort(),
    );
    // equally close names: those in the inputs' province (Guangxi) first, 南京市 not among them
    expect(ds.findings.find((f) => f.code === 'CITY_UNRECOGNISED')?.hint).toBe('did you mean 南宁市, 桂林市 or 玉林市?');
    // the mismatched row is read under its code (柳州市); the invalid code falls back to the name;
    // 长沙市 is in the built-in table (430100)
    expect(ds.units.map((u) => u.name)).toEqual(['长沙市', '南宁市', '柳州市', '=HYPERLINK("x")', '南林市']);
  });

  it('reads group columns as attributes and denominators as values', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,省份,tier,常住人口,rate_a\n南宁市,2023,广西,大城市,874.16,95\n' });
    expect(ds.units[0].attrs).toEqual({ province: '广西', tier: '大城市' });
    expect(ds.values.population[0]).toBe(874.16);
  });
});

describe('years and layouts', () => {
  it('report a year that is not a year and a missing year', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,rate_a\n南宁市,二〇二三,95\n柳州市,,90\n桂林市,2023年,80\n' });
    expect(codes(ds)).toEqual(['YEAR_INVALID@2:5', 'YEAR_MISSING@3:5']);
    expect(ds.units.map((u) => u.key)).toEqual(['450300@2023']);
  });

  it('read the long layout, with unknown fields and duplicates reported', async () => {
    const csv = [
      '城市,年份,指标,数值,单位',
      '南宁市,2023,rate_a,95%,%',
      '南宁市,2023,常住人口,874.16,万人',
      '南宁市,2023,一站式办理率,96,%',
      '南宁市,2023,foo,1,',
      '柳州市,2023,items,1200,个',
      '柳州市,2023,常住人口,4157900,人',
      '桂林市,2023,常住人口,4931400,人',
    ].join('\n');
    const { ds } = await load({ 'l.csv': csv });
    expect(ds.inputs[0].layout).toBe('long');
    expect(cells(ds)['450100@2023'].rate_a).toEqual({ state: PRESENT, value: 95, text: null });
    expect(cells(ds)['450100@2023'].population.value).toBe(874.16);
    expect(cells(ds)['450200@2023'].population.value).toBe(415.79);
    expect(cells(ds)['450300@2023'].population.value).toBe(493.14);
    expect(codes(ds)).toEqual(['DUPLICATE_ROW@4:17', 'UNKNOWN_FIELD@5:10', 'UNIT_MISMATCH@6:21', 'UNIT_CONVERTED@7:23']);
    expect(ds.findings[3].message).toBe('2 rows give population (常住人口) in 人; it is in 万人: the values are converted (÷10000)');
    // only the rows converted are counted (not a cell with its own unit, nor a duplicate row)
    const own = await load({
      'l.csv': ['城市,年份,指标,数值,单位', '南宁市,2023,常住人口,874.16万人,人', '柳州市,2023,常住人口,4157900,人', '柳州市,2023,常住人口,4157900,人'].join(
        '\n',
      ),
    });
    expect(codes(own.ds)).toEqual(['DUPLICATE_ROW@4:15', 'UNIT_CONVERTED@3:23']);
    expect(own.ds.findings[1].message).toMatch(/^a row gives population/);
    expect([...own.ds.values.population]).toEqual([874.16, 415.79]);
    // one finding a year, so that --year keeps its own; rows of the dropped years take theirs with them
    const years = [
      '城市,年份,指标,数值,单位',
      '南宁市,2022,常住人口,8600000,人',
      '南宁市,2022,rate_a,abc,%',
      '南宁市,2023,rate_a,95,%',
      '南宁市,2023,常住人口,8741600,人',
    ].join('\n');
    const all = await load({ 'l.csv': years });
    expect(codes(all.ds)).toEqual(['NOT_A_NUMBER@3:17', 'UNIT_CONVERTED@2:23', 'UNIT_CONVERTED@5:23']);
    const y23 = await load({ 'l.csv': years }, undefined, { year: 2023 });
    expect(codes(y23.ds)).toEqual(['UNIT_CONVERTED@5:23']);
    expect(y23.ds.values.population[0]).toBe(874.16);
  });

  it('take the city from the sheet or file name and the year from a title when they are not columns', async () => {
    const { ds } = await load({ '南宁市-2023.csv': 'rate_a,rate_b\n95,90\n' });
    expect(ds.units[0]).toMatchObject({ key: '450100@2023', name: '南宁市', year: 2023 });
    const { ds: ds2 } = await load({ 'x.csv': '城市：柳州市 2022年\nfield,value\nrate_a,88\n' });
    expect(ds2.units[0]).toMatchObject({ key: '450200@2022' });
  });

  it('keep one year with --year', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,rate_a\n南宁市,2022,90\n南宁市,2023,95\n柳州市,2022,x\n' }, undefined, { year: 2023 });
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2023']);
    expect(ds.findings).toEqual([]);
  });

  it('order units by code, then name, then year, whatever the input order', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,rate_a\n凭祥市,2023,1\n柳州市,2023,2\n南宁市,2023,3\n南宁市,2022,4\n长沙市,2023,5\n东兴市,2023,6\n' });
    // coded cities by code (长沙 430100 before 南宁 450100), then name-only ones by name (code-unit order: 东 U+4E1C < 凭 U+51ED)
    expect(ds.units.map((u) => u.key)).toEqual(['430100@2023', '450100@2022', '450100@2023', '450200@2023', '东兴市@2023', '凭祥市@2023']);
  });
});

describe('several files and sources', () => {
  const self = 'city,year,rate_a,survey_score,users_wechat\n南宁市,2023,95,70,\n柳州市,2023,88,,\n';
  const survey = '城市,年份,市民体验调查得分\n南宁市,2023,82.5\n柳州市,2023,79\n';
  const central = 'code,city,year,users_wechat\n450100,南宁市,2023,356.2万\n450200,柳州市,2023,120万\n';

  it('merge by city, year and field with the declared precedence; a conflict names both cells', async () => {
    const { ds } = await load({ 's.csv': self, 'v.csv': survey, 'c.csv': central }, ['s.csv', 'survey=v.csv', 'central=c.csv']);
    const c = cells(ds);
    expect(c['450100@2023'].survey_score.value).toBe(82.5);
    expect(ds.provenance.survey_score.at(0)).toMatchObject({ source: 'survey', line: 2, col: 10 });
    expect(c['450200@2023'].survey_score.value).toBe(79);
    expect(c['450100@2023'].users_wechat.value).toBe(3562000);
    expect(ds.provenance.users_wechat.at(0)?.source).toBe('central');
    expect(ds.provenance.rate_a.at(0)?.source).toBe('self');
    const conflict = ds.findings.find((f) => f.code === 'SOURCE_CONFLICT')!;
    expect(conflict.severity).toBe('warning');
    expect(conflict.message).toMatch(/self gives 70 \(.*s\.csv:2:13\), survey gives 82\.5 \(.*v\.csv:2:10\); survey takes precedence/);
    expect(ds.findings.filter((f) => f.code === 'FIELD_SOURCE').map((f) => f.location?.col)).toEqual([18, 31]);
    expect(ds.inputs.map((i) => i.source)).toEqual(['self', 'survey', 'central']);
    expect(ds.inputs.every((i) => /^sha256:[0-9a-f]{64}$/.test(i.hash))).toBe(true);
  });

  it('precedence does not depend on the order of the files', async () => {
    const a = await load({ 's.csv': self, 'v.csv': survey }, ['s.csv', 'survey=v.csv']);
    const b = await load({ 's.csv': self, 'v.csv': survey }, ['survey=v.csv', 's.csv']);
    expect(cells(b.ds)).toEqual(cells(a.ds));
  });

  it('--source sets the source of unprefixed files; an unknown source is a usage error', async () => {
    const { ds } = await load({ 'v.csv': survey }, undefined, { source: 'survey' });
    expect(ds.inputs[0].source).toBe('survey');
    await expect(load({ 'v.csv': survey }, ['surveys=v.csv'])).rejects.toMatchObject({ code: 'USAGE', hint: expect.stringContaining('did you mean survey') });
  });

  it('a different value from the same source is an error; an equal one is not', async () => {
    const { ds } = await load({
      'a.csv': 'city,year,rate_a\n南宁市,2023,95\n',
      'b.csv': 'city,year,rate_a\n南宁,2023,96\n柳州,2023,1%\n',
      'c.csv': 'city,year,rate_a\n柳州,2023,1%\n',
    });
    expect(codes(ds)).toEqual(['DUPLICATE_VALUE@2:9']);
    expect(ds.findings[0].message).toContain('a.csv:2:10');
  });

  it('the same city-year twice in one table is a DUPLICATE_ROW naming the first', async () => {
    const { ds } = await load({ 'a.csv': 'code,city,year,rate_a\n450100,南宁市,2023,95\n,南宁,2023,96\n' });
    expect(codes(ds)).toEqual(['DUPLICATE_ROW@3:2']);
    expect(ds.findings[0].message).toContain('line 2:8');
    expect(ds.values.rate_a[0]).toBe(95);
  });

  it('a value beats a blank whatever the source', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,rate_a\n南宁市,2023,95\n', 'b.csv': 'city,year,rate_a\n南宁市,2023,—\n' }, ['a.csv', 'central=b.csv']);
    expect(ds.values.rate_a[0]).toBe(95);
    expect(ds.findings).toEqual([]);
  });

  it('rows of the other sources for a year no return is for are not read; a city with no return of its own is named', async () => {
    const survey2 = '城市,年份,市民体验调查得分\n南宁市,2022,80\n柳州市,2022,77\n南宁市,2023,82.5\n柳州市,2023,79\n桂林市,2023,81\n';
    const { ds } = await load({ 's.csv': self, 'v.csv': survey2 }, ['s.csv', 'survey=v.csv']);
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2023', '450200@2023', '450300@2023']);
    expect(codes(ds)).toEqual(['NO_RETURN@6:1', 'FIELD_SOURCE@1:18', 'FIELD_SOURCE@1:31', 'SOURCE_CONFLICT@2:13', 'YEAR_NOT_RETURNED@2:1']);
    expect(ds.findings[4].message).toBe('the 2 rows of 2022 in this survey file are not read: no return is for 2022 (the returns are for 2023)');
    expect(ds.findings[0].message).toMatch(/^桂林市 2023 has no return of its own/);
    expect(ds.findings.every((f) => f.severity === 'warning')).toBe(true);
    // the rows not read take their findings with them
    const bad = await load({ 's.csv': self, 'v.csv': survey2.replace('80', 'abc') }, ['s.csv', 'survey=v.csv']);
    expect(codes(bad.ds).filter((c) => !c.startsWith('FIELD_SOURCE'))).toEqual(['NO_RETURN@6:1', 'SOURCE_CONFLICT@2:13', 'YEAR_NOT_RETURNED@2:1']);
    // --year of a year no return is for: the other sources' rows of that year are not read either
    const y22 = await load({ 's.csv': self, 'v.csv': survey2 }, ['s.csv', 'survey=v.csv'], { year: 2022 });
    expect(y22.ds.units).toEqual([]);
    expect(codes(y22.ds)).toEqual(['FIELD_SOURCE@1:18', 'FIELD_SOURCE@1:31', 'YEAR_NOT_RETURNED@2:1']);
    // corrections of a year not read are skipped, as --year skips those of other years
    const corr = 'city,year,field,value,reason,reviewer\n南宁市,2022,survey_score,81,复核,李\n南宁市,2023,survey_score,83,复核,李\n';
    const c = await load({ 's.csv': self, 'v.csv': survey2, 'c.csv': corr }, ['s.csv', 'survey=v.csv'], { corrections: 'c.csv' });
    expect(c.ds.corrections.map((x) => [x.year, x.corrected])).toEqual([[2023, 83]]);
    expect(codes(c.ds).filter((x) => x.startsWith('CORRECTION'))).toEqual([]);
    // a survey without a year column is of the returns' year when they are for one; otherwise it is not read
    const noYear = '城市,市民体验调查得分\n南宁市,82.5\n柳州市,79\n';
    const one = await load({ 's.csv': self, 'v.csv': noYear }, ['s.csv', 'survey=v.csv']);
    expect(one.ds.units.map((u) => u.key)).toEqual(['450100@2023', '450200@2023']);
    expect(one.ds.values.survey_score[1]).toBe(79);
    const self2 = self + '南宁市,2022,90,,\n';
    const two = await load({ 's.csv': self2, 'v.csv': noYear }, ['s.csv', 'survey=v.csv']);
    expect(two.ds.units.map((u) => u.key)).toEqual(['450100@2022', '450100@2023', '450200@2023']);
    expect(two.ds.findings.find((f) => f.code === 'YEAR_MISSING')).toMatchObject({
      severity: 'warning',
      message: 'the 2 rows without a year in this survey file are not read: the returns are for 2022, 2023, and which one they are for is not said',
      location: { line: 2, col: 1 },
    });
    // without a return, the other sources are what there is: every row is read
    const alone = await load({ 'v.csv': survey2 }, ['survey=v.csv']);
    expect(alone.ds.units).toHaveLength(5);
    expect(codes(alone.ds)).toEqual([]);
  });

  it('keeps 不适用 distinct from missing', async () => {
    const { ds } = await load({ 'a.csv': 'city,year,rate_a,rate_b\n南宁市,2023,不适用,\n' });
    expect(ds.state.rate_a[0]).toBe(NOT_APPLICABLE);
    expect(ds.state.rate_b[0]).toBe(MISSING);
  });
});

describe('corrections', () => {
  const returns = 'code,city,year,rate_a,publication,items\n450100,南宁市,2023,95,部分,\n450200,柳州市,2023,88,无,1200\n';

  it('apply on top, keep both values and point the provenance at the correction (CSV)', async () => {
    const corr = [
      '城市,年份,字段,原值,更正值,原因,审核人',
      '南宁市,2023,rate_a,95,96.5,复核,李',
      '柳州,2023,交通指数发布情况,无,全面,补证材料,王',
      '南宁市,2023,items,,1300,补录,李',
    ].join('\n');
    const { ds } = await load({ 'r.csv': returns, 'c.csv': corr }, ['r.csv'], { corrections: 'c.csv' });
    expect(ds.findings).toEqual([]);
    expect(ds.values.rate_a[0]).toBe(96.5);
    expect(ds.provenance.rate_a.at(0)).toMatchObject({ line: 2, col: 20, correction: 0, source: 'self' });
    expect(ds.provenance.rate_a.at(0)?.file).toMatch(/c\.csv$/);
    expect(ds.corrections[0]).toMatchObject({
      code: '450100',
      city: '南宁市',
      year: 2023,
      field: 'rate_a',
      original: 95,
      corrected: 96.5,
      reason: '复核',
      reviewer: '李',
    });
    expect(ds.corrections[0].originalProvenance).toMatchObject({ line: 2, col: 17 });
    expect(ds.corrections[1]).toMatchObject({ city: '柳州市', field: 'publication', original: '无', corrected: '全面' });
    expect(ds.text.publication[1]).toBe('全面');
    expect(ds.values.publication[1]).toBe(2);
    expect(ds.corrections[2].original).toBeNull(); // the value was missing
    expect(ds.inputs.map((i) => i.kind)).toEqual(['csv', 'corrections']);
  });

  it('apply YAML corrections with line numbers', async () => {
    const yaml = [
      'corrections:',
      '  - city: 南宁市',
      '    year: 2023',
      '    field: 一站式办理率',
      '    value: 97%',
      '    reason: 复核',
      '    reviewer: 李',
    ].join('\n');
    const { ds } = await load({ 'r.csv': returns, 'c.yaml': yaml }, ['r.csv'], { corrections: 'c.yaml' });
    expect(ds.values.rate_a[0]).toBe(97);
    expect(ds.provenance.rate_a.at(0)).toMatchObject({ line: 5, col: 12, correction: 0 });
  });

  it('refuse unverified, unknown and invalid corrections as located errors', async () => {
    const corr = [
      'city,year,field,value,reason,reviewer',
      '南宁市,2023,rate_a,96,复核,',
      '南宁市,2021,rate_a,96,复核,李',
      '南宁市,2023,rate_x,96,复核,李',
      '南宁市,2023,rate_a,约96,复核,李',
      '南宁市,2023,rate_a,96,复核,李',
      '南宁市,2023,rate_a,97,再次复核,李',
    ].join('\n');
    const { ds } = await load({ 'r.csv': returns, 'c.csv': corr }, ['r.csv'], { corrections: 'c.csv' });
    expect(codes(ds)).toEqual([
      'CORRECTION_UNVERIFIED@2:23',
      'CORRECTION_TARGET@3:1',
      'CORRECTION_FIELD@4:10',
      'CORRECTION_VALUE@5:17',
      'CORRECTION_REPEATED@7:17',
    ]);
    expect(ds.corrections).toHaveLength(2);
    // the second correction corrects the returns too: its original is what the city returned
    expect(ds.corrections[1]).toMatchObject({ original: 95, corrected: 97, originalProvenance: { file: expect.stringMatching(/r\.csv$/), line: 2 } });
    expect(ds.values.rate_a[0]).toBe(97);
  });

  it('a stated original is in the field unit, as the returns were read; a cell read from another unit is shown as written', async () => {
    const pop = 'city,year,常住人口（人）\n南宁市,2023,8890000\n';
    const corr = 'city,year,field,original,value,reason,reviewer\n南宁市,2023,population,8890000,889.5,复核,李\n南宁市,2023,population,889,889.5,复核,李\n';
    const { ds } = await load({ 'p.csv': pop, 'c.csv': corr }, ['p.csv'], { corrections: 'c.csv' });
    expect(codes(ds)).toEqual(['UNIT_CONVERTED@1:11', 'CORRECTION_ORIGINAL@2:21', 'CORRECTION_REPEATED@3:25']);
    expect(ds.findings[1].message).toBe(
      'the correction says the original population of 南宁市 2023 was 8890000 万人, but the returns give 889 万人 (the cell says "8890000")',
    );
    expect(ds.corrections.map((c) => c.original)).toEqual([889, 889]);
  });

  it('a repeated correction checks its stated original against the returns, not the first correction', async () => {
    const corr = ['city,year,field,original,value,reason,reviewer', '南宁市,2023,rate_a,95,96,复核,李', '南宁市,2023,rate_a,95,97,再次复核,王'].join('\n');
    const { ds } = await load({ 'r.csv': returns, 'c.csv': corr }, ['r.csv'], { corrections: 'c.csv' });
    expect(codes(ds)).toEqual(['CORRECTION_REPEATED@3:20']);
    expect(ds.corrections.map((c) => [c.original, c.corrected])).toEqual([
      [95, 96],
      [95, 97],
    ]);
    expect(ds.values.rate_a[0]).toBe(97);
  });

  it('with --year, corrections of other years are skipped', async () => {
    const two = 'city,year,rate_a\n南宁市,2022,90\n南宁市,2023,95\n';
    const corr = 'city,year,field,value,reason,reviewer\n南宁市,2022,rate_a,91,复核,李\n南宁市,2023,rate_a,96,复核,李\n';
    const { ds } = await load({ 'r.csv': two, 'c.csv': corr }, ['r.csv'], { corrections: 'c.csv', year: 2023 });
    expect(ds.findings).toEqual([]);
    expect(ds.corrections.map((c) => c.year)).toEqual([2023]);
    expect(ds.values.rate_a[0]).toBe(96);
  });

  it('a corrections file without the needed columns is an error', async () => {
    await expect(load({ 'r.csv': returns, 'c.csv': 'a,b\n1,2\n' }, ['r.csv'], { corrections: 'c.csv' })).rejects.toBeInstanceOf(CityscoreError);
  });
});
