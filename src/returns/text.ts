/**
 * Text normalisation shared by header matching, city names and value parsing: full-width →
 * half-width (NFKC), whitespace, and the markers that mean "missing" or "not applicable".
 */

/** Plain ASCII and CJK unified ideographs: nothing for NFKC to change. */
const FAST = /^[\x20-\x7e\u4e00-\u9fff]*$/;

/** Full-width → half-width, NFKC, trimmed. Cheap for plain ASCII and Chinese text. */
export function halfWidth(s: string): string {
  if (FAST.test(s)) return s.trim();
  return s
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uff0d]/g, (ch) => (ch === '\u2014' || ch === '\u2015' ? '—' : '-'))
    .replace(/[\u3000\u00a0\u2000-\u200b\u202f\u205f\ufeff]/g, ' ')
    .trim();
}

/** A matching key: half-width, lower case, without any whitespace. */
export function key(s: string): string {
  return halfWidth(s).toLowerCase().replace(/\s+/g, '');
}

const BRACKETS: [string, string][] = [
  ['(', ')'],
  ['[', ']'],
  ['【', '】'],
  ['〔', '〕'],
  ['<', '>'],
];

/**
 * Split a header like `人口（万人）` into the name and a trailing bracketed part (the unit):
 * `{ name: '人口', unit: '万人' }`, or null when the header has no trailing bracket.
 * Works on the half-width form (NFKC turns （） into ()).
 */
export function splitTrailingUnit(header: string): { name: string; unit: string } | null {
  const s = halfWidth(header);
  for (const [open, close] of BRACKETS) {
    if (!s.endsWith(close)) continue;
    let depth = 0;
    for (let i = s.length - 1; i >= 0; i--) {
      if (s[i] === close) depth++;
      else if (s[i] === open && --depth === 0) {
        const name = s.slice(0, i).trim();
        if (!name) return null;
        return { name, unit: s.slice(i + 1, -1).trim() };
      }
    }
  }
  return null;
}

/** Markers that mean "no value given" (the spec's list, plus their common spellings). */
const MISSING_MARKERS = new Set(['', '—', '——', '-', '--', '/', '／', 'n/a', '#n/a', 'na', '无数据', '暂无', '暂无数据', '空', '…', '...', '缺', '缺失']);
/** Markers that mean "does not apply to this city" (kept distinct from missing). */
const NA_MARKERS = new Set(['不适用', '不涉及', '不适用。']);

export function isMissingMarker(s: string): boolean {
  return MISSING_MARKERS.has(s.toLowerCase());
}

export function isNotApplicableMarker(s: string): boolean {
  return NA_MARKERS.has(s);
}

/** Strip an apostrophe that was put in front of =, +, -, @ to stop spreadsheet formula injection. */
export function unescapeFormulaGuard(s: string): string {
  return s.length > 1 && s.charCodeAt(0) === 39 /* ' */ && /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

/** Excel column letters for a 0-based column index. */
export function colLetters(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `C7` → { row: 7, col: 3 } (1-based). */
export function parseA1(a1: string): { row: number; col: number } | null {
  const m = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}
