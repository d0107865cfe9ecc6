import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tmpFiles } from '../helpers/tmp.js';

const G = 'samples/guangxi-2023';
const RET = [`${G}/returns-2022-2023.gb18030.csv`, `survey=${G}/survey-2022-2023.csv`, `central=${G}/central-2022-2023.csv`, `region=${G}/region-2022-2023.csv`, '--year', '2023'];

describe('report sections of the analyses (--out)', () => {
  it('sensitivity --out writes JSON, a Markdown section and the rank-interval chart', () => {
    const dir = tmpFiles({});
    const r = runCli(['sensitivity', 'guangxi-2023', ...RET, '--runs', '64', '--seed', '7', '--weights-noise', '0.25', '--out', dir]);
    expect(r.status).toBe(0);
    const md = readFileSync(join(dir, 'sensitivity.md'), 'utf8');
    expect(md).toContain('### Rank intervals');
    expect(md).toContain('![rank intervals](rank-intervals.svg)');
    expect(md).toMatch(/^\| 南宁市 \| 2023 \| 1 \| /m);
    expect(md).toContain('### Sobol indices');
    const svg = readFileSync(join(dir, 'rank-intervals.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('南宁市');
    const json = JSON.parse(readFileSync(join(dir, 'sensitivity.json'), 'utf8'));
    expect(json.seed).toBe(7);
    expect(json.uncertainty.cities).toHaveLength(14);
  });

  it('audit --out writes JSON and a Markdown section', () => {
    const dir = tmpFiles({});
    const r = runCli(['audit', 'guangxi-2023', ...RET, '--out', dir]);
    expect(r.status).toBe(0);
    const md = readFileSync(join(dir, 'audit.md'), 'utf8');
    expect(md).toContain("### Cronbach's alpha");
    expect(md).toContain('### Nominal weight against influence on the total');
    const json = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(json.cities).toBe(14);
  });
});
