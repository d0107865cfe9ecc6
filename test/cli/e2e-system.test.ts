// Layer 3: the real binary on the bundled systems and on bad input.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

const bundled = ['national', 'regional', 'international'].flatMap((d) => readdirSync(join(PROJECT_ROOT, 'indicators', d)).map((f) => `indicators/${d}/${f}`));

describe('cityscore validate / show / list (end to end)', () => {
  it('validate of every bundled system exits 0 (warnings allowed)', () => {
    const r = runCli(['validate', ...bundled]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings in \d+ files$/m);
    for (const f of bundled) expect(r.stdout).toContain(`${f}: valid`);
    expect(r.stdout).toContain('NULL_WEIGHTS');
    expect(r.stdout).toContain('PROVISIONAL_WEIGHTS');
  });

  it('--max-warnings turns warnings into exit 1', () => {
    expect(runCli(['validate', 'gbt-33356-2016', '--max-warnings', '0']).status).toBe(1);
    expect(runCli(['validate', 'gbt-33356-2016', '--max-warnings', '1000']).status).toBe(0);
  });

  it('an invalid system is exit 1 under validate, every message naming the file', () => {
    const dir = tmpFiles({ 'bad.yaml': BASE_SYSTEM.replace('share: 0.7', 'share: 0.6').replace('"done / total * 100"', '"ones(100000000)"') });
    const r = runCli(['validate', 'bad.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    const findings = r.stdout.split('\n').filter((l) => / error /.test(l));
    expect(findings.length).toBe(2);
    for (const l of findings) expect(l).toMatch(/^bad\.yaml:\d+:\d+: error /);
    expect(r.stdout).toContain('bad.yaml:19:9: error WEIGHT_SUM');
    expect(r.stdout).toContain('error FORMULA: L1P1-A1: function "ones" is not allowed');
    expect(r.stderr).toBe('');
  });

  it('a YAML syntax error is exit 1 under validate and exit 2 under show, with no stack trace', () => {
    const dir = tmpFiles({ 'broken.yaml': 'format: 1\nid: [x\n' });
    const v = runCli(['validate', 'broken.yaml'], { cwd: dir });
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/^broken\.yaml:\d+:\d+: error YAML_SYNTAX/m);
    const s = runCli(['show', 'broken.yaml'], { cwd: dir });
    expect(s.status).toBe(2);
    expect(s.stdout).toBe('');
    expect(s.stderr).toMatch(/^cityscore: broken\.yaml:\d+:\d+: indicator system broken\.yaml is invalid/);
    expect(s.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a bundled id wins over a folder of the same name (samples/guangxi-2023/)', () => {
    const r = runCli(['validate', 'guangxi-2023'], { cwd: 'samples' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0 errors/);
  });

  it('a missing path is exit 2', () => {
    const r = runCli(['validate', 'no-such.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('cityscore: no-such.yaml: no such file, and no bundled system with that id\n  hint: cityscore list shows the bundled systems\n');
  });

  it('show prints the 2016, 2018 and Guangxi trees with marks; shares add up to 100%', () => {
    const n16 = runCli(['show', 'gbt-33356-2016']);
    expect(n16.status).toBe(0);
    expect(n16.stdout).toMatch(/L1 +惠民服务 +37 pt +37\.00% +✓/);
    expect(n16.stdout).toMatch(/L1P1-A1 .* 30% .* 2\.40% +✓/);
    expect(n16.stdout).toContain('∅');
    expect(n16.stdout).toContain('cannot be scored');
    const n18 = runCli(['show', 'ndrc-2018']);
    expect(n18.status).toBe(0);
    expect(n18.stdout).toMatch(/L8 +市民评价 +40 pt +40\.00%/);
    expect(n18.stdout).toMatch(/L6 +信息安全 +−\d+ max +deduction/);
    for (const id of ['gbt-33356-2016-completed', 'ndrc-2018-completed', 'guangxi-2023']) {
      const r = runCli(['show', id]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('leaf shares add up to 100.00%');
      expect(r.stdout).toContain('~');
    }
    const gx = runCli(['show', 'guangxi-2023']);
    expect(gx.stdout).toMatch(/L4-GX1 .*~\+/);
    expect(gx.stdout).toContain('illustrative system');
  });

  it('show --json is the resolved model; --canonical is stable text', () => {
    const j = JSON.parse(runCli(['show', 'gbt-33356-2016-completed', '--json']).stdout);
    expect(j.id).toBe('gbt-33356-2016-completed');
    expect(j.nodes['L1P1-A1'].effShare).toBeCloseTo(0.024, 12);
    const c1 = runCli(['show', 'guangxi-2023', '--canonical']).stdout;
    const c2 = runCli(['show', 'guangxi-2023', '--canonical']).stdout;
    expect(c1).toBe(c2);
    expect(c1).toMatch(/^system guangxi-2023 2023$/m);
  });

  it('list shows the bundled systems', () => {
    const r = runCli(['list']);
    expect(r.status).toBe(0);
    for (const id of ['gbt-33356-2016', 'gbt-33356-2016-completed', 'ndrc-2018', 'guangxi-2023', 'u4ssc-kpi-example']) expect(r.stdout).toContain(id);
  });

  it('init scaffolds an overlay that validates as written', () => {
    const dir = tmpFiles({});
    const r = runCli(['init', 'region', '--extends', 'gbt-33356-2016-completed', '--id', 'my-region'], { cwd: dir });
    expect(r.status).toBe(0);
    const v = runCli(['validate', 'region/my-region.yaml'], { cwd: dir });
    expect(v.stdout).toContain('region/my-region.yaml: valid');
    expect(v.status).toBe(0);
    expect(runCli(['init', 'region', '--extends', 'gbt-33356-2016-completed', '--id', 'my-region'], { cwd: dir }).status).toBe(2);
  });

  it('NO_COLOR and pipes: no escape codes', () => {
    const r = runCli(['validate', 'gbt-33356-2016'], { env: { FORCE_COLOR: undefined } });
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const forced = runCli(['validate', 'gbt-33356-2016'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[/);
  });
});
