/**
 * Report benchmark on generated data: 3,000 cities × 60 leaf indicators (the engine benchmark's
 * system and dataset, with a baseline year so that changes are drawn). All four formats in one
 * `writeReports` call — the workbook with every city × indicator row, Markdown and HTML with the
 * summaries (city sections move to per-city reports beyond 50 cities), the JSON and CSV — then each
 * format alone. Every run is a child process, so its peak RSS is its own.
 *
 *   npx tsx bench/report.ts        prints the figures
 *   benchReport()                  returns them (bench/run.ts)
 *
 * Target: all four formats under 5 s and 1 GB peak memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluate } from '../src/engine/evaluate.js';
import { compileModel } from '../src/engine/model.js';
import { buildResults, resultsToJson, type Results } from '../src/engine/results.js';
import { writeReports, type ReportFormat } from '../src/report/index.js';
import { dataset, loadBenchSystem } from './engine.js';

export interface ReportBenchRow {
  name: string;
  seconds: number;
  peakMB: number;
}

const SELF = fileURLToPath(import.meta.url);

/** Results for 3,000 generated cities with a baseline year (built with the engine directly). */
export async function benchResults(): Promise<Results> {
  const sys = await loadBenchSystem('absolute');
  const model = compileModel(sys);
  const base = buildResults(evaluate(model, dataset(sys, 2), { groupBy: 'province' }), { version: 'bench' });
  const ev = evaluate(model, dataset(sys, 1), { groupBy: 'province' });
  return buildResults(ev, { version: 'bench', sourceDateEpoch: 1700000000, baseline: { results: base, file: 'baseline.json' } });
}

/**
 * Child: write the reports and print the time and the process's peak RSS as JSON. The report
 * modules are loaded first (under tsx, loading means compiling TypeScript, which the built CLI
 * does not do); exceljs itself is loaded inside the timing, as in the CLI.
 */
async function child(resultsFile: string, out: string, formats: ReportFormat[]): Promise<void> {
  await import('../src/report/xlsx/index.js');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
  const t0 = performance.now();
  const files = await writeReports(results, { out, formats });
  const seconds = (performance.now() - t0) / 1000;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ seconds, peakMB, files: files.length })}\n`);
}

/**
 * The built CLI end to end (`cityscore report results.json --out dir`): start-up, reading and
 * parsing the results, all four formats. A preloaded hook prints the process's peak RSS on exit.
 */
function runBuiltCli(resultsFile: string, dir: string): { seconds: number; peakMB: number } {
  const out = mkdtempSync(join(tmpdir(), 'cityscore-bench-report-'));
  const hook = join(dir, 'peak.cjs');
  writeFileSync(hook, "process.on('exit', () => process.stderr.write('PEAK ' + process.resourceUsage().maxRSS + '\\n'));\n");
  try {
    const bin = join(dirname(SELF), '..', 'bin', 'cityscore');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', hook, bin, 'report', resultsFile, '--out', out, '--quiet'], { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`cityscore report failed: ${r.stderr}`);
    const peak = /PEAK (\d+)/.exec(r.stderr);
    return { seconds, peakMB: peak ? Number(peak[1]) / 1024 : NaN };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runChild(resultsFile: string, formats: ReportFormat[]): { seconds: number; peakMB: number } {
  const out = mkdtempSync(join(tmpdir(), 'cityscore-bench-report-'));
  try {
    const text = execFileSync(process.execPath, ['--import', 'tsx', SELF, '--child', resultsFile, out, formats.join(',')], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const line = text.trim().split('\n').pop()!;
    return JSON.parse(line) as { seconds: number; peakMB: number };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchReport(): Promise<ReportBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cityscore-bench-results-'));
  try {
    const results = await benchResults();
    const file = join(dir, 'results.json');
    writeFileSync(file, resultsToJson(results));
    const n = results.cities.length;
    const leaves = results.nodes.filter((x) => x.leaf).length;
    const rows: ReportBenchRow[] = [];
    const all = runChild(file, ['xlsx', 'md', 'html', 'json']);
    rows.push({ name: `all four formats (xlsx, md, html, json) for ${n} cities × ${leaves} indicators`, ...all });
    for (const f of ['xlsx', 'md', 'html', 'json'] as ReportFormat[]) rows.push({ name: `${f} only`, ...runChild(file, [f]) });
    rows.push({
      name: `cityscore report (built CLI) end to end: start, read ${(statSync(file).size / 1e6).toFixed(0)} MB of results, all four formats`,
      ...runBuiltCli(file, dir),
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5].split(',') as ReportFormat[]);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchReport()) console.log(`${r.seconds.toFixed(2).padStart(7)} s  ${r.peakMB.toFixed(0).padStart(5)} MB  ${r.name}`);
}
