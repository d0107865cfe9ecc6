/**
 * TableResults → one Dataset. Cities are resolved once for all tables (codes seen next to names in
 * any input extend the built-in table), units are ordered by division code, then name, then year,
 * and values from several tables merge by city, year and field:
 *   - a value beats a blank (or an unusable cell), whatever the source;
 *   - between two values, the source declared first in `system.sources` wins; a file without a
 *     declared source comes last; a difference between sources is a SOURCE_CONFLICT warning that
 *     names both cells; a difference within one source is a DUPLICATE_VALUE error;
 *   - the same city-year twice in one table is a DUPLICATE_ROW error (the first row is read);
 *   - a city-year of a returned year that only other sources give is scored, with a NO_RETURN
 *     warning (the rows of years no return is for were dropped before: row-filter.ts).
 */
import type { Diagnostic } from '../errors.js';
import type { ResolvedSystem } from '../system/model.js';
import { closest } from '../util/suggest.js';
import { CityRegistry, baseName, isDivisionCode, looksLikePlaceName } from './cities.js';
import { MISSING, NOT_APPLICABLE, PRESENT, emptyDataset, type Dataset, type Provenance, type Unit } from './dataset.js';
import { ABSENT, describe, stripProv, type ProvUnit, type TableResult } from './table.js';
import { ProvColumn } from './provenance.js';
import { isReturn } from './row-filter.js';

export interface Merged {
  dataset: Dataset;
  registry: CityRegistry;
  /** `${cityKey}@${year}` → unit index (cityKey: code, or base name for name-only cities). */
  unitIndex: Map<string, number>;
  /** Source rank per cell (lower wins), per field id; 255 when no value. */
  ranks: Record<string, Uint8Array>;
}

interface FinalUnit {
  cityKey: string;
  code?: string;
  name: string;
  year: number | null;
  attrs: Record<string, string>;
  origin: Provenance;
}

export function sourceRank(system: ResolvedSystem, source: string | undefined): number {
  if (source === undefined) return system.sources.length;
  const i = system.sources.findIndex((s) => s.id === source);
  return i < 0 ? system.sources.length : i;
}

export function mergeTables(system: ResolvedSystem, tables: readonly TableResult[]): Merged {
  const findings: Diagnostic[] = [];
  const registry = new CityRegistry();

  // 1. Codes paired with names anywhere in the inputs.
  for (const t of tables) {
    for (const u of t.units) {
      if (u.code && u.name) {
        const known = registry.nameOf(u.code);
        if (known && baseName(known) !== baseName(u.name)) {
          findings.push({
            severity: 'error',
            code: 'CITY_CODE_MISMATCH',
            message: `the code ${u.code} is ${known}, but the row names ${u.name}; the row is read as ${known}`,
            location: stripProv(u.origin),
            hint: `check the code and the name (${u.name}: ${registry.codesOf(u.name).join(', ') || 'code not known'})`,
          });
        } else registry.add(u.code, u.name);
      } else if (u.name) registry.noteName(u.name);
    }
  }

  // 2. Resolve every provisional unit to a city-year.
  const finals = new Map<string, FinalUnit>();
  const mapping: number[][] = [];
  const keysPerTable: string[][] = [];
  const reported = new Set<string>();
  let seen: Set<string> | undefined;
  const provinces = () => (seen ??= provincesOf(tables, registry));
  for (const t of tables) {
    const keys: string[] = [];
    for (const u of t.units) {
      const res = registry.resolve(u.code, u.name);
      let cityKey: string;
      let code: string | undefined;
      let name: string;
      if (res.ok) {
        cityKey = res.key;
        code = res.code;
        name = res.name;
      } else {
        cityKey = baseName(res.name);
        name = res.name;
        findings.push({
          severity: 'error',
          code: 'CITY_AMBIGUOUS',
          message: `${res.name} matches several cities (${res.codes.map((c) => `${registry.nameOf(c)} ${c}`).join(', ')}); it is kept apart from them`,
          location: stripProv(u.origin),
          hint: 'add the 6-digit division code (行政区划代码) to the row',
        });
      }
      if (!code && u.name) checkUnrecognised(u, registry, findings, reported, provinces);
      const k = `${cityKey}@${u.year}`;
      keys.push(k);
      if (!finals.has(k)) finals.set(k, { cityKey, code, name, year: u.year, attrs: { ...u.attrs }, origin: u.origin });
      else {
        const f = finals.get(k)!;
        for (const [g, v] of Object.entries(u.attrs)) if (f.attrs[g] === undefined) f.attrs[g] = v;
      }
    }
    keysPerTable.push(keys);
  }
  noReturn(system, tables, keysPerTable, finals, findings);

  // 3. Order: division code, then name (code point order), then year.
  const ordered = [...finals.values()].sort((a, b) => {
    if (a.code && !b.code) return -1;
    if (!a.code && b.code) return 1;
    const ka = a.code ?? a.name;
    const kb = b.code ?? b.name;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return (a.year ?? -1) - (b.year ?? -1);
  });
  const unitIndex = new Map<string, number>();
  ordered.forEach((f, i) => unitIndex.set(`${f.cityKey}@${f.year}`, i));
  for (const keys of keysPerTable) mapping.push(keys.map((k) => unitIndex.get(k)!));

  const ds = emptyDataset();
  ds.units = ordered.map((f): Unit => ({
    key: `${f.code ?? f.name}@${f.year}`,
    ...(f.code ? { code: f.code } : {}),
    name: f.name,
    year: f.year,
    attrs: f.attrs,
    origin: f.origin,
  }));
  const U = ds.units.length;

  // 4. Fields in system order.
  const present = new Set<number>();
  for (const t of tables) for (const c of t.cols) present.add(c.index);
  const fieldIdx = [...present].sort((a, b) => a - b);
  ds.fields = fieldIdx.map((i) => system.fields[i].id);
  const ranks: Record<string, Uint8Array> = {};
  for (const i of fieldIdx) {
    const f = system.fields[i];
    ds.values[f.id] = new Float64Array(U).fill(NaN);
    ds.state[f.id] = new Uint8Array(U).fill(MISSING);
    ds.text[f.id] = new Array<string | null>(U).fill(null);
    ds.provenance[f.id] = new ProvColumn(U);
    ranks[f.id] = new Uint8Array(U).fill(255);
  }

  // 5. Merge cells, table by table in input order.
  tables.forEach((t, ti) => {
    const map = mapping[ti];
    const rank = sourceRank(system, t.source);
    const firstRow = new Map<number, ProvUnit>();
    const skip = new Uint8Array(t.units.length);
    t.units.forEach((u, p) => {
      const prev = firstRow.get(map[p]);
      if (prev) {
        skip[p] = 1;
        const unit = ds.units[map[p]];
        findings.push({
          severity: 'error',
          code: 'DUPLICATE_ROW',
          message: `${unit.name} ${unit.year ?? ''} appears twice in this table; the first row (${describe(prev.origin)}) is read and this one is not`,
          location: stripProv(u.origin),
          hint: 'delete one of the two rows, or correct its city or year',
        });
      } else firstRow.set(map[p], u);
    });
    for (const col of t.cols) mergeColumn(system, ds, ranks, col, { map, skip, rank, n: t.units.length }, findings);
    for (const f of t.findings) findings.push(f);
  });
  ds.findings = findings;
  return { dataset: ds, registry, unitIndex, ranks };
}

/**
 * One table column into the dataset's field, row p to unit map[p] (rows with skip[p] left out): a
 * unit without a cell takes the row's; otherwise the rules of precedence decide (a value beats a
 * blank; the source of lower rank wins; differences are findings). A function of its own: the
 * inner loop of merging, optimised early.
 */
function mergeColumn(
  system: ResolvedSystem,
  ds: Dataset,
  ranks: Record<string, Uint8Array>,
  col: TableResult['cols'][number],
  rows: { map: number[]; skip: Uint8Array; rank: number; n: number },
  findings: Diagnostic[],
): void {
  const { map, skip, rank, n } = rows;
  const id = col.field.id;
  const values = ds.values[id];
  const state = ds.state[id];
  const text = ds.text[id];
  const prov = ds.provenance[id];
  const rk = ranks[id];
  for (let p = 0; p < n; p++) {
    const st = col.state[p];
    if (st === ABSENT || skip[p]) continue;
    const u = map[p];
    if (rk[u] === 255 && !prov.has(u)) {
      values[u] = col.values[p];
      state[u] = st;
      text[u] = col.text ? col.text[p] : null;
      prov.copy(u, col.prov, p);
      rk[u] = rank;
      continue;
    }
    const informative = st === PRESENT || st === NOT_APPLICABLE;
    const oldInformative = state[u] === PRESENT || state[u] === NOT_APPLICABLE;
    const take = () => {
      values[u] = col.values[p];
      state[u] = st;
      text[u] = col.text ? col.text[p] : null;
      prov.copy(u, col.prov, p);
      rk[u] = rank;
    };
    if (!oldInformative) {
      if (informative || rank < rk[u]) take();
      continue;
    }
    if (!informative) continue;
    const same = state[u] === st && (st === NOT_APPLICABLE || Object.is(values[u], col.values[p]) || values[u] === col.values[p]);
    if (!same) {
      const oldProv = prov.at(u)!;
      const newProv = col.prov.at(p)!;
      const unit = ds.units[u];
      const show = (s: number, v: number, tx: string | null) => (s === NOT_APPLICABLE ? '不适用' : (tx ?? String(v)));
      const oldShown = show(state[u], values[u], text[u]);
      const newShown = show(st, col.values[p], col.text ? col.text[p] : null);
      if (rank === rk[u]) {
        findings.push({
          severity: 'error',
          code: 'DUPLICATE_VALUE',
          message: `${unit.name} ${unit.year ?? ''} ${id}: ${newShown} here, but ${oldShown} at ${where(oldProv)}; the first is read`,
          location: stripProv(newProv),
          hint: 'the same source gives two different values: keep one',
        });
      } else {
        const winner = rank < rk[u] ? newProv : oldProv;
        const loser = winner === newProv ? oldProv : newProv;
        const winShown = winner === newProv ? newShown : oldShown;
        const loseShown = winner === newProv ? oldShown : newShown;
        findings.push({
          severity: 'warning',
          code: 'SOURCE_CONFLICT',
          message: `${unit.name} ${unit.year ?? ''} ${id}: ${loser.source ?? 'unsourced'} gives ${loseShown} (${where(loser)}), ${winner.source ?? 'unsourced'} gives ${winShown} (${where(winner)}); ${winner.source ?? 'unsourced'} takes precedence`,
          location: stripProv(loser),
          hint: `the order of precedence is ${system.sources.map((s) => s.id).join(' > ')}`,
        });
      }
    }
    if (rank < rk[u]) take();
  }
}

/** A city-year of a returned year that only the other sources give: scored, with a warning. */
function noReturn(
  system: ResolvedSystem,
  tables: readonly TableResult[],
  keysPerTable: string[][],
  finals: Map<string, FinalUnit>,
  findings: Diagnostic[],
): void {
  const returned = new Set<string>();
  let returns = 0;
  tables.forEach((t, ti) => {
    if (!isReturn(system, t)) return;
    returns++;
    for (const k of keysPerTable[ti]) returned.add(k);
  });
  if (!returns || returns === tables.length) return;
  const years = new Set([...returned].map((k) => finals.get(k)?.year));
  for (const [k, f] of finals) {
    if (returned.has(k) || !years.has(f.year)) continue;
    findings.push({
      severity: 'warning',
      code: 'NO_RETURN',
      message: `${f.name} ${f.year ?? ''} has no return of its own, only the figures of other sources; its self-reported indicators are missing`,
      location: stripProv(f.origin),
      hint: 'add the city to the returns, or leave it out of the other files if it is not evaluated',
    });
  }
}

function where(p: Provenance): string {
  return p.sheet !== undefined ? `${p.file} ${p.sheet}!${p.cell}` : `${p.file}:${p.line}:${p.col}`;
}

function checkUnrecognised(u: ProvUnit, registry: CityRegistry, findings: Diagnostic[], reported: Set<string>, provinces: () => Set<string>): void {
  const name = u.name!;
  if (registry.knows(name)) return;
  const plausible = looksLikePlaceName(name);
  const near = nearCities(name, registry, provinces);
  if (plausible && near.length === 0) return;
  const k = `${u.origin.file}|${u.origin.sheet ?? ''}|${name}`;
  if (reported.has(k)) return;
  reported.add(k);
  findings.push({
    severity: 'warning',
    code: 'CITY_UNRECOGNISED',
    message: plausible
      ? `${name} is not a known city; it is kept as a city of its own`
      : `"${name}" does not look like a city name; it is kept as a city of its own`,
    location: stripProv(u.origin),
    hint: near.length ? `did you mean ${orList(near)}?` : 'add the 6-digit division code (行政区划代码) to identify the city',
  });
}

/**
 * The known cities whose names are closest to `name` (a misspelling), at most three: among equally
 * close ones, those in a province the inputs name are preferred (南林市 in Guangxi's returns is
 * 南宁市, not 南京市).
 */
function nearCities(name: string, registry: CityRegistry, provinces: () => Set<string>): string[] {
  const bases = closest(baseName(name), registry.knownBaseNames());
  if (bases.length === 0) return [];
  const cities = bases.flatMap((b) => registry.codesOf(b).map((code) => ({ code, name: registry.nameOf(code)! })));
  const inProvince = cities.filter((c) => provinces().has(c.code.slice(0, 2)));
  return (inProvince.length ? inProvince : cities).slice(0, 3).map((c) => c.name);
}

/** `a`, `a or b`, `a, b or c`. */
function orList(xs: string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/** The provinces (first two digits of the division code) of the cities in the inputs. */
function provincesOf(tables: readonly TableResult[], registry: CityRegistry): Set<string> {
  const out = new Set<string>();
  for (const t of tables) {
    for (const u of t.units) {
      const r = registry.resolve(u.code, u.name);
      if (r.ok && r.code && isDivisionCode(r.code)) out.add(r.code.slice(0, 2));
    }
  }
  return out;
}
