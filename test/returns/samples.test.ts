import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, loadReturns, type Dataset } from '../../src/returns/index.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { tmpFiles } from '../helpers/tmp.js';
import { SAMPLES, cells, system } from './helpers.js';

const SYSTEMS = ['gbt-33356-2016-completed', 'guangxi-2023'] as const;
const p = (sys: string, f: string) => join(SAMPLES, sys, f);

function others(sys: string): string[] {
  const list = [`survey=${p(sys, 'survey-2022-2023.csv')}`, `central=${p(sys, 'central-2022-2023.csv')}`];
  if (sys === 'guangxi-2023') list.push(`region=${p(sys, 'region-2022-2023.csv')}`);
  return list;
}

const FORMS = {
  xlsx: (sys: string) => [p(sys, 'returns-2022.xlsx'), p(sys, 'returns-2023.xlsx')],
  gb18030: (sys: string) => [p(sys, 'returns-2022-2023.gb18030.csv')],
  long: (sys: string) => [p(sys, 'returns-long-2022-2023.csv')],
};

describe.each(SYSTEMS)('samples of %s', (id) => {
  const loaded = new Map<string, Promise<Dataset>>();
  const load = (form: keyof typeof FORMS) => {
    if (!loaded.has(form))
      loaded.set(
        form,
        system(id).then((s) => loadReturns(s, [...FORMS[form](id), ...others(id)], { corrections: p(id, 'corrections.csv') })),
      );
    return loaded.get(form)!;
  };

  it.each(Object.keys(FORMS) as (keyof typeof FORMS)[])('the %s form ingests with warnings only', async (form) => {
    const sys = await system(id);
    const ds = await load(form);
    expect(ds.units).toHaveLength(28);
    expect(new Set(ds.units.map((u) => u.year))).toEqual(new Set([2022, 2023]));
    expect(ds.units.every((u) => /^45\d{4}$/.test(u.code ?? ''))).toBe(true);
    expect(ds.fields).toHaveLength(sys.fields.length);
    const findings = checkDataset(sys, ds);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.map((f) => f.code)).toEqual(['MISSING_REQUIRED', 'MISSING_REQUIRED']);
    expect(ds.inputs.every((i) => /^sha256:[0-9a-f]{64}$/.test(i.hash))).toBe(true);
    expect(ds.units.some((u) => u.name.includes('='))).toBe(false);
  });

  it('the three forms give the identical dataset', async () => {
    const x = await load('xlsx');
    const g = await load('gb18030');
    const l = await load('long');
    expect(g.inputs[0].encoding).toBe('gb18030');
    expect(x.units.map((u) => u.key)).toEqual(g.units.map((u) => u.key));
    expect(l.units.map((u) => u.key)).toEqual(g.units.map((u) => u.key));
    expect(x.fields).toEqual(g.fields);
    expect(l.fields).toEqual(g.fields);
    expect(cells(x)).toEqual(cells(g));
    expect(cells(l)).toEqual(cells(g));
  });

  it('survey values come from the survey, with its precedence over a self-reported value', async () => {
    const sys = await system(id);
    const ds = await load('long');
    const i = ds.units.findIndex((u) => u.key === '450100@2023');
    expect(ds.provenance.citizen_survey_score.toArray().every((pr) => pr?.source === 'survey')).toBe(true);
    const surveyed = ds.values.citizen_survey_score[i];
    // a city that reports its own survey score: the survey still wins, and the conflict is named
    const dir = tmpFiles({ 'self.csv': `code,city,year,citizen_survey_score\n450100,南宁市,2023,99\n` });
    const both = await loadReturns(sys, [...FORMS.long(id), join(dir, 'self.csv'), ...others(id)]);
    expect(both.values.citizen_survey_score[i]).toBe(surveyed);
    const conflict = both.findings.find((f) => f.code === 'SOURCE_CONFLICT')!;
    expect(conflict.message).toMatch(
      new RegExp(`self gives 99 \\(.*self\\.csv:2:17\\), survey gives ${surveyed} \\(.*survey-2022-2023\\.csv:\\d+:\\d+\\); survey takes precedence`),
    );
  });

  it('corrections apply and stay traceable', async () => {
    const ds = await load('xlsx');
    expect(ds.corrections.length).toBeGreaterThanOrEqual(2);
    const c = ds.corrections[0];
    expect(c).toMatchObject({
      code: '450200',
      city: '柳州市',
      year: 2023,
      field: 'one_stop_rate',
      corrected: 91.2,
      reviewer: expect.stringContaining('复核组'),
    });
    expect(typeof c.original).toBe('number');
    expect(c.originalProvenance).toMatchObject({ sheet: '填报数据', source: 'self' });
    const i = ds.units.findIndex((u) => u.key === '450200@2023');
    expect(ds.values.one_stop_rate[i]).toBe(91.2);
    expect(ds.provenance.one_stop_rate.at(i)).toMatchObject({ line: 2, correction: 0 });
    expect(ds.provenance.one_stop_rate.at(i)?.file).toMatch(/corrections\.csv$/);
    expect(ds.inputs.at(-1)).toMatchObject({ kind: 'corrections' });
  });
});

describe('the messy sample', () => {
  it('check lists each planted problem at its cell, and nothing else', async () => {
    const expected = JSON.parse(readFileSync(join(SAMPLES, 'messy', 'expected-findings.json'), 'utf8')) as { code: string; severity: string; cell: string }[];
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const sys = await system('gbt-33356-2016-completed');
    const ds = await loadReturns(sys, [join(SAMPLES, 'messy', 'messy-returns-2023.xlsx')]);
    const found = checkDataset(sys, ds).map((f) => ({ code: f.code, severity: f.severity, cell: f.location?.cell, sheet: f.location?.sheet }));
    expect(found).toEqual(expected.map((e) => ({ code: e.code, severity: e.severity, cell: e.cell, sheet: '2023年数据' })));
  });
});

describe('make-samples', () => {
  it('the committed samples are what the script writes', () => {
    const tsx = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, 'scripts/make-samples.ts', '--check'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
