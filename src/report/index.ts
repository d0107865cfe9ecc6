/**
 * Reports from results: Excel (exceljs, loaded lazily), Markdown with SVG charts, one
 * self-contained HTML file, the results JSON and a ranking CSV; optionally one report per city.
 *
 *   const files = await writeReports(results, { out: 'out', formats: ['xlsx', 'md', 'html', 'json'], perCity: true, lang: 'zh-CN' });
 *
 * Layout of `out/`:
 *   report.xlsx                  xlsx
 *   report.md, charts/*.svg      md
 *   report.html                  html
 *   results.json, ranking.csv    json (the CSV is UTF-8 with BOM)
 *   cities/<code>-<name>-<year>.{md,html,xlsx}, cities/charts/*.svg   with perCity
 *
 * Deterministic: the same results and options give byte-identical files (dates come from the
 * results, i.e. SOURCE_DATE_EPOCH, or `opts.date`). Every file is written atomically; an output
 * path that is one of `opts.inputs` is refused before anything is written.
 */
import { join } from 'node:path';
import { CityscoreError } from '../errors.js';
import { resultsJsonLines, type Results, type ResultsCity } from '../engine/results.js';
import type { Dataset } from '../returns/dataset.js';
import type { AuditResult } from '../analysis/audit/audit.js';
import type { SensitivityResult } from '../analysis/sensitivity/result.js';
import { auditBlocks, sensitivityBlocks } from './analysis-sections.js';
import { assertNotInput, writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import type { Doc } from './doc.js';
import { csvText, isNum } from './format.js';
import { renderHtml } from './html.js';
import { defaultLang, isLang, type Lang } from './i18n.js';
import { renderMarkdown } from './markdown.js';
import { cityStems } from './names.js';
import { cityDoc } from './per-city.js';
import { CITY_SECTIONS_LIMIT, mainDoc } from './sections.js';
import { buildView, type ReportView } from './view.js';

export type ReportFormat = 'xlsx' | 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'md', 'html', 'json'];

export interface WriteReportsOptions {
  out: string;
  formats: ReportFormat[];
  perCity?: boolean;
  lang?: Lang;
  /** Files read to make the results (returns, baseline, the results file): never overwritten. */
  inputs?: string[];
  /** The dataset the results were computed from (score --out): adds raw values and their cells to the details. */
  dataset?: Dataset;
  /** Report date when the results record none (ISO; e.g. from SOURCE_DATE_EPOCH). */
  date?: string;
  /** Per-city workbooks too (default: when xlsx is among the formats). */
  perCityXlsx?: boolean;
  /** Results of `cityscore sensitivity` and `cityscore audit`, as sections of the main report. */
  sensitivity?: SensitivityResult;
  audit?: AuditResult;
}

export { buildView, defaultLang, isLang };
export type { Lang, ReportView };

export async function writeReports(results: Results, opts: WriteReportsOptions): Promise<string[]> {
  const formats = checkFormats(opts.formats);
  const lang = opts.lang ?? defaultLang(results);
  if (!isLang(lang)) throw new CityscoreError('USAGE', `unknown report language "${String(lang)}"`, { exitCode: 2, hint: 'use zh-CN or en' });
  const v = buildView(results, lang, { date: opts.date, dataset: opts.dataset });
  const out = opts.out;
  const inputs = opts.inputs ?? [];
  const written: string[] = [];
  const plan = (rel: string) => join(out, rel);
  // Refuse before writing anything when a main output would overwrite an input.
  for (const rel of mainFiles(formats)) assertNotInput(plan(rel), inputs);
  const write = (rel: string, data: string | Uint8Array | Iterable<string>) => {
    const p = plan(rel);
    assertNotInput(p, inputs);
    writeFileAtomic(p, data);
    written.push(p);
  };

  const perCity = !!opts.perCity;
  const stems = cityStems(v.focus);
  const cityLink = (ext: string) => (c: ResultsCity) => (perCity ? `cities/${stems.get(c.key)}.${ext}` : undefined);
  const radarName = (c: ResultsCity) => `radar-${stems.get(c.key)}`;
  const analysis = [...(opts.sensitivity ? sensitivityBlocks(v, opts.sensitivity) : []), ...(opts.audit ? auditBlocks(v, opts.audit) : [])];

  if (formats.has('md')) {
    const doc = mainDoc(v, { perCity, cityLink: cityLink('md'), radarName, analysis });
    writeCharts(doc, 'charts', write);
    write('report.md', renderMarkdown(doc, { chartPath: (n) => `charts/${n}.svg` }));
  }
  if (formats.has('html')) {
    const doc = mainDoc(v, { perCity, cityLink: cityLink('html'), radarName, analysis });
    write('report.html', renderHtml(doc, { generator: `cityscore ${VERSION}` }));
  }
  if (formats.has('json')) {
    write('results.json', resultsJsonLines(results));
    write('ranking.csv', rankingCsv(v));
  }
  if (formats.has('xlsx')) {
    const { renderXlsx } = await import('./xlsx/index.js');
    const many = v.cities.length > CITY_SECTIONS_LIMIT;
    write('report.xlsx', await renderXlsx(v, { cities: v.cities, priorities: many ? 10 : undefined }));
  }
  if (perCity) {
    // Each city gets the requested text formats (Markdown and HTML when only data formats were asked for).
    const md = formats.has('md') || (!formats.has('html') && !formats.has('md'));
    const html = formats.has('html') || (!formats.has('html') && !formats.has('md'));
    const renderXlsx = (opts.perCityXlsx ?? formats.has('xlsx')) ? (await import('./xlsx/index.js')).renderXlsx : undefined;
    for (const c of v.focus) {
      const stem = stems.get(c.key)!;
      if (md) {
        const doc = cityDoc(v, c, { stem, mainReport: formats.has('md') ? '../report.md' : undefined });
        writeCharts(doc, 'cities/charts', write);
        write(`cities/${stem}.md`, renderMarkdown(doc, { chartPath: (n) => `charts/${n}.svg` }));
      }
      if (html) {
        const doc = cityDoc(v, c, { stem, mainReport: formats.has('html') ? '../report.html' : undefined });
        write(`cities/${stem}.html`, renderHtml(doc, { generator: `cityscore ${VERSION}` }));
      }
      if (renderXlsx) write(`cities/${stem}.xlsx`, await renderXlsx(v, { cities: v.cities.filter((x) => x.key === c.key), city: c }));
    }
  }
  return written;
}

function checkFormats(formats: readonly string[]): Set<ReportFormat> {
  const set = new Set<ReportFormat>();
  for (const f of formats) {
    const x = f.trim().toLowerCase();
    if (x === 'markdown') set.add('md');
    else if ((REPORT_FORMATS as readonly string[]).includes(x)) set.add(x as ReportFormat);
    else throw new CityscoreError('USAGE', `unknown report format "${f}"`, { exitCode: 2, hint: `formats: ${REPORT_FORMATS.join(', ')}` });
  }
  if (!set.size) throw new CityscoreError('USAGE', 'no report format given', { exitCode: 2, hint: `formats: ${REPORT_FORMATS.join(', ')}` });
  return set;
}

function mainFiles(formats: Set<ReportFormat>): string[] {
  const out: string[] = [];
  if (formats.has('md')) out.push('report.md');
  if (formats.has('html')) out.push('report.html');
  if (formats.has('json')) out.push('results.json', 'ranking.csv');
  if (formats.has('xlsx')) out.push('report.xlsx');
  return out;
}

function writeCharts(doc: Doc, dir: string, write: (rel: string, data: string) => void): void {
  for (const b of doc.blocks) if (b.t === 'figure') write(`${dir}/${b.name}.svg`, `${b.svg}\n`);
}

/** The ranking as CSV (numbers rounded by the system's rule; text that looks like a formula is quoted inert). */
export function rankingCsv(v: ReportView): string {
  const { s, f } = v;
  const head: string[] = [s.rank, s.city, s.code, s.yearCol, s.total, s.tier];
  if (v.hasChange) head.push(s.change, s.rankChange);
  if (v.groupName) head.push(s.groupRank(v.groupName));
  for (const d of v.dims) head.push(`${d.id} ${v.nodeName(d.id)}`);
  const rows: (string | number | null)[][] = [head];
  for (const c of v.cities) {
    const row: (string | number | null)[] = [isNum(c.rank) ? c.rank : null, c.name, c.code ?? '', c.year, f.round(c.total), c.tier ? v.tierName(c.tier) : ''];
    if (v.hasChange) row.push(c.change ? f.round(c.change.total) : null, c.change && isNum(c.change.rank) ? c.change.rank : null);
    if (v.groupName) row.push(isNum(c.groupRank) ? c.groupRank : null);
    for (const d of v.dims) row.push(f.round(v.score(c, d.id)?.points));
    rows.push(row);
  }
  return csvText(rows);
}
