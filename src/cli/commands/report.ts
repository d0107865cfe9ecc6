/**
 * cityscore report <results.json> --out <dir> [--format xlsx,md,html,json] [--per-city] [--lang]:
 * render saved results again (all four formats by default). The results file itself is never
 * overwritten.
 */
import { CityscoreError } from '../../errors.js';
import { generatedAt } from '../../engine/results.js';
import { isLang, REPORT_FORMATS, writeReports, type ReportFormat } from '../../report/index.js';
import { readResultsFile } from '../../report/read.js';
import type { IO } from '../io.js';

export interface ReportCliOptions {
  out: string;
  format?: string[];
  perCity?: boolean;
  lang?: string;
}

export async function run(resultsFile: string, opts: ReportCliOptions, io: IO): Promise<number> {
  const results = readResultsFile(resultsFile);
  if (opts.lang !== undefined && !isLang(opts.lang)) throw new CityscoreError('USAGE', `--lang ${opts.lang}: use zh-CN or en`, { exitCode: 2 });
  const formats = (opts.format?.length ? opts.format : [...REPORT_FORMATS]) as ReportFormat[];
  const files = await writeReports(results, {
    out: opts.out,
    formats,
    perCity: opts.perCity,
    lang: opts.lang as 'zh-CN' | 'en' | undefined,
    inputs: [resultsFile],
    date: generatedAt(io.env.SOURCE_DATE_EPOCH),
  });
  if (!io.quiet) io.out(`${files.length} file${files.length === 1 ? '' : 's'} written to ${opts.out}`);
  return 0;
}
