/**
 * Number and text formatting for every report format. Every displayed score goes through
 * `roundTo`/`formatFixed` (src/util/round.ts) with the results' precision and rounding rule, so the
 * Markdown, the HTML, the CSV and the workbook show (and sum) the same figures as `score`.
 */
import type { Results } from '../engine/results.js';
import { formatFixed, roundTo, type RoundingRule } from '../util/round.js';

/** Decimals for indicator values (raw inputs), which have no precision of their own. */
export const VALUE_DECIMALS = 4;

export const DASH = '—';

export class Fmt {
  readonly precision: number;
  readonly rule: RoundingRule;

  constructor(results: Pick<Results, 'system'>) {
    const m = results.system?.method;
    const s = results.system?.settings;
    const p = m?.precision ?? s?.precision;
    this.precision = typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 10 ? p : 2;
    const r = m?.rounding ?? s?.rounding;
    this.rule = r === 'half-even' ? 'half-even' : 'half-up';
  }

  /** A score rounded by the system's rule, as a number (null when missing). */
  round(x: number | null | undefined): number | null {
    return isNum(x) ? roundFast(x, this.precision, this.rule) : null;
  }

  /** A score as displayed: fixed decimals, or a dash. */
  score(x: number | null | undefined): string {
    return isNum(x) ? formatFixed(x, this.precision, this.rule) : DASH;
  }

  /** A change: +1.23 / -0.40 / 0.00 (sign only when the rounded value is not zero). */
  signed(x: number | null | undefined): string {
    if (!isNum(x)) return DASH;
    const r = roundTo(x, this.precision, this.rule);
    const s = formatFixed(x, this.precision, this.rule);
    return r > 0 ? `+${s}` : s;
  }

  /** An indicator value (no precision of its own): up to VALUE_DECIMALS decimals, no trailing zeros. */
  value(x: number | null | undefined): string {
    return isNum(x) ? String(roundTo(x, VALUE_DECIMALS, this.rule)) : DASH;
  }

  valueNum(x: number | null | undefined): number | null {
    return isNum(x) ? roundFast(x, VALUE_DECIMALS, this.rule) : null;
  }

  /** A share (0–1) as a percentage with two decimals. */
  percent(x: number | null | undefined): string {
    return isNum(x) ? `${formatFixed(x * 100, 2, this.rule)}%` : DASH;
  }

  /** A 0–100 achievement rate with one decimal (charts' labels). */
  rate(x: number | null | undefined): string {
    return isNum(x) ? formatFixed(x, 1, this.rule) : DASH;
  }

  /** Excel number format for displayed scores: 0.00 for precision 2. */
  get excelFormat(): string {
    return this.precision > 0 ? `0.${'0'.repeat(this.precision)}` : '0';
  }

  /** Excel number format for signed changes: +0.00;-0.00;0.00. */
  get excelSignedFormat(): string {
    const f = this.excelFormat;
    return `+${f};-${f};${f}`;
  }
}

/** util/round.ts roundTo, the one rounding function (fast away from ties); the old name is kept for callers. */
export const roundFast = roundTo;

export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Rank change (baseline rank − current rank): ↑2, ↓1, =, or a dash. */
export function rankMove(x: number | null | undefined): string {
  if (!isNum(x)) return DASH;
  return x > 0 ? `↑${x}` : x < 0 ? `↓${-x}` : '=';
}

// ——— escaping ———

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML and XML (element content and attribute values). */
export function escHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESC[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/**
 * Escape text for a GitHub-flavoured Markdown paragraph or table cell: Markdown punctuation is
 * backslash-escaped, `<` and `&` become entities (no raw HTML), line breaks become spaces, and
 * `://` and `www.` are broken so that no autolink is made from data.
 */
export function escMd(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#!|~]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

export { csvField, csvText, looksLikeFormula } from '../util/csv.js';
