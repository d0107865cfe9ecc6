// What score, check and init do with inputs a user gets wrong: score reports check's data errors
// (so --strict fails on them), never writes over the indicator system, and init only takes an id
// that names a file inside its folder and reads back as the same string.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryIO } from '../../src/cli/io.js';
import { run as init } from '../../src/cli/commands/init.js';
import { run as validate } from '../../src/cli/commands/validate.js';
import { runCli } from '../helpers/cli.js';
import { tmpFiles } from '../helpers/tmp.js';

const MINI = `format: 1
id: mini
version: "1"
title: { zh: 迷你 }
source: { document: test fixture }
settings:
  tiers: [{ id: low, name: 低, min: 0 }, { id: high, name: 高, min: 90 }]
fields:
  - { id: a, name: 甲, type: percent }
  - { id: b, name: 乙, type: number, range: [0, 100] }
indicators:
  - { id: A, name: 甲项, points: 50, value: a, rule: { type: ratio } }
  - { id: B, name: 乙项, points: 50, value: b, rule: { type: ratio } }
`;
const RETURNS = 'city,year,a,b\n南宁市,2023,150,80\n柳州市,2023,90,-5\n桂林市,2023,70,60\n';

describe('score reports the data errors check reports', () => {
  it('a percentage above 100 and a value out of range: the same errors, and --strict exits 1', () => {
    const dir = tmpFiles({ 'mini.yaml': MINI, 'r.csv': RETURNS });
    const check = runCli(['check', 'mini.yaml', 'r.csv', '--json'], { cwd: dir });
    expect(check.status).toBe(1);
    const errorsOf = (fs: { severity: string; code: string; location: { line: number; col: number } }[]) =>
      fs.filter((f) => f.severity === 'error').map((f) => `${f.code}@${f.location.line}:${f.location.col}`);
    const checked = errorsOf(JSON.parse(check.stdout).findings);
    expect(checked).toEqual(['PERCENT_ABOVE_100@2:10', 'OUT_OF_RANGE@3:13']);

    const score = runCli(['score', 'mini.yaml', 'r.csv', '--json'], { cwd: dir });
    expect(score.status).toBe(0);
    expect(errorsOf(JSON.parse(score.stdout).findings)).toEqual(checked);
    const strict = runCli(['score', 'mini.yaml', 'r.csv', '--strict'], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout + strict.stderr).toContain('r.csv:2:10: error PERCENT_ABOVE_100');
  });
});

describe('score never writes over the indicator system', () => {
  it('-o naming the system, or the parent of an overlay, is refused with exit 2 and nothing written', () => {
    const overlay = 'format: 1\nid: ov\nversion: "1"\ntitle: { zh: 地方 }\nsource: { document: test }\nextends: { path: mini.yaml }\n';
    const dir = tmpFiles({ 'mini.yaml': MINI, 'ov.yaml': overlay, 'r.csv': RETURNS });
    for (const [system, target] of [
      ['mini.yaml', 'mini.yaml'],
      ['ov.yaml', 'mini.yaml'],
      ['ov.yaml', 'ov.yaml'],
    ]) {
      const r = runCli(['score', system, 'r.csv', '--json', '-o', target], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`refusing to write ${target}: it is one of the inputs`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(join(dir, 'mini.yaml'), 'utf8')).toBe(MINI);
    expect(readFileSync(join(dir, 'ov.yaml'), 'utf8')).toBe(overlay);
  });
});

describe('init --id', () => {
  it('refuses an id that is not a system id (a path, a space), writing nothing', async () => {
    const dir = tmpFiles({});
    for (const id of ['../../escape', 'bad id!', 'a/b']) {
      await expect(init(join(dir, 'r'), { extends: 'gbt-33356-2016-completed', id }, memoryIO())).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    }
    expect(existsSync(join(dir, 'r'))).toBe(false);
    expect(existsSync(join(dir, 'escape.yaml'))).toBe(false);
  });

  it('quotes an id YAML would read as a number or a boolean, so the overlay validates', async () => {
    const dir = tmpFiles({});
    for (const id of ['012', '1e3', 'yes']) {
      expect(await init(join(dir, 'r'), { extends: 'gbt-33356-2016-completed', id }, memoryIO())).toBe(0);
      const text = readFileSync(join(dir, 'r', `${id}.yaml`), 'utf8');
      expect(parse(text).id).toBe(id); // read back as the same string (012 and 1e3 quoted; yes is a string in YAML 1.2)
      expect(await validate([join(dir, 'r', `${id}.yaml`)], {}, memoryIO())).toBe(0);
    }
  });
});

describe('returns with nothing in them', () => {
  it('check of returns with no city-year (a header only, or --year of another year) is an error, exit 1', () => {
    const dir = tmpFiles({ 'mini.yaml': MINI, 'h.csv': 'city,year,a,b\n', 'r.csv': RETURNS });
    for (const args of [['h.csv'], ['r.csv', '--year', '2021']]) {
      const r = runCli(['check', 'mini.yaml', ...args], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/\w\.csv +error +NO_CITY_YEARS +the returns hold no city-year/);
    }
  });

  it('a correction with a blank value is an error and is not applied (the cell keeps its value)', () => {
    const dir = tmpFiles({
      'mini.yaml': MINI,
      'r.csv': RETURNS,
      'c.csv': 'city,year,field,value,reason,reviewer\n桂林市,2023,b,,复核,张三\n桂林市,2023,a,  ,复核,张三\n',
    });
    const r = runCli(['score', 'mini.yaml', 'r.csv', '--corrections', 'c.csv', '--json'], { cwd: dir });
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as {
      findings: { code: string; severity: string; location: { line: number; col: number } }[];
      cities: { name: string; inputs: (number | null)[] }[];
    };
    const blank = res.findings.filter((f) => f.code === 'CORRECTION_VALUE').map((f) => `${f.severity}@${f.location.line}:${f.location.col}`);
    expect(blank).toEqual(['error@2:12', 'error@3:12']);
    expect(res.cities.find((c) => c.name === '桂林市')!.inputs.filter((v) => v !== null)).toEqual([70, 60]);
  });
});
