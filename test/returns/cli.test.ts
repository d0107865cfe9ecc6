import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as check } from '../../src/cli/commands/check.js';
import { run as template } from '../../src/cli/commands/template.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../helpers/cli.js';
import { tmpFiles } from '../helpers/tmp.js';
import { SAMPLES } from './helpers.js';

const NATIONAL = 'gbt-33356-2016-completed';
const MESSY = join(SAMPLES, 'messy', 'messy-returns-2023.xlsx');
const S = (f: string) => join(SAMPLES, NATIONAL, f);

describe('check (run)', () => {
  it('prints a table of located findings and exits 1 when one is an error', async () => {
    const io = memoryIO();
    expect(await check(NATIONAL, [MESSY], { format: 'text' }, io)).toBe(1);
    const out = io.stdout.join('');
    expect(out).toMatch(/^gbt-33356-2016-completed 2016: 1 file, 6 city-years \(2023\), 36 fields: 7 errors, 3 warnings/);
    expect(out).toMatch(/location\s+level\s+code\s+finding/);
    expect(out).toContain('messy-returns-2023.xlsx 2023年数据!B10  error    DUPLICATE_ROW');
    // The did-you-mean hints are in the table, not only in --json.
    expect(out).toMatch(/did you mean one_stop_rate/);
    expect(out).toMatch(/did you mean 南宁市, 桂林市 or 玉林市\?/);
    expect(io.stderr).toEqual([]);
  });

  it('exits 0 with warnings only', async () => {
    const io = memoryIO();
    const code = await check(NATIONAL, [S('returns-long-2022-2023.csv'), `survey=${S('survey-2022-2023.csv')}`], { corrections: S('corrections.csv') }, io);
    expect(code).toBe(0);
    expect(io.stdout.join('')).toContain('0 errors, 2 warnings, 2 corrections applied');
  });

  it('--json and --format md', async () => {
    const io = memoryIO();
    expect(await check(NATIONAL, [MESSY], { json: true }, io)).toBe(1);
    const j = JSON.parse(io.stdout.join(''));
    expect(j.system).toMatchObject({ id: NATIONAL, version: '2016' });
    expect(j.summary).toMatchObject({ errors: 7, warnings: 3, units: 6 });
    expect(j.findings[0]).toMatchObject({
      severity: 'warning',
      code: 'UNKNOWN_COLUMN',
      location: { sheet: '2023年数据', cell: 'G4' },
      hint: expect.stringContaining('one_stop_rate'),
    });
    expect(j.inputs[0]).toMatchObject({ kind: 'xlsx', hash: expect.stringMatching(/^sha256:/) });
    const md = memoryIO();
    await check(NATIONAL, [MESSY], { format: 'md' }, md);
    const text = md.stdout.join('');
    expect(text).toContain('# Data check: gbt-33356-2016-completed 2016');
    expect(text).toContain('| Location | Level | Code | Finding | Hint |');
    expect(text).toMatch(/\| .*2023年数据!C12 \| error \| YEAR_INVALID \|/);
  });

  it('--source: one for all files, or one per file', async () => {
    const io = memoryIO();
    await check(NATIONAL, [S('returns-long-2022-2023.csv'), S('survey-2022-2023.csv')], { source: ['self', 'survey'], json: true }, io);
    expect(JSON.parse(io.stdout.join('')).inputs.map((i: { source: string }) => i.source)).toEqual(['self', 'survey']);
    await expect(check(NATIONAL, [S('returns-long-2022-2023.csv')], { source: ['self', 'survey'] }, memoryIO())).rejects.toMatchObject({
      code: 'USAGE',
      exitCode: 2,
    });
  });

  it('unreadable input is an error with exit code 2', async () => {
    const dir = tmpFiles({ 'bad.xlsx': 'not a workbook' });
    await expect(check(NATIONAL, [join(dir, 'bad.xlsx')], {}, memoryIO())).rejects.toMatchObject({
      code: 'XLSX_CORRUPT',
      exitCode: 2,
      location: { file: join(dir, 'bad.xlsx') },
    });
  });
});

describe('template (run)', () => {
  it('writes the workbook atomically and says so', async () => {
    const dir = tmpFiles({});
    const io = memoryIO();
    const out = join(dir, 'returns-template.xlsx');
    expect(await template(NATIONAL, { output: out, year: 2024, layout: 'wide' }, io)).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(io.stdout.join('')).toBe(`wrote ${out} (gbt-33356-2016-completed 2016, 37 fields, year 2024)\n`);
    expect(readdirSync(dir)).toEqual(['returns-template.xlsx']);
  });

  it('one pre-filled workbook per city, with last year for reference', async () => {
    const dir = tmpFiles({});
    const io = memoryIO();
    const code = await template(NATIONAL, { output: join(dir, 't.xlsx'), year: 2024, city: ['南宁', '450200'], prefill: [S('returns-2023.xlsx')] }, io);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['t-450100-南宁市-2024.xlsx', 't-450200-柳州市-2024.xlsx']);
    const folder = join(dir, 'forms') + '/';
    await template(NATIONAL, { output: folder, year: 2024, city: ['桂林市'], format: 'csv' }, memoryIO());
    expect(readdirSync(folder)).toEqual(['450300-桂林市-2024-returns.csv']);
    const csv = readFileSync(join(folder, '450300-桂林市-2024-returns.csv'), 'utf8');
    expect(csv.startsWith('\ufeff# cityscore-template system=gbt-33356-2016-completed')).toBe(true);
    expect(csv).toContain('450300,桂林市,2024,');
  });

  it('refuses bad options and writes nothing', async () => {
    const dir = tmpFiles({});
    await expect(template(NATIONAL, { output: join(dir, 'a.xlsx'), city: ['123'] }, memoryIO())).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    await expect(template(NATIONAL, { output: join(dir, 'a.txt') }, memoryIO())).rejects.toMatchObject({ code: 'USAGE' });
    const prev = join(dir, 'prev.csv');
    writeFileSync(prev, 'code,city,year,one_stop_rate\n450100,南宁市,2023,95\n');
    await expect(template(NATIONAL, { output: prev, format: 'csv', prefill: [prev] }, memoryIO())).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
    expect(readdirSync(dir)).toEqual(['prev.csv']);
    expect(readFileSync(prev, 'utf8')).toBe('code,city,year,one_stop_rate\n450100,南宁市,2023,95\n');
  });
});

describe('end to end (bin/cityscore)', () => {
  it('template, fill, check', () => {
    const dir = tmpFiles({});
    const t = runCli(['template', NATIONAL, '-o', join(dir, 'form.csv'), '--year', '2024', '--city', '南宁']);
    expect(t.status).toBe(0);
    const file = join(dir, 'form-450100-南宁市-2024.csv');
    expect(existsSync(file)).toBe(true);
    const c = runCli(['check', NATIONAL, file]);
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('MISSING_REQUIRED');
    expect(c.stdout).toContain(`${file}:6:`);
  });

  it('check on the messy sample: exit 1, every planted cell', () => {
    const r = runCli(['check', NATIONAL, MESSY, '--json']);
    expect(r.status).toBe(1);
    const cellsFound = JSON.parse(r.stdout).findings.map((f: { location: { cell: string } }) => f.location.cell);
    const expected = JSON.parse(readFileSync(join(SAMPLES, 'messy', 'expected-findings.json'), 'utf8')).map((f: { cell: string }) => f.cell);
    expect(cellsFound).toEqual(expected);
  });

  it('bad input: exit 2 and a message naming the file', () => {
    const dir = tmpFiles({ 'old.xls': Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) });
    const r = runCli(['check', NATIONAL, join(dir, 'old.xls')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'old.xls')}: a legacy Excel workbook (.xls) cannot be read; convert it to .xlsx first`);
    expect(r.stderr).toContain(`hint: libreoffice --headless --convert-to xlsx ${join(dir, 'old.xls')}`);
    expect(r.stdout).toBe('');
  });
});
