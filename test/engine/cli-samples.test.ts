/**
 * CLI acceptance on the bundled samples (samples/gbt-33356-2016-completed: 14 Guangxi cities × 2022/2023):
 * the diagnosis of 南宁, a re-score that confirms its top priority's gain, and explain back to the cells.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import type { Results } from '../../src/engine/results.js';
import type { Trace } from '../../src/engine/trace.js';
import { priorityDetails } from '../../src/engine/results-access.js';

const S = resolve(PROJECT_ROOT, 'samples', 'gbt-33356-2016-completed');
const FILES = { returns: join(S, 'returns-long-2022-2023.csv'), survey: join(S, 'survey-2022-2023.csv'), central: join(S, 'central-2022-2023.csv') };
const args = (f: typeof FILES) => [f.returns, `survey=${f.survey}`, `central=${f.central}`, '--corrections', join(S, 'corrections.csv')];

async function cli(argv: string[]) {
  const io = memoryIO({ columns: 200 });
  const code = await execute(argv, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('samples: gbt-33356-2016-completed, 14 Guangxi cities × 2022/2023', () => {
  it('scores every city-year and prints 南宁’s diagnosis', async () => {
    const r = await cli(['score', 'gbt-33356-2016-completed', ...args(FILES), '--city', '南宁', '--group-by', 'tier']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/— 28 of 28 city-years scored/);
    expect(r.out).toMatch(/⚠ weights not confirmed by the source — 9 provisional/);
    expect(r.out).toMatch(/南宁市 2023: \d+\.\d\d points, rank \d+ of 14/);
    expect(r.out).toMatch(/top priorities \(points the total gains by reaching the target, re-scored\)\n {2}1\. \S+ .+ {2}\+\d+\.\d\d/);
  });

  it('setting 南宁’s top priority to its target in a copy of the returns raises its total by the stated gain', async () => {
    const before = JSON.parse((await cli(['score', 'gbt-33356-2016-completed', ...args(FILES), '--json'])).out) as Results;
    const nn = before.cities.find((c) => c.name === '南宁市' && c.year === 2023)!;
    const top = nn.diagnosis!.priorities.map((p) => priorityDetails(before, nn, p)).find((p) => p.field)!;
    // Where that value comes from: explain's trace of the leaf gives the cell.
    const trace = JSON.parse(
      (await cli(['explain', 'gbt-33356-2016-completed', ...args(FILES), '--city', '南宁', '--year', '2023', '--node', top.node, '--json'])).out,
    ) as Trace;
    const input = trace.leaves[0].inputs.find((i) => i.field === top.field)!;
    const prov = input.provenance!;
    const dir = mkdtempSync(join(tmpdir(), 'cityscore-samples-'));
    const copies = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, join(dir, basename(f))])) as typeof FILES;
    for (const k of Object.keys(FILES) as (keyof typeof FILES)[]) copyFileSync(FILES[k], copies[k]);
    const target = join(dir, basename(prov.file));
    const lines = readFileSync(target, 'utf8').split('\n');
    const chars = [...lines[prov.line! - 1]];
    const at = prov.col! - 1;
    expect(chars.slice(at, at + [...prov.raw!].length).join('')).toBe(prov.raw);
    chars.splice(at, [...prov.raw!].length, ...String(top.targetLabel ?? top.target));
    lines[prov.line! - 1] = chars.join('');
    writeFileSync(target, lines.join('\n'));
    const after = JSON.parse((await cli(['score', 'gbt-33356-2016-completed', ...args(copies), '--json'])).out) as Results;
    const nn2 = after.cities.find((c) => c.name === '南宁市' && c.year === 2023)!;
    expect(nn2.total! - nn.total!).toBeCloseTo(top.gain, 9);
    expect(nn2.diagnosis!.priorities.some((p) => p.node === top.node)).toBe(false);
  });

  it('priorities whose gains differ only by rounding noise keep the system order (贵港市 2022: L1P4-A1 before L1P5-A3)', async () => {
    const G = resolve(PROJECT_ROOT, 'samples', 'guangxi-2023');
    const g = ['returns-2022-2023.gb18030.csv', 'survey=survey-2022-2023.csv', 'central=central-2022-2023.csv'].map((f) =>
      f.replace(/^(\w+=)?/, (m) => m + G + '/'),
    );
    const r = await cli(['score', 'gbt-33356-2016-completed', ...g, '--priorities', 'all', '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as Results;
    const order = new Map(res.nodes.map((n, i) => [n.id, i]));
    let ties = 0;
    for (const c of res.cities) {
      const p = c.diagnosis?.priorities ?? [];
      for (let i = 1; i < p.length; i++) {
        if (Math.abs(p[i].gain - p[i - 1].gain) > 1e-9) continue;
        ties++;
        expect(order.get(p[i].node)!, `${c.name} ${c.year}: ${p[i - 1].node} (${p[i - 1].gain}) before ${p[i].node} (${p[i].gain})`).toBeGreaterThan(
          order.get(p[i - 1].node)!,
        );
      }
    }
    expect(ties).toBeGreaterThan(10);
    const guigang = res.cities.find((c) => c.name === '贵港市' && c.year === 2022)!.diagnosis!.priorities.map((p) => p.node);
    expect(guigang.indexOf('L1P4-A1')).toBeLessThan(guigang.indexOf('L1P5-A3'));
  });

  it('explain traces a score to its cells (values written with 万, a correction)', async () => {
    const r = await cli(['explain', 'gbt-33356-2016-completed', ...args(FILES), '--city', '南宁', '--year', '2023', '--node', 'L1P7-A2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/city_service_users_wechat 移动互联网城市服务用户数（微信） = 6122200 {3}.*central-2022-2023\.csv:\d+:\d+ \("612\.22万"\)/);
    expect(r.out).toMatch(/population 常住人口 = 892\.56 {3}.*returns-long-2022-2023\.csv:\d+:\d+/);
    expect(r.out).toMatch(/formula city_service_users_wechat \+ city_service_users_alipay > 0 \?/);
    const hz = await cli(['explain', 'gbt-33356-2016-completed', ...args(FILES), '--city', '贺州', '--year', '2022', '--node', 'L1P9']);
    expect(hz.out).toMatch(
      /online_retail_sales 网上商品零售额 = 31\.6 {3}.*corrections\.csv:3:\d+ \("31\.6"\)\n {6}corrected from missing \(.*\.csv:\d+:\d+ \(""\)\) to 31\.6: 原表漏填，依据商务部门统计补录（示例） /,
    ); // the blank cell it filled; the reason as written
  });
});
