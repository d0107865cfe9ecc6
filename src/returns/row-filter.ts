/**
 * Rows of a table that are not read: the city-years of other years than `--year`, and the rows of
 * other sources (survey, central figures) for a year that no return is for. A survey file of
 * 2022–2023 beside the 2023 returns would otherwise rank every city of 2022 on its survey score
 * alone. Dropped rows take their cells and the findings on their rows with them.
 */
import type { Diagnostic } from '../errors.js';
import type { ResolvedSystem } from '../system/model.js';
import type { ProvUnit, TableResult } from './table.js';
import { stripProv } from './table.js';
import { parseA1 } from './text.js';

/** A city's own return: the `self` source, or a file without a source (when the system declares no `self`). */
export function isReturn(system: ResolvedSystem, t: TableResult): boolean {
  return t.source === undefined || (t.source === 'self' && system.sources.some((s) => s.id === 'self'));
}

/** Keep the provisional units with keep[i], their cells and the findings on their rows; a kept unit without a year takes `year`. */
export function keepRows(t: TableResult, keep: readonly boolean[], year?: number): void {
  if (keep.every(Boolean)) {
    if (year !== undefined && t.units.some((u) => u.year === null)) t.units = t.units.map((u) => (u.year === null ? { ...u, year } : u));
    return;
  }
  const rowOf = (l: { line?: number; cell?: string; sheet?: string }) => `${l.sheet ?? ''}|${l.line ?? (l.cell ? parseA1(l.cell)?.row : '')}`;
  // The rows of a dropped unit: its first row, and in the long layout the row of each of its cells.
  const dropped = new Set<string>();
  t.units.forEach((u, i) => {
    if (keep[i]) return;
    dropped.add(rowOf(u.origin));
    if (t.layout !== 'long') return;
    for (const c of t.cols) {
      const p = c.prov.at(i);
      if (p) dropped.add(rowOf(p));
    }
  });
  const idx: number[] = [];
  keep.forEach((k, i) => k && idx.push(i));
  t.units = idx.map((i) => (year === undefined ? t.units[i] : { ...t.units[i], year: t.units[i].year ?? year }));
  for (const c of t.cols) {
    c.values = Float64Array.from(idx, (i) => c.values[i]);
    c.state = Uint8Array.from(idx, (i) => c.state[i]);
    c.flags = Uint8Array.from(idx, (i) => c.flags[i]);
    c.text = c.text ? idx.map((i) => c.text![i]) : null;
    c.prov = c.prov.select(idx);
  }
  t.findings = t.findings.filter((f) => !f.location || !dropped.has(rowOf(f.location)));
}

/** --year: drop the units of other years (a unit without a year is of that year). */
export function keepYear(t: TableResult, year: number): void {
  keepRows(
    t,
    t.units.map((u) => u.year === year || u.year === null),
    year,
  );
}

/**
 * The years the returns are for, when the rule applies: returns and other sources are both given,
 * the returns have rows, and each has a year. Taken before --year, so that `--year 2023` with the
 * 2022 returns does not score 2023 on the other sources alone.
 */
export function returnedYears(system: ResolvedSystem, tables: readonly TableResult[]): Set<number> | undefined {
  const returns = tables.filter((t) => isReturn(system, t));
  if (!returns.length || returns.length === tables.length) return undefined;
  const years = new Set<number>();
  for (const t of returns) {
    for (const u of t.units) {
      if (u.year === null) return undefined;
      years.add(u.year);
    }
  }
  return years.size ? years : undefined;
}

/**
 * Drop the other sources' rows of years not in `years`, with a YEAR_NOT_RETURNED warning per file
 * and year (after the rows' own findings are gone). A row without a year (a survey file with no
 * year column) is of the returns' year when they are for one year; when they are for several, it
 * cannot be placed and is not read (YEAR_MISSING). Returns the years not read.
 */
export function dropUnreturnedYears(system: ResolvedSystem, tables: readonly TableResult[], years: ReadonlySet<number>): Set<number> {
  const sorted = [...years].sort((a, b) => a - b);
  const listed = sorted.join(', ');
  const only = sorted.length === 1 ? sorted[0] : undefined;
  const notRead = new Set<number>();
  for (const t of tables) {
    if (isReturn(system, t)) continue;
    const byYear = new Map<number, { n: number; first: ProvUnit }>();
    let noYear: { n: number; first: ProvUnit } | undefined;
    const keep = t.units.map((u) => {
      if (u.year === null) {
        if (only !== undefined) return true;
        if (noYear) noYear.n++;
        else noYear = { n: 1, first: u };
        return false;
      }
      if (years.has(u.year)) return true;
      const e = byYear.get(u.year);
      if (e) e.n++;
      else byYear.set(u.year, { n: 1, first: u });
      return false;
    });
    keepRows(t, keep, only);
    for (const [year, { n, first }] of [...byYear].sort((a, b) => a[0] - b[0])) {
      notRead.add(year);
      t.findings.push(notReturnedFinding(t, year, n, first, listed));
    }
    if (noYear) {
      const n = noYear.n;
      t.findings.push({
        severity: 'warning',
        code: 'YEAR_MISSING',
        message: `the ${n} row${n > 1 ? 's' : ''} without a year in this ${t.source ?? 'unsourced'} file ${n > 1 ? 'are' : 'is'} not read: the returns are for ${listed}, and which one ${n > 1 ? 'they are' : 'it is'} for is not said`,
        location: stripProv(noYear.first.origin),
        hint: 'add a year column, or give --year',
      });
    }
  }
  return notRead;
}

function notReturnedFinding(t: TableResult, year: number, n: number, first: ProvUnit, listed: string): Diagnostic {
  return {
    severity: 'warning',
    code: 'YEAR_NOT_RETURNED',
    message: `the ${n} row${n > 1 ? 's' : ''} of ${year} in this ${t.source ?? 'unsourced'} file ${n > 1 ? 'are' : 'is'} not read: no return is for ${year} (the returns are for ${listed})`,
    location: stripProv(first.origin),
    hint: `add the ${year} returns to score ${year}`,
  };
}
