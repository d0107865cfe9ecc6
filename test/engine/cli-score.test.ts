/** cityscore score / explain end to end (in-process, real returns ingestion of the CSV fixtures). */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { validate } from './helpers/json-schema-lite.js';
import { fixture } from './helpers/system.js';
import type { Results } from '../../src/engine/results.js';
import { nodeScore, priorityDetails } from '../../src/engine/results-access.js';

const SYS = fixture('national-example.yaml');
const R23 = fixture('national-returns-2023.csv');
const R22 = fixture('national-returns-2022.csv');
const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schema', 'results.schema.json'), 'utf8'));

async function cli(args: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ env, columns: 200 });
  const code = await execute(args, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cityscore-cli-'));

describe('cityscore score', () => {
  it('prints the ranking, first-level scores, tiers and a data-quality summary (exit 0)', async () => {
    const r = await cli(['score', SYS, R23]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/国标计分示例 \(national-example 1\) — 4 of 4 city-years scored/);
    expect(lines[1]).toMatch(/^rank\s+city\s+total\s+tier\s+L1\s+L8$/);
    expect(lines[3]).toMatch(/^\s+1\s+梧州市\s+\d+\.\d\d\s+\S+期/);
    expect(r.out).toMatch(/points: L1 惠民服务 \(37\.00\) · L8 市民体验 \(63\.00\)/);
    expect(r.out).toMatch(/data quality: 1 error\(s\), 2 warning\(s\)/);
    expect(r.out).toMatch(/error FORMULA_DOMAIN: 桂林市 2023: L1P1-A1: division by zero/);
  });

  it('--strict exits 1 on data errors', async () => {
    expect((await cli(['score', SYS, R23, '--strict'])).code).toBe(1);
    expect((await cli(['score', SYS, R22, '--strict'])).code).toBe(0);
  });

  it('warns about assumed and provisional weights in a banner', async () => {
    const r = await cli(['score', fixture('national-assumed.yaml'), R23]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(
      "⚠ weights not confirmed by the source — 1 provisional (unconfirmed sources): L8; 2 assumed (chosen by the system's authors): L1P1-A2, L1P1-A3. cityscore show national-assumed lists them.",
    );
  });

  it('--city 南宁 prints the diagnosis; reaching the top priority raises the total by the stated gain', async () => {
    const r = await cli(['score', SYS, R23, '--city', '南宁']);
    expect(r.out).toMatch(/南宁市 2023: \d+\.\d\d points, rank \d of 4/);
    expect(r.out).toMatch(/points lost by dimension/);
    expect(r.out).toMatch(/1\. L1P2-A1 城市交通运行指数发布情况: 无 → 全面 {2}\+14\.50/);
    expect(r.out).toMatch(/weaknesses vs the cities of 2023: /);

    // Acceptance: set the top priority (that reads a field) to its target in a copy of the returns.
    const before = JSON.parse((await cli(['score', SYS, R23, '--json'])).out) as Results;
    const nn = before.cities.find((c) => c.name === '南宁市')!;
    const top = nn.diagnosis!.priorities.map((p) => priorityDetails(before, nn, p)).find((p) => p.field)!;
    const dir = tmp();
    const copy = join(dir, 'returns.csv');
    const text = readFileSync(R23, 'utf8').split('\n');
    const header = text[0].split(',');
    const col = header.indexOf(top.field!);
    const row = text.findIndex((l) => l.startsWith('南宁市,'));
    const cells = text[row].split(',');
    cells[col] = top.targetLabel ?? String(top.target);
    text[row] = cells.join(',');
    writeFileSync(copy, text.join('\n'));
    const after = JSON.parse((await cli(['score', SYS, copy, '--json'])).out) as Results;
    const nn2 = after.cities.find((c) => c.name === '南宁市')!;
    expect(nn2.total! - nn.total!).toBeCloseTo(top.gain, 9);
  });

  it('--json: valid results JSON on stdout, byte-identical across runs; -o writes the file', async () => {
    const a = await cli(['score', SYS, R23, '--json', '--group-by', 'region']);
    const b = await cli(['score', SYS, R23, '--json', '--group-by', 'region']);
    expect(a.out).toBe(b.out);
    const json = JSON.parse(a.out);
    expect(validate(schema, json)).toEqual([]);
    expect(json.options).toEqual({ system: SYS, returns: [R23], groupBy: 'region' });
    expect(json.cities.find((c: { name: string }) => c.name === '梧州市').groupRank).toBe(1);
    const dir = tmp();
    const out = join(dir, 'results.json');
    const w = await cli(['score', SYS, R23, '-o', out], { SOURCE_DATE_EPOCH: '0' });
    expect(w.code).toBe(0);
    expect(w.out).toMatch(/results written to /);
    expect(JSON.parse(readFileSync(out, 'utf8')).generatedAt).toBe('1970-01-01T00:00:00.000Z');
    // --json makes and writes one city at a time; -o with the ranking printed holds them all: same bytes.
    const held = join(dir, 'held.json');
    await cli(['score', SYS, R23, '--group-by', 'region', '-o', held]);
    const streamed = join(dir, 'streamed.json');
    await cli(['score', SYS, R23, '--group-by', 'region', '--json', '-o', streamed]);
    const options = (t: string) => t.replace(/"output": "[^"]*"/, '"output": "…"');
    expect(options(readFileSync(streamed, 'utf8'))).toBe(options(readFileSync(held, 'utf8')));
    expect(JSON.parse(readFileSync(streamed, 'utf8')).cities).toEqual(json.cities);
  });

  it('--stage dumps one stage (CSV or JSON); --stages puts tables in the JSON', async () => {
    const csv = await cli(['score', SYS, R23, '--stage', 'leaf-scores']);
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('key,city,year,L1P1-A1,L1P1-A2,L1P1-A3,L1P2-A1,L1P2-A2,L8P1');
    expect(lines).toHaveLength(5);
    const js = JSON.parse((await cli(['score', SYS, R23, '--stage', 'ranks', '--stage-format', 'json'])).out);
    expect(js.columns).toEqual(['total', 'rounded', 'rank', 'tier']);
    const withStages = JSON.parse((await cli(['score', SYS, R23, '--json', '--stages', 'derived,imputed'])).out);
    expect(Object.keys(withStages.stages)).toEqual(['derived', 'imputed']);
    expect((await cli(['score', SYS, R23, '--stage', 'normalized'])).code).toBe(2);
  });

  it('--priorities: 10 by default, a number, or all (every indicator where the city loses points), recorded for verify', async () => {
    const all = JSON.parse((await cli(['score', SYS, R23, '--json', '--priorities', 'all'])).out) as Results;
    const leaves = all.nodes.filter((n) => n.leaf).map((n) => n.id);
    for (const c of all.cities) {
      if (!c.diagnosis) continue;
      const losing = leaves.filter((id) => (nodeScore(all, c, id)!.lost ?? 0) > 1e-9); // a missing value loses the whole maximum
      expect(c.diagnosis.priorities.map((p) => p.node).sort()).toEqual(losing.sort());
      const gains = c.diagnosis.priorities.map((p) => p.gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
    }
    expect(all.options.priorities).toBe('all');
    const two = JSON.parse((await cli(['score', SYS, R23, '--json', '--priorities', '2'])).out) as Results;
    expect(Math.max(...two.cities.map((c) => c.diagnosis?.priorities.length ?? 0))).toBe(2);
    const bad = await cli(['score', SYS, R23, '--priorities', 'some']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--priorities some: give a positive whole number or all/);
  });

  it('--stage <name> --format csv|json; a CSV file is UTF-8 with BOM and CRLF line ends', async () => {
    const js = JSON.parse((await cli(['score', SYS, R23, '--stage', 'ranks', '--format', 'json'])).out);
    expect(js.columns).toEqual(['total', 'rounded', 'rank', 'tier']);
    const file = join(tmp(), 'leaf.csv');
    expect((await cli(['score', SYS, R23, '--stage', 'leaf-scores', '--format', 'csv', '-o', file])).code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.startsWith('key,city,year,L1P1-A1,')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(6);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const bad = await cli(['score', SYS, R23, '--stage', 'ranks', '--format', 'xlsx']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format xlsx with --stage: use csv or json/);
  });

  it('--baseline shows the change in total and rank, and flags another system', async () => {
    const dir = tmp();
    const base = join(dir, 'base.json');
    await cli(['score', SYS, R22, '-o', base]);
    const r = await cli(['score', SYS, R23, '--baseline', base]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Δ total\s+Δ rank/);
    const json = JSON.parse((await cli(['score', SYS, R23, '--baseline', base, '--json'])).out) as Results;
    const nn = json.cities.find((c) => c.name === '南宁市')!;
    expect(nn.change!.baseline).toBe('450100@2022');
    expect(json.baseline!.sameSystem).toBe(true);
    const other = await cli(['score', fixture('national-assumed.yaml'), R23, '--baseline', base]);
    expect(other.out).toMatch(/baseline: the baseline was scored under national-example 1/);
  });

  it('exit 2: unweighted system, nothing to score, unknown city or group, report options without --out', async () => {
    const unweighted = await cli(['score', 'gbt-33356-2016', R23]);
    expect(unweighted.code).toBe(2);
    expect(unweighted.err).toMatch(/cannot be scored/);
    const dir = tmp();
    const foreign = join(dir, 'other.csv');
    writeFileSync(foreign, '城市,年份,foo\n南宁市,2023,1\n');
    const none = await cli(['score', SYS, foreign]);
    expect(none.code).toBe(2);
    // The returns reject a file without any field of the system; the engine checks again after ingestion.
    expect(none.err).toMatch(/no header row matches the fields of national-example|no field of national-example is in the returns/);
    const city = await cli(['score', SYS, R23, '--city', '南宇']);
    expect(city.code).toBe(2);
    expect(city.err).toMatch(/no city "南宇".*\n.*did you mean "南宁市"/);
    expect((await cli(['score', SYS, R23, '--group-by', 'regon'])).err).toMatch(/did you mean "region"/);
    const later = await cli(['score', SYS, R23, '--per-city']);
    expect(later.code).toBe(2);
    expect(later.err).toMatch(/--per-city needs --out <dir>/);
  });

  it('refuses to overwrite an input with -o', async () => {
    const dir = tmp();
    const copy = join(dir, 'r.csv');
    copyFileSync(R23, copy);
    const r = await cli(['score', SYS, copy, '-o', copy]);
    expect(r.code).toBe(2);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(R23, 'utf8'));
  });
});

describe('cityscore explain', () => {
  it('traces a score back to its cells, with the correction applied', async () => {
    const r = await cli(['explain', SYS, R23, '--city', '南宁', '--node', 'L1P1', '--corrections', fixture('national-corrections.csv')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^南宁市 2023 · L1P1 政务服务: 5\.92 points of 8\.00/);
    expect(r.out).toMatch(/e_licence_items 电子证照办理事项数 = 30 {3}.*national-returns-2023\.csv:2:\d+ \("30"\)/);
    expect(r.out).toMatch(/service_items 政务服务事项总数 = 100 .*national-corrections\.csv/);
    expect(r.out).toMatch(/corrected from 80 \(.*national-returns-2023\.csv:\d+:\d+ \("80"\)\) to 100: 统计口径更正.含区县事项. \(张三; .*national-corrections\.csv:2/);
    expect(r.out).toMatch(/formula e_licence_items \/ service_items \* 100 = 30/);
    expect(r.out).toMatch(/rule ratio, cap 100 → score 30/);
    expect(r.out).toMatch(/L1P1 政务服务 \(sum; missing: zero\): L1P1-A1 30 × 30% \+ L1P1-A2 100 × 30% \+ L1P1-A3 87\.5 × 40%/);
    expect(r.out).toMatch(/= 74 → 5\.92 of 8\.00 points/);
    expect(r.out).toMatch(/L1P1 5\.92\/8\.00 \(8% of the total\) → L1 惠民服务 .* → TOTAL/);
  });

  it('--json gives the trace; an unknown node is exit 2 with a suggestion', async () => {
    const r = await cli(['explain', SYS, R23, R22, '--city', '450100', '--node', 'L8P1', '--json']);
    const t = JSON.parse(r.out);
    expect(t).toHaveLength(2);
    expect(t.map((x: { unit: { year: number } }) => x.unit.year)).toEqual([2022, 2023]);
    expect(t[1].leaves[0].inputs[0]).toMatchObject({ field: 'survey', value: 80, state: 'present' });
    expect(t[1].points).toBeCloseTo(50.4, 12);
    const bad = await cli(['explain', SYS, R23, '--city', '南宁', '--node', 'L1P9']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/has no indicator "L1P9"/);
  });
});
