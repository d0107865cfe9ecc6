import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { inflateEntry, readZipDirectory } from '../../src/returns/zip.js';
import { runCli } from '../helpers/cli.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

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
