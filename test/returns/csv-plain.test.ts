/**
 * The quote-free fast path of the CSV reader (splitPlain) must read exactly what csv-parse and the
 * position scanner read: the same records, and every cell at the same line and column.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { scanPositions, splitPlain } from '../../src/returns/csv.js';

function viaCsvParse(text: string, delimiter: string) {
  const records = parse(text, { delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  const p = scanPositions(text, delimiter);
  return { records, offsets: Array.from(p.offsets), lines: Array.from(p.lines), cols: Array.from(p.cols) };
}

function viaPlain(text: string, delimiter: string) {
  const p = splitPlain(text, delimiter);
  return { records: p.records, offsets: Array.from(p.offsets), lines: Array.from(p.lines), cols: Array.from(p.cols) };
}

describe('splitPlain (CSV without quotes)', () => {
  it('reads a small file with CRLF, blank lines and a trailing delimiter', () => {
    const text = '城市,年份,x\r\n南宁市,2023,1\r\n\r\n柳州市,2023,\n桂林市,,3,\r';
    const p = viaPlain(text, ',');
    expect(p.records).toEqual([
      ['城市', '年份', 'x'],
      ['南宁市', '2023', '1'],
      ['柳州市', '2023', ''],
      ['桂林市', '', '3', ''],
    ]);
    // 桂林市's "3" is on line 5, column 6 (1-based, in UTF-16 code units as the scanner counts).
    expect(p.lines[p.offsets[3] + 2]).toBe(5);
    expect(p.cols[p.offsets[3] + 2]).toBe(6);
    expect(p).toEqual(viaCsvParse(text, ','));
  });

  it('agrees with csv-parse and scanPositions on any quote-free text', () => {
    const ch = fc.constantFrom('a', '1', ' ', '中', ',', ';', '\t', '\n', '\r', '\r\n', '.', '%');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 60 }), fc.constantFrom(',', ';', '\t'), (chars, d) => {
        const text = chars.join('');
        expect(viaPlain(text, d)).toEqual(viaCsvParse(text, d));
      }),
      { numRuns: 2000 },
    );
  });
});
