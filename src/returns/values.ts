/**
 * Turning one cell into a value of its field's type. The field's type decides:
 *   number / count / money: numbers, `1,234`, `1 234`, full-width digits, `3.5万` when the field's
 *     `magnitudes` allow it, a trailing unit equal to the field's unit;
 *   percent: as above, on the 0–100 scale; `95%` and `95 %` are explicit; a bare number is resolved
 *     per column afterwards (see `resolvePercentColumn`);
 *   boolean: 是/否, 有/无, √/×, Y/N, true/false, 1/0 → 1/0;
 *   level: the label (matched without spaces and width differences) → its index in `levels`;
 *   text: the text.
 * Blank and the missing markers (—, -, /, N/A, 无数据, 暂无) are MISSING; 不适用 is NOT_APPLICABLE.
 *
 * The hot path writes into a reused result object instead of allocating one per cell.
 */
import type { ResolvedField } from '../system/model.js';
import { INVALID, MISSING, NOT_APPLICABLE, PRESENT, type CellState } from './dataset.js';
import { halfWidth, isMissingMarker, isNotApplicableMarker, key, unescapeFormulaGuard } from './text.js';

/** A cell as read from a file. Strings from CSV; typed values from Excel. */
export type CellIn = string | number | boolean | Date | null | XCell;

/** Excel cells that need more than their value. */
export type XCell =
  /** A number whose number format shows it as a percentage (0.95 displayed as 95%). */
  | { kind: 'pct'; v: number }
  /** A formula with no cached result: exceljs never calculates. */
  | { kind: 'noresult'; formula: string }
  /** An error value (#DIV/0!, #N/A, …), cached or typed. */
  | { kind: 'error'; error: string };

export function isXCell(v: CellIn): v is XCell {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

/** The cell as text, for headers, identity columns and provenance. */
export function cellText(v: CellIn): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoDate(v);
  if (v.kind === 'pct') return `${fix15(v.v * 100)}%`;
  if (v.kind === 'noresult') return `=${v.formula}`;
  return v.error;
}

export function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** Round away binary noise from scaling (0.955 × 100 = 95.49999999999999 → 95.5). */
export function fix15(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}

export const FLAG_BARE = 1;
export const FLAG_EXPLICIT_PCT = 2;
/** A number cell that states its own unit or magnitude (`35 万人`, `356.2万`): a column's unit does not apply to it. */
export const FLAG_OWN_UNIT = 4;

export interface Problem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
}

export interface Parsed {
  state: CellState;
  value: number;
  text: string | null;
  /** FLAG_BARE: a bare number in a percent field (scale decided per column); FLAG_EXPLICIT_PCT: `95%`; FLAG_OWN_UNIT. */
  flag: number;
  problem: Problem | null;
}

const out: Parsed = { state: MISSING, value: NaN, text: null, flag: 0, problem: null };

function set(state: CellState, value: number, text: string | null, flag = 0, problem: Problem | null = null): Parsed {
  out.state = state;
  out.value = value;
  out.text = text;
  out.flag = flag;
  out.problem = problem;
  return out;
}

const TRUE_WORDS = new Set(['是', '有', '√', '✓', '✔', 'y', 'yes', 'true', '1', '对', '已']);
const FALSE_WORDS = new Set(['否', '无', '×', '✗', '✘', 'x', 'n', 'no', 'false', '0', '未', '没有']);

const NUM_CORE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

const fieldLabel = (f: ResolvedField) => `${f.id} (${f.name})`;

const levelCache = new WeakMap<ResolvedField, Map<string, number>>();
function levelIndex(f: ResolvedField): Map<string, number> {
  let m = levelCache.get(f);
  if (!m) {
    m = new Map();
    (f.levels ?? []).forEach((l, i) => {
      if (!m!.has(key(l))) m!.set(key(l), i);
    });
    levelCache.set(f, m);
  }
  return m;
}

/**
 * Parse one cell for a field. Returns a shared object: copy what you need before the next call.
 */
export function parseCell(v: CellIn, f: ResolvedField): Parsed {
  if (v === null) return set(MISSING, NaN, null);
  if (typeof v === 'number') return parseNumber(v, f, 0);
  if (typeof v === 'string') return parseString(v, f);
  if (typeof v === 'boolean') {
    if (f.type === 'boolean') return set(PRESENT, v ? 1 : 0, null);
    if (f.type === 'text') return set(PRESENT, NaN, v ? 'TRUE' : 'FALSE');
    return set(INVALID, NaN, null, 0, notA(f, v ? 'TRUE' : 'FALSE'));
  }
  if (v instanceof Date) {
    if (f.type === 'text') return set(PRESENT, NaN, isoDate(v));
    return set(INVALID, NaN, null, 0, {
      severity: 'error',
      code: 'NOT_A_NUMBER',
      message: `${fieldLabel(f)}: a date (${isoDate(v)}) where ${expected(f)} is expected`,
      hint: 'the spreadsheet may have turned the entry into a date: format the column as text or number and enter it again',
    });
  }
  if (v.kind === 'pct') {
    if (f.type === 'percent') return parseNumber(fix15(v.v * 100), f, FLAG_EXPLICIT_PCT);
    if (f.type === 'text') return set(PRESENT, NaN, cellText(v));
    return set(INVALID, NaN, null, 0, {
      severity: 'error',
      code: 'NOT_A_NUMBER',
      message: `${fieldLabel(f)}: a percentage (${cellText(v)}) where ${expected(f)} is expected`,
      hint: f.unit ? `enter the value in ${f.unit}` : undefined,
    });
  }
  if (v.kind === 'noresult') {
    return set(INVALID, NaN, null, 0, {
      severity: 'error',
      code: 'FORMULA_NO_RESULT',
      message: `${fieldLabel(f)}: formula =${v.formula} has no calculated result in the file`,
      hint: 'open the workbook in Excel or LibreOffice and save it again so that the results are stored, or enter the value',
    });
  }
  return set(INVALID, NaN, null, 0, {
    severity: 'error',
    code: 'FORMULA_ERROR',
    message: `${fieldLabel(f)}: the cell holds the error value ${v.error}`,
    hint: 'fix the formula or enter the value',
  });
}

function parseNumber(x: number, f: ResolvedField, flag: number): Parsed {
  if (!Number.isFinite(x)) return set(INVALID, NaN, null, 0, tooLarge(f, String(x)));
  switch (f.type) {
    case 'percent':
      return set(PRESENT, x, null, flag === FLAG_EXPLICIT_PCT ? flag : FLAG_BARE);
    case 'boolean':
      if (x === 1 || x === 0) return set(PRESENT, x, null);
      return set(INVALID, NaN, null, 0, notBoolean(f, String(x)));
    case 'level':
      return set(INVALID, NaN, null, 0, notLevel(f, String(x)));
    case 'text':
      return set(PRESENT, NaN, String(x));
    default:
      return set(PRESENT, x, null);
  }
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal (`-?digits[.digits]`) of at most 15 digits, as Number() reads it: the digits as an
 * integer and the power of ten are both exact doubles, so one division rounds correctly (Clinger's
 * fast path). NaN for anything else, which then goes the general way.
 */
export function plainDecimal(raw: string): number {
  const n = raw.length;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n || n - i > 16) return NaN;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
      if (frac >= 0) frac++;
    } else if (c === -2 && frac < 0 && digits > 0 && i < n - 1) frac = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const x = frac > 0 ? m / POW10[frac] : m;
  return raw.charCodeAt(0) === 45 ? -x : x;
}

function parseString(raw: string, f: ResolvedField): Parsed {
  // fast path: a plain decimal number in a numeric field (most cells of most returns)
  const numeric = f.type !== 'text' && f.type !== 'level' && f.type !== 'boolean';
  if (numeric) {
    const x = plainDecimal(raw);
    if (!Number.isNaN(x)) return set(PRESENT, x, null, f.type === 'percent' ? FLAG_BARE : 0);
  }
  if (numeric && PLAIN_NUMBER.test(raw)) {
    const x = Number(raw);
    if (!Number.isFinite(x)) return set(INVALID, NaN, null, 0, tooLarge(f, raw));
    return set(PRESENT, x, null, f.type === 'percent' ? FLAG_BARE : 0);
  }
  const s = halfWidth(unescapeFormulaGuard(raw));
  if (isMissingMarker(s)) return set(MISSING, NaN, null);
  if (isNotApplicableMarker(s)) return set(NOT_APPLICABLE, NaN, null);
  switch (f.type) {
    case 'text':
      // free text keeps its own characters (no width folding), only trimmed
      return set(PRESENT, NaN, unescapeFormulaGuard(raw).trim());
    case 'boolean': {
      const k = s.toLowerCase();
      if (TRUE_WORDS.has(k)) return set(PRESENT, 1, null);
      if (FALSE_WORDS.has(k)) return set(PRESENT, 0, null);
      return set(INVALID, NaN, null, 0, notBoolean(f, raw));
    }
    case 'level': {
      const i = levelIndex(f).get(key(s));
      if (i !== undefined) return set(PRESENT, i, f.levels![i]);
      return set(INVALID, NaN, null, 0, notLevel(f, raw));
    }
    default:
      return parseNumberText(s, raw, f);
  }
}

function parseNumberText(s: string, raw: string, f: ResolvedField): Parsed {
  let t = s;
  let explicitPct = false;
  let mult = 1;
  let ownUnit = false;
  // A trailing percent sign (full-width ％ is already %).
  if (t.endsWith('%')) {
    if (f.type !== 'percent')
      return set(INVALID, NaN, null, 0, { ...notA(f, raw), hint: f.unit ? `enter the value in ${f.unit}, without %` : 'enter a number without %' });
    explicitPct = true;
    t = t.slice(0, -1).trimEnd();
  } else {
    // A trailing unit equal to the field's own unit (`1234 项`, `35 万人`).
    const unit = f.unit ? halfWidth(f.unit) : '';
    if (unit && unit !== '%' && t.length > unit.length && t.endsWith(unit)) {
      t = t.slice(0, -unit.length).trimEnd();
      ownUnit = true;
    }
    const last = t[t.length - 1];
    if (last === '万' || last === '亿') {
      if (!f.magnitudes.includes(last)) {
        return set(INVALID, NaN, null, 0, {
          severity: 'error',
          code: 'NOT_A_NUMBER',
          message: `${fieldLabel(f)}: "${raw}" uses ${last}, which this field does not accept`,
          hint: `enter the number in ${f.unit ?? 'the field unit'}${f.magnitudes.length ? ` (accepted: ${f.magnitudes.join(', ')})` : ''}`,
        });
      }
      mult = last === '万' ? 1e4 : 1e8;
      t = t.slice(0, -1).trimEnd();
    }
  }
  if (t === '' || !NUM_CORE.test(t) || !/\d/.test(t)) return set(INVALID, NaN, null, 0, notA(f, raw));
  const x = Number(t.includes(',') || t.includes(' ') ? t.replace(/[, ]/g, '') : t) * mult;
  if (!Number.isFinite(x)) return set(INVALID, NaN, null, 0, tooLarge(f, raw));
  const value = mult === 1 ? x : fix15(x);
  if (f.type === 'percent') return set(PRESENT, value, null, explicitPct ? FLAG_EXPLICIT_PCT : FLAG_BARE);
  return set(PRESENT, value, null, ownUnit || mult !== 1 ? FLAG_OWN_UNIT : 0);
}

function expected(f: ResolvedField): string {
  switch (f.type) {
    case 'percent':
      return 'a percentage';
    case 'count':
      return 'a count';
    case 'money':
      return 'an amount';
    case 'boolean':
      return '是/否';
    case 'level':
      return `one of ${(f.levels ?? []).join('/')}`;
    default:
      return 'a number';
  }
}

function notA(f: ResolvedField, raw: string): Problem {
  return {
    severity: 'error',
    code: 'NOT_A_NUMBER',
    message: `${fieldLabel(f)}: "${raw}" is not a number`,
    hint: `enter ${expected(f)}${f.unit && f.unit !== '%' ? ` in ${f.unit}` : ''}; leave it blank when unknown, or write 不适用`,
  };
}

function notBoolean(f: ResolvedField, raw: string): Problem {
  return {
    severity: 'error',
    code: 'NOT_BOOLEAN',
    message: `${fieldLabel(f)}: "${raw}" is not yes/no`,
    hint: 'write 是 or 否 (also accepted: 有/无, √/×, Y/N, true/false, 1/0)',
  };
}

function notLevel(f: ResolvedField, raw: string): Problem {
  return {
    severity: 'error',
    code: 'NOT_A_LEVEL',
    message: `${fieldLabel(f)}: "${raw}" is not one of ${(f.levels ?? []).join(' / ')}`,
    hint: `write one of: ${(f.levels ?? []).join(', ')}`,
  };
}

function tooLarge(f: ResolvedField, raw: string): Problem {
  return {
    severity: 'error',
    code: 'VALUE_TOO_LARGE',
    message: `${fieldLabel(f)}: "${raw}" does not fit a double-precision number`,
    hint: 'check the value; numbers must be below about 1.8e308',
  };
}

/** Parse a year cell: 2023, "2023", "2023年", "2023年度", or a date (its year). */
export function parseYear(v: CellIn): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1900 && v <= 2100 ? v : null;
  if (v instanceof Date) return v.getUTCFullYear();
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})(?:年度?|年)?$/.exec(halfWidth(v).replace(/\s+/g, ''));
  if (!m) return null;
  const y = Number(m[1]);
  return y >= 1900 && y <= 2100 ? y : null;
}

/** How many bare numbers in (0, 1] make a percent column read as fractions without a finding. */
export const FRACTION_EVIDENCE = 3;

/**
 * Decide the scale of the bare numbers in one percent column (one field in one table).
 * - no explicit percentages and every bare number in [0, 1]: the column is written as fractions
 *   (0.95 = 95%), so bare numbers are multiplied by 100;
 * - otherwise bare numbers are percent points, and a bare number in (0, 1] is ambiguous
 *   (0.95 among 88 and 93, or among `95%` cells): it stays as written and is reported.
 * Returns the indexes of the ambiguous cells: in a column of percent points, the bare numbers in
 * (0, 1]; in a column read as fractions on the word of fewer than FRACTION_EVIDENCE cells (a
 * city's own one-row return, where "1" may well mean 1%), those cells.
 */
export function resolvePercentColumn(values: Float64Array, flags: Uint8Array, n: number): { fraction: boolean; ambiguous: number[] } {
  let explicit = false;
  let bareAbove1 = false;
  let bareIn01 = 0;
  for (let i = 0; i < n; i++) {
    const fl = flags[i];
    if (fl === FLAG_EXPLICIT_PCT) explicit = true;
    else if (fl === FLAG_BARE) {
      const x = values[i];
      if (x > 1 || x < 0) bareAbove1 = true;
      else if (x > 0) bareIn01++;
    }
  }
  if (bareIn01 === 0) return { fraction: false, ambiguous: [] };
  if (!explicit && !bareAbove1) {
    const ambiguous: number[] = [];
    for (let i = 0; i < n; i++) {
      if (flags[i] !== FLAG_BARE) continue;
      if (bareIn01 < FRACTION_EVIDENCE && values[i] > 0) ambiguous.push(i);
      values[i] = fix15(values[i] * 100);
    }
    return { fraction: true, ambiguous };
  }
  const ambiguous: number[] = [];
  for (let i = 0; i < n; i++) if (flags[i] === FLAG_BARE && values[i] > 0 && values[i] <= 1) ambiguous.push(i);
  return { fraction: false, ambiguous };
}
