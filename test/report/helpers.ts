/**
 * Shared by the report tests: real results from the bundled samples (made once per test file with
 * the built binary), variants of them, a zip reader for the workbooks, and a headless Chromium.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Results, ResultsCity } from '../../src/engine/results.js';
import { inflateEntry, readZipDirectory } from '../../src/returns/zip.js';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

export const SAMPLES = join(PROJECT_ROOT, 'samples', 'gbt-33356-2016-completed');
export const SAMPLE_FILES = ['returns-2022-2023.gb18030.csv', 'survey-2022-2023.csv', 'central-2022-2023.csv', 'corrections.csv'];

export function tmp(prefix = 'cityscore-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copy the sample inputs into a folder (so tests can change them), returning the folder. */
export function copySamples(dir: string): string {
  for (const f of SAMPLE_FILES) copyFileSync(join(SAMPLES, f), join(dir, f));
  return dir;
}

export interface SampleRun {
  dir: string;
  /** 2022 results (the baseline). */
  base: string;
  /** 2023 results with corrections and the 2022 baseline. */
  file: string;
  results: Results;
}

/**
 * Score the samples in a temporary folder, with paths relative to it (as a user would): 2022, then
 * 2023 with the corrections and 2022 as the baseline.
 */
export function sampleRun(): SampleRun {
  const dir = copySamples(tmp());
  const args = ['score', 'gbt-33356-2016-completed', 'returns-2022-2023.gb18030.csv', 'survey=survey-2022-2023.csv', 'central=central-2022-2023.csv'];
  const a = runCli([...args, '--year', '2022', '--json', '-o', 'r2022.json'], { cwd: dir });
  if (a.status !== 0) throw new Error(`score 2022 failed: ${a.stderr}`);
  const b = runCli([...args, '--year', '2023', '--corrections', 'corrections.csv', '--baseline', 'r2022.json', '--json', '-o', 'r2023.json'], { cwd: dir });
  if (b.status !== 0) throw new Error(`score 2023 failed: ${b.stderr}`);
  const file = join(dir, 'r2023.json');
  return { dir, base: join(dir, 'r2022.json'), file, results: JSON.parse(readFileSync(file, 'utf8')) as Results };
}

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The results with one city renamed (everywhere its name is shown). */
export function renameCity(r: Results, index: number, name: string): Results {
  const out = clone(r);
  const c = out.cities[index];
  const old = c.name;
  c.name = name;
  for (const x of out.cities) {
    if (x.diagnosis?.best?.name === old) x.diagnosis.best.name = name;
  }
  return out;
}

/** Results with `n` cities: the sample's cities repeated with new keys, names and ranks. */
export function manyCities(r: Results, n: number): Results {
  const out = clone(r);
  const cities: ResultsCity[] = [];
  for (let i = 0; i < n; i++) {
    const c = clone(r.cities[i % r.cities.length]);
    c.key = `C${i}@${c.year}`;
    c.code = String(500000 + i);
    c.name = `城市${String(i).padStart(3, '0')}`;
    c.total = (c.total ?? 0) - i * 0.01;
    c.display = null;
    cities.push(c);
  }
  cities.sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
  cities.forEach((c, i) => {
    c.rank = i + 1;
    c.of = n;
  });
  out.cities = cities;
  out.summary = { ...out.summary, cities: n, scored: n };
  return out;
}

/** Every entry of a zip file, inflated (xlsx parts). */
export function zipEntries(file: string | Buffer): Map<string, string> {
  const buf = typeof file === 'string' ? readFileSync(file) : file;
  const out = new Map<string, string>();
  for (const e of readZipDirectory(buf)) out.set(e.name, inflateEntry(buf, e, 512 * 1024 * 1024).toString('utf8'));
  return out;
}

/** Every file under a folder, by relative path. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** The flags for Chromium in tests (no network, no first-run, fresh profile from launchPersistentContext). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
