/**
 * City identity. A city is its 6-digit administrative division code (行政区划代码) when known,
 * otherwise its name. Names match across common variants (南宁 / 南宁市 / 南宁地区) through a base
 * form without the administrative suffix. The built-in table holds every prefecture-level division
 * and municipality of China (divisions.ts); codes seen next to names in the inputs extend it.
 */
import { prefectureDivisions } from './divisions.js';
import { halfWidth } from './text.js';

export interface CityEntry {
  code: string;
  name: string;
}

/** The prefecture-level divisions and municipalities of China (divisions.ts), by code. */
export const CHINA_CITIES: readonly CityEntry[] = prefectureDivisions().map(([code, name]) => ({ code, name }));

/** The 14 prefecture-level cities of Guangxi (广西壮族自治区), the bundled samples' cities. */
export const GUANGXI_CITIES: readonly CityEntry[] = CHINA_CITIES.filter((c) => c.code.startsWith('45'));

const SUFFIXES = ['自治州', '地区', '市', '盟'];

/** The base form used for matching: half-width, no spaces, without 市 / 地区 / 自治州 / 盟. */
export function baseName(name: string): string {
  let s = halfWidth(name).replace(/\s+/g, '');
  for (const suf of SUFFIXES) {
    if (s.length > suf.length + 1 && s.endsWith(suf)) {
      s = s.slice(0, -suf.length);
      break;
    }
  }
  return s;
}

/** A division code: 6 digits, first digit 1–8 (the province part 11–82). */
export function isDivisionCode(s: string): boolean {
  return /^[1-8]\d{5}$/.test(s);
}

/** Normalise a code cell: numbers from Excel, full-width digits, surrounding spaces. */
export function normaliseCode(raw: string | number): string {
  if (typeof raw === 'number') return Number.isInteger(raw) ? String(raw) : String(raw);
  return halfWidth(raw).replace(/\s+/g, '');
}

/** Does the text look like a place name (Chinese characters, optionally with ·), not a number or formula? */
export function looksLikePlaceName(name: string): boolean {
  return /^[\u3400-\u9fff·]{2,20}$/.test(halfWidth(name).replace(/\s+/g, ''));
}

export type CityResolution = { ok: true; key: string; code?: string; name: string } | { ok: false; reason: 'ambiguous'; name: string; codes: string[] };

/**
 * What is known about cities: the built-in table plus (code, name) pairs found in the inputs.
 * `resolve` turns a row's code and/or name into a unit identity.
 */
export class CityRegistry {
  private byCode = new Map<string, string>();
  private byBase = new Map<string, Set<string>>();
  /** Longest spelling seen for a name-only city, by base form (南宁 → 南宁市). */
  private spelling = new Map<string, string>();

  /** Base forms of the names with a code, for suggestions (made when first asked for). */
  private bases: string[] | undefined;

  constructor(builtin: readonly CityEntry[] = CHINA_CITIES) {
    for (const c of builtin) this.add(c.code, c.name, true);
  }

  /** Register a code with a name (from an input row that gives both). The first name for a code stays canonical. */
  add(code: string, name: string, builtin = false): void {
    this.bases = undefined;
    if (!this.byCode.has(code) || builtin) this.byCode.set(code, halfWidth(name).replace(/\s+/g, ''));
    const b = baseName(name);
    let set = this.byBase.get(b);
    if (!set) this.byBase.set(b, (set = new Set()));
    set.add(code);
  }

  /** Note a name-only spelling, so that the unit gets the fullest name seen (南宁市 over 南宁). */
  noteName(name: string): void {
    const n = halfWidth(name).replace(/\s+/g, '');
    const b = baseName(n);
    const prev = this.spelling.get(b);
    if (prev === undefined || n.length > prev.length) this.spelling.set(b, n);
  }

  nameOf(code: string): string | undefined {
    return this.byCode.get(code);
  }

  codesOf(name: string): string[] {
    return [...(this.byBase.get(baseName(name)) ?? [])].sort();
  }

  /** Names of the cities with a code (the built-in table and pairs from the inputs), for suggestions. */
  knownNames(): string[] {
    return [...new Set(this.byCode.values())];
  }

  /** Base forms of knownNames(), for did-you-mean. */
  knownBaseNames(): string[] {
    return (this.bases ??= this.knownNames().map(baseName));
  }

  /** Is the name known (built-in table, or paired with a code in the inputs)? */
  knows(name: string): boolean {
    return this.byBase.has(baseName(name));
  }

  resolve(code: string | undefined, name: string | undefined): CityResolution {
    if (code) {
      const canonical = this.byCode.get(code) ?? (name ? halfWidth(name).replace(/\s+/g, '') : code);
      return { ok: true, key: code, code, name: canonical };
    }
    const n = halfWidth(name ?? '').replace(/\s+/g, '');
    const codes = this.codesOf(n);
    if (codes.length === 1) return { ok: true, key: codes[0], code: codes[0], name: this.byCode.get(codes[0])! };
    if (codes.length > 1) return { ok: false, reason: 'ambiguous', name: n, codes };
    const b = baseName(n);
    return { ok: true, key: b, name: this.spelling.get(b) ?? n };
  }
}
