// The HTML report in a real browser (Debian's Chromium through playwright-core): no console errors,
// no network, the charts present, the numbers in the page equal to the JSON, a working sortable
// table, print CSS; keeps a screenshot (test/__screenshots__/report.png and docs/images/report.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { writeReports } from '../../src/report/index.js';
import { formatFixed } from '../../src/util/round.js';
import { haveTool, PROJECT_ROOT } from '../helpers/oracles.js';
import { CHROMIUM_FLAGS, renameCity, sampleRun, tmp, type SampleRun } from './helpers.js';
import { nodeScore } from '../../src/engine/results-access.js';

const CHROMIUM = '/usr/bin/chromium';
const have = haveTool('chromium', 'the HTML report checks in Chromium');

let run: SampleRun;
let out: string;
let ctx: BrowserContext | undefined;
const problems: string[] = [];

async function open(file: string): Promise<Page> {
  const page = await ctx!.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
  });
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(pathToFileURL(file).href);
  return page;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatFixed(x, 2, 'half-up'));

describe.skipIf(!have)('report.html in Chromium', () => {
  beforeAll(async () => {
    run = sampleRun();
    out = tmp();
    await writeReports(run.results, { out, formats: ['html'], perCity: true });
    const { chromium } = await import('playwright-core');
    ctx = await chromium.launchPersistentContext(tmp('cityscore-chromium-'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('renders without console errors or requests; charts present; numbers equal the JSON; screenshot kept', async () => {
    problems.length = 0;
    const page = await open(join(out, 'report.html'));
    expect(await page.title()).toBe('新型智慧城市评价指标（2016年）——权重补全版评价报告（2023年）');
    for (const id of ['chart-ranking', 'chart-heatmap', 'chart-change']) {
      expect(await page.locator(`#${id} svg`).count(), id).toBe(1);
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
    }
    expect(await page.locator('figure[id^="chart-radar-"] svg').count()).toBe(run.results.cities.length);
    expect(await page.locator('#chart-ranking g.bar').count()).toBe(run.results.cities.length);
    expect(await page.locator('#chart-heatmap g.cell').count()).toBe(run.results.cities.length * 8);
    expect(await page.locator('.notice.warn').first().innerText()).toContain('本报告所用体系含假定权重');

    // The ranking table: every row's figures are the JSON's, rounded by the system rule.
    const rows = await page.$$eval('#ranking-table tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id'),
        cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent ?? '', v: td.getAttribute('data-v') })),
      })),
    );
    expect(rows.length).toBe(run.results.cities.length);
    const dims = run.results.nodes.filter((n) => n.depth === 1);
    for (const row of rows) {
      const c = run.results.cities.find((x) => x.key === row.id)!;
      expect(row.cells[0].text).toBe(String(c.rank));
      expect(row.cells[1].text).toBe(c.name);
      expect(row.cells[2].text).toBe(fmt(c.total));
      expect(Number(row.cells[2].v)).toBe(c.total);
      expect(row.cells[3].text).toBe(c.tier!.name);
      expect(row.cells[4].text).toBe(c.change!.total! > 0 ? `+${fmt(c.change!.total)}` : fmt(c.change!.total));
      dims.forEach((d, k) => expect(row.cells[6 + k].text).toBe(fmt(nodeScore(run.results, c, d.id)!.points)));
    }
    // The bars carry the same totals.
    const bars = await page.$$eval('#chart-ranking g.bar text[data-value]', (ts) => ts.map((t) => t.getAttribute('data-value')));
    expect(bars).toEqual([...run.results.cities].sort((a, b) => a.rank! - b.rank!).map((c) => fmt(c.total)));

    mkdirSync(join(PROJECT_ROOT, 'test', '__screenshots__'), { recursive: true });
    mkdirSync(join(PROJECT_ROOT, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: join(PROJECT_ROOT, 'test', '__screenshots__', 'report.png'), fullPage: true });
    await page.screenshot({ path: join(PROJECT_ROOT, 'docs', 'images', 'report.png'), clip: { x: 0, y: 0, width: 1100, height: 760 } });
    expect(statSync(join(PROJECT_ROOT, 'docs', 'images', 'report.png')).size).toBeLessThan(400_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('the ranking table sorts when a header is clicked (inline script allowed by its hash)', async () => {
    problems.length = 0;
    const page = await open(join(out, 'report.html'));
    const names = () => page.$$eval('#ranking-table tbody tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
    const byRank = await names();
    await page.locator('#ranking-table thead th', { hasText: '总分' }).locator('button').click();
    const asc = await names();
    expect(asc).toEqual([...byRank].reverse());
    expect(await page.locator('#ranking-table thead th', { hasText: '总分' }).getAttribute('aria-sort')).toBe('ascending');
    await page.locator('#ranking-table thead th', { hasText: '总分' }).locator('button').click();
    expect(await names()).toEqual(byRank);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('print CSS hides the navigation and prints to PDF', async () => {
    problems.length = 0;
    const page = await open(join(out, 'report.html'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a city report renders too, and a hostile city name stays text', async () => {
    problems.length = 0;
    const page = await open(join(out, 'cities', '450100-南宁市-2023.html'));
    expect(await page.locator('h1').innerText()).toBe('南宁市新型智慧城市评价报告（2023年）');
    expect(await page.locator('figure svg').count()).toBe(2);
    await page.close();

    const evil = tmp();
    await writeReports(renameCity(run.results, 0, '<img src=x onerror="console.error(1)">=HYPERLINK("http://x","y")'), { out: evil, formats: ['html'] });
    const p2 = await open(join(evil, 'report.html'));
    expect(await p2.locator('main img').count()).toBe(0);
    expect(await p2.locator('#ranking-table tbody tr').first().locator('td').nth(1).innerText()).toBe(
      '<img src=x onerror="console.error(1)">=HYPERLINK("http://x","y")',
    );
    expect(problems).toEqual([]);
    await p2.close();
  }, 60_000);
});
