/**
 * The fill-in form a city completes: an xlsx workbook (instructions, data sheet, optional
 * last-year reference, hidden `_meta`) or a CSV (UTF-8 with BOM, so that Excel opens it right).
 *
 * Wide layout, data sheet rows: 1 field ids (what ingestion matches on), 2 Chinese names, 3 units,
 * 4 valid ranges or allowed values, then one row per city. Long layout: one row per city and field
 * (code, city, year, field, field_name, unit, range, value, previous). Data validation where Excel
 * has it (lists for level and boolean fields, numeric ranges), frozen headers, column widths fitted
 * to Chinese text. The system id, version, hash and year are stored in the `_meta` sheet (and in
 * the CSV's first line), so that ingestion can warn about a return made for another version/year.
 */
import type { ResolvedField, ResolvedSystem } from '../system/model.js';
import { displayWidth } from '../util/text-width.js';
import { VERSION } from '../version.js';
import { NOT_APPLICABLE, PRESENT, type Dataset } from './dataset.js';
import { csvField } from '../util/csv.js';
import { normaliseZipTimes } from './zip.js';

export interface TemplateCity {
  code?: string;
  name: string;
  attrs?: Record<string, string>;
}

export interface TemplateOptions {
  year?: number;
  layout?: 'wide' | 'long';
  /** Rows to prefill with the city name and code (one workbook with all of them). */
  cities?: TemplateCity[];
  /** Last year's returns, shown for reference. */
  previous?: Dataset;
  /** Blank rows to offer (with validation) when no cities are given; default 30. */
  blankRows?: number;
}

export const DATA_SHEET = '填报数据';
export const INSTRUCTIONS_SHEET = '填报说明';
export const REFERENCE_SHEET = '上年数据';
export const META_SHEET = '_meta';
export const WIDE_HEADER_ROWS = 4;

/** The fields a city reports itself: no declared source, or the source `self`. */
export function templateFields(system: ResolvedSystem): ResolvedField[] {
  return system.fields.filter((f) => f.source === undefined || f.source === 'self');
}

const TYPE_ZH: Record<ResolvedField['type'], string> = {
  number: '数值',
  percent: '百分比',
  count: '计数',
  money: '金额',
  boolean: '是/否',
  level: '等级',
  text: '文本',
};

/** The valid range or allowed values of a field, as shown in row 4 and in the instructions. */
export function rangeLabel(f: ResolvedField): string {
  if (f.type === 'boolean') return '是/否';
  if (f.type === 'level') return (f.levels ?? []).join('/');
  if (f.type === 'text') return '文本';
  const r = f.range;
  if (!r) return f.type === 'percent' ? '0–100' : '数值';
  const [lo, hi] = r;
  if (lo !== null && hi !== null) return `${lo}–${hi}`;
  if (lo !== null) return `≥ ${lo}`;
  if (hi !== null) return `≤ ${hi}`;
  return '数值';
}

function previousValue(prev: Dataset | undefined, city: TemplateCity, field: string): string | number | null {
  if (!prev || !prev.values[field]) return null;
  let best = -1;
  prev.units.forEach((u, i) => {
    if ((city.code && u.code === city.code) || (!city.code && u.name === city.name) || (city.code && !u.code && u.name === city.name)) {
      if (best < 0 || (u.year ?? 0) > (prev.units[best].year ?? 0)) best = i;
    }
  });
  if (best < 0) return null;
  const st = prev.state[field][best];
  if (st === NOT_APPLICABLE) return '不适用';
  if (st !== PRESENT) return null;
  return prev.text[field][best] ?? prev.values[field][best];
}

function previousYear(prev: Dataset | undefined): number | null {
  if (!prev) return null;
  return prev.units.reduce<number | null>((m, u) => (u.year !== null && (m === null || u.year > m) ? u.year : m), null);
}

interface Column {
  id: string;
  name: string;
  unit: string;
  range: string;
  field?: ResolvedField;
}

function wideColumns(system: ResolvedSystem): Column[] {
  const cols: Column[] = [
    { id: 'code', name: '行政区划代码', unit: '', range: '6位数字' },
    { id: 'city', name: '城市', unit: '', range: '城市名称' },
    { id: 'year', name: '年份', unit: '', range: '4位年份' },
  ];
  for (const g of system.settings.groups) cols.push({ id: g.id, name: g.name, unit: '', range: '文本' });
  for (const f of templateFields(system)) cols.push({ id: f.id, name: f.name, unit: f.unit ?? '', range: rangeLabel(f), field: f });
  return cols;
}

const LONG_COLUMNS: Column[] = [
  { id: 'code', name: '行政区划代码', unit: '', range: '' },
  { id: 'city', name: '城市', unit: '', range: '' },
  { id: 'year', name: '年份', unit: '', range: '' },
  { id: 'field', name: '字段', unit: '', range: '' },
  { id: 'field_name', name: '指标名称', unit: '', range: '' },
  { id: 'unit', name: '单位', unit: '', range: '' },
  { id: 'range', name: '填写范围', unit: '', range: '' },
  { id: 'value', name: '填报值', unit: '', range: '' },
];

function metaRows(system: ResolvedSystem, opts: TemplateOptions, extra: [string, string][]): [string, string][] {
  return [
    ['generator', `cityscore ${VERSION}`],
    ['system', system.id],
    ['version', system.version],
    ['hash', system.hash],
    ['year', opts.year !== undefined ? String(opts.year) : ''],
    ['layout', opts.layout ?? 'wide'],
    ['dataSheet', DATA_SHEET],
    ...extra,
  ];
}

// ---------------------------------------------------------------------------------------------
// CSV

export function csvLine(cells: (string | number | null)[]): string {
  return cells.map(csvField).join(',');
}

/** The CSV form (UTF-8 with BOM, CRLF). */
export function buildTemplateCsv(system: ResolvedSystem, opts: TemplateOptions = {}): string {
  const layout = opts.layout ?? 'wide';
  const year = opts.year ?? null;
  const lines: string[] = [`# cityscore-template system=${system.id} version=${system.version} year=${year ?? ''} layout=${layout}`];
  const cities = opts.cities ?? [];
  const prevYear = previousYear(opts.previous);
  if (layout === 'wide') {
    const cols = wideColumns(system);
    lines.push(csvLine(cols.map((c) => c.id)), csvLine(cols.map((c) => c.name)));
    lines.push(csvLine(cols.map((c, i) => (i === 0 ? '单位' : c.unit))), csvLine(cols.map((c, i) => (i === 0 ? '填写范围' : c.range))));
    for (const city of cities) {
      if (opts.previous && cities.length === 1) {
        lines.push(
          csvLine(
            cols.map((c) =>
              c.id === 'city' ? '上年参考值' : c.id === 'year' ? `${prevYear ?? ''}年参考` : c.field ? previousValue(opts.previous, city, c.id) : null,
            ),
          ),
        );
      }
      lines.push(
        csvLine(
          cols.map((c) =>
            c.id === 'code' ? (city.code ?? null) : c.id === 'city' ? city.name : c.id === 'year' ? year : c.field ? null : (city.attrs?.[c.id] ?? null),
          ),
        ),
      );
    }
  } else {
    const cols = opts.previous ? [...LONG_COLUMNS, { id: 'previous', name: '上年值', unit: '', range: '' }] : LONG_COLUMNS;
    lines.push(csvLine(cols.map((c) => c.id)), csvLine(cols.map((c) => c.name)));
    for (const row of longRows(system, opts)) lines.push(csvLine(row));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

function longRows(system: ResolvedSystem, opts: TemplateOptions): (string | number | null)[][] {
  const cities: (TemplateCity | null)[] = opts.cities?.length ? opts.cities : [null];
  const out: (string | number | null)[][] = [];
  for (const city of cities) {
    for (const f of templateFields(system)) {
      const row: (string | number | null)[] = [city?.code ?? null, city?.name ?? null, opts.year ?? null, f.id, f.name, f.unit ?? null, rangeLabel(f), null];
      if (opts.previous) row.push(city ? previousValue(opts.previous, city, f.id) : null);
      out.push(row);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// xlsx

type ExcelJSModule = typeof import('exceljs');
type Worksheet = import('exceljs').Worksheet;
type DataValidation = import('exceljs').DataValidation;

const GREY = 'FF808080';
const HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDEBF7' } };
const REF_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F2F2' } };

/** Excel column width for a text: CJK characters take two units. */
export function fitWidth(texts: string[], min = 8, max = 30): number {
  const w = Math.max(...texts.map((t) => displayWidth(t)));
  return Math.min(max, Math.max(min, w + 2));
}

function validationFor(f: ResolvedField): DataValidation | undefined {
  const prompt = `${f.name}${f.unit ? `（${f.unit}）` : ''}：${rangeLabel(f)}；不适用请填“不适用”，未知请留空`.slice(0, 250);
  const common = { allowBlank: true, showInputMessage: true, promptTitle: f.id.slice(0, 32), prompt, showErrorMessage: true };
  if (f.type === 'level' || f.type === 'boolean') {
    const items = f.type === 'boolean' ? ['是', '否'] : [...(f.levels ?? [])];
    const list = [...items, '不适用'].join(',');
    if (list.length > 250 || /[",]/.test(items.join(''))) return undefined;
    return { ...common, type: 'list', formulae: [`"${list}"`], errorStyle: 'stop', errorTitle: '请从列表中选择', error: `可选：${list}` };
  }
  if (f.type === 'text' || f.magnitudes.length) return undefined;
  const r = f.range ?? (f.type === 'percent' ? [0, 100] : undefined);
  if (!r || (r[0] === null && r[1] === null)) return undefined;
  const type = f.type === 'count' ? 'decimal' : 'decimal';
  const error = `${f.name}：${rangeLabel(f)}${f.unit ? `（${f.unit}）` : ''}。不适用请填“不适用”`.slice(0, 250);
  const base = { ...common, type, errorStyle: 'warning', errorTitle: '超出有效范围', error } as const;
  if (r[0] !== null && r[1] !== null) return { ...base, operator: 'between', formulae: [r[0], r[1]] } as DataValidation;
  if (r[0] !== null) return { ...base, operator: 'greaterThanOrEqual', formulae: [r[0]] } as DataValidation;
  return { ...base, operator: 'lessThanOrEqual', formulae: [r[1]] } as DataValidation;
}

/** exceljs has worksheet.dataValidations (range → validation) but does not declare it. */
function validations(ws: Worksheet): { add(range: string, v: DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations;
}

async function loadExcelJS(): Promise<ExcelJSModule> {
  const mod = (await import('exceljs')) as ExcelJSModule & { default?: ExcelJSModule };
  return mod.default ?? mod;
}

/** The workbook (xlsx bytes, byte-identical for the same inputs). */
export async function buildTemplateXlsx(system: ResolvedSystem, opts: TemplateOptions = {}): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(Date.UTC(opts.year ?? 2000, 0, 1));
  wb.creator = 'cityscore';
  wb.lastModifiedBy = 'cityscore';
  wb.created = stamp;
  wb.modified = stamp;
  wb.title = `${system.title.zh} 填报表`;
  wb.subject = `${system.id} ${system.version}`;
  wb.keywords = `cityscore-template system=${system.id} version=${system.version} year=${opts.year ?? ''}`;
  const layout = opts.layout ?? 'wide';

  instructionsSheet(wb.addWorksheet(INSTRUCTIONS_SHEET), system, opts);
  const data = wb.addWorksheet(DATA_SHEET, {
    views: [{ state: 'frozen', xSplit: layout === 'wide' ? 3 : 5, ySplit: layout === 'wide' ? WIDE_HEADER_ROWS : 2 }],
  });
  const extra: [string, string][] = [];
  if (layout === 'wide') {
    const dataRow = wideSheet(data, system, opts);
    extra.push(['headerRow', '1'], ['dataRow', String(dataRow)]);
  } else {
    longSheet(data, system, opts);
    extra.push(['headerRow', '1'], ['dataRow', '3']);
  }
  const ignore = [INSTRUCTIONS_SHEET];
  if (opts.previous && layout === 'wide') {
    referenceSheet(wb.addWorksheet(REFERENCE_SHEET), system, opts);
    ignore.push(REFERENCE_SHEET);
  }
  extra.push(['ignoreSheets', ignore.join('|')]);
  if (opts.cities?.length === 1) extra.push(['city', opts.cities[0].name], ['code', opts.cities[0].code ?? '']);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  for (const [k, v] of metaRows(system, opts, extra)) meta.addRow([k, v]);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return normaliseZipTimes(buf);
}

function instructionsSheet(ws: Worksheet, system: ResolvedSystem, opts: TemplateOptions): void {
  const year = opts.year !== undefined ? `${opts.year}年` : '';
  const lines: string[] = [
    `${system.title.zh}  ${year}数据填报表`,
    '',
    `指标体系：${system.id}（版本 ${system.version}）`,
    `内容标识：${system.hash}`,
    `填报年度：${opts.year ?? '（填在“年份”列）'}`,
    '',
    '填写方法',
    `1. 在“${DATA_SHEET}”工作表中，每个城市（每个年度）填写一行${(opts.layout ?? 'wide') === 'long' ? '（长表：每个指标一行，在“填报值”列填写）' : ''}。`,
    '2. 第1行为字段代码，系统按它识别各列：请勿修改、删除或调整第1行。',
    '3. 百分比可填 95 或 95%（均表示 95%）。是/否类填“是”或“否”；等级类从下拉列表中选择。',
    '4. 数据暂缺请留空，不要填 0；该指标对本市不适用时填“不适用”。',
    '5. 数值请按第3行的单位填写，不要带单位；允许“万”“亿”的字段可写 3.5万。',
    '6. 请勿合并单元格，也不要在数据区插入标题或说明行。',
    '7. 保存为 .xlsx（或 CSV UTF-8）后，用 cityscore check 检查：cityscore check ' + `${system.id} 文件名.xlsx`,
    '',
    '字段一览',
  ];
  for (const l of lines) ws.addRow([l]);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(7).font = { bold: true };
  ws.getRow(lines.length).font = { bold: true };
  const head = ws.addRow(['字段代码', '指标名称', '单位', '类型', '填写范围', '说明', '数据来源']);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEAD_FILL));
  for (const f of system.fields) {
    const src = f.source ? (system.sources.find((s) => s.id === f.source)?.name ?? f.source) : '城市自报';
    ws.addRow([f.id, f.name, f.unit ?? '', TYPE_ZH[f.type], rangeLabel(f), f.description ?? '', src]);
  }
  const widths = [28, 40, 10, 10, 16, 60, 16];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

function headerRows(ws: Worksheet, cols: Column[], rows: string[][]): void {
  rows.forEach((r, i) => {
    const row = ws.addRow(r);
    row.eachCell((c) => {
      c.fill = HEAD_FILL;
      c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      if (i === 0) c.font = { color: { argb: GREY }, size: 9 };
      else if (i === 1) c.font = { bold: true };
      else c.font = { color: { argb: GREY } };
    });
  });
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.field ? fitWidth([c.id, c.unit, c.range, c.name.length > 12 ? c.name.slice(0, 12) : c.name], 10, 26) : fitWidth([c.name, c.range], 10, 16);
  });
  const longest = Math.max(...cols.map((c) => displayWidth(c.name) / Math.max(1, (ws.getColumn(cols.indexOf(c) + 1).width ?? 10) - 1)));
  ws.getRow(2).height = Math.min(120, 16 * Math.max(1, Math.ceil(longest)));
}

function wideSheet(ws: Worksheet, system: ResolvedSystem, opts: TemplateOptions): number {
  const cols = wideColumns(system);
  headerRows(ws, cols, [
    cols.map((c) => c.id),
    cols.map((c) => c.name),
    cols.map((c, i) => (i === 0 ? '单位' : c.unit)),
    cols.map((c, i) => (i === 0 ? '填写范围' : c.range)),
  ]);
  const cities = opts.cities ?? [];
  let dataRow = WIDE_HEADER_ROWS + 1;
  if (opts.previous && cities.length === 1) {
    const prevYear = previousYear(opts.previous);
    const row = ws.addRow(
      cols.map((c) =>
        c.id === 'city' ? '上年参考值' : c.id === 'year' ? `${prevYear ?? ''}年参考` : c.field ? previousValue(opts.previous, cities[0], c.id) : null,
      ),
    );
    row.eachCell((c) => {
      c.fill = REF_FILL;
      c.font = { italic: true, color: { argb: GREY } };
    });
    dataRow++;
  }
  const n = cities.length || (opts.blankRows ?? 30);
  for (let i = 0; i < n; i++) {
    const city = cities[i];
    ws.addRow(
      cols.map((c) =>
        !city
          ? c.id === 'year'
            ? (opts.year ?? null)
            : null
          : c.id === 'code'
            ? city.code
              ? Number(city.code)
              : null
            : c.id === 'city'
              ? city.name
              : c.id === 'year'
                ? (opts.year ?? null)
                : c.field
                  ? null
                  : (city.attrs?.[c.id] ?? null),
      ),
    );
  }
  const last = dataRow + n - 1;
  cols.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter;
    const range = `${letter}${dataRow}:${letter}${last}`;
    if (c.id === 'code')
      validations(ws).add(range, {
        type: 'whole',
        operator: 'between',
        formulae: [110000, 829999],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '行政区划代码',
        error: '6位行政区划代码，如 450100',
      });
    else if (c.id === 'year')
      validations(ws).add(range, {
        type: 'whole',
        operator: 'between',
        formulae: [1990, 2100],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '年份',
        error: '4位年份，如 2023',
      });
    else if (c.field) {
      const v = validationFor(c.field);
      if (v) validations(ws).add(range, v);
    }
  });
  return dataRow;
}

function longSheet(ws: Worksheet, system: ResolvedSystem, opts: TemplateOptions): void {
  const cols = opts.previous ? [...LONG_COLUMNS, { id: 'previous', name: '上年值', unit: '', range: '' }] : LONG_COLUMNS;
  headerRows(ws, cols, [cols.map((c) => c.id), cols.map((c) => c.name)]);
  ws.getRow(2).height = 18;
  const fields = templateFields(system);
  const rows = longRows(system, opts);
  rows.forEach((r, i) => {
    const row = ws.addRow(r.map((v, k) => (k === 0 && typeof v === 'string' ? Number(v) : v)));
    const f = fields[i % fields.length];
    const v = validationFor(f);
    if (v) validations(ws).add(`H${row.number}`, v);
    for (let k = 4; k <= 7; k++) row.getCell(k).font = { color: { argb: GREY } };
  });
  [14, 12, 8, 30, 40, 10, 14, 14, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(5).alignment = { wrapText: true };
}

function referenceSheet(ws: Worksheet, system: ResolvedSystem, opts: TemplateOptions): void {
  const prev = opts.previous!;
  const y = previousYear(prev);
  ws.addRow([`${y ?? '上年'}年填报数据（仅供参考；本表不会被读取）`]).font = { bold: true };
  const cols = wideColumns(system);
  const head = ws.addRow(cols.map((c) => c.name));
  head.font = { bold: true };
  const cities: TemplateCity[] = opts.cities?.length ? opts.cities : prev.units.map((u) => ({ code: u.code, name: u.name }));
  const seen = new Set<string>();
  for (const city of cities) {
    const k = city.code ?? city.name;
    if (seen.has(k)) continue;
    seen.add(k);
    ws.addRow(
      cols.map((c) =>
        c.id === 'code' ? (city.code ?? null) : c.id === 'city' ? city.name : c.id === 'year' ? y : c.field ? previousValue(prev, city, c.id) : null,
      ),
    );
  }
  cols.forEach((c, i) => (ws.getColumn(i + 1).width = c.field ? 14 : 12));
}
