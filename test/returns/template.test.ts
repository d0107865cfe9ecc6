import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkDataset, loadReturns } from '../../src/returns/index.js';
import { buildTemplateCsv, buildTemplateXlsx, templateFields } from '../../src/returns/template.js';
import type { ResolvedField, ResolvedSystem } from '../../src/system/model.js';
import { haveTool } from '../helpers/oracles.js';
import { tmpFiles } from '../helpers/tmp.js';
import { cells, codes, system } from './helpers.js';

const CITIES = [
  { code: '450100', name: '南宁市' },
  { code: '450200', name: '柳州市' },
];

function sample(f: ResolvedField, i: number): string | number {
  switch (f.type) {
    case 'percent':
      return 80 + i;
    case 'boolean':
      return '是';
    case 'level':
      return f.levels![1];
    case 'text':
      return '说明';
    default:
      return 100 + i;
  }
}

/** Fill a template workbook the way a city would (exceljs), from row `first` on. */
async function fill(buf: Buffer, sys: ResolvedSystem, first: number, rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('填报数据')!;
  const ids = ws.getRow(1).values as unknown[];
  const fields = new Map(templateFields(sys).map((f) => [f.id, f]));
  for (let r = first; r < first + rows; r++) {
    ids.forEach((id, c) => {
      const f = fields.get(String(id));
      if (f) ws.getCell(r, c).value = sample(f, r);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function open(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('the xlsx template', () => {
  it('has instructions, a data sheet with four header rows, and a hidden _meta', async () => {
    const sys = await system();
    const wb = await open(await buildTemplateXlsx(sys, { year: 2024 }));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['填报说明', 'visible'],
      ['填报数据', 'visible'],
      ['_meta', 'veryHidden'],
    ]);
    const ws = wb.getWorksheet('填报数据')!;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    const self = templateFields(sys);
    expect(self.map((f) => f.id)).toEqual(['population', 'rate_a', 'rate_b', 'has_app', 'publication', 'remark', 'items', 'budget']);
    expect(row(1)).toEqual(['code', 'city', 'year', 'province', 'tier', ...self.map((f) => f.id)]);
    expect(row(2)).toEqual(['行政区划代码', '城市', '年份', '省份', '城市等级', ...self.map((f) => f.name)]);
    expect(row(3).slice(5, 7)).toEqual(['万人', '%']);
    expect(row(4).slice(5, 10)).toEqual(['≥ 0', '0–100', '0–100', '是/否', '无/部分/全面']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 4 });
    expect(ws.getCell('C5').value).toBe(2024);
    // validation: lists for boolean and level fields, numeric ranges
    expect(ws.getCell('I5').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否,不适用"'] });
    expect(ws.getCell('J7').dataValidation).toMatchObject({ type: 'list', formulae: ['"无,部分,全面,不适用"'] });
    expect(ws.getCell('G5').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100] });
    expect(ws.getCell('F5').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    // widths fit Chinese headers (two units a character, capped)
    expect(ws.getColumn('A').width).toBeGreaterThanOrEqual(14);
    expect(ws.getColumn('G').width).toBeGreaterThanOrEqual(12);
    const meta = Object.fromEntries((wb.getWorksheet('_meta')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => [r[1], r[2]]));
    expect(meta).toMatchObject({
      system: 'returns-test',
      version: '1',
      year: '2024',
      layout: 'wide',
      dataSheet: '填报数据',
      headerRow: '1',
      dataRow: '5',
      hash: sys.hash,
    });
  });

  it('is byte-identical for the same inputs', async () => {
    const sys = await system();
    const a = await buildTemplateXlsx(sys, { year: 2024, cities: CITIES });
    const b = await buildTemplateXlsx(sys, { year: 2024, cities: CITIES });
    expect(a.equals(b)).toBe(true);
  });

  it('a filled copy ingests cleanly', async () => {
    const sys = await system();
    const filled = await fill(await buildTemplateXlsx(sys, { year: 2024, cities: CITIES }), sys, 5, 2);
    const dir = tmpFiles({ 'f.xlsx': filled });
    const ds = await loadReturns(sys, [join(dir, 'f.xlsx')]);
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2024', '450200@2024']);
    expect(checkDataset(sys, ds)).toEqual([]);
    expect(ds.inputs[0].template).toEqual({ system: 'returns-test', version: '1', year: 2024 });
    expect(cells(ds)['450100@2024'].publication).toEqual({ state: 0, value: 1, text: '部分' });
  });

  it('one workbook per city, with last year shown for reference but not read', async () => {
    const sys = await system();
    const prevDir = tmpFiles({ 'p.csv': 'code,city,year,rate_a,publication\n450100,南宁市,2023,91.5,全面\n' });
    const previous = await loadReturns(sys, [join(prevDir, 'p.csv')]);
    const buf = await buildTemplateXlsx(sys, { year: 2024, cities: [CITIES[0]], previous });
    const wb = await open(buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填报说明', '填报数据', '上年数据', '_meta']);
    const ws = wb.getWorksheet('填报数据')!;
    expect((ws.getRow(5).values as unknown[]).slice(1, 8)).toEqual([undefined, '上年参考值', '2023年参考', undefined, undefined, undefined, 91.5]);
    expect((ws.getRow(6).values as unknown[]).slice(1, 4)).toEqual([450100, '南宁市', 2024]);
    const filled = await fill(buf, sys, 6, 1);
    const dir = tmpFiles({ 'f.xlsx': filled });
    const ds = await loadReturns(sys, [join(dir, 'f.xlsx')]);
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2024']);
    expect(checkDataset(sys, ds)).toEqual([]);
  });

  it('the long layout', async () => {
    const sys = await system();
    const wb = await open(await buildTemplateXlsx(sys, { year: 2024, layout: 'long', cities: CITIES }));
    const ws = wb.getWorksheet('填报数据')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['code', 'city', 'year', 'field', 'field_name', 'unit', 'range', 'value']);
    expect((ws.getRow(3).values as unknown[]).slice(1, 7)).toEqual([450100, '南宁市', 2024, 'population', '常住人口', '万人']);
    expect(ws.getCell('H7').dataValidation).toMatchObject({ type: 'list', formulae: ['"无,部分,全面,不适用"'] });
    // fill the value column and read it back
    const n = templateFields(sys).length;
    const fields = templateFields(sys);
    for (let i = 0; i < 2 * n; i++) ws.getCell(3 + i, 8).value = sample(fields[i % n], 3 + i);
    const dir = tmpFiles({ 'l.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    const ds = await loadReturns(sys, [join(dir, 'l.xlsx')]);
    expect(ds.inputs[0].layout).toBe('long');
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2024', '450200@2024']);
    expect(checkDataset(sys, ds)).toEqual([]);
  });
});

describe('the CSV template', () => {
  it('is UTF-8 with a BOM and CRLF, records the system, and ingests once filled', async () => {
    const sys = await system();
    const csv = buildTemplateCsv(sys, { year: 2024, cities: [CITIES[0]] });
    expect(csv.startsWith('\ufeff# cityscore-template system=returns-test version=1 year=2024 layout=wide\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('code,city,year,province,tier,population,rate_a,rate_b,has_app,publication,remark,items,budget');
    expect(lines[5]).toBe('450100,南宁市,2024,,,,,,,,,,');
    const filled = csv.replace('450100,南宁市,2024,,,,,,,,,,', '450100,南宁市,2024,广西,大城市,874,95%,90,是,全面,,1200,');
    const dir = tmpFiles({ 't.csv': filled });
    const ds = await loadReturns(sys, [join(dir, 't.csv')]);
    expect(checkDataset(sys, ds)).toEqual([]);
    expect(ds.inputs[0]).toMatchObject({ encoding: 'utf-8-bom', template: { system: 'returns-test', year: 2024 } });
    expect(ds.units[0].attrs).toEqual({ province: '广西', tier: '大城市' });
  });

  it('guards cells that a spreadsheet would run as formulas', async () => {
    const sys = await system();
    const csv = buildTemplateCsv(sys, { year: 2024, cities: [{ name: '=HYPERLINK("http://x","y")' }] });
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const dir = tmpFiles({ 't.csv': csv });
    const ds = await loadReturns(sys, [join(dir, 't.csv')]);
    expect(ds.units[0].name).toBe('=HYPERLINK("http://x","y")');
  });

  it('the long CSV layout', async () => {
    const sys = await system();
    const csv = buildTemplateCsv(sys, { year: 2024, layout: 'long', cities: CITIES });
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe('code,city,year,field,field_name,unit,range,value');
    expect(lines).toHaveLength(3 + 2 * templateFields(sys).length);
    expect(lines[3]).toBe('450100,南宁市,2024,population,常住人口,万人,≥ 0,');
  });
});

describe('returns made from another template', () => {
  it('warn when the system, its version or the year differ', async () => {
    const sys = await system();
    const other = { ...sys, id: 'other-system', version: '9' };
    const filled = await fill(await buildTemplateXlsx(other, { year: 2023, cities: CITIES }), sys, 5, 2);
    const wb = await open(filled);
    wb.getWorksheet('填报数据')!.getCell('C6').value = 2024;
    const dir = tmpFiles({ 'f.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    const ds = await loadReturns(sys, [join(dir, 'f.xlsx')]);
    expect(codes(ds).sort()).toEqual(['TEMPLATE_SYSTEM@', 'TEMPLATE_YEAR@B6']);
    expect(ds.findings.find((f) => f.code === 'TEMPLATE_SYSTEM')!.message).toContain('other-system 9, not returns-test 1');
  });
});

describe('LibreOffice', () => {
  it.skipIf(!haveTool('soffice', 'LibreOffice template check'))(
    'opens the template; its data sheet converts with the same header cells, and a copy it saves ingests cleanly',
    async () => {
      const sys = await system('gbt-33356-2016-completed');
      const dir = tmpFiles({ 'template.xlsx': await buildTemplateXlsx(sys, { year: 2024, cities: CITIES }) });
      const out = join(dir, 'out');
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
          '--outdir',
          out,
          join(dir, 'template.xlsx'),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const data = readdirSync(out).find((f) => f.includes('填报数据'))!;
      const rows = readFileSync(join(out, data), 'utf8')
        .split(/\r?\n/)
        .map((l) => l.split(','));
      const self = templateFields(sys);
      expect(rows[0]).toEqual(['code', 'city', 'year', 'province', 'tier', ...self.map((f) => f.id)]);
      expect(rows[1].slice(0, 3)).toEqual(['行政区划代码', '城市', '年份']);
      expect(rows[4].slice(0, 3)).toEqual(['450100', '南宁市', '2024']);
      // fill it, let LibreOffice save it again as xlsx, and read that
      writeFileSync(join(dir, 'filled.xlsx'), await fill(await buildTemplateXlsx(sys, { year: 2024, cities: CITIES }), sys, 5, 2));
      const resaved = join(dir, 'resaved');
      execFileSync(
        'soffice',
        ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'xlsx', '--outdir', resaved, join(dir, 'filled.xlsx')],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const ds = await loadReturns(sys, [join(resaved, 'filled.xlsx')]);
      expect(ds.units.map((u) => u.key)).toEqual(['450100@2024', '450200@2024']);
      expect(checkDataset(sys, ds).filter((d) => d.severity === 'error')).toEqual([]);
      expect(ds.fields).toHaveLength(self.length);
    },
  );
});
