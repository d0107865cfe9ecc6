// Deterministic output: rendering twice gives byte-identical Markdown, HTML, JSON, CSV and SVG, and
// identical parts inside the workbooks (in fact identical workbook bytes); dates come from the
// results (SOURCE_DATE_EPOCH) or a fixed epoch.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../../src/engine/results.js';
import { writeReports } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { listFiles, sampleRun, tmp, zipEntries, type SampleRun } from './helpers.js';

let run: SampleRun;
beforeAll(() => {
  run = sampleRun();
});

/** Cells of the sample returns named in a workbook (as `returns-2022-2023.gb18030.csv:line:col`). */
function cellRefs(xlsx: string): number {
  return (zipEntries(xlsx).get('xl/sharedStrings.xml')!.match(/>returns-2022-2023\.gb18030\.csv:\d+:\d+</g) ?? []).length;
}

async function render(r: Results, lang: 'zh-CN' | 'en'): Promise<string> {
  const out = tmp();
  await writeReports(r, { out, formats: ['xlsx', 'md', 'html', 'json'], perCity: true, lang });
  return out;
}

describe('determinism', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`two renderings are identical (${lang})`, async () => {
      const a = await render(run.results, lang);
      const b = await render(run.results, lang);
      const files = listFiles(a);
      expect(listFiles(b)).toEqual(files);
      expect(files.filter((f) => /\.(md|html|json|csv|svg|xlsx)$/.test(f)).length).toBe(files.length);
      for (const f of files) {
        if (f.endsWith('.xlsx')) {
          const za = zipEntries(join(a, f));
          const zb = zipEntries(join(b, f));
          expect([...zb.keys()]).toEqual([...za.keys()]);
          for (const [name, xml] of za) expect(zb.get(name), `${f} ${name}`).toBe(xml);
        }
        expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
      }
    });
  }

  it('the workbook date is the results date (SOURCE_DATE_EPOCH), else a fixed epoch', async () => {
    const plain = zipEntries(join(await render(run.results, 'zh-CN'), 'report.xlsx')).get('docProps/core.xml')!;
    expect(plain).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>');
    const dated = { ...run.results, generatedAt: '2024-03-01T00:00:00.000Z' };
    const out = await render(dated, 'zh-CN');
    expect(zipEntries(join(out, 'report.xlsx')).get('docProps/core.xml')).toContain('2024-03-01T00:00:00Z');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('2024-03-01T00:00:00.000Z');
  });

  it('cityscore report: the same results give the same files from run to run, with SOURCE_DATE_EPOCH as the date', () => {
    const a = tmp();
    const b = tmp();
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(runCli(['report', run.file, '--out', a], { env }).status).toBe(0);
    expect(runCli(['report', run.file, '--out', b], { env }).status).toBe(0);
    for (const f of listFiles(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(readFileSync(join(a, 'report.md'), 'utf8')).toContain('2023-11-14T22:13:20.000Z');
  });

  it('cityscore report renders what score --out wrote, raw values and their cells included, from the recorded inputs', () => {
    const a = tmp();
    const b = tmp();
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const score = ['score', 'gbt-33356-2016-completed', 'returns-2022-2023.gb18030.csv', 'survey=survey-2022-2023.csv', 'central=central-2022-2023.csv'];
    const opts = ['--year', '2023', '--corrections', 'corrections.csv', '--baseline', 'r2022.json', '--per-city'];
    expect(runCli([...score, ...opts, '--json', '-o', 'again.json', '--out', a], { cwd: run.dir, env }).status).toBe(0);
    const r = runCli(['report', join(run.dir, 'again.json'), '--out', b, '--per-city'], { env });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('note:');
    const files = listFiles(a);
    expect(listFiles(b)).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    // The item details name the cells of the raw values, by the paths the results record.
    expect(cellRefs(join(b, 'report.xlsx'))).toBeGreaterThan(100);
  });

  it('cityscore report without the recorded inputs: the reports, less the raw cells, and a note saying why', () => {
    const alone = tmp();
    copyFileSync(run.file, join(alone, 'r2023.json'));
    const out = tmp();
    const r = runCli(['report', join(alone, 'r2023.json'), '--out', out, '--format', 'xlsx']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: raw values and their cells are left out of the item details: .*returns-2022-2023\.gb18030\.csv.*not found.*--inputs-dir/);
    expect(cellRefs(join(out, 'report.xlsx'))).toBeLessThan(5);
    const withDir = tmp();
    const again = runCli(['report', join(alone, 'r2023.json'), '--out', withDir, '--format', 'xlsx', '--inputs-dir', run.dir]);
    expect(again.stderr).not.toContain('note:');
    expect(cellRefs(join(withDir, 'report.xlsx'))).toBeGreaterThan(100);
  });

  it('cityscore report uses the copy of an input whose hash the results record, wherever it is run from', () => {
    // A different file of the same name in the working folder: the copy beside the results is used.
    const elsewhere = tmp();
    writeFileSync(join(elsewhere, 'returns-2022-2023.gb18030.csv'), 'city,year\n别处,2023\n');
    const out = tmp();
    const r = runCli(['report', run.file, '--out', out, '--format', 'xlsx'], { cwd: elsewhere });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('note:');
    expect(cellRefs(join(out, 'report.xlsx'))).toBeGreaterThan(100);
  });

  it('a folder where an input was recorded is not that input: the reports, less the raw cells, and a note', () => {
    const alone = tmp();
    const results = JSON.parse(readFileSync(run.file, 'utf8'));
    results.inputs[0].path = 'a-folder';
    mkdirSync(join(alone, 'a-folder'));
    writeFileSync(join(alone, 'r.json'), JSON.stringify(results));
    const out = tmp();
    const r = runCli(['report', join(alone, 'r.json'), '--out', out, '--format', 'md'], { cwd: alone });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: raw values and their cells are left out of the item details: a-folder: input a-folder \(recorded in the results\) not found/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
