// The four formats from real results: files, sections, labels in both languages, numbers as the
// system rounds them, per-city reports, more than 50 cities, atomic and safe writing.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReports } from '../../src/report/index.js';
import { formatFixed } from '../../src/util/round.js';
import { listFiles, manyCities, sampleRun, tmp, type SampleRun } from './helpers.js';

let run: SampleRun;
beforeAll(() => {
  run = sampleRun();
});

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatFixed(x, 2, 'half-up'));

describe('writeReports', () => {
  it('writes every format into a new folder and returns the files', async () => {
    const out = join(tmp(), 'nested', 'reports');
    const files = await writeReports(run.results, { out, formats: ['xlsx', 'md', 'html', 'json'] });
    const rel = listFiles(out);
    expect(rel).toEqual(
      expect.arrayContaining([
        'report.md',
        'report.html',
        'report.xlsx',
        'results.json',
        'ranking.csv',
        'charts/ranking.svg',
        'charts/heatmap.svg',
        'charts/change.svg',
      ]),
    );
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(rel);
    expect(rel.filter((f) => f.startsWith('charts/radar-')).length).toBe(run.results.cities.length);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(run.file, 'utf8'));
    expect(rel.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('Markdown (zh-CN): banner, summary with tiers, ranking, dimensions, cities with priorities, method', async () => {
    const out = tmp();
    await writeReports(run.results, { out, formats: ['md'] });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const h of [
      '## 概况',
      '### 等级分布',
      '## 排名',
      '## 分项评价',
      '### L1 惠民服务（满分 37\\.00 分）',
      '## 城市评价',
      '## 数据质量',
      '## 数据更正',
      '## 方法与来源',
    ])
      expect(md).toContain(h.replace(/\\/g, ''));
    expect(md).toContain('本报告所用体系含假定权重');
    expect(md).toContain('| 排名 | 城市 | 总分 | 等级 | 较基期 | 排名变化 |');
    // Every ranking row shows the JSON's total, rounded by the system's rule.
    for (const c of run.results.cities) expect(md).toContain(`| ${c.rank} | ${c.name} | **${fmt(c.total)}** |`);
    // Each city's top priority with the points it would gain.
    for (const c of run.results.cities) {
      const p = c.diagnosis!.priorities[0];
      expect(md).toContain(`| 1 | ${p.node} `);
      expect(md).toContain(`+${fmt(p.gain)}`);
    }
    // Charts are linked files beside the report.
    for (const m of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(join(out, decodeURI(m[1])))).toBe(true);
    // Tier distribution adds up.
    const counts = [...md.matchAll(/^\| (准备期|起步期|成长期|成熟期|领军期) \| [\d.]+ \| (\d+) \|/gm)].map((m) => Number(m[2]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(run.results.cities.length);
    // Corrections and the input hashes are in the provenance.
    expect(md).toContain('one\\_stop\\_rate');
    for (const i of run.results.inputs) expect(md).toContain(i.hash.replace('sha256:', ''));
    // Findings say in Chinese what they are, before the message.
    expect(run.results.findings.some((d) => d.code === 'MISSING_VALUE')).toBe(true);
    expect(md).toMatch(/\| 警告 \| MISSING\\_VALUE \| [^|]+ \| 缺失值：L1P5-A3: missing for 1 city/);
  });

  it('English labels with --lang en', async () => {
    const out = tmp();
    await writeReports(run.results, { out, formats: ['md', 'html'], lang: 'en' });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const h of [
      '## Summary',
      '### Tier distribution',
      '## Ranking',
      '## Dimensions',
      '## Cities',
      '## Data quality',
      '## Method and provenance',
      'Improvement priorities',
    ])
      expect(md).toContain(h);
    expect(md).toContain('assumed or provisional weights');
    expect(md).toContain('L1 Public services for citizens');
    expect(md).toContain('| leading |');
    expect(md).not.toContain('## 概况');
    expect(md).not.toContain('缺失值：');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
  });

  it('per-city reports: Markdown, HTML and a workbook for each city, linked from the main report', async () => {
    const out = tmp();
    await writeReports(run.results, { out, formats: ['md', 'html', 'xlsx'], perCity: true });
    const rel = listFiles(out);
    const nanning = run.results.cities.find((c) => c.name === '南宁市')!;
    for (const ext of ['md', 'html', 'xlsx']) expect(rel).toContain(`cities/450100-南宁市-2023.${ext}`);
    expect(rel.filter((f) => /^cities\/[^/]+\.md$/.test(f)).length).toBe(run.results.cities.length);
    const md = readFileSync(join(out, 'cities', '450100-南宁市-2023.md'), 'utf8');
    expect(md).toContain('# 南宁市新型智慧城市评价报告（2023年）');
    expect(md).toContain('| 一级指标 | 得分 | 满分 | 失分 | 排名 | 平均 | 最高 | 较基期 |');
    // The change of every first-level dimension since the baseline.
    for (const [dim, delta] of Object.entries(nanning.change!.dimensions)) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${dim} `))!;
      expect(row.split('|').at(-2)!.trim()).toBe(`${Number(fmt(delta)) > 0 ? '+' : ''}${fmt(delta)}`);
    }
    expect(md).toContain('## 提升优先级（以评促建）');
    for (const p of nanning.diagnosis!.priorities.filter((x) => x.gain > 0)) expect(md).toContain(`+${fmt(p.gain)}`);
    expect(md).toContain('## 指标明细');
    expect(md).toContain(`](charts/${encodeURI('450100-南宁市-2023-radar.svg')})`);
    expect(existsSync(join(out, 'cities', 'charts', '450100-南宁市-2023-lost.svg'))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('(cities/450100-%E5%8D%97%E5%AE%81%E5%B8%82-2023.md)');
    // A city with a missing value and a finding about it says so.
    const baise = readFileSync(join(out, 'cities', '451000-百色市-2023.md'), 'utf8');
    expect(baise).toContain('缺失（按体系规则计分）：L1P5\\-A3'.replace('\\', ''));
    expect(baise).toContain('MISSING\\_VALUE');
  });

  it('beyond 50 cities the city sections move to the per-city reports, and the report says so', async () => {
    const big = manyCities(run.results, 60);
    const a = tmp();
    await writeReports(big, { out: a, formats: ['md'] });
    const md = readFileSync(join(a, 'report.md'), 'utf8');
    expect(md).toContain('参评城市共 60 个，超过 50 个');
    expect(md).toContain('--per-city');
    expect(md).not.toMatch(/^### 1\. /m);
    const b = tmp();
    await writeReports(big, { out: b, formats: ['md'], perCity: true });
    const mdB = readFileSync(join(b, 'report.md'), 'utf8');
    expect(mdB).toContain('各城市的详细评价见分城市报告（cities/ 目录）');
    const files = listFiles(b).filter((f) => /^cities\/[^/]+\.md$/.test(f));
    expect(files.length).toBe(60);
    // A link to each city's report, in ranking order, every one to a file that exists.
    const links = [...mdB.matchAll(/^- \[(\d+)\. [^\]]+\]\((cities\/[^)]+\.md)\)$/gm)];
    expect(links.map((m) => Number(m[1]))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(links.map((m) => decodeURI(m[2])).sort()).toEqual([...files].sort());
  });

  it('ranking.csv: UTF-8 with BOM, CRLF, numbers rounded by the system rule', async () => {
    const out = tmp();
    await writeReports(run.results, { out, formats: ['json'] });
    const csv = readFileSync(join(out, 'ranking.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF排名,城市,区划代码,年份,总分,等级,较基期,排名变化,L1 惠民服务')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const first = run.results.cities.find((c) => c.rank === 1)!;
    expect(lines[1].split(',').slice(0, 5)).toEqual(['1', first.name, first.code, '2023', String(Number(fmt(first.total)))]);
  });

  it('refuses to overwrite an input, before writing anything', async () => {
    const out = tmp();
    const input = join(out, 'results.json');
    writeFileSync(input, readFileSync(run.file));
    await expect(writeReports(run.results, { out, formats: ['md', 'json'], inputs: [input] })).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
    expect(listFiles(out)).toEqual(['results.json']);
  });

  it('unknown formats are a usage error', async () => {
    await expect(writeReports(run.results, { out: tmp(), formats: ['pdf' as 'md'] })).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
  });

  it('reads results defensively: no diagnosis, no baseline, no corrections, no findings', async () => {
    const r = JSON.parse(JSON.stringify(run.results));
    for (const c of r.cities) {
      c.diagnosis = null;
      delete c.change;
    }
    delete r.baseline;
    r.corrections = [];
    r.findings = [];
    delete r.summary;
    const out = tmp();
    await writeReports(r, { out, formats: ['md', 'html', 'xlsx', 'json'], perCity: true });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toContain('较基期');
    expect(md).toContain('未发现数据质量问题');
  });
});
