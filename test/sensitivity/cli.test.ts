/** cityscore sensitivity end to end on the Guangxi samples (the real binary, built by the global setup). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { GUANGXI_RETURNS, writeTmp } from './helpers.js';

const base = ['sensitivity', 'guangxi-2023', ...GUANGXI_RETURNS, '--year', '2023'];

describe('cityscore sensitivity (Guangxi samples)', () => {
  it('prints rank intervals and Sobol indices', () => {
    const r = runCli([...base, '--weights-noise', '0.25', '--runs', '200', '--seed', '7']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/N = 200, d = 3 → 1000 runs \(A, B, AB_1…AB_3\)/);
    expect(r.stdout).toMatch(/sobol\(digital-shift\) sequence/);
    expect(r.stdout).toMatch(/rank of each city over the 400 uncertainty runs/);
    expect(r.stdout).toMatch(/^ +1 {2}南宁市 +90\.51 /m);
    expect(r.stdout).toMatch(/Sobol' indices of the mean absolute rank shift/);
    expect(r.stdout).toMatch(/^weights\(level 1\) +-?\d\.\d{3} +\[/m);
    expect(r.stdout).toMatch(/failed runs: 0 of 1000/);
  });

  it('is reproducible: two runs with --seed 7 --json are byte-identical, and another seed differs', () => {
    const spec = writeTmp(
      'spec.yaml',
      [
        'runs: 60',
        'inputs:',
        '  - {type: weights, level: 1, noise: 0.25}',
        '  - {type: normalisation, alternatives: [system, minmax]}',
        '  - {type: aggregation, level: 1, alternatives: [system, gmean]}',
        '  - {type: remove}',
        '',
      ].join('\n'),
    );
    const a = runCli([...base, '--spec', spec, '--seed', '7', '--json']);
    const b = runCli([...base, '--spec', spec, '--seed', '7', '--json']);
    const c = runCli([...base, '--spec', spec, '--seed', '8', '--json']);
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const res = JSON.parse(a.stdout);
    expect(res.seed).toBe(7);
    expect(res.design).toMatchObject({ analysis: 'sa', N: 60, d: 4, runs: 360, uncertaintyRuns: 120 });
    expect(res.runs).toHaveLength(360);
    expect(res.runs[0].parameters).toHaveLength(4);
    expect(res.uncertainty.cities).toHaveLength(14);
    expect(res.sensitivity.inputs.map((i: { name: string }) => i.name)).toEqual([
      'weights(level 1)',
      'normalisation',
      'aggregation(level 1)',
      'remove(leaves)',
    ]);
  });

  it('rejects a spec with a misspelt input before running, with file:line:col and a did-you-mean (exit 2)', () => {
    const spec = writeTmp(
      'bad.yaml',
      ['runs: 50', 'inputs:', '  - type: weights', '    level: 1', '    noise: 0.25', '  - type: wieghts', '    level: 2', '    noise: 0.1', ''].join('\n'),
    );
    const r = runCli([...base, '--spec', spec]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${spec}:6:11: invalid sensitivity spec (1 error); nothing was run`);
    expect(r.stderr).toMatch(/unknown input type "wieghts"/);
    expect(r.stderr).toMatch(/did you mean "weights"\?/);
  });

  it('rejects unknown node ids and method names with their lines, all at once', () => {
    const spec = writeTmp(
      'bad2.yaml',
      [
        'inputs:',
        '  - type: normalisation',
        '    alternatives: [system, zscor]',
        '  - type: remove',
        '    nodes: [L1P1-A9]',
        '  - type: weights',
        '    level: 1',
        '    noize: 0.2',
        '',
      ].join('\n'),
    );
    const r = runCli([...base, '--spec', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/:8:5: error SPEC_UNKNOWN_KEY: unknown key "noize" in inputs\.2\n\s+hint: did you mean "noise"\?/);
    expect(r.stderr).not.toMatch(/noise is required/);
    // Schema errors come first (nothing else is checked until the schema holds).
    const fixed = writeTmp(
      'bad3.yaml',
      ['inputs:', '  - type: normalisation', '    alternatives: [system, zscor]', '  - type: remove', '    nodes: [L1P1-A9]', ''].join('\n'),
    );
    const r2 = runCli([...base, '--spec', fixed]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/:3:28: error SPEC_INPUT: unknown normalisation method "zscor"\n\s+hint: did you mean "zscore"\?/);
    expect(r2.stderr).toMatch(/:5:13: error SPEC_INPUT: unknown indicator id "L1P1-A9" \(not in guangxi-2023\)\n\s+hint: did you mean "L1P1-A1"\?/);
  });

  it('needs something uncertain, and a valid --weights-noise', () => {
    expect(runCli(base).stderr).toMatch(/nothing is uncertain/);
    const r = runCli([...base, '--weights-noise', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--weights-noise must be a number from 0 to 1/);
  });

  it('refuses a number of runs that would run for hours, at once (exit 2)', () => {
    const r = runCli([...base, '--weights-noise', '0.2', '--runs', '99999999']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--runs must be at most 100000, not 99999999/);
  });

  it('--weights-noise per level: only the levels named, each with its own factor', () => {
    const r = runCli([...base, '--weights-noise', '1=0.25,2=0.1', '--runs', '20', '--seed', '7', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const inputs = JSON.parse(r.stdout).inputs as { name: string; description: string }[];
    expect(inputs.map((i) => i.name)).toEqual(['weights(level 1)', 'weights(level 2)']);
    expect(inputs[0].description).toMatch(/×\(1 ± 0\.25\)/);
    expect(inputs[1].description).toMatch(/×\(1 ± 0\.1\)/);
    const none = runCli([...base, '--weights-noise', '4=0.1']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/level 4 of guangxi-2023 has no node with two or more weighted children/);
    expect(none.stderr).toMatch(/levels with weights to perturb: 1, 2, 3/);
    expect(runCli([...base, '--weights-noise', '1=2']).stderr).toMatch(/level=factor pairs/);
  });
});
