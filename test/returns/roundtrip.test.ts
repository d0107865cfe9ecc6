import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUANGXI_CITIES } from '../../src/returns/cities.js';
import { encodeGb18030 } from '../../src/returns/encoding.js';
import { loadReturns } from '../../src/returns/index.js';
import { buildTemplateXlsx, csvLine, templateFields } from '../../src/returns/template.js';
import type { ResolvedField } from '../../src/system/model.js';
import { tmpFiles } from '../helpers/tmp.js';
import { cells, system } from './helpers.js';

type V = number | string | null;

/** A value for a field: blank, 不适用, or a value of the field's type. Percentages stay above 1 (below, a bare number is ambiguous by design). */
function arbValue(f: ResolvedField): fc.Arbitrary<V> {
  const special = fc.constantFrom<V>(null, '不适用');
  const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
  let main: fc.Arbitrary<V>;
  switch (f.type) {
    case 'percent':
      main = fc.integer({ min: 15, max: 1000 }).map((n) => n / 10);
      break;
    case 'count':
      main = fc.integer({ min: 0, max: 5000 });
      break;
    case 'boolean':
      main = fc.constantFrom('是', '否');
      break;
    case 'level':
      main = fc.constantFrom(...(f.levels ?? []));
      break;
    case 'text':
      main = fc.array(fc.oneof(han, fc.constantFrom(',', '"', '；', ' ')), { minLength: 1, maxLength: 8 }).map((a) => a.join('').trim() || '文');
      break;
    default:
      main = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100);
  }
  return fc.oneof({ weight: 1, arbitrary: special }, { weight: 6, arbitrary: main });
}

describe('round trip', () => {
  it('the same values written to xlsx, GB18030 CSV and long CSV ingest to the identical dataset', async () => {
    const sys = await system();
    const fields = templateFields(sys);
    const row = fc.tuple(...fields.map(arbValue));
    const data = fc.record({
      cities: fc.subarray([...GUANGXI_CITIES], { minLength: 1, maxLength: 4 }),
      rows: fc.array(row, { minLength: 4, maxLength: 4 }),
      pctFormat: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(data, async ({ cities, rows, pctFormat }) => {
        const value = (ci: number, fi: number) => rows[ci][fi];
        // xlsx: the template, filled
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await buildTemplateXlsx(sys, { year: 2023, cities })) as unknown as ArrayBuffer);
        const ws = wb.getWorksheet('填报数据')!;
        cities.forEach((_, ci) => {
          fields.forEach((f, fi) => {
            const cell = ws.getCell(5 + ci, 6 + fi);
            const v = value(ci, fi);
            if (typeof v === 'number' && f.type === 'percent' && pctFormat) {
              cell.value = v / 100;
              cell.numFmt = '0.0%';
            } else cell.value = v;
          });
        });
        const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
        // wide CSV in GB18030 with Chinese headers and units
        const wide = [csvLine(['行政区划代码', '城市', '年份', ...fields.map((f) => (f.unit ? `${f.name}（${f.unit}）` : f.name))])];
        cities.forEach((c, ci) => wide.push(csvLine([c.code, c.name.replace(/市$/, ''), 2023, ...fields.map((_, fi) => value(ci, fi))])));
        // long CSV
        const long = [csvLine(['code', 'city', 'year', 'field', 'value'])];
        cities.forEach((c, ci) => fields.forEach((f, fi) => long.push(csvLine([c.code, c.name, 2023, f.id, value(ci, fi)]))));
        const dir = tmpFiles({ 'r.xlsx': xlsx, 'w.csv': encodeGb18030(`${wide.join('\r\n')}\r\n`), 'l.csv': `${long.join('\n')}\n` });
        const [a, b, c] = await Promise.all(['r.xlsx', 'w.csv', 'l.csv'].map((f) => loadReturns(sys, [join(dir, f)])));
        expect(b.inputs[0].encoding).toBe('gb18030');
        expect(a.findings).toEqual([]);
        expect(b.findings).toEqual([]);
        expect(c.findings).toEqual([]);
        expect(cells(a)).toEqual(cells(c));
        expect(cells(b)).toEqual(cells(c));
        expect(a.units.map((u) => u.key)).toEqual(c.units.map((u) => u.key));
        // and the values are the ones written
        cities.forEach((city, ci) => {
          const u = c.units.findIndex((x) => x.code === city.code);
          fields.forEach((f, fi) => {
            const v = value(ci, fi);
            const st = c.state[f.id][u];
            if (v === null) expect(st).toBe(1);
            else if (v === '不适用') expect(st).toBe(2);
            else if (f.type === 'level') expect(c.text[f.id][u]).toBe(v);
            else if (f.type === 'boolean') expect(c.values[f.id][u]).toBe(v === '是' ? 1 : 0);
            else if (f.type === 'text') expect(c.text[f.id][u]).toBe(String(v).trim());
            else expect(c.values[f.id][u]).toBe(v);
          });
        });
      }),
      { numRuns: 12, seed: 20240501 },
    );
  });
});
