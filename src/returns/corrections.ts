/**
 * Verified corrections, applied on top of the merged returns. A corrections file (CSV, xlsx or
 * YAML) has one correction per row: city (or code), year, field, the corrected value, the reason
 * and the reviewer; optionally the original value as the reviewer saw it. The dataset keeps both
 * values: `dataset.corrections` lists original and corrected with both provenances, and the cell's
 * provenance points at the correction (file and line of the corrections file, `correction` index).
 *
 * A correction without a reason or a reviewer is not applied (an error finding): only verified
 * corrections change the data. Values (corrected and original) are in the field's unit; percent
 * values on the 0–100 scale (`95` or `95%`).
 * With --year, corrections of other years are skipped; so are those of a year whose rows were not
 * read because no return is for it (YEAR_NOT_RETURNED).
 */
import { extname } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { CityscoreError, type Diagnostic } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { readCsv } from './csv.js';
import { decodeText } from './encoding.js';
import { readInput, sniff } from './files.js';
import { readXlsx, type XlsxLimits } from './xlsx.js';
import type { ResolvedSystem } from '../system/model.js';
import { isDivisionCode, normaliseCode } from './cities.js';
import { MISSING, NOT_APPLICABLE, PRESENT, type Correction, type Dataset, type InputFile, type Provenance } from './dataset.js';
import type { Grid } from './grid.js';
import type { HeaderMatcher } from './headers.js';
import type { Merged } from './merge.js';
import { stripProv } from './table.js';
import { halfWidth, key } from './text.js';
import { cellText, parseCell, parseYear, type CellIn } from './values.js';
import { ProvColumn } from './provenance.js';

type Role = 'code' | 'city' | 'year' | 'field' | 'value' | 'original' | 'reason' | 'reviewer';

const ROLE_WORDS: Record<Role, string[]> = {
  code: ['code', 'city_code', '行政区划代码', '区划代码', '代码'],
  city: ['city', 'name', 'city_name', '城市', '城市名称', '地区', '设区市'],
  year: ['year', '年份', '年度'],
  field: ['field', 'field_id', 'indicator', '字段', '字段代码', '指标', '指标代码', '指标名称'],
  value: ['value', 'corrected', 'corrected_value', 'new_value', '更正值', '修正值', '更正后数值', '更正后', '核定值', '正确值'],
  original: ['original', 'original_value', 'old_value', '原值', '原数值', '更正前', '原填报值'],
  reason: ['reason', '原因', '理由', '更正原因', '说明', '依据'],
  reviewer: ['reviewer', 'reviewed_by', 'verified_by', '审核人', '核实人', '复核人', '审核'],
};
const ROLE_OF = new Map<string, Role>();
for (const [role, ws] of Object.entries(ROLE_WORDS) as [Role, string[]][]) for (const w of ws) ROLE_OF.set(key(w), role);

interface Cell {
  value: CellIn;
  loc: Provenance;
}

export interface CorrectionRow {
  cells: Partial<Record<Role, Cell>>;
  /** Where the row starts (its first cell). */
  loc: Provenance;
}

/** Rows of a CSV or xlsx corrections table (header in the first non-empty row). */
export function rowsFromGrid(grid: Grid): CorrectionRow[] {
  const rows = grid.rows;
  let hr = rows.findIndex((r) => r.some((v) => ROLE_OF.has(key(cellText(v)))));
  if (hr < 0) hr = 0;
  const roles = rows[hr].map((v) => ROLE_OF.get(key(cellText(v))));
  if (!roles.includes('field') || !roles.includes('value')) {
    throw new CityscoreError('CORRECTIONS_HEADER', 'the corrections table needs at least the columns field and value (and city, year, reason, reviewer)', {
      location: grid.sheet !== undefined ? { file: grid.file, sheet: grid.sheet, cell: 'A1' } : { file: grid.file, line: 1 },
      hint: 'header: city,year,field,value,reason,reviewer (or 城市,年份,字段,更正值,原因,审核人)',
    });
  }
  const out: CorrectionRow[] = [];
  for (let r = hr + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) continue;
    const cells: Partial<Record<Role, Cell>> = {};
    roles.forEach((role, c) => {
      if (role && cells[role] === undefined) cells[role] = { value: row[c] ?? null, loc: grid.locate(r, c) };
    });
    out.push({ cells, loc: grid.locate(r, 0) });
  }
  return out;
}

/** Rows of a YAML corrections file: a list of mappings, or `corrections:` holding one. */
export function rowsFromYaml(text: string, file: string): CorrectionRow[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new CityscoreError('CORRECTIONS_YAML', `cannot parse the corrections: ${e.message.split('\n')[0]}`, {
      location: { file, line: pos?.line, col: pos?.col },
    });
  }
  let list: YamlNode | null = doc.contents as YamlNode | null;
  if (isMap(list)) list = (list.get('corrections', true) as YamlNode | undefined) ?? null;
  if (!isSeq(list)) {
    throw new CityscoreError('CORRECTIONS_YAML', 'the corrections file must be a list of corrections (or have a corrections: list)', {
      location: { file, line: 1, col: 1 },
    });
  }
  const locOf = (n: { range?: [number, number, number] | null } | null | undefined): Provenance => {
    const p = n?.range ? lc.linePos(n.range[0]) : { line: 1, col: 1 };
    return { file, line: p.line, col: p.col };
  };
  const out: CorrectionRow[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const cells: Partial<Record<Role, Cell>> = {};
    for (const pair of item.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      const role = ROLE_OF.get(key(k));
      if (!role || cells[role]) continue;
      const v = isScalar(pair.value) ? pair.value.value : null;
      cells[role] = {
        value: v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' ? v : String(v),
        loc: locOf(pair.value as YamlNode),
      };
    }
    out.push({ cells, loc: locOf(item) });
  }
  return out;
}

/** Read a corrections file: YAML by its extension, otherwise xlsx or CSV by its content. */
export async function readCorrections(path: string, encoding?: string, limits?: Partial<XlsxLimits>): Promise<{ rows: CorrectionRow[]; input: InputFile }> {
  const bytes = readInput(path);
  const input: InputFile = { path, hash: sha256(bytes), kind: 'corrections', bytes: bytes.length };
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    const d = decodeText(bytes, path, encoding);
    input.encoding = d.encoding;
    return { rows: rowsFromYaml(d.text, path), input };
  }
  if (sniff(bytes, path) === 'xlsx') {
    const x = await readXlsx(bytes, path, { limits });
    if (!x.grids.length) throw new CityscoreError('CORRECTIONS_HEADER', 'the corrections workbook has no sheet', { location: { file: path } });
    return { rows: rowsFromGrid(x.grids[0]), input };
  }
  const { grid, encoding: used } = readCsv(bytes, path, encoding);
  input.encoding = used;
  return { rows: rowsFromGrid(grid), input };
}

function shown(state: number, value: number, text: string | null): number | string {
  if (state === NOT_APPLICABLE) return '不适用';
  if (state !== PRESENT) return NaN;
  return text ?? value;
}

function asRecorded(x: number | string): number | string | null {
  return typeof x === 'number' && Number.isNaN(x) ? null : x;
}

/** Apply correction rows to the merged dataset; findings go to `dataset.findings`. */
export function applyCorrections(
  system: ResolvedSystem,
  merged: Merged,
  matcher: HeaderMatcher,
  rows: CorrectionRow[],
  onlyYear?: number,
  notRead?: ReadonlySet<number>,
): void {
  const ds = merged.dataset;
  const findings: Diagnostic[] = ds.findings;
  const fail = (code: string, message: string, loc: Provenance, hint?: string) =>
    findings.push({ severity: 'error', code, message, location: stripProv(loc), hint });
  const txt = (c: Cell | undefined) => (c ? halfWidth(cellText(c.value)) : '');
  // The reviewer's own words, as written (only trimmed): full-width punctuation stays.
  const verbatim = (c: Cell | undefined) => (c ? cellText(c.value).trim() : '');
  const applied = new Map<string, number>();
  for (const row of rows) {
    const c = row.cells;
    // city and year
    const codeText = c.code ? normaliseCode(typeof c.code.value === 'number' ? c.code.value : cellText(c.code.value)) : '';
    const cityText = txt(c.city).replace(/\s+/g, '');
    if (!codeText && !cityText) {
      fail('CORRECTION_TARGET', 'the correction names no city', row.loc, 'give the city name or its division code');
      continue;
    }
    if (codeText && !isDivisionCode(codeText)) {
      fail('CORRECTION_TARGET', `"${codeText}" is not a 6-digit division code`, c.code!.loc);
      continue;
    }
    const res = merged.registry.resolve(codeText || undefined, cityText || undefined);
    if (!res.ok) {
      fail('CORRECTION_TARGET', `${cityText} matches several cities (${res.codes.join(', ')})`, (c.city ?? c.code)!.loc, 'give the division code');
      continue;
    }
    let year: number | null = null;
    if (c.year && txt(c.year)) {
      year = parseYear(c.year.value);
      if (year === null) {
        fail('CORRECTION_TARGET', `"${txt(c.year)}" is not a year`, c.year.loc);
        continue;
      }
    }
    if (onlyYear !== undefined && year !== null && year !== onlyYear) continue; // --year: corrections of other years do not apply
    if (year !== null && notRead?.has(year)) continue; // a year no return is for (YEAR_NOT_RETURNED) is not scored
    let u: number | undefined;
    if (year !== null) u = merged.unitIndex.get(`${res.key}@${year}`);
    else {
      const cands = ds.units.map((x, i) => [x, i] as const).filter(([x]) => (x.code ?? x.name) === (res.code ?? res.name));
      if (cands.length === 1) u = cands[0][1];
    }
    const cityLoc = (c.city ?? c.code)!.loc;
    if (u === undefined) {
      fail(
        'CORRECTION_TARGET',
        `there is no return for ${res.name}${year !== null ? ` ${year}` : ''} to correct`,
        cityLoc,
        year === null ? 'give the year' : 'check the city and the year',
      );
      continue;
    }
    // field
    const fieldText = txt(c.field);
    const hit = fieldText ? matcher.field(fieldText) : undefined;
    if (!hit) {
      const sug = fieldText ? matcher.suggest(fieldText) : undefined;
      fail(
        'CORRECTION_FIELD',
        fieldText ? `"${fieldText}" is not a field of ${system.id}` : 'the correction names no field',
        c.field?.loc ?? row.loc,
        sug ? `did you mean ${sug}?` : undefined,
      );
      continue;
    }
    const field = hit.field;
    // verification
    if (!txt(c.reviewer) || !txt(c.reason)) {
      fail(
        'CORRECTION_UNVERIFIED',
        `the correction of ${res.name} ${year ?? ''} ${field.id} has no ${!txt(c.reviewer) ? 'reviewer' : 'reason'}; it is not applied`,
        (c.reviewer && !txt(c.reviewer) ? c.reviewer : (c.reason ?? row.cells.value))?.loc ?? row.loc,
        'only verified corrections are applied: give the reason and the reviewer',
      );
      continue;
    }
    // value
    const valueCell = c.value!;
    // A blank is a value left out, not a value removed (that is written —, or 不适用).
    if (!txt(valueCell).trim()) {
      fail(
        'CORRECTION_VALUE',
        `the corrected value of ${res.name} ${year ?? ''} ${field.id} is blank; the correction is not applied`,
        valueCell.loc,
        'write the corrected value (— marks it missing, 不适用 not applicable)',
      );
      continue;
    }
    const p = parseCell(valueCell.value, field);
    if (p.problem) {
      fail('CORRECTION_VALUE', `${p.problem.message}; the correction is not applied`, valueCell.loc, p.problem.hint);
      continue;
    }
    const state = p.state;
    const value = p.value;
    const text = p.text;
    ensureField(system, ds, field.id, merged);
    const cellKey = `${u}|${field.id}`;
    // A second correction of a cell corrects the returns too: its original is the returns' value,
    // not the first correction's.
    const earlier = applied.get(cellKey);
    const first = earlier !== undefined ? ds.corrections[earlier] : undefined;
    const prevProv = first ? first.originalProvenance : ds.provenance[field.id].at(u);
    const original = first ? (first.original ?? NaN) : shown(ds.state[field.id][u], ds.values[field.id][u], ds.text[field.id][u]);
    const corrected = shown(state, value, text);
    if (c.original && txt(c.original)) {
      const op = parseCell(c.original.value, field);
      const given = op.problem ? txt(c.original) : shown(op.state, op.value, op.text);
      const same =
        typeof given === 'number' && typeof original === 'number' ? given === original || (Number.isNaN(given) && Number.isNaN(original)) : given === original;
      if (!same) {
        // Both in the field's unit: a cell read from another unit (8890000 under 人 for 万人) says so.
        const u = field.unit && typeof original === 'number' ? ` ${field.unit}` : '';
        const written = prevProv?.raw !== undefined && String(original) !== prevProv.raw.trim() ? ` (the cell says "${prevProv.raw.trim()}")` : '';
        findings.push({
          severity: 'warning',
          code: 'CORRECTION_ORIGINAL',
          message: `the correction says the original ${field.id} of ${res.name} ${year ?? ''} was ${given}${typeof given === 'number' ? u : ''}, but the returns give ${Number.isNaN(original as number) ? 'no value' : `${original}${u}${written}`}`,
          location: stripProv(c.original.loc),
          hint: 'the returns may have changed since the correction was written: review it',
        });
      }
    }
    if (first) {
      findings.push({
        severity: 'warning',
        code: 'CORRECTION_REPEATED',
        message: `${res.name} ${year ?? ''} ${field.id} is corrected a second time; the later correction applies`,
        location: stripProv(valueCell.loc),
      });
    }
    const index = ds.corrections.length;
    if (!first) applied.set(cellKey, index);
    const prov: Provenance = { ...valueCell.loc, raw: cellText(valueCell.value), correction: index };
    if (prevProv?.source !== undefined) prov.source = prevProv.source;
    const unit = ds.units[u];
    const corr: Correction = {
      ...(unit.code ? { code: unit.code } : {}),
      city: unit.name,
      year: unit.year,
      field: field.id,
      // As recorded: no value is null (NaN only inside the comparison above).
      original: asRecorded(original),
      corrected: asRecorded(corrected),
      originalProvenance: prevProv,
      reason: verbatim(c.reason),
      reviewer: verbatim(c.reviewer),
      origin: row.loc,
    };
    ds.corrections.push(corr);
    ds.values[field.id][u] = state === PRESENT ? value : NaN;
    ds.state[field.id][u] = state;
    ds.text[field.id][u] = text;
    ds.provenance[field.id].set(u, prov);
  }
}

function ensureField(system: ResolvedSystem, ds: Dataset, id: string, merged: Merged): void {
  if (ds.values[id]) return;
  const U = ds.units.length;
  ds.values[id] = new Float64Array(U).fill(NaN);
  ds.state[id] = new Uint8Array(U).fill(MISSING);
  ds.text[id] = new Array<string | null>(U).fill(null);
  ds.provenance[id] = new ProvColumn(U);
  merged.ranks[id] = new Uint8Array(U).fill(255);
  const order = new Map(system.fields.map((f, i) => [f.id, i]));
  ds.fields = [...ds.fields, id].sort((a, b) => order.get(a)! - order.get(b)!);
}
