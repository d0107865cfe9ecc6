/**
 * CSV as cityscore writes it everywhere (reports, stage dumps, templates): text that a spreadsheet
 * would run as a formula gets a `'` before it, fields are quoted when needed, numbers are written
 * as they are. Files for Excel are UTF-8 with BOM and CRLF line ends (RFC 4180).
 */

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when a spreadsheet program would read the text as a formula or command (a plain negative number is not). */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s) && !NUMBER.test(s);
}

/** One CSV field: numbers as they are (non-finite: empty); text quoted when needed, with a `'` before a formula-like start. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const t = looksLikeFormula(v) ? `'${v}` : v;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** CSV text: for Excel (the default) UTF-8 with BOM and CRLF; else plain LF lines (stdout). */
export function csvText(rows: readonly (readonly (string | number | null | undefined)[])[], opts: { excel?: boolean } = {}): string {
  const excel = opts.excel ?? true;
  const eol = excel ? '\r\n' : '\n';
  return `${excel ? '\uFEFF' : ''}${rows.map((r) => r.map(csvField).join(',')).join(eol)}${eol}`;
}
