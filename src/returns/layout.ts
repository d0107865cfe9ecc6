/**
 * Where the data is in a Grid: the header row (the row that matches most fields and identity
 * columns, below any title rows, or the row a template's _meta names), the rows that continue it
 * (names, units, valid ranges, last year's reference values), and the city and year named outside
 * the table (title rows, sheet name, file name) when they are not columns.
 */
import { CityscoreError, type Location } from '../errors.js';
import { isDivisionCode, normaliseCode } from './cities.js';
import type { Grid } from './grid.js';
import { LABEL_WORDS, headerScore, type ColumnRole, type HeaderMatcher } from './headers.js';
import type { TemplateMeta } from './table.js';
import { halfWidth, isMissingMarker, key } from './text.js';
import { cellText, isXCell, parseYear, type CellIn } from './values.js';

export const HEADER_SCAN_ROWS = 50;

export function isBlank(v: CellIn | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  return false;
}

export function isBlankRow(row: CellIn[]): boolean {
  for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) return false;
  return true;
}

export function firstNonBlank(row: CellIn[]): number {
  for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) return c;
  return 0;
}

export function findHeader(grid: Grid, matcher: HeaderMatcher, meta?: TemplateMeta): { row: number; roles: (ColumnRole | null)[]; fromMeta: boolean } | null {
  const rows = grid.rows;
  const rolesOf = (r: number) => rows[r].map((v) => (typeof v === 'string' ? matcher.match(v) : null));
  // A template's _meta names the header row (sheet rows are 1-based; grid rows are dense from row 1).
  if (meta?.headerRow !== undefined && grid.sheet !== undefined && meta.headerRow - 1 < rows.length) {
    const roles = rolesOf(meta.headerRow - 1);
    if (headerScore(roles).ok) return { row: meta.headerRow - 1, roles, fromMeta: true };
  }
  let best: { row: number; roles: (ColumnRole | null)[]; score: number; fromMeta: boolean } | null = null;
  for (let r = 0; r < Math.min(rows.length, HEADER_SCAN_ROWS); r++) {
    const roles = rolesOf(r);
    const s = headerScore(roles);
    if (!s.ok) continue;
    if (!best || s.score > best.score) best = { row: r, roles, score: s.score, fromMeta: false };
  }
  return best;
}

export function noHeader(grid: Grid, matcher: HeaderMatcher): CityscoreError {
  const first = grid.rows.find((r) => !isBlankRow(r)) ?? [];
  const headers = first.map((v) => cellText(v)).filter(Boolean);
  const sug = headers.map((h) => matcher.suggest(h)).find(Boolean);
  const where: Location = grid.sheet !== undefined ? { file: grid.file, sheet: grid.sheet, cell: 'A1' } : { file: grid.file, line: 1 };
  return new CityscoreError('NO_HEADER', `no header row matches the fields of ${matcher.system.id} (first ${HEADER_SCAN_ROWS} rows searched)`, {
    location: where,
    hint: sug
      ? `did you mean ${sug}? Headers match field ids, names or aliases (cityscore show ${matcher.system.id})`
      : `headers must be field ids, names or aliases of ${matcher.system.id} (cityscore show ${matcher.system.id}; cityscore template writes a ready form)`,
  });
}

/**
 * Rows right after the header that continue it (names, units, valid ranges in the template):
 * their identity cells are blank or labels, and no data cell holds a number.
 */
export function skipContinuationRows(rows: CellIn[][], start: number, codeCol: number, nameCol: number, yearCol: number, dataCols: number[]): number {
  let r = start;
  while (r < rows.length && r < start + 6) {
    const row = rows[r];
    const ident = (c: number) => (c >= 0 ? halfWidth(cellText(row[c] ?? null)) : '');
    const name = ident(nameCol);
    // a row labelled in the city column (上年参考值, 单位, 填写范围…) continues the header
    if (name && LABEL_WORDS.has(key(name))) {
      r++;
      continue;
    }
    if (isDivisionCode(normaliseCode(ident(codeCol)))) break;
    if (yearCol >= 0 && parseYear(row[yearCol] ?? null) !== null) break;
    if (name && !isMissingMarker(name)) break;
    const numeric = dataCols.some((c) => {
      const v = row[c];
      return typeof v === 'number' || isXCell(v ?? null) || (typeof v === 'string' && /^\s*[-+]?\d[\d,.\s]*%?\s*$/.test(v));
    });
    if (numeric) break;
    // without identity columns, only rows of header-like text (names, units) are skipped
    if (codeCol < 0 && nameCol < 0 && yearCol < 0 && dataCols.every((c) => isBlank(row[c]))) break;
    r++;
  }
  return r;
}

/** City and year named outside the table: title rows above the header, the sheet name, the file name. */
export function contextIdentity(grid: Grid, headerRow: number): { code?: string; name?: string; year?: number } {
  const texts: string[] = [];
  for (let r = 0; r < headerRow; r++) for (const v of grid.rows[r]) if (!isBlank(v)) texts.push(cellText(v));
  const title = halfWidth(texts.join(' '));
  const out: { code?: string; name?: string; year?: number } = {};
  const cityM = /(?:城市|填报单位|地区|单位|市州|地市)\s*[:：]\s*([^\s,，;；:：]+)/.exec(title);
  if (cityM) out.name = cityM[1];
  const codeM = /(?:代码)\s*[:：]?\s*([1-8]\d{5})(?!\d)/.exec(title);
  if (codeM) out.code = codeM[1];
  const yearM = /((?:19|20)\d{2})\s*年/.exec(title) ?? /(?:年度|年份)\s*[:：]\s*((?:19|20)\d{2})/.exec(title);
  if (yearM) out.year = Number(yearM[1]);
  for (const extra of grid.context ?? []) {
    const t = halfWidth(extra);
    if (!out.name && !out.code) {
      for (const tok of t.split(/[\s\-_.,，()（）]+/)) {
        if (/^[\u3400-\u9fff·]{1,12}(?:市|地区|自治州|盟|县|区)$/.test(tok)) {
          out.name = tok;
          break;
        }
        if (isDivisionCode(tok)) {
          out.code = tok;
          break;
        }
      }
    }
    if (out.year === undefined) {
      const m = /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(t);
      if (m) out.year = Number(m[1]);
    }
  }
  return out;
}
