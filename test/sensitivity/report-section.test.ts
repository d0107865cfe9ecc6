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

  it('score --out and report put both analyses in the main report (zh-CN and en), the chart beside it', () => {
    const dir = tmpFiles({});
    expect(runCli(['sensitivity', 'guangxi-2023', ...RET, '--runs', '32', '--seed', '7', '--weights-noise', '0.25', '--out', dir]).status).toBe(0);
    expect(runCli(['audit', 'guangxi-2023', ...RET, '--out', dir]).status).toBe(0);
    const sa = JSON.parse(readFileSync(join(dir, 'sensitivity.json'), 'utf8'));
    const au = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    const out = join(dir, 'reports');
    const extra = ['--sensitivity', join(dir, 'sensitivity.json'), '--audit', join(dir, 'audit.json')];
    const r = runCli(['score', 'guangxi-2023', ...RET, '--out', out, '--format', 'md,html', '--json', '-o', join(dir, 'r.json'), ...extra]);
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## 不确定性与敏感性分析');
    expect(md).toContain('](charts/rank-intervals.svg)');
    // Each city's interval as the analysis computed it; the audit's alpha of L1.
    const nn = sa.uncertainty.cities.find((c: { name: string }) => c.name === '南宁市');
    expect(md).toContain(`| 南宁市 | 2023 | ${nn.nominal.rank} | ${nn.rank.median} | ${nn.rank.q5}–${nn.rank.q95} |`);
    expect(md).toContain('## 统计审计');
    const l1 = au.cronbach.find((c: { node: string }) => c.node === 'L1');
    expect(md).toContain(`| L1 | ${l1.name} | ${l1.children} | ${l1.alpha.toFixed(3)} |`);
    expect(md.indexOf('## 统计审计')).toBeLessThan(md.indexOf('## 方法与来源'));
    expect(readFileSync(join(out, 'charts', 'rank-intervals.svg'), 'utf8')).toContain('南宁市');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('href="#sensitivity"');
    expect(html).toContain('href="#audit"');
    // report renders them again, in English too.
    const en = join(dir, 'en');
    expect(runCli(['report', join(dir, 'r.json'), '--out', en, '--format', 'md', '--lang', 'en', ...extra]).status).toBe(0);
    const mdEn = readFileSync(join(en, 'report.md'), 'utf8');
    expect(mdEn).toContain('## Uncertainty and sensitivity analysis');
    expect(mdEn).toContain("### Cronbach's alpha");
  });

  it('--sensitivity and --audit: a file of another kind, a missing file, or no --out are exit 2 before anything is written', () => {
    const dir = tmpFiles({ 'x.json': '{"a": 1}' });
    const out = join(dir, 'reports');
    const wrong = runCli(['score', 'guangxi-2023', ...RET, '--out', out, '--sensitivity', join(dir, 'x.json')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/x\.json: not cityscore sensitivity JSON/);
    const missing = runCli(['score', 'guangxi-2023', ...RET, '--out', out, '--audit', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
    expect(runCli(['score', 'guangxi-2023', ...RET, '--audit', join(dir, 'x.json')]).stderr).toMatch(/--audit needs --out/);
    expect(() => readFileSync(join(out, 'report.md'))).toThrow();
  });
});
