/**
 * The Excel report (exceljs streaming writer, loaded only here). The workbook's dates come from the
 * results (SOURCE_DATE_EPOCH) or a fixed epoch, and every zip entry gets the same timestamp, so the
 * same results give the same file.
 */
import { PassThrough } from 'node:stream';
import { normaliseZipTimes } from '../../returns/zip.js';
import type { ReportView } from '../view.js';
import { Book } from './book.js';
import {
  correctionsSheet,
  detailsSheet,
  dimensionsSheet,
  findingsSheet,
  fullSheet,
  methodSheet,
  overviewSheet,
  prioritiesSheet,
  systemSheet,
  type SheetScope,
} from './sheets.js';

/** The date written into workbooks when the results record none. */
export const FIXED_EPOCH = new Date(Date.UTC(2000, 0, 1));

export interface XlsxOptions {
  /** Use exceljs's public row API instead of the fast row writer (tests). */
  fast?: boolean;
}

export async function renderXlsx(v: ReportView, scope: SheetScope, opts: XlsxOptions = {}): Promise<Buffer> {
  const mod = (await import('exceljs')) as { default?: unknown };
  const ExcelJS = mod.default ?? mod;
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const date = v.date && !Number.isNaN(Date.parse(v.date)) ? new Date(v.date) : FIXED_EPOCH;
  const book = new Book(ExcelJS, stream, { scoreFormat: v.f.excelFormat, signedFormat: v.f.excelSignedFormat, date, fast: opts.fast });
  await overviewSheet(book, v, scope);
  await dimensionsSheet(book, v, scope);
  await detailsSheet(book, v, scope);
  await prioritiesSheet(book, v, scope);
  await findingsSheet(book, v, scope);
  await correctionsSheet(book, v, scope);
  await systemSheet(book, v);
  await methodSheet(book, v, scope);
  await fullSheet(book, v, scope);
  await book.commit();
  await done;
  return normaliseZipTimes(Buffer.concat(chunks));
}
