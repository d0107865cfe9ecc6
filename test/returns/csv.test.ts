import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CityscoreError } from '../../src/errors.js';
import { readCsv, readCsvText, scanPositions, detectDelimiter } from '../../src/returns/csv.js';
import { decodeText, encodeGb18030 } from '../../src/returns/encoding.js';
import { loadReturns } from '../../src/returns/index.js';
import { tmpFiles } from '../helpers/tmp.js';
import { cells, codes, system } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function load(files: Record<string, string | Uint8Array>, opts: Parameters<typeof loadReturns>[2] = {}) {
  const dir = tmpFiles(files);
  return loadReturns(
    await system(),
    Object.keys(files).map((f) => join(dir, f)),
    opts,
  );
}

function thrown(fn: () => unknown): CityscoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CityscoreError) return e;
    throw e;
  }
  throw new Error('did not throw');
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

const TEXT = '城市,年份,常住人口,一站式办理率\n南宁市,2023,874.16,95\n柳州市,2023,415.79,88.5\n';

describe('encodings', () => {
  it('detects UTF-8, UTF-8 with BOM and GB18030, and they read the same', async () => {
    const a = await load({ 'a.csv': utf8(TEXT) });
    const b = await load({ 'b.csv': utf8(`\ufeff${TEXT}`) });
    const c = await load({ 'c.csv': encodeGb18030(TEXT) });
    expect(a.inputs[0].encoding).toBe('utf-8');
    expect(b.inputs[0].encoding).toBe('utf-8-bom');
    expect(c.inputs[0].encoding).toBe('gb18030');
    expect(cells(b)).toEqual(cells(a));
    expect(cells(c)).toEqual(cells(a));
    expect(a.units.map((u) => u.name)).toEqual(['南宁市', '柳州市']);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(TEXT.replace(/,/g, '\t'), 'utf16le'))]);
    const d = decodeText(bytes, 'x.txt');
    expect(d.encoding).toBe('utf-16le');
    expect(readCsv(bytes, 'x.txt').delimiter).toBe('\t');
  });

  it('--encoding overrides detection, and a wrong one is a located error', () => {
    const gb = encodeGb18030(TEXT);
    expect(readCsv(gb, 'g.csv', 'gbk').encoding).toBe('gb18030');
    const e = thrown(() => readCsv(gb, 'g.csv', 'utf-8'));
    expect(e.code).toBe('ENCODING');
    expect(e.location).toEqual({ file: 'g.csv', line: 1 });
    expect(thrown(() => readCsv(gb, 'g.csv', 'latin9')).code).toBe('USAGE');
  });

  it('GB18030 encoding round-trips Chinese text (property)', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(fc.oneof(han, fc.constantFrom('a', '1', ',', '（', '）', '％', '—')), { maxLength: 40 }), (chars) => {
        const s = chars.join('');
        return new TextDecoder('gb18030').decode(encodeGb18030(s)) === s;
      }),
    );
  });
});

describe('delimiters and positions', () => {
  it('detects comma, semicolon and tab', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('"a,b";c;d\n"1,2";3;4\n')).toBe(';');
  });

  it('gives every cell its line and column, with CRLF and quoted newlines', () => {
    const text = 'city,year,rate_a\r\n"南宁\r\n市",2023,95\r\n\r\n柳州市,2023,"8""8"\r\n';
    const { grid } = readCsvText(text, 'x.csv');
    expect(grid.rows).toEqual([
      ['city', 'year', 'rate_a'],
      ['南宁\r\n市', '2023', '95'],
      ['柳州市', '2023', '8"8'],
    ]);
    expect(grid.locate(1, 0)).toEqual({ file: 'x.csv', line: 2, col: 1 });
    expect(grid.locate(1, 1)).toEqual({ file: 'x.csv', line: 3, col: 4 });
    expect(grid.locate(1, 2)).toEqual({ file: 'x.csv', line: 3, col: 9 });
    expect(grid.locate(2, 2)).toEqual({ file: 'x.csv', line: 5, col: 10 });
  });

  it('positions agree with the records for any table (property)', () => {
    const cell = fc.oneof(
      fc.constantFrom('', '南宁', 'a"b', 'x,y', 'l1\nl2', 'l1\r\nl2', '95%'),
      fc.string({ maxLength: 5 }).filter((s) => !/[\r\n",]/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const q = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
        const text = ['h1,h2,h3', ...rows.map((r) => r.map(q).join(','))].join(eol) + eol;
        const pos = scanPositions(text, ',');
        if (pos.count !== rows.length + 1) return false;
        // every cell's position points at its opening character in the text
        const lineStarts = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
        return rows.every((r, k) =>
          r.every((v, c) => {
            const i = pos.offsets[k + 1] + c;
            const at = lineStarts[pos.lines[i] - 1] + pos.cols[i] - 1;
            return text.slice(at).startsWith(q(v));
          }),
        );
      }),
    );
  });

  it('reads title rows above the header and a template comment line', async () => {
    const ds = await load({ 't.csv': '# cityscore-template system=returns-test version=1 year=2023 layout=wide\n2023年数据\ncity,rate_a\n南宁市,95\n' });
    expect(ds.units[0]).toMatchObject({ name: '南宁市', year: 2023 });
    expect(ds.inputs[0].template).toEqual({ system: 'returns-test', version: '1', year: 2023 });
    expect(ds.values.rate_a[0]).toBe(95);
  });
});

describe('bad CSV input is a located error (exit 2)', () => {
  it('an empty file', async () => {
    const e = await rejected(load({ 'e.csv': '' }));
    expect(e.code).toBe('EMPTY_FILE');
    expect(e.exitCode).toBe(2);
    expect((await rejected(load({ 'w.csv': ' \r\n\r\n' }))).code).toBe('EMPTY_FILE');
  });

  it('rows with inconsistent column counts, with the line', async () => {
    const e = await rejected(load({ 'r.csv': 'city,year,rate_a\r\n南宁市,2023,95\r\n柳州市,2023\r\n' }));
    expect(e.code).toBe('CSV_RAGGED');
    expect(e.location).toMatchObject({ line: 3 });
    expect(e.location?.file).toMatch(/r\.csv$/);
    // trailing empty cells are fine
    const ok = await load({ 'ok.csv': 'city,year,rate_a\n南宁市,2023,95,,\n' });
    expect(ok.values.rate_a[0]).toBe(95);
  });

  it('a quote that never closes', async () => {
    const e = await rejected(load({ 'q.csv': 'city,year,rate_a\n南宁市,2023,95\n"柳州市,2023,88\n' }));
    expect(e.code).toBe('CSV_MALFORMED');
    expect(e.location).toMatchObject({ line: 3 });
  });

  it('binary data', async () => {
    const e = await rejected(load({ 'b.csv': new Uint8Array([0x63, 0x69, 0x74, 0x79, 0x0a, 0x00, 0x01, 0x02]) }));
    expect(e.code).toBe('NOT_TEXT');
    expect((await rejected(load({ 'p.csv': utf8('%PDF-1.4\n...') }))).code).toBe('NOT_TEXT');
  });

  it('a header that matches no field, with a suggestion', async () => {
    const e = await rejected(load({ 'h.csv': 'foo,bar\n1,2\n' }));
    expect(e.code).toBe('NO_HEADER');
    expect(e.location).toMatchObject({ line: 1 });
    const e2 = await rejected(load({ 'h2.csv': 'city,一站式办里率\n南宁,95\n' }));
    expect(e2.hint).toContain('rate_a');
  });

  it('a missing file', async () => {
    const e = await rejected(loadReturns(await system(), ['/nonexistent/x.csv']));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.exitCode).toBe(2);
  });
});

describe('findings located at CSV cells', () => {
  it('reports line:column of bad values', async () => {
    const ds = await load({ 'v.csv': 'city,year,rate_a,items\r\n南宁市,2023,约90,1e400\r\n' });
    expect(codes(ds)).toEqual(['NOT_A_NUMBER@2:10', 'VALUE_TOO_LARGE@2:14']);
  });
});
