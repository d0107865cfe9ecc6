import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateEntry, readZipDirectory } from '../../src/returns/zip.js';
import { runCli } from '../helpers/cli.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { kendallTauB, spearmanRho } from '../../src/analysis/stats/rank.js';

const RETURNS = 'samples/gbt-33356-2016-completed/returns-2022-2023.gb18030.csv';
const SURVEY = 'survey=samples/gbt-33356-2016-completed/survey-2022-2023.csv';

describe('cityscore diff (end to end)', () => {
  it('exit codes follow --fail-on', () => {
    const dir = tmpFiles({ 'old.yaml': BASE_SYSTEM, 'new.yaml': BASE_SYSTEM.replace('name: 城市管理', 'name: 城市治理'), 'w.yaml': BASE_SYSTEM.replace('share: 0.3', 'share: 0.4').replace('share: 0.7', 'share: 0.6') });
    expect(runCli(['diff', 'old.yaml', 'new.yaml'], { cwd: dir }).status).toBe(0);
    expect(runCli(['diff', 'old.yaml', 'new.yaml', '--fail-on', 'any'], { cwd: dir }).status).toBe(1);
    expect(runCli(['diff', 'old.yaml', 'new.yaml', '--fail-on', 'scoring'], { cwd: dir }).status).toBe(0);
    expect(runCli(['diff', 'old.yaml', 'w.yaml', '--fail-on', 'scoring'], { cwd: dir }).status).toBe(1);
    expect(runCli(['diff', 'old.yaml', 'w.yaml', '--fail-on', 'breaking'], { cwd: dir }).status).toBe(0);
    expect(runCli(['diff', 'old.yaml', 'missing.yaml'], { cwd: dir }).status).toBe(2);
  });

  it('2016 → 2018 text output lists the classified changes', () => {
    const r = runCli(['diff', 'gbt-33356-2016', 'ndrc-2018']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('node-renamed  L8 renamed 市民体验 → 市民评价');
    expect(r.stdout).toContain('weight-changed  L8 市民评价: weight 20 pt → 40 pt; share of total 20% → 40%');
    expect(r.stdout).toMatch(/kind-changed {2}L6: standard → deduction/);
    for (const id of ['L1P10 智慧农业', 'L1P11 智慧社区', 'L2P3 社会信用']) expect(r.stdout).toContain(`node-added  ${id} added`);
  });

  it('impact: every city’s Shapley parts add up to its change; rho and tau reported', () => {
    const r = runCli(['diff', 'gbt-33356-2016-completed', 'ndrc-2018-completed', '--returns', RETURNS, '--returns', SURVEY, '--format', 'json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.impact.cities.length).toBe(28);
    expect(j.impact.attribution.exact).toBe(true);
    expect(j.impact.attribution.groups.length).toBeGreaterThan(2);
    expect(j.impact.attribution.groups.length).toBeLessThanOrEqual(10);
    for (const c of j.impact.cities) {
      const sum = c.shapley.reduce((a: number, b: number) => a + b, 0);
      expect(Math.abs(sum - c.change)).toBeLessThan(1e-9);
      expect(c.change).toBeCloseTo(c.new.total - c.old.total, 12);
    }
    expect(j.impact.spearman).toBeGreaterThan(-1);
    expect(j.impact.spearman).toBeLessThanOrEqual(1);
    expect(typeof j.impact.kendall).toBe('number');
  });

  it('the overlay on its own four sample sources: a source only the new version has feeds only it; rank correlations year by year', () => {
    const G = 'samples/guangxi-2023';
    const args = ['diff', 'gbt-33356-2016-completed', 'guangxi-2023', '--returns', `${G}/returns-2022-2023.gb18030.csv`, '--returns', `survey=${G}/survey-2022-2023.csv`];
    const more = ['--returns', `central=${G}/central-2022-2023.csv`, '--returns', `region=${G}/region-2022-2023.csv`, '--no-attribution', '--format', 'json'];
    const r = runCli([...args, ...more]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: region=.*"region" is not a data source of gbt-33356-2016-completed 2016; that version is scored without it/);
    const im = JSON.parse(r.stdout).impact;
    expect(im.notes[0]).toMatch(/"region" is not a data source/);
    expect(im.byYear.map((y: { year: string; cities: number }) => [y.year, y.cities])).toEqual([['2022', 14], ['2023', 14]]);
    // Ranks are within a year: each year's correlations from that year's cities alone.
    for (const y of im.byYear) {
      const cs = im.cities.filter((c: { key: string }) => c.key.endsWith(`@${y.year}`));
      const o = cs.map((c: { old: { rank: number } }) => c.old.rank);
      const n = cs.map((c: { new: { rank: number } }) => c.new.rank);
      expect(y.spearman).toBe(spearmanRho(o, n));
      expect(y.kendall).toBe(kendallTauB(o, n));
    }
    expect(im.spearman).toBe(im.byYear[1].spearman);
    const pooled = spearmanRho(im.cities.map((c: { old: { rank: number } }) => c.old.rank), im.cities.map((c: { new: { rank: number } }) => c.new.rank));
    expect(im.spearman).not.toBe(pooled);
    // --year keeps one year; the text output lists the years when there are several.
    const one = JSON.parse(runCli([...args, ...more, '--year', '2023']).stdout).impact;
    expect(one.byYear).toHaveLength(1);
    expect(one.spearman).toBe(im.byYear[1].spearman);
    const text = runCli([...args, ...more.slice(0, -2)]).stdout;
    expect(text).toMatch(/2022: Spearman's rho \d\.\d{4}, Kendall's tau-b \d\.\d{4} \(14 cities\)/);
  });

  it('a source neither version declares is a usage error with a did-you-mean; no city-year for --year is exit 2', () => {
    const G = 'samples/guangxi-2023';
    const typo = runCli(['diff', 'gbt-33356-2016-completed', 'guangxi-2023', '--returns', `${G}/returns-2022-2023.gb18030.csv`, '--returns', `survy=${G}/survey-2022-2023.csv`]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/"survy" is not a data source of guangxi-2023/);
    expect(typo.stderr).toMatch(/did you mean survey\?/);
    const none = runCli(['diff', 'gbt-33356-2016-completed', 'guangxi-2023', '--returns', `${G}/returns-2022-2023.gb18030.csv`, '--year', '2030']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/the returns hold no city-year to score for 2030/);
  });

  it('xlsx: a year with one city has no rank correlation, written as an empty cell (never NaN)', () => {
    const dir = tmpFiles({});
    const long = readFileSync(join(PROJECT_ROOT, 'samples/gbt-33356-2016-completed/returns-long-2022-2023.csv'), 'utf8').split(/\r?\n/);
    const one = [long[0], ...long.slice(1).filter((l) => l.includes('南宁') && l.includes('2023'))].join('\n');
    const csv = join(dir, 'one.csv');
    writeFileSync(csv, `${one}\n`);
    const out = join(dir, 'one.xlsx');
    const r = runCli(['diff', 'gbt-33356-2016-completed', 'ndrc-2018-completed', '--returns', csv, '--no-attribution', '--format', 'xlsx', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const buf = readFileSync(out);
    const sheets = readZipDirectory(buf).filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
    expect(sheets.length).toBe(2);
    for (const e of sheets) expect(inflateEntry(buf, e).toString('utf8')).not.toContain('NaN');
  });

  it('fields of the new version that the returns lack are named, not silently scored', () => {
    const r = runCli(['diff', 'gbt-33356-2016-completed', 'ndrc-2018-completed', '--returns', RETURNS, '--returns', SURVEY, '--no-attribution', '--format', 'md']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/> note: \d+ field\(s\) of the new version are not in the returns, so its indicators on them score as missing/);
  });

  it('more attribution groups than coalitions can hold: a usage error with a way out (exit 2), no internal error', () => {
    const r = runCli(['diff', 'gbt-33356-2016-completed', 'ndrc-2018-completed', '--returns', RETURNS, '--groups', 'change']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/too many attribution groups \(\d+\); at most 30/);
    expect(r.stderr).toMatch(/--no-attribution/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('json, md and xlsx outputs are deterministic', () => {
    const a = runCli(['diff', 'gbt-33356-2016', 'ndrc-2018', '--format', 'md']);
    const b = runCli(['diff', 'gbt-33356-2016', 'ndrc-2018', '--format', 'md']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^\| class \| check \| change \| old \| new \| fingerprint \|$/m);
    const dir = tmpFiles({});
    expect(runCli(['diff', 'gbt-33356-2016', 'ndrc-2018', '--format', 'xlsx', '-o', join(dir, 'd1.xlsx')]).status).toBe(0);
    expect(readFileSync(join(dir, 'd1.xlsx')).subarray(0, 2).toString()).toBe('PK');
    // Byte-identical from run to run (zip entry times included), two seconds later too.
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(sleep, 0, 0, 2100); // zip times have a 2-second resolution
    expect(runCli(['diff', 'gbt-33356-2016', 'ndrc-2018', '--format', 'xlsx', '-o', join(dir, 'd1b.xlsx')]).status).toBe(0);
    expect(readFileSync(join(dir, 'd1b.xlsx')).equals(readFileSync(join(dir, 'd1.xlsx')))).toBe(true);
    expect(runCli(['diff', 'gbt-33356-2016-completed', 'ndrc-2018-completed', '--returns', RETURNS, '--format', 'xlsx', '-o', join(dir, 'd2.xlsx')]).status).toBe(0);
    expect(xlsxSheetNames(join(dir, 'd2.xlsx'))).toEqual(['changes', 'impact']);
    expect(runCli(['diff', 'gbt-33356-2016', 'ndrc-2018', '--format', 'xlsx']).status).toBe(2);
  });
});

describe('diff JSON schema', () => {
  it('the JSON output validates against schema/diff.schema.json', async () => {
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schema', 'diff.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const r = runCli(['diff', 'gbt-33356-2016-completed', 'guangxi-2023', '--returns', RETURNS, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    const ok = validate(j);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate({ ...j, schemaVersion: 2 })).toBe(false);
  });
});

/** Sheet names from xl/workbook.xml, through the returns stage's zip reader. */
function xlsxSheetNames(file: string): string[] {
  const buf = readFileSync(file);
  const entry = readZipDirectory(buf).find((e) => e.name === 'xl/workbook.xml');
  if (!entry) return [];
  const xml = inflateEntry(buf, entry).toString();
  return [...xml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
}
