/**
 * Public API of the returns stage: files → typed Dataset (see dataset.ts).
 * PLACEHOLDER signature; the implementation lands with the returns work.
 */
import { CityscoreError } from '../errors.js';
import type { ResolvedSystem } from '../system/model.js';
import type { Dataset } from './dataset.js';

export interface ReturnsOptions {
  /** CSV encoding override (utf-8, gb18030, gbk); detected when omitted. */
  encoding?: string;
  /** Excel sheet name, or '*' for every sheet. */
  sheet?: string;
  /** Default data-source id for files given without a `source=` prefix. */
  source?: string;
  /** Corrections file (CSV or YAML). */
  corrections?: string;
  /** Keep only this year. */
  year?: number;
  /** Show a progress bar on stderr (only when it is a terminal). */
  progress?: boolean;
}

/**
 * Read returns. Each file argument is a path, optionally prefixed with a data-source id:
 * `survey=samples/survey-2023.csv`. Unreadable files throw CityscoreError (exit 2); located
 * defects become `dataset.findings`.
 */
export async function loadReturns(_system: ResolvedSystem, _files: readonly string[], _opts: ReturnsOptions = {}): Promise<Dataset> {
  throw new CityscoreError('NOT_IMPLEMENTED', 'returns ingestion is not available yet');
}
