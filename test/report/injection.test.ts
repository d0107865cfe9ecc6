// A city named =HYPERLINK("http://x","y") (and one with markup) is inert in every format: a string
// cell with Excel's quote prefix in the workbook (never a formula), quoted in the CSV, escaped in
// Markdown, HTML and SVG.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Results } from '../../src/engine/results.js';
import { writeReports } from '../../src/report/index.js';
import { listFiles, renameCity, sampleRun, tmp, zipEntries } from './helpers.js';

const EVIL = '=HYPERLINK("http://x","y")';
const MARKUP = '<img src=x onerror=alert(1)>[a](http://x)';

let results: Results;
let out: string;
beforeAll(async () => {
  const run = sampleRun();
  results = renameCity(renameCity(run.results, 0, EVIL), 1, MARKUP);
  out = tmp();
  await writeReports(results, { out, formats: ['xlsx', 'md', 'html', 'json'], perCity: true });
});

describe('formula and markup injection', () => {
  it('xlsx: a shared-string cell with a quote prefix, no formula anywhere', async () => {
    const parts = zipEntries(join(out, 'report.xlsx'));
    const sheets = [...parts].filter(([n]) => n.startsWith('xl/worksheets/sheet'));
    expect(sheets.length).toBe(9);
    for (const [, xml] of sheets) expect(xml).not.toMatch(/<f[ >]/);
    const ss = parts.get('xl/sharedStrings.xml')!;
    const items = [...ss.matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1]);
    const index = items.findIndex((t) => t.includes('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)') || t.includes('=HYPERLINK("http://x","y")'));
    expect(index).toBeGreaterThanOrEqual(0);
    const overview = parts.get('xl/worksheets/sheet1.xml')!;
    const cell = new RegExp(`<c r="B\\d+" s="(\\d+)" t="s"><v>${index}</v></c>`).exec(overview);
    expect(cell).not.toBeNull();
    const xfs = [...parts.get('xl/styles.xml')!.matchAll(/<cellXfs[^>]*>(.*?)<\/cellXfs>/gs)][0][1].match(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/gs)!;
    expect(xfs[Number(cell![1])]).toContain('quotePrefix="1"');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'report.xlsx'));
    let seen = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) throw new Error(`formula cell in ${ws.name}!${c.address}`);
          if (c.value === EVIL) {
            seen++;
            expect(c.type).toBe(ExcelJS.ValueType.String);
          }
        }),
      );
    }
    expect(seen).toBeGreaterThan(3);
    // The city's own workbook too.
    const own = listFiles(join(out, 'cities')).find((f) => f.includes('HYPERLINK') && f.endsWith('.xlsx'))!;
    for (const [n, xml] of zipEntries(join(out, 'cities', own))) if (n.startsWith('xl/worksheets/')) expect(xml).not.toMatch(/<f[ >]/);
  });

  it('CSV: the name is quoted and prefixed with an apostrophe', () => {
    const csv = readFileSync(join(out, 'ranking.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('Markdown: escaped, no link or HTML made from data', () => {
    for (const f of [
      'report.md',
      ...listFiles(join(out, 'cities'))
        .filter((x) => x.endsWith('.md'))
        .map((x) => join('cities', x)),
    ]) {
      const md = readFileSync(join(out, f), 'utf8');
      expect(md).not.toContain('<img');
      expect(md).not.toContain('](http://x)');
      expect(md).not.toContain('http://x');
      if (f === 'report.md') {
        expect(md).toContain('=HYPERLINK\\("http\\://x","y"\\)');
        expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;\\[a\\]\\(http\\://x\\)');
      }
    }
  });

  it('HTML and SVG: escaped text, no element or link made from data', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="http://x"');
    for (const f of listFiles(join(out, 'charts'))) {
      const svg = readFileSync(join(out, 'charts', f), 'utf8');
      expect(svg).not.toContain('<img');
      expect(svg).not.toMatch(/="?http:\/\/x/);
    }
  });
});
