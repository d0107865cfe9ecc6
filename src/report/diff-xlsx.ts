/**
 * The diff report as a workbook: a changes sheet and, with --returns, an impact sheet.
 * Strings are written as strings (a leading = + - @ gets a quote prefix), numbers as numbers.
 * Deterministic: a fixed (or SOURCE_DATE_EPOCH) date and the same timestamp on every zip entry.
 */
import type { DiffReport } from '../analysis/diff/render.js';
import { normaliseZipTimes } from '../returns/zip.js';
import { looksLikeFormula } from '../util/csv.js';

const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

function safe(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

export async function diffWorkbook(r: DiffReport): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : FIXED_DATE;
  wb.created = date;
  wb.modified = date;
  wb.creator = 'cityscore';
  const ch = wb.addWorksheet('changes', { views: [{ state: 'frozen', ySplit: 1 }] });
  ch.columns = [
    { header: 'class', key: 'class', width: 10 },
    { header: 'check', key: 'check', width: 24 },
    { header: 'subject', key: 'subject', width: 16 },
    { header: 'change', key: 'message', width: 80 },
    { header: 'old location', key: 'oldAt', width: 36 },
    { header: 'new location', key: 'newAt', width: 36 },
    { header: 'dimension', key: 'dimension', width: 10 },
    { header: 'fingerprint', key: 'fingerprint', width: 14 },
  ];
  for (const c of r.changes) {
    ch.addRow({
      class: c.class,
      check: c.check,
      subject: safe(c.subject),
      message: safe(c.message),
      oldAt: c.oldAt ? `${c.oldAt.file}:${c.oldAt.line}` : '',
      newAt: c.newAt ? `${c.newAt.file}:${c.newAt.line}` : '',
      dimension: safe(c.dimension),
      fingerprint: c.fingerprint,
    });
  }
  ch.autoFilter = { from: 'A1', to: 'H1' };
  ch.getRow(1).font = { bold: true };
  const im = r.impact;
  if (im) {
    const sh = wb.addWorksheet('impact', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    const groups = im.attribution?.groups ?? [];
    sh.columns = [
      { header: 'city', key: 'name', width: 16 },
      { header: 'old total', key: 'oldTotal', width: 10, style: { numFmt: '0.00' } },
      { header: 'new total', key: 'newTotal', width: 10, style: { numFmt: '0.00' } },
      { header: 'change', key: 'change', width: 10, style: { numFmt: '+0.00;-0.00;0.00' } },
      { header: 'old rank', key: 'oldRank', width: 9 },
      { header: 'new rank', key: 'newRank', width: 9 },
      { header: 'old tier', key: 'oldTier', width: 10 },
      { header: 'new tier', key: 'newTier', width: 10 },
      ...groups.map((g, i) => ({ header: `Shapley ${g.id}`, key: `g${i}`, width: 12, style: { numFmt: '+0.00;-0.00;0.00' } })),
    ];
    for (const c of im.cities) {
      const row: Record<string, unknown> = {
        name: safe(c.name),
        oldTotal: c.old.total,
        newTotal: c.new.total,
        change: c.change,
        oldRank: c.old.rank,
        newRank: c.new.rank,
        oldTier: safe(c.old.tier ?? ''),
        newTier: safe(c.new.tier ?? ''),
      };
      groups.forEach((_, i) => (row[`g${i}`] = c.shapley?.[i] ?? null));
      sh.addRow(row);
    }
    sh.getRow(1).font = { bold: true };
    sh.addRow([]);
    for (const y of im.byYear) {
      const label = im.byYear.length > 1 ? `${y.year} ` : '';
      // Undefined for a year with fewer than two cities: an empty cell, never NaN in the sheet XML.
      sh.addRow([`${label}Spearman rho`, Number.isFinite(y.spearman) ? y.spearman : null]);
      sh.addRow([`${label}Kendall tau-b`, Number.isFinite(y.kendall) ? y.kendall : null]);
    }
  }
  return new Uint8Array(normaliseZipTimes(Buffer.from(await wb.xlsx.writeBuffer())));
}
