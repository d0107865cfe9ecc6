import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CityscoreError } from '../../src/errors.js';
import { INVALID, PRESENT } from '../../src/returns/dataset.js';
import { loadReturns, type ReturnsOptions } from '../../src/returns/index.js';
import { isPercentFormat } from '../../src/returns/xlsx.js';
import { readZipDirectory, normaliseZipTimes } from '../../src/returns/zip.js';
import { tmpFiles } from '../helpers/tmp.js';
import { cells, codes, system } from './helpers.js';

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function load(files: Record<string, Uint8Array | string>, opts: ReturnsOptions = {}) {
  const dir = tmpFiles(files);
  return loadReturns(
    await system(),
    Object.keys(files).map((f) => join(dir, f)),
    opts,
  );
}

async function rejected(p: Promise<unknown>): Promise<CityscoreError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CityscoreError) return e;
    throw e;
  }
  throw new Error('did not reject');
}

/** A messy sheet: title rows, merged headers, and every kind of cell. */
function messy(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('数据');
  ws.getCell('A1').value = '2023年填报数据';
  ws.mergeCells('A1:H1');
  ws.getCell('A2').value = '单位：见各列';
  ws.getCell('A3').value = '行政区划代码';
  ws.mergeCells('A3:A4');
  ws.getCell('B3').value = '城市';
  ws.mergeCells('B3:B4');
  ws.getCell('C3').value = '年份';
  ws.mergeCells('C3:C4');
  ws.getCell('D3').value = '惠民服务';
  ws.mergeCells('D3:H3');
  ['一站式办理率', '网上统一入口率', '政务服务事项总数', '交通指数发布情况', '常住人口（万人）'].forEach((h, i) => (ws.getCell(4, 4 + i).value = h));
  // row 5: 南宁 — percent format, formula with result, rich text, number as text
  ws.getRow(5).values = [450100, null, 2023, 0.955, '95 %', { formula: 'SUM(1,1199)', result: 1200 } as unknown as number, '全面', '874.16'];
  ws.getCell('B5').value = { richText: [{ text: '南宁', font: { bold: true } }, { text: '市' }] };
  ws.getCell('D5').numFmt = '0.0%';
  // row 6: 柳州 — a date as year, formula without result, error value, hyperlink
  ws.getRow(6).values = [
    450200,
    '柳州市',
    new Date(Date.UTC(2023, 11, 31)),
    88,
    { error: '#DIV/0!' } as unknown as number,
    { formula: 'A6*2' } as unknown as number,
    '部分',
    null,
  ];
  ws.getCell('H6').value = { text: '415.79', hyperlink: 'http://example.org' };
  // row 7: 桂林 — a date where a number is expected
  ws.getRow(7).values = [450300, '桂林市', 2023, new Date(Date.UTC(2023, 2, 5)), 90, 1300, '无', 493.11];
}

describe('reading xlsx', () => {
  it('reads title rows, merged headers, formulas, dates, rich text, text numbers and percent formats', async () => {
    const ds = await load({ 'm.xlsx': await xlsx(messy) });
    expect(ds.units.map((u) => [u.key, u.name])).toEqual([
      ['450100@2023', '南宁市'],
      ['450200@2023', '柳州市'],
      ['450300@2023', '桂林市'],
    ]);
    const c = cells(ds);
    expect(c['450100@2023']).toMatchObject({
      rate_a: { state: PRESENT, value: 95.5 },
      rate_b: { state: PRESENT, value: 95 },
      items: { state: PRESENT, value: 1200 },
      publication: { state: PRESENT, value: 2, text: '全面' },
      population: { state: PRESENT, value: 874.16 },
    });
    expect(c['450200@2023'].population.value).toBe(415.79);
    expect(c['450200@2023'].items.state).toBe(INVALID);
    expect(codes(ds)).toEqual(['FORMULA_ERROR@E6', 'FORMULA_NO_RESULT@F6', 'NOT_A_NUMBER@D7']);
    expect(ds.provenance.rate_a.at(0)).toMatchObject({ sheet: '数据', cell: 'D5', source: 'self' });
    expect(ds.provenance.items.at(0)).toMatchObject({ cell: 'F5', raw: undefined });
    expect(ds.provenance.population.at(0)).toMatchObject({ cell: 'H5', raw: '874.16' });
    expect(ds.inputs[0]).toMatchObject({ kind: 'xlsx', sheets: ['数据'], streamed: false, layout: 'wide' });
  });

  it('the streaming reader gives the same dataset, merged cells included', async () => {
    const dir = tmpFiles({ 'm.xlsx': await xlsx(messy) });
    const full = await loadReturns(await system(), [join(dir, 'm.xlsx')]);
    const streamed = await loadReturns(await system(), [join(dir, 'm.xlsx')], { limits: { streamAboveBytes: 0 } });
    expect(streamed.inputs[0].streamed).toBe(true);
    expect(cells(streamed)).toEqual(cells(full));
    expect(codes(streamed)).toEqual(codes(full));
    const provs = (ds: typeof full) => Object.fromEntries(Object.entries(ds.provenance).map(([f, c]) => [f, c.toArray()]));
    expect(provs(streamed)).toEqual(provs(full));
  });

  it('one city per sheet; --sheet picks one; sheets without a header are skipped', async () => {
    const buf = await xlsx((wb) => {
      wb.addWorksheet('说明').addRow(['本表为示例']);
      for (const [name, v] of [
        ['南宁市', 95],
        ['柳州市', 88],
      ] as const) {
        const ws = wb.addWorksheet(name);
        ws.addRow(['2023年度']);
        ws.addRow(['指标', '数值']);
        ws.addRow(['一站式办理率', v]);
        ws.addRow(['网上统一入口率', `${v - 1}%`]);
      }
    });
    const ds = await load({ 'p.xlsx': buf });
    expect(ds.units.map((u) => u.key)).toEqual(['450100@2023', '450200@2023']);
    expect(ds.values.rate_b[1]).toBe(87);
    expect(ds.inputs[0].sheets).toEqual(['南宁市', '柳州市']);
    const one = await load({ 'p.xlsx': buf }, { sheet: '柳州市' });
    expect(one.units.map((u) => u.key)).toEqual(['450200@2023']);
    const e = await rejected(load({ 'p.xlsx': buf }, { sheet: '柳州' }));
    expect(e.code).toBe('SHEET_NOT_FOUND');
    expect(e.hint).toContain('柳州市');
    const e2 = await rejected(load({ 'p.xlsx': buf }, { sheet: '说明' }));
    expect(e2.code).toBe('NO_HEADER');
    expect(e2.location).toMatchObject({ sheet: '说明', cell: 'A1' });
  });

  it('a workbook where no sheet has a header is an error', async () => {
    const buf = await xlsx((wb) => wb.addWorksheet('S').addRow(['foo', 'bar']));
    expect((await rejected(load({ 'n.xlsx': buf }))).code).toBe('NO_HEADER');
  });

  it('knows percent formats', () => {
    expect(isPercentFormat('0.0%')).toBe(true);
    expect(isPercentFormat('0%;[Red]-0%')).toBe(true);
    expect(isPercentFormat('0.0"%"')).toBe(false);
    expect(isPercentFormat('0.00\\%')).toBe(false);
    expect(isPercentFormat('General')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad workbooks

/** A zip written by hand: entries stored (method 0) or deflated (8), sizes optionally misdeclared. */
function makeZip(entries: { name: string; data: Buffer; deflate?: boolean; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.declaredSize ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.declaredSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const WB_XML = Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>');

describe('bad workbooks are clear errors naming the file (exit 2)', () => {
  it('refuses a zip that declares more than the expansion limit, before inflating', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: WB_XML },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 0xfffffff0 },
    ]);
    const e = await rejected(load({ 'big.xlsx': zip }));
    expect(e.code).toBe('XLSX_TOO_LARGE');
    expect(e.exitCode).toBe(2);
    expect(e.location?.file).toMatch(/big\.xlsx$/);
    expect(e.message).toContain('1024 MiB');
  });

  it('refuses an extreme compression ratio (zip bomb)', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: WB_XML },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(80 * 1024 * 1024, 0x20), deflate: true },
    ]);
    expect(zip.length).toBeLessThan(200_000);
    const e = await rejected(load({ 'bomb.xlsx': zip }));
    expect(e.code).toBe('XLSX_ZIP_BOMB');
    // and a lower explicit limit applies to honest files too
    const e2 = await rejected(load({ 'bomb.xlsx': zip }, { limits: { maxUncompressed: 1024 } }));
    expect(e2.code).toBe('XLSX_TOO_LARGE');
  });

  it('refuses more than 100 sheets when the streaming reader is needed', async () => {
    const buf = await xlsx((wb) => {
      for (let i = 0; i < 101; i++) wb.addWorksheet(`S${i}`).addRow(['city', 'rate_a']);
    });
    const e = await rejected(load({ 'many.xlsx': buf }, { limits: { streamAboveBytes: 0 } }));
    expect(e.code).toBe('XLSX_TOO_MANY_SHEETS');
    expect(e.message).toContain('101 sheets');
  });

  it('a truncated workbook, and another format renamed to .xlsx', async () => {
    const buf = await xlsx(messy);
    expect((await rejected(load({ 'cut.xlsx': buf.subarray(0, buf.length >> 1) }))).code).toBe('XLSX_CORRUPT');
    expect((await rejected(load({ 'fake.xlsx': 'city,rate_a\n南宁,95\n' }))).code).toBe('XLSX_CORRUPT');
    expect((await rejected(load({ 'junk.xlsx': makeZip([{ name: 'a.txt', data: Buffer.from('x') }]) }))).code).toBe('XLSX_CORRUPT');
  });

  it('a password-protected workbook', async () => {
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1024);
    const e = await rejected(load({ 'secret.xlsx': cfb }));
    expect(e.code).toBe('XLSX_ENCRYPTED');
    expect(e.hint).toContain('password');
  });

  it('.xls, .et and .ods get the conversion command', async () => {
    const cfb = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    for (const name of ['old.xls', 'wps.et', 'calc.ods']) {
      const e = await rejected(
        load({ [name]: name.endsWith('.ods') ? makeZip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }]) : cfb }),
      );
      expect(e.code, name).toBe('UNSUPPORTED_FORMAT');
      expect(e.hint).toMatch(new RegExp(`^libreoffice --headless --convert-to xlsx \\S*${name.replace('.', '\\.')}$`));
    }
  });
});

describe('zip housekeeping', () => {
  it('normalises entry times so that the same workbook gives the same bytes', async () => {
    const fixed = (wb: ExcelJS.Workbook) => {
      wb.created = wb.modified = new Date(Date.UTC(2024, 0, 1));
      messy(wb);
    };
    const a = normaliseZipTimes(await xlsx(fixed));
    await new Promise((r) => setTimeout(r, 2100));
    const b = normaliseZipTimes(await xlsx(fixed));
    expect(a.equals(b)).toBe(true);
    expect(readZipDirectory(a).map((e) => e.name)).toContain('xl/workbook.xml');
  });

  it('never modifies an input', async () => {
    const buf = await xlsx(messy);
    const dir = tmpFiles({ 'm.xlsx': buf });
    writeFileSync(join(dir, 'copy.xlsx'), buf);
    await loadReturns(await system(), [join(dir, 'm.xlsx')]);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'm.xlsx')).equals(buf)).toBe(true);
  });
});
