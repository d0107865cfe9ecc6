/**
 * One Grid (a CSV file or a worksheet) → a TableResult: the header row found, the layout detected
 * (wide: a column per field; long: city, year, field, value), every cell parsed into column-wise
 * typed arrays with its provenance, and the located findings. City names are not resolved here:
 * merge.ts does that once for all tables.
 */
import { CityscoreError, type Diagnostic, type Location } from '../errors.js';
import type { ResolvedField, ResolvedSystem } from '../system/model.js';
import { PRESENT, type Provenance, type UnknownColumn } from './dataset.js';
import { isDivisionCode, normaliseCode } from './cities.js';
import type { Grid } from './grid.js';
import { LABEL_WORDS, type HeaderMatcher } from './headers.js';
import { contextIdentity, findHeader, firstNonBlank, isBlank, isBlankRow, noHeader, skipContinuationRows } from './layout.js';
import { halfWidth, key, unescapeFormulaGuard } from './text.js';
import { FLAG_OWN_UNIT, cellText, parseCell, parseYear, resolvePercentColumn, type CellIn } from './values.js';
import { convertValue, describeFactor, unitFactor } from './unit-scale.js';
import { gridColumn, ProvColumn, type CellSource } from './provenance.js';

/** Internal state: no cell for this unit and field in this table. */
export const ABSENT = 255;

export interface ProvUnit {
  code?: string;
  name?: string;
  year: number | null;
  attrs: Record<string, string>;
  /** The cell that identifies the row (city name or code cell, else the row's first cell). */
  origin: Provenance;
}

export interface ColData {
  field: ResolvedField;
  index: number;
  values: Float64Array;
  state: Uint8Array;
  /** Flags from parsing (bare number / explicit percent), for the percent scale. */
  flags: Uint8Array;
  text: (string | null)[] | null;
  /** Where each unit's cell is (its Provenance made on demand). */
  prov: ProvColumn;
}

/** A field column of a wide table: its grid column, the data it fills, and its cells' provenance. */
interface WideCol {
  col: number;
  data: ColData;
  cells: CellSource;
  /** The header states the field's unit at another magnitude (人 for 万人): values × factor. */
  factor?: number;
}

export interface TableResult {
  file: string;
  sheet?: string;
  source?: string;
  layout: 'wide' | 'long';
  units: ProvUnit[];
  cols: ColData[];
  findings: Diagnostic[];
  unknown: UnknownColumn[];
}

/** What a template workbook records about itself (the `_meta` sheet). */
export interface TemplateMeta {
  system?: string;
  version?: string;
  year?: number;
  layout?: string;
  dataSheet?: string;
  headerRow?: number;
  dataRow?: number;
  ignoreSheets?: string[];
}

export interface TableOptions {
  source?: string;
  /** The year to use when a row has none (template year, --year). */
  defaultYear?: number;
  meta?: TemplateMeta;
  /** Throw when no header is found (false: return null, to skip a sheet). */
  requireHeader: boolean;
}

export function readTable(grid: Grid, system: ResolvedSystem, matcher: HeaderMatcher, opts: TableOptions): TableResult | null {
  const rows = grid.rows;
  const header = findHeader(grid, matcher, opts.meta);
  if (!header) {
    if (!opts.requireHeader) return null;
    throw noHeader(grid, matcher);
  }
  const { row: hr, roles } = header;
  const findings: Diagnostic[] = [];
  const unknown: UnknownColumn[] = [];
  const src = opts.source;
  const width = roles.length;

  let codeCol = -1;
  let nameCol = -1;
  let yearCol = -1;
  let longFieldCol = -1;
  let longNameCol = -1;
  let longValueCol = -1;
  let longUnitCol = -1;
  const groupCols: { col: number; id: string }[] = [];
  const fieldCols: { col: number; field: ResolvedField; index: number; factor?: number }[] = [];
  const seenField = new Map<string, number>();
  roles.forEach((r, c) => {
    if (!r) return;
    const loc = grid.locate(hr, c);
    switch (r.kind) {
      case 'code':
        if (codeCol < 0) codeCol = c;
        break;
      case 'name':
        if (nameCol < 0) nameCol = c;
        break;
      case 'year':
        if (yearCol < 0) yearCol = c;
        break;
      case 'group':
        groupCols.push({ col: c, id: r.id });
        break;
      case 'longField':
        if (longFieldCol < 0) longFieldCol = c;
        break;
      case 'longFieldName':
        if (longNameCol < 0) longNameCol = c;
        break;
      case 'longValue':
        if (longValueCol < 0) longValueCol = c;
        break;
      case 'longUnit':
        if (longUnitCol < 0) longUnitCol = c;
        break;
      case 'field': {
        const prev = seenField.get(r.field.id);
        if (prev !== undefined) {
          findings.push({
            severity: 'error',
            code: 'DUPLICATE_COLUMN',
            message: `${r.field.id} (${r.field.name}) has a second column; the first one (${grid.describe(hr, prev)}) is read and this one is ignored`,
            location: loc,
            hint: 'remove or rename one of the two columns',
          });
          break;
        }
        seenField.set(r.field.id, c);
        // 1: the same unit written another way (万 for 万人)
        const scale = r.headerUnit !== undefined && r.field.unit ? unitFactor(r.headerUnit, r.field.unit) : undefined;
        const factor = scale === 1 ? undefined : scale;
        fieldCols.push({ col: c, field: r.field, index: r.index, factor });
        if (factor !== undefined) {
          findings.push({
            severity: 'warning',
            code: 'UNIT_CONVERTED',
            message: `column "${cellText(rows[hr][c])}" states the unit ${r.headerUnit}, and ${r.field.id} (${r.field.name}) is in ${r.field.unit}: its values are converted (${describeFactor(factor)})`,
            location: loc,
            hint: `check that the values are in ${r.headerUnit}, as the header says`,
          });
        } else if (r.headerUnit !== undefined && scale !== 1) {
          findings.push({
            severity: 'warning',
            code: 'UNIT_MISMATCH',
            message: `column "${cellText(rows[hr][c])}" states the unit ${r.headerUnit}, but ${r.field.id} (${r.field.name}) is in ${r.field.unit ?? 'no unit'}; values are read as ${r.field.unit ?? 'plain numbers'}`,
            location: loc,
            hint: `convert the values to ${r.field.unit ?? 'the field unit'} and correct the header`,
          });
        }
        break;
      }
      case 'unknown': {
        r.suggestion = matcher.suggest(r.header);
        unknown.push({ header: r.header, suggestion: r.suggestion, location: loc });
        findings.push({
          severity: 'warning',
          code: 'UNKNOWN_COLUMN',
          message: `column "${r.header}" matches no field of ${system.id}; it is not read`,
          location: loc,
          hint: r.suggestion
            ? `did you mean ${r.suggestion} (${system.fields.find((f) => f.id === r.suggestion)?.name})?`
            : 'cityscore show <system> lists the fields; columns match by id, name or alias',
        });
        break;
      }
      default:
        break;
    }
  });

  const long = longValueCol >= 0 && (longFieldCol >= 0 || longNameCol >= 0) && fieldCols.length === 0;
  const fieldColOfLong = longFieldCol >= 0 ? longFieldCol : longNameCol;
  if (!long && fieldCols.length === 0) {
    if (!opts.requireHeader) return null;
    throw noHeader(grid, matcher);
  }

  // Field-source mismatch: a column for a field that another source is expected to deliver.
  if (src) {
    for (const fc of fieldCols) {
      if (fc.field.source && fc.field.source !== src) {
        findings.push({
          severity: 'warning',
          code: 'FIELD_SOURCE',
          message: `${fc.field.id} (${fc.field.name}) is expected from source ${fc.field.source}, but this file is source ${src}`,
          location: grid.locate(hr, fc.col),
          hint: `the declared order of sources decides which value is used; give the file its source with ${fc.field.source}=FILE if it comes from ${fc.field.source}`,
        });
      }
    }
  }

  // Context for city and year when they are not columns.
  const ctx = contextIdentity(grid, hr);
  const defaultYear = yearCol < 0 ? (ctx.year ?? opts.meta?.year ?? opts.defaultYear ?? null) : null;

  // Data rows: after the header and the rows that continue it (template: names, units, ranges).
  const start =
    header.fromMeta && opts.meta?.dataRow !== undefined
      ? Math.max(hr + 1, opts.meta.dataRow - 1)
      : skipContinuationRows(rows, hr + 1, codeCol, nameCol, yearCol, long ? [longValueCol] : fieldCols.map((f) => f.col));

  const n = rows.length - start;
  const cols: ColData[] = [];
  const colOfField = new Map<number, ColData>();
  const makeCol = (field: ResolvedField, index: number): ColData => {
    let col = colOfField.get(index);
    if (!col) {
      const state = new Uint8Array(Math.max(n, 0)).fill(ABSENT);
      col = {
        field,
        index,
        values: new Float64Array(Math.max(n, 0)).fill(NaN),
        state,
        flags: new Uint8Array(Math.max(n, 0)),
        text: field.type === 'level' || field.type === 'text' ? new Array<string | null>(Math.max(n, 0)).fill(null) : null,
        prov: new ProvColumn(Math.max(n, 0)),
      };
      colOfField.set(index, col);
      cols.push(col);
    }
    return col;
  };
  const wideCols: WideCol[] = long
    ? []
    : fieldCols.map((fc) => ({ col: fc.col, data: makeCol(fc.field, fc.index), cells: gridColumn(grid, fc.col, src), factor: fc.factor }));
  const longConverted = new Map<string, { n: number; unit: string; field: ResolvedField; factor: number; location: Location }>();
  const longCells = long ? gridColumn(grid, longValueCol, src) : null;

  const units: ProvUnit[] = [];
  const longUnitIndex = new Map<string, number>();
  const longSeen = new Map<string, Provenance>();
  const unknownLongFields = new Map<string, boolean>();
  const headerLen = rows[hr].length;
  const unnamed: number[] = [];
  for (let c = 0; c < width; c++) if (roles[c] === null) unnamed.push(c);
  const noteUnnamed = new Set<number>();
  const summaries = new Set<string>();
  const unnamedColumn = (r: number, c: number) => {
    if (noteUnnamed.has(c)) return;
    noteUnnamed.add(c);
    findings.push({
      severity: 'warning',
      code: 'UNNAMED_COLUMN',
      message: 'this column has values but no header; it is not read',
      location: grid.locate(r, c),
      hint: 'give the column a field id, name or alias as its header, or delete it',
    });
  };

  for (let r = start; r < rows.length; r++) {
    const row = rows[r];
    if (isBlankRow(row)) continue;
    if (grid.strictWidth) checkWidth(grid, r, headerLen);
    for (const c of unnamed) if (!isBlank(row[c])) unnamedColumn(r, c);
    for (let c = width; c < row.length; c++) if (!isBlank(row[c])) unnamedColumn(r, c);

    const codeRaw = codeCol >= 0 ? (row[codeCol] ?? null) : null;
    const nameRaw = nameCol >= 0 ? (row[nameCol] ?? null) : null;
    const codeText = codeRaw === null ? '' : normaliseCode(typeof codeRaw === 'number' ? codeRaw : cellText(codeRaw));
    const nameText = nameRaw === null ? '' : halfWidth(unescapeFormulaGuard(cellText(nameRaw))).replace(/\s+/g, '');

    const hasContent = long
      ? !isBlank(row[longValueCol] ?? null) || !isBlank(row[fieldColOfLong] ?? null)
      : wideCols.some((fc) => !isBlank(row[fc.col] ?? null));
    // a row with no values and no real city: a note (填表人：…), a label, or an empty form row
    if (!hasContent && !isDivisionCode(codeText) && (nameText === '' || LABEL_WORDS.has(key(nameText)) || /^[\u4e00-\u9fff]{1,8}[:：]/.test(nameText)))
      continue;

    // a total or an average below the cities (合计, 全省平均), in the name or the code column: not a
    // city, and not to be ranked as one (one warning a label: a long layout repeats it per field)
    const summary = isDivisionCode(codeText) ? '' : nameText || (codeRaw === null ? '' : halfWidth(cellText(codeRaw)).replace(/\s+/g, ''));
    if (summary && isSummaryLabel(summary)) {
      if (!summaries.has(summary)) {
        summaries.add(summary);
        findings.push({
          severity: 'warning',
          code: 'SUMMARY_ROW',
          message: `"${summary}" is a summary row, not a city: its values are not read`,
          location: grid.locate(r, nameText ? nameCol : codeCol),
          hint: 'delete the row: cityscore computes totals and averages itself',
        });
      }
      continue;
    }

    // City identity
    let code: string | undefined;
    if (codeText !== '') {
      if (isDivisionCode(codeText)) code = codeText;
      else {
        findings.push({
          severity: 'error',
          code: 'CITY_CODE_INVALID',
          message: `"${cellText(codeRaw)}" is not a 6-digit administrative division code (行政区划代码)`,
          location: grid.locate(r, codeCol),
          hint: nameText ? `the row is matched by its name ${nameText} instead` : 'write the 6-digit code, e.g. 450100 for 南宁市',
        });
      }
    }
    let name = nameText || undefined;
    if (!code && !name && codeCol < 0 && nameCol < 0) {
      code = ctx.code;
      name = ctx.name;
    }
    const originCol =
      nameCol >= 0 && nameText ? nameCol : codeCol >= 0 && codeText ? codeCol : nameCol >= 0 ? nameCol : codeCol >= 0 ? codeCol : firstNonBlank(row);
    const origin = grid.locate(r, originCol);
    if (!code && !name) {
      findings.push({
        severity: 'error',
        code: 'CITY_MISSING',
        message: 'a row with values but no city: its values are not read',
        location: origin,
        hint:
          codeCol >= 0 || nameCol >= 0
            ? 'fill in the city name or its 6-digit division code'
            : 'add a city (城市) or code (行政区划代码) column, or name the city in the sheet name',
      });
      continue;
    }

    // Year
    let year: number | null = defaultYear;
    if (yearCol >= 0) {
      const yc = row[yearCol] ?? null;
      if (isBlank(yc)) {
        year = ctx.year ?? opts.meta?.year ?? opts.defaultYear ?? null;
        if (year === null) {
          findings.push({
            severity: 'error',
            code: 'YEAR_MISSING',
            message: `${name ?? code}: the year is missing; the row is not read`,
            location: grid.locate(r, yearCol),
            hint: 'write the reporting year, e.g. 2023',
          });
          continue;
        }
      } else {
        year = parseYear(yc);
        if (year === null) {
          findings.push({
            severity: 'error',
            code: 'YEAR_INVALID',
            message: `${name ?? code}: "${cellText(yc)}" is not a year; the row is not read`,
            location: grid.locate(r, yearCol),
            hint: 'write a four-digit year, e.g. 2023',
          });
          continue;
        }
      }
    }

    const attrs: Record<string, string> = {};
    for (const g of groupCols) {
      const t = halfWidth(cellText(row[g.col] ?? null));
      if (t) attrs[g.id] = t;
    }

    let u: number;
    if (!long) {
      u = units.length;
      units.push({ code, name, year, attrs, origin });
      storeWideRow(wideCols, row, u, r, findings);
      continue;
    }

    // Long layout: one value per row.
    const ukey = `${code ?? ''}|${name ?? ''}|${year}`;
    let ui = longUnitIndex.get(ukey);
    if (ui === undefined) {
      ui = units.length;
      longUnitIndex.set(ukey, ui);
      units.push({ code, name, year, attrs, origin });
    } else {
      Object.assign(units[ui].attrs, attrs);
    }
    const fieldCell = row[fieldColOfLong] ?? null;
    const fieldText = cellText(fieldCell);
    let hit = fieldText ? matcher.field(fieldText) : undefined;
    if (!hit && longFieldCol >= 0 && longNameCol >= 0) {
      const alt = cellText(row[longNameCol] ?? null);
      if (alt) hit = matcher.field(alt);
    }
    if (!hit) {
      if (isBlank(fieldCell)) {
        if (!isBlank(row[longValueCol] ?? null)) {
          findings.push({
            severity: 'error',
            code: 'FIELD_MISSING',
            message: 'a value without a field: it is not read',
            location: grid.locate(r, fieldColOfLong),
            hint: 'write the field id or name',
          });
        }
        continue;
      }
      const k = key(fieldText);
      if (!unknownLongFields.has(k)) {
        unknownLongFields.set(k, true);
        const suggestion = matcher.suggest(fieldText);
        const loc = grid.locate(r, fieldColOfLong);
        unknown.push({ header: fieldText, suggestion, location: loc });
        findings.push({
          severity: 'warning',
          code: 'UNKNOWN_FIELD',
          message: `"${fieldText}" matches no field of ${system.id}; its rows are not read`,
          location: loc,
          hint: suggestion
            ? `did you mean ${suggestion} (${system.fields.find((f) => f.id === suggestion)?.name})?`
            : 'cityscore show <system> lists the fields',
        });
      }
      continue;
    }
    let factor: number | undefined;
    const ut = longUnitCol >= 0 ? halfWidth(cellText(row[longUnitCol] ?? null)) : '';
    if (ut && hit.field.unit && key(ut) !== key(hit.field.unit)) {
      const scale = unitFactor(ut, hit.field.unit);
      if (scale !== 1) factor = scale;
      if (scale === undefined) {
        findings.push({
          severity: 'warning',
          code: 'UNIT_MISMATCH',
          message: `${hit.field.id} (${hit.field.name}) is in ${hit.field.unit}, but this row says ${ut}; the value is read as ${hit.field.unit}`,
          location: grid.locate(r, longUnitCol),
          hint: `convert the value to ${hit.field.unit}`,
        });
      }
    }
    const col = makeCol(hit.field, hit.index);
    const dupKey = `${ui}|${hit.index}`;
    const prev = longSeen.get(dupKey);
    if (prev) {
      findings.push({
        severity: 'error',
        code: 'DUPLICATE_ROW',
        message: `${name ?? code} ${year ?? ''}: ${hit.field.id} is given twice in this table; the first (${describe(prev)}) is read`,
        location: grid.locate(r, longValueCol),
        hint: 'delete one of the two rows',
      });
      continue;
    }
    storeCell(col, ui, cellAt(row, longValueCol), longCells!, r, findings);
    if (factor !== undefined && col.state[ui] === PRESENT && !(col.flags[ui] & FLAG_OWN_UNIT)) {
      col.values[ui] = convertValue(col.values[ui], factor);
      const k = `${hit.field.id}|${key(ut)}|${year}`; // per year: --year keeps the finding of its own rows
      const seen = longConverted.get(k);
      if (seen) seen.n++;
      else longConverted.set(k, { n: 1, unit: ut, field: hit.field, factor, location: grid.locate(r, longUnitCol) });
    }
    longSeen.set(dupKey, col.prov.at(ui)!);
  }

  // Values stated at another magnitude of the field's unit (人 for 万人): converted, but for cells
  // that state their own (`35 万人`, `356.2万`).
  for (const wc of wideCols) {
    if (wc.factor === undefined) continue;
    const d = wc.data;
    for (let u = 0; u < units.length; u++) if (d.state[u] === PRESENT && !(d.flags[u] & FLAG_OWN_UNIT)) d.values[u] = convertValue(d.values[u], wc.factor);
  }
  for (const c of longConverted.values()) {
    findings.push({
      severity: 'warning',
      code: 'UNIT_CONVERTED',
      message: `${c.n === 1 ? 'a row gives' : `${c.n} rows give`} ${c.field.id} (${c.field.name}) in ${c.unit}; it is in ${c.field.unit}: the value${c.n === 1 ? ' is' : 's are'} converted (${describeFactor(c.factor)})`,
      location: c.location,
      hint: `check that the values are in ${c.unit}, as the unit column says`,
    });
  }

  // Percent columns: decide the scale of bare numbers.
  for (const col of cols) {
    if (col.field.type !== 'percent') continue;
    const res = resolvePercentColumn(col.values, col.flags, units.length);
    for (const i of res.ambiguous) {
      const p = col.prov.at(i)!;
      if (res.fraction) {
        const raw = p.raw ?? String(col.values[i] / 100);
        findings.push({
          severity: 'warning',
          code: 'PERCENT_AMBIGUOUS',
          message: `${col.field.id} (${col.field.name}): "${raw}" could be ${raw}% or ${col.values[i]}%; the column's few values are all between 0 and 1, so it is read as a fraction, ${col.values[i]}%`,
          location: stripProv(p),
          hint: `write ${raw}% if that is what is meant (95 and 95% both mean 95%)`,
        });
        continue;
      }
      findings.push({
        severity: 'warning',
        code: 'PERCENT_AMBIGUOUS',
        message: `${col.field.id} (${col.field.name}): "${p.raw ?? col.values[i]}" could be ${col.values[i]}% or ${fixPct(col.values[i])}%; the other values of the column are percent points, so it is read as ${col.values[i]}%`,
        location: stripProv(p),
        hint: `write ${fixPct(col.values[i])}% (or ${fixPct(col.values[i])}) if that is what is meant`,
      });
    }
  }
  return { file: grid.file, sheet: grid.sheet, source: src, layout: long ? 'long' : 'wide', units, cols, findings, unknown };
}

const fixPct = (x: number) => Number((x * 100).toPrecision(15));

/** A row's name that is a total or an average of the rows above it (合计, 广西合计, 全省平均, 均值, Total…). */
export function isSummaryLabel(s: string): boolean {
  return (
    /^[\u4e00-\u9fff]{0,12}?(?:合计|总计|小计|汇总|平均|平均值|均值|中位数)(?:值|数)?[:：]?$/.test(s) || /^(?:total|sum|average|mean|median)[:：]?$/i.test(s)
  );
}

function cellAt(row: CellIn[], c: number): CellIn {
  const v = row[c];
  return v === undefined ? null : v;
}

/** Row r's cells of the wide columns, as unit u's: the inner loop of ingestion, small so that it is optimised early. */
function storeWideRow(cols: readonly WideCol[], row: CellIn[], u: number, r: number, findings: Diagnostic[]): void {
  for (let k = 0; k < cols.length; k++) {
    const fc = cols[k];
    storeCell(fc.data, u, cellAt(row, fc.col), fc.cells, r, findings);
  }
}

function storeCell(col: ColData, u: number, v: CellIn, cells: CellSource, r: number, findings: Diagnostic[]): void {
  const p = parseCell(v, col.field);
  col.state[u] = p.state;
  col.values[u] = p.value;
  col.flags[u] = p.flag;
  if (col.text && p.text !== null) col.text[u] = p.text;
  col.prov.link(u, cells, r);
  if (p.problem) {
    findings.push({ severity: p.problem.severity, code: p.problem.code, message: p.problem.message, location: stripProv(cells.at(r)), hint: p.problem.hint });
  }
}

export function stripProv(p: Provenance): Location {
  return p.sheet !== undefined ? { file: p.file, sheet: p.sheet, cell: p.cell } : { file: p.file, line: p.line, col: p.col };
}

export function describe(p: Provenance): string {
  return p.sheet !== undefined ? `${p.sheet}!${p.cell}` : `line ${p.line}:${p.col}`;
}

function checkWidth(grid: Grid, r: number, headerLen: number): void {
  const row = grid.rows[r];
  if (row.length === headerLen) return;
  if (row.length > headerLen && row.slice(headerLen).every((v) => isBlank(v))) return;
  throw new CityscoreError('CSV_RAGGED', `this row has ${row.length} cells, but the header has ${headerLen}`, {
    location: { file: grid.file, line: grid.locate(r, 0).line },
    hint: 'every row must have as many cells as the header: check for a missing or extra delimiter, or quote a value that contains one',
  });
}
