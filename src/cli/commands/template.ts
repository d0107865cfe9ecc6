/**
 * `cityscore template <system> -o FILE [--year Y] [--city NAME…] [--prefill FILES…]
 *  [--layout wide|long] [--format xlsx|csv]`: write the form a city fills in. With --city, one
 * pre-filled form per city (`-o` is then a folder, a file name that gets the city appended, or a
 * pattern with {city}, {code} and {year}).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { CityscoreError, usageError } from '../../errors.js';
import { CityRegistry, isDivisionCode, normaliseCode } from '../../returns/cities.js';
import { loadReturns } from '../../returns/index.js';
import { buildTemplateCsv, buildTemplateXlsx, templateFields, type TemplateCity, type TemplateOptions } from '../../returns/template.js';
import { requireSystem } from '../../system/load.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import type { IO } from '../io.js';

export interface TemplateCliOptions {
  output: string;
  year?: number;
  city?: string[];
  prefill?: string[];
  layout?: 'wide' | 'long';
  format?: 'xlsx' | 'csv';
}

export async function run(systemRef: string, opts: TemplateCliOptions, io: IO): Promise<number> {
  const system = await requireSystem(systemRef);
  const format = opts.format ?? (extname(opts.output).toLowerCase() === '.csv' ? 'csv' : 'xlsx');
  const ext = `.${format}`;
  if (extname(opts.output) && !isFolder(opts.output) && extname(opts.output).toLowerCase() !== ext && !opts.output.includes('{')) {
    throw usageError(
      `the output ${opts.output} does not end in ${ext}`,
      `use -o ${basename(opts.output, extname(opts.output))}${ext}, or --format ${format === 'xlsx' ? 'csv' : 'xlsx'}`,
    );
  }
  if (opts.year !== undefined && (opts.year < 1900 || opts.year > 2100)) throw usageError(`--year ${opts.year} is not a plausible reporting year`);
  const cities = resolveCities(opts.city ?? [], io);
  const previous = opts.prefill?.length ? await loadReturns(system, opts.prefill, { progress: io.errIsTTY }) : undefined;
  const base: TemplateOptions = { year: opts.year, layout: opts.layout ?? 'wide', previous };

  const jobs: { path: string; opts: TemplateOptions }[] = cities.length
    ? cities.map((c) => ({ path: cityPath(opts.output, c, opts.year, ext), opts: { ...base, cities: [c] } }))
    : [{ path: opts.output, opts: base }];
  const paths = new Set<string>();
  for (const j of jobs) {
    if (paths.has(j.path)) throw usageError(`two cities would be written to ${j.path}`, 'use a pattern with {code} in -o');
    paths.add(j.path);
    assertNotInput(j.path, opts.prefill ?? []);
  }
  for (const j of jobs) {
    const data = format === 'csv' ? buildTemplateCsv(system, j.opts) : await buildTemplateXlsx(system, j.opts);
    writeFileAtomic(j.path, data);
  }
  if (!io.quiet) {
    const n = templateFields(system).length;
    for (const j of jobs)
      io.out(
        `wrote ${j.path} (${system.id} ${system.version}, ${n} fields${opts.year !== undefined ? `, year ${opts.year}` : ''}${j.opts.cities ? `, ${j.opts.cities[0].name}` : ''})`,
      );
  }
  return 0;
}

function isFolder(p: string): boolean {
  return p.endsWith('/') || p.endsWith('\\') || (existsSync(p) && statSync(p).isDirectory());
}

function resolveCities(given: string[], io: IO): TemplateCity[] {
  const reg = new CityRegistry();
  const out: TemplateCity[] = [];
  for (const g of given) {
    const t = g.trim();
    if (!t) continue;
    const code = normaliseCode(t);
    if (/^\d+$/.test(code)) {
      if (!isDivisionCode(code)) throw usageError(`--city ${t}: not a 6-digit division code`);
      const name = reg.nameOf(code);
      if (!name) throw usageError(`--city ${t}: the code is not in the built-in table; give the city name instead`);
      out.push({ code, name });
      continue;
    }
    const res = reg.resolve(undefined, t);
    if (!res.ok) throw new CityscoreError('USAGE', `--city ${t} matches several cities (${res.codes.join(', ')})`, { hint: 'give the division code' });
    if (!res.code) io.err(`cityscore: warning: ${t} is not in the built-in city table; its division code is left blank`);
    out.push({ code: res.code, name: res.code ? res.name : t });
  }
  return out;
}

function cityPath(output: string, city: TemplateCity, year: number | undefined, ext: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');
  if (output.includes('{')) {
    return output
      .replace(/\{city\}/g, safe(city.name))
      .replace(/\{code\}/g, city.code ?? 'nocode')
      .replace(/\{year\}/g, year !== undefined ? String(year) : '');
  }
  const stem = `${city.code ? `${city.code}-` : ''}${safe(city.name)}${year !== undefined ? `-${year}` : ''}`;
  if (isFolder(output) || !extname(output)) return join(output, `${stem}-returns${ext}`);
  return join(dirname(output), `${basename(output, extname(output))}-${stem}${ext}`);
}
