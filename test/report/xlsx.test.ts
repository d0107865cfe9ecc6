// The workbook: what exceljs and LibreOffice read back, number formats, frozen headers,
// autofilter, colour scales, rounded and full-precision sheets, and the public-API fallback.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeReports } from '../../src/report/index.js';
import { buildView } from '../../src/report/view.js';
import { renderXlsx } from '../../src/report/xlsx/index.js';
import { formatFixed } from '../../src/util/round.js';
import { haveTool } from '../helpers/oracles.js';
import { sampleRun, tmp, zipEntries, type SampleRun } from './helpers.js';
import { nodeScore } from '../../src/engine/results-access.js';

let run: SampleRun;
let xlsx: string;
beforeAll(async () => {
  run = sampleRun();
  const out = tmp();
  await writeReports(run.results, { out, formats: ['xlsx'] });
  xlsx = join(out, 'report.xlsx');
});

const round2 = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(formatFixed(x, 2, 'half-up')));

async function load(file: string | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (typeof file === 'string') await wb.xlsx.readFile(file);
  else await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb;
}

describe('report.xlsx', () => {
  it('has the sheets in the report language', async () => {
    const wb = await load(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '排名',
      '分项得分',
      '指标明细',
      '提升优先级',
      '数据质量',
      '数据更正',
      '指标体系',
      '方法与来源',
      '精确值',
    ]);
    const out = tmp();
    await writeReports(run.results, { out, formats: ['xlsx'], lang: 'en' });
    const en = await load(join(out, 'report.xlsx'));
    expect(en.worksheets.map((w) => w.name)).toEqual([
      'Ranking',
      'Dimensions',
      'Indicators',
      'Priorities',
      'Data quality',
      'Corrections',
      'Indicator system',
      'Method',
      'Full precision',
    ]);
  });

  it('overview: numbers are numbers, rounded by the system rule, with a 0.00 format; header frozen; autofilter; colour scale', async () => {
    const wb = await load(xlsx);
    const ws = wb.getWorksheet('排名')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['排名', '城市', '区划代码', '总分', '等级', '较基期', '排名变化', 'L1 惠民服务']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    const byName = new Map(run.results.cities.map((c) => [c.name, c]));
    for (let r = 2; r <= run.results.cities.length + 1; r++) {
      const row = ws.getRow(r);
      const c = byName.get(String(row.getCell(2).value))!;
      expect(row.getCell(1).value).toBe(c.rank);
      const total = row.getCell(4);
      expect(total.type).toBe(ExcelJS.ValueType.Number);
      expect(total.value).toBe(round2(c.total));
      expect(total.numFmt).toBe('0.00');
      expect(row.getCell(6).value).toBe(round2(c.change!.total));
      expect(row.getCell(8).value).toBe(round2(nodeScore(run.results, c, 'L1')!.points));
    }
    const sheet = zipEntries(xlsx).get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toMatch(/<autoFilter ref="A1:O15"\/>/);
    expect(sheet).toContain('<colorScale>');
    expect(sheet).toMatch(/<col min="2" max="2" width="\d+"/);
  });

  it('item details: every city × leaf, with the corrected value and the source cell of the original', async () => {
    const wb = await load(xlsx);
    const ws = wb.getWorksheet('指标明细')!;
    const leaves = run.results.nodes.filter((n) => n.leaf).length;
    expect(ws.actualRowCount).toBe(1 + leaves * run.results.cities.length);
    let found = false;
    ws.eachRow((row, r) => {
      if (r === 1) return;
      if (row.getCell(1).value === '柳州市' && row.getCell(3).value === 'L1P1-A2') {
        found = true;
        expect(row.getCell(5).value).toBe(92.1);
        expect(row.getCell(6).value).toBe('returns-2022-2023.gb18030.csv:17:40');
        expect(row.getCell(7).value).toBe(91.2);
        expect(row.getCell(8).value).toBe(91.2);
      }
    });
    expect(found).toBe(true);
  });

  it('full precision sheet holds the unrounded points', async () => {
    const wb = await load(xlsx);
    const ws = wb.getWorksheet('精确值')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const col = header.indexOf('L1 得分') + 1;
    for (let r = 2; r <= ws.actualRowCount; r++) {
      const c = run.results.cities.find((x) => x.key === ws.getRow(r).getCell(1).value)!;
      expect(ws.getRow(r).getCell(4).value).toBe(c.total);
      expect(ws.getRow(r).getCell(col).value).toBe(nodeScore(run.results, c, 'L1')!.points);
    }
  });

  it('the indicator system sheet indents the tree and marks weight status', async () => {
    const wb = await load(xlsx);
    const ws = wb.getWorksheet('指标体系')!;
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => rows.set(String(row.getCell(1).value), row));
    expect(rows.get('L1P1-A1')!.getCell(2).alignment?.indent).toBe(2);
    expect(rows.get('L1P1-A2')!.getCell(11).value).toBe('假定');
    expect(rows.get('L2')!.getCell(11).value).toBe('暂定');
    expect(rows.get('L1')!.getCell(11).value).toBe('已确认');
    expect(rows.get('L1')!.getCell(9).numFmt).toBe('0.00%');
  });

  it("exceljs's public row API (the fallback) gives the same cells as the fast row writer", async () => {
    const v = buildView(run.results, 'zh-CN');
    const scope = { cities: v.cities };
    const a = await load(await renderXlsx(v, scope));
    const b = await load(await renderXlsx(v, scope, { fast: false }));
    expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
    for (const wa of a.worksheets) {
      const wbs = b.getWorksheet(wa.name)!;
      const cells = (ws: ExcelJS.Worksheet) => {
        const out: string[] = [];
        ws.eachRow((row, r) => row.eachCell((cell, c) => out.push(`${r}:${c}:${cell.type}:${JSON.stringify(cell.value)}:${cell.numFmt ?? ''}`)));
        return out;
      };
      expect(cells(wbs)).toEqual(cells(wa));
    }
  });

  it('LibreOffice opens the workbook; the converted overview equals the JSON (rounded values)', () => {
    if (!haveTool('soffice', 'the LibreOffice check of the workbook')) return;
    const out = tmp();
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${join(out, 'lo-profile')}`,
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        out,
        xlsx,
      ],
      {
        stdio: 'pipe',
        timeout: 180_000,
      },
    );
    const csvs = readdirSync(out).filter((f) => f.endsWith('.csv'));
    expect(csvs).toEqual(expect.arrayContaining(['report-排名.csv', 'report-指标明细.csv', 'report-精确值.csv']));
    const lines = readFileSync(join(out, 'report-排名.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 5)).toEqual(['排名', '城市', '区划代码', '总分', '等级']);
    expect(lines.length).toBe(run.results.cities.length + 1);
    const byName = new Map(run.results.cities.map((c) => [c.name, c]));
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const c = byName.get(cells[1])!;
      expect(Number(cells[0])).toBe(c.rank);
      expect(cells[2]).toBe(c.code);
      expect(Number(cells[3])).toBe(round2(c.total));
      expect(cells[4]).toBe(c.tier!.name);
      expect(Number(cells[5])).toBe(round2(c.change!.total));
      run.results.nodes.filter((n) => n.depth === 1).forEach((d, k) => expect(Number(cells[7 + k])).toBe(round2(nodeScore(run.results, c, d.id)!.points)));
    }
  }, 240_000);
});

describe('with the dataset at hand (score --out)', () => {
  it('item details list the raw values and their cells, the original and corrected value, for formula leaves every field', async () => {
    const { requireSystem } = await import('../../src/system/load.js');
    const { loadReturns } = await import('../../src/returns/index.js');
    const { compileModel } = await import('../../src/engine/model.js');
    const { evaluate } = await import('../../src/engine/evaluate.js');
    const { buildResults } = await import('../../src/engine/results.js');
    const { SAMPLES } = await import('./helpers.js');
    const system = await requireSystem('gbt-33356-2016-completed', { scorable: true });
    const files = [join(SAMPLES, 'returns-2022-2023.gb18030.csv'), `survey=${join(SAMPLES, 'survey-2022-2023.csv')}`];
    const dataset = await loadReturns(system, files, { year: 2023, corrections: join(SAMPLES, 'corrections.csv') });
    const results = buildResults(evaluate(compileModel(system), dataset, {}), { version: 'test' });
    const out = tmp();
    await writeReports(results, { out, formats: ['xlsx', 'md'], perCity: true, dataset });
    const wb = await load(join(out, 'report.xlsx'));
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet('指标明细')!.eachRow((row) => rows.set(`${row.getCell(1).value}|${row.getCell(3).value}`, (row.values as unknown[]).slice(1)));
    const nanningRate = rows.get('南宁市|L1P1-A2')!;
    expect(nanningRate[4]).toBe(95.2);
    expect(String(nanningRate[5])).toMatch(/returns-2022-2023\.gb18030\.csv:\d+:\d+$/);
    expect(nanningRate[6] ?? null).toBeNull();
    const corrected = rows.get('柳州市|L1P1-A2')!;
    expect([corrected[4], corrected[6], corrected[7]]).toEqual([92.1, 91.2, 91.2]);
    const formula = rows.get('南宁市|L1P1-A1')!;
    expect(String(formula[4])).toMatch(/^gov_service_items_e_licence=\d+(\.\d+)?; gov_service_items_total=\d+(\.\d+)?$/);
    expect(String(formula[5]).split('; ').length).toBe(2);
    const md = readFileSync(join(out, 'cities', '450100-南宁市-2023.md'), 'utf8');
    expect(md).toContain('| 编号 | 指标 | 原始值 | 来源单元格 | 指标值 |');
  });
});
