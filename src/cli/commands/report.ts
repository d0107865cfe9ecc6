/**
 * cityscore report <results.json> --out <dir> [--format xlsx,md,html,json] [--per-city] [--lang]
 * [--inputs-dir dir]: render saved results again (all four formats by default). The results file
 * itself is never overwritten. The raw values and their cells (item details) are not part of the
 * results: they come from the recorded inputs, found and hash-checked as `verify` does; when an
 * input is missing or has changed, the reports are written without them and a note says why.
 */
import { dirname } from 'node:path';
import { CityscoreError } from '../../errors.js';
import type { Results } from '../../engine/results.js';
import type { Dataset } from '../../returns/dataset.js';
import { generatedAt } from '../../engine/results.js';
import { isLang, REPORT_FORMATS, writeReports, type ReportFormat } from '../../report/index.js';
import { readResultsFile } from '../../report/read.js';
import { readAnalyses } from '../../report/read-analysis.js';
import type { IO } from '../io.js';

export interface ReportCliOptions {
  out: string;
  format?: string[];
  perCity?: boolean;
  lang?: string;
  inputsDir?: string;
  sensitivity?: string;
  audit?: string;
}

export async function run(resultsFile: string, opts: ReportCliOptions, io: IO): Promise<number> {
  const results = readResultsFile(resultsFile);
  if (opts.lang !== undefined && !isLang(opts.lang)) throw new CityscoreError('USAGE', `--lang ${opts.lang}: use zh-CN or en`, { exitCode: 2 });
  const formats = (opts.format?.length ? opts.format : [...REPORT_FORMATS]) as ReportFormat[];
  const analyses = readAnalyses(opts);
  const dataset = await recordedDataset(results, resultsFile, opts, io);
  const files = await writeReports(results, {
    out: opts.out,
    formats,
    perCity: opts.perCity,
    lang: opts.lang as 'zh-CN' | 'en' | undefined,
    inputs: [resultsFile, ...(opts.sensitivity ? [opts.sensitivity] : []), ...(opts.audit ? [opts.audit] : [])],
    date: generatedAt(io.env.SOURCE_DATE_EPOCH),
    dataset,
    ...analyses,
  });
  if (!io.quiet) io.out(`${files.length} file${files.length === 1 ? '' : 's'} written to ${opts.out}`);
  return 0;
}

/** The dataset from the recorded inputs when they are all there and unchanged; otherwise a note and none. */
async function recordedDataset(results: Results, resultsFile: string, opts: ReportCliOptions, io: IO): Promise<Dataset | undefined> {
  const { reloadInputs, withRecordedPaths } = await import('../../report/reload.js');
  const note = (why: string) => {
    if (!io.quiet) io.err(io.color.dim(`note: raw values and their cells are left out of the item details: ${why}`));
    return undefined;
  };
  try {
    const r = await reloadInputs(results, { inputsDir: opts.inputsDir, resultsDir: dirname(resultsFile), preferRecordedHash: true });
    const changed = r.inputs.find((i) => !i.hashOk);
    if (changed) return note(`${changed.path} has changed since the results were computed (its hash differs)`);
    if (!r.hashOk) return note(`the indicator system ${r.sysRef.ref} has changed since the results were computed`);
    return withRecordedPaths(r.dataset, r.pathMap);
  } catch (e) {
    if (e instanceof CityscoreError) return note(`${e.location?.file ? `${e.location.file}: ` : ''}${e.message}${e.hint ? ` (${e.hint})` : ''}`);
    throw e;
  }
}
