// cityscore verify and cityscore report, end to end with the built binary.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../../src/engine/results.js';
import { compareResults } from '../../src/report/verify.js';
import { runCli } from '../helpers/cli.js';
import { copySamples, listFiles, sampleRun, tmp, type SampleRun } from './helpers.js';
import { toSchemaV1 } from '../helpers/results-v1.js';

let run: SampleRun;
beforeAll(() => {
  run = sampleRun();
});

describe('cityscore verify', () => {
  it('passes on fresh results (exit 0), from the folder they were made in', () => {
    const r = runCli(['verify', 'r2023.json'], { cwd: run.dir });
    expect(r.stderr).not.toContain("the baseline's hash is not recorded");
    expect(r.stdout).toMatch(/^verified: every value of r2023\.json matches a fresh evaluation \(\d+ numbers compared exactly/);
    expect(r.status).toBe(0);
  });

  it('passes on results written under schemaVersion 1, with a note; report renders them', () => {
    const dir = tmp();
    const v1 = join(dir, 'r2023-v1.json');
    writeFileSync(v1, `${JSON.stringify(toSchemaV1(JSON.parse(readFileSync(run.file, 'utf8')) as Results))}\n`);
    const r = runCli(['verify', v1, '--inputs-dir', run.dir], { cwd: dir });
    expect(r.stdout).toMatch(/^verified: every value of .*r2023-v1\.json matches a fresh evaluation/);
    expect(r.stdout + r.stderr).toContain('recorded under results schemaVersion 1');
    expect(r.status).toBe(0);
    const rep = runCli(['report', v1, '--out', join(dir, 'out'), '--format', 'md', '--inputs-dir', run.dir], { cwd: dir });
    expect(rep.status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toContain('南宁市');
  });

  it('passes from elsewhere with --inputs-dir, and beside the results', () => {
    const r = runCli(['verify', run.file, '--inputs-dir', run.dir], { cwd: tmp() });
    expect(r.status).toBe(0);
    const s = runCli(['verify', run.base], { cwd: tmp() });
    expect(s.status).toBe(0);
  });

  it('fails (exit 1) after one number in an input changes, listing the first differences', () => {
    const dir = copySamples(tmp());
    writeFileSync(join(dir, 'r2022.json'), readFileSync(run.base));
    const survey = join(dir, 'survey-2022-2023.csv');
    const text = readFileSync(survey, 'utf8');
    const lines = text.split('\n');
    const k = lines.findIndex((l) => l.includes('南宁') && l.includes('2023'));
    expect(k).toBeGreaterThan(0);
    const cells = lines[k].split(',');
    cells[2] = (Number(cells[2]) - 10).toFixed(1);
    const changed = cells.join(',');
    expect(changed).not.toBe(lines[k]);
    lines[k] = changed;
    writeFileSync(survey, lines.join('\n'));
    const r = runCli(['verify', run.file, '--inputs-dir', dir], { cwd: tmp() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^verify failed: \d+ differences between /);
    expect(r.stdout).toContain('inputs[1].hash (survey-2022-2023.csv): recorded "sha256:');
    expect(r.stdout).toMatch(/cities\[450100@2023\]\.values\[L8P1\]: recorded [\d.]+, recomputed [\d.]+/);
    expect(r.stdout).toMatch(/cities\[450100@2023\]\.total: recorded [\d.]+, recomputed [\d.]+/);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  ')).length).toBeLessThanOrEqual(21);
  });

  it('a baseline that changed since is a difference (its hash is recorded)', () => {
    const dir = copySamples(tmp());
    const base = JSON.parse(readFileSync(run.base, 'utf8')) as Results;
    writeFileSync(join(dir, 'r2022.json'), `${JSON.stringify(base, null, 1)}\n`);
    const r = runCli(['verify', run.file, '--inputs-dir', dir], { cwd: tmp() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/options\.baselineHash \(.*r2022\.json\): recorded "sha256:/);
  });

  it('a system hash that differs is a difference', () => {
    const r = JSON.parse(readFileSync(run.file, 'utf8')) as Results;
    r.system.hash = 'sha256:0000';
    const dir = tmp();
    writeFileSync(join(dir, 'r.json'), JSON.stringify(r));
    const v = runCli(['verify', join(dir, 'r.json'), '--inputs-dir', run.dir]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain('system.hash: recorded "sha256:0000", recomputed "sha256:');
  });

  it('a changed recorded number is found (exact comparison at full precision)', () => {
    const r = JSON.parse(readFileSync(run.file, 'utf8')) as Results;
    const t = r.cities[3].total!;
    r.cities[3].total = t + 1e-12;
    const dir = tmp();
    writeFileSync(join(dir, 'r.json'), JSON.stringify(r, null, 2));
    const v = runCli(['verify', join(dir, 'r.json'), '--inputs-dir', run.dir]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`cities[${r.cities[3].key}].total: recorded ${t + 1e-12}, recomputed ${t}`);
  });

  it('cannot verify without the inputs (exit 2, naming the file)', () => {
    const dir = copySamples(tmp());
    writeFileSync(join(dir, 'r2023.json'), readFileSync(run.file));
    writeFileSync(join(dir, 'r2022.json'), readFileSync(run.base));
    renameSync(join(dir, 'central-2022-2023.csv'), join(dir, 'central.bak'));
    const r = runCli(['verify', join(dir, 'r2023.json'), '--inputs-dir', dir], { cwd: tmp() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('central-2022-2023.csv');
    const s = runCli(['verify', join(tmp(), 'nope.json')]);
    expect(s.status).toBe(2);
    expect(runCli(['verify', join(run.dir, 'corrections.csv')]).status).toBe(2);
  });

  it('compareResults matches cities and nodes by key and id, and counts numbers', () => {
    const a = {
      cities: [
        { key: 'a', total: 1 },
        { key: 'b', total: 2 },
      ],
      x: [1, 2],
    };
    expect(
      compareResults(a, {
        cities: [
          { key: 'a', total: 1 },
          { key: 'b', total: 2 },
        ],
        x: [1, 2],
      }),
    ).toEqual({ differences: [], numbers: 4 });
    const d = compareResults(a, {
      cities: [
        { key: 'b', total: 2 },
        { key: 'a', total: 1.5 },
      ],
      x: [1],
    });
    expect(d.differences.map((x) => x.path)).toEqual(['cities[a].total', 'cities (order)', 'x[1]']);
  });
});

describe('cityscore report', () => {
  it('renders saved results in every format by default, then refuses to overwrite them', () => {
    const out = join(tmp(), 'new', 'dir');
    const r = runCli(['report', run.file, '--out', out, '--per-city', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+ files written to /);
    const files = listFiles(out);
    expect(files).toEqual(expect.arrayContaining(['report.md', 'report.html', 'report.xlsx', 'results.json', 'ranking.csv', 'cities/450100-南宁市-2023.html']));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Summary');

    const dir = tmp();
    const input = join(dir, 'results.json');
    writeFileSync(input, readFileSync(run.file));
    const s = runCli(['report', input, '--out', dir]);
    expect(s.status).toBe(2);
    expect(s.stderr).toContain('it is one of the inputs');
    expect(listFiles(dir)).toEqual(['results.json']);
  });

  it('--format picks formats; --quiet prints nothing; bad input is exit 2', () => {
    const out = tmp();
    const r = runCli(['report', run.file, '--out', out, '--format', 'md,html', '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(listFiles(out).filter((f) => !f.startsWith('charts/'))).toEqual(['report.html', 'report.md']);
    expect(runCli(['report', run.file, '--out', out, '--format', 'pdf']).status).toBe(2);
    const bad = join(tmp(), 'x.json');
    writeFileSync(bad, '{"kind": "something else"}');
    const b = runCli(['report', bad, '--out', out]);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('not cityscore results JSON');
    // A JSON syntax error is placed by line and column, not by character offset.
    writeFileSync(bad, '{\n  "kind": "cityscore.results",\n  }\n');
    for (const cmd of [
      ['report', bad, '--out', out],
      ['verify', bad],
    ]) {
      const s = runCli(cmd);
      expect(s.status).toBe(2);
      expect(s.stderr).toMatch(/x\.json:3:3: not valid JSON \(cityscore results expected\): \S/);
      expect(s.stderr).not.toContain('position');
    }
    rmSync(out, { recursive: true, force: true });
  });
});
