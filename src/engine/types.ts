/**
 * Shared engine data shapes. Everything is column-wise: one typed array per column, one entry per
 * unit (city-year) in `dataset.units` order.
 */
import type { Diagnostic } from '../errors.js';
import type { Origin } from '../system/model.js';
import type { Unit } from '../returns/dataset.js';

/** Engine cell states (the dataset's INVALID is folded into MISSING). */
export const S_PRESENT = 0;
export const S_MISSING = 1;
export const S_NA = 2;
export const STATE_NAMES = ['present', 'missing', 'not-applicable'] as const;
export type StateName = (typeof STATE_NAMES)[number];

/** One inspectable stage, as COINr keeps one data set per step. NaN where the state is not present. */
export interface StageTable {
  name: string;
  columns: string[];
  /** Unit keys, in dataset order. */
  rows: string[];
  data: Record<string, Float64Array>;
  /** Cell states (S_PRESENT / S_MISSING / S_NA) where they matter. */
  state?: Record<string, Uint8Array>;
  /** What the numbers are (e.g. "0–100 achievement or normalised value"). */
  note?: string;
}

/** One column per leaf (in `model.leaves` order). */
export interface LeafTable {
  values: Float64Array[];
  state: Uint8Array[];
}

/** Groups of unit indices that are scored together (all units, or one group per year). */
export interface ScopeGroup {
  year: number | null;
  idx: Int32Array;
}

export interface UnitIndex {
  units: Unit[];
  keys: string[];
  /** Distinct years ascending (null last when present). */
  years: (number | null)[];
  /** Units of each year, in dataset order. */
  byYear: ScopeGroup[];
  /** Year group index of each unit. */
  yearOf: Int32Array;
}

export function unitIdentity(u: Unit): string {
  return u.code || u.name;
}

export function unitLabel(u: Unit): string {
  return u.year === null ? u.name : `${u.name} ${u.year}`;
}

export function indexUnits(units: Unit[]): UnitIndex {
  const years = [...new Set(units.map((u) => u.year))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  const pos = new Map(years.map((y, i) => [y, i]));
  const lists: number[][] = years.map(() => []);
  const yearOf = new Int32Array(units.length);
  units.forEach((u, i) => {
    const g = pos.get(u.year)!;
    yearOf[i] = g;
    lists[g].push(i);
  });
  return { units, keys: units.map((u) => u.key), years, byYear: years.map((y, g) => ({ year: y, idx: Int32Array.from(lists[g]) })), yearOf };
}

/** A located finding about one unit and one indicator. */
export function unitFinding(severity: Diagnostic['severity'], code: string, origin: Origin, u: Unit, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    message: `${unitLabel(u)}: ${message}`,
    location: { file: origin.file, line: origin.line, col: origin.col, path: u.key },
  };
  if (hint) d.hint = hint;
  return d;
}

/** A finding about an indicator that lists the units concerned (first few named). */
export function columnFinding(severity: Diagnostic['severity'], code: string, origin: Origin, message: string, units: Unit[], hint?: string): Diagnostic {
  const names = units.slice(0, 5).map(unitLabel).join(', ');
  const more = units.length > 5 ? ` … (+${units.length - 5} more)` : '';
  const d: Diagnostic = {
    severity,
    code,
    message: units.length ? `${message}: ${names}${more}` : message,
    location: { file: origin.file, line: origin.line, col: origin.col },
  };
  if (hint) d.hint = hint;
  return d;
}
