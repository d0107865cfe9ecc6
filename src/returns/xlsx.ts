/**
 * xlsx → Grids, through exceljs (imported lazily: it costs ~150 ms to load).
 *
 * Before exceljs sees the file, the zip's central directory is read (zip.ts): a workbook whose
 * entries would expand beyond the limits is refused, the sheet list comes from workbook.xml, and
 * the reading mode is chosen. Small workbooks are loaded whole (merged cells exist only there);
 * large ones go through the streaming reader (`styles: 'cache'` for dates and percent formats,
 * `sharedStrings: 'cache'`), with a progress bar on a terminal. The streaming reader knows nothing
 * of merged cells, so they are read from the sheet XML here; it drops sheets beyond 100 (exceljs
 * #2790), so such workbooks are refused when they need streaming.
 *
 * Cells become CellIn values: the cached result of a formula (a formula without one is flagged),
 * text of rich text and hyperlinks, dates, and numbers shown with a % format as `{kind: 'pct'}`.
 */
import { Readable } from 'node:stream';
import { CityscoreError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { sheetGrid, type Grid } from './grid.js';
import type { TemplateMeta } from './table.js';
import { parseA1 } from './text.js';
import type { CellIn } from './values.js';
import { ZipFormatError, inflateEntry, readZipDirectory, scanEntry, type ZipEntry } from './zip.js';

export interface XlsxLimits {
  /** Refuse a workbook whose entries expand beyond this many bytes in total (default 1 GiB). */
  maxUncompressed: number;
  /** Refuse when the expanded size is more than this many times the file size (default 200)… */
  maxRatio: number;
  /** …and the expanded size is above this (default 64 MiB): small, well-compressed files are fine. */
  ratioFloor: number;
  /** Use the streaming reader above this file size (default 10 MiB)… */
  streamAboveBytes: number;
  /** …or above this much sheet XML (default 8 MiB uncompressed, about 250,000 cells). */
  streamAboveXml: number;
}

export const DEFAULT_LIMITS: XlsxLimits = {
  maxUncompressed: 1024 ** 3,
  maxRatio: 200,
  ratioFloor: 64 * 1024 ** 2,
  streamAboveBytes: 10 * 1024 ** 2,
  streamAboveXml: 8 * 1024 ** 2,
};

export interface XlsxRead {
  grids: Grid[];
  meta?: TemplateMeta;
  /** Every sheet of the workbook, in order. */
  sheets: string[];
  streamed: boolean;
}

export interface XlsxOptions {
  /** A sheet name, or '*' / undefined for every sheet. */
  sheet?: string;
  progress?: boolean;
  limits?: Partial<XlsxLimits>;
  /** File name stem, for a city or year named in the file name. */
  stem?: string;
}

interface SheetInfo {
  name: string;
  state: string;
  path?: string;
}

type ExcelJSModule = typeof import('exceljs');

async function loadExcelJS(): Promise<ExcelJSModule> {
  const mod = (await import('exceljs')) as ExcelJSModule & { default?: ExcelJSModule };
  return mod.default ?? mod;
}

export async function readXlsx(buf: Buffer, file: string, opts: XlsxOptions = {}): Promise<XlsxRead> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(buf);
  } catch (e) {
    if (e instanceof ZipFormatError) throw corrupt(file, e.message);
    throw e;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const mimetype = byName.get('mimetype');
  if (mimetype) {
    const mt = inflateEntry(buf, mimetype, 1024).toString('utf8');
    if (mt.includes('opendocument')) throw convertError(file, 'an OpenDocument spreadsheet (.ods)');
  }
  checkLimits(entries, buf.length, file, limits);
  if (entries.some((e) => e.flags & 1)) {
    throw new CityscoreError('XLSX_ENCRYPTED', 'the workbook is encrypted (password-protected)', {
      location: { file },
      hint: 'remove the password in Excel (文件 → 信息 → 保护工作簿) and save it again',
    });
  }
  const wbEntry = byName.get('xl/workbook.xml');
  if (!wbEntry) throw corrupt(file, 'it has no xl/workbook.xml');
  const sheets = sheetList(buf, wbEntry, byName.get('xl/_rels/workbook.xml.rels'));
  const names = sheets.map((s) => s.name);
  if (opts.sheet !== undefined && opts.sheet !== '*' && !names.includes(opts.sheet)) {
    const sug = didYouMean(opts.sheet, names);
    throw new CityscoreError('SHEET_NOT_FOUND', `there is no sheet "${opts.sheet}"`, {
      location: { file },
      hint: `${sug ? `did you mean "${sug}"? ` : ''}the sheets are: ${names.join(', ')}`,
    });
  }
  const xmlSize = entries.filter((e) => e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml')).reduce((a, e) => a + e.uncompressedSize, 0);
  const stream = buf.length > limits.streamAboveBytes || xmlSize > limits.streamAboveXml;
  if (stream && sheets.length > 100) {
    throw new CityscoreError(
      'XLSX_TOO_MANY_SHEETS',
      `the workbook has ${sheets.length} sheets and is large enough to need the streaming reader, which reads at most 100 sheets (exceljs #2790)`,
      {
        location: { file },
        hint: 'split the workbook into files of at most 100 sheets (e.g. one per year or per region)',
      },
    );
  }
  const wanted = (name: string, state: string) =>
    name === '_meta' || ((opts.sheet === undefined || opts.sheet === '*' || opts.sheet === name) && state !== 'veryHidden');
  const raw = stream ? await readStreaming(buf, file, entries, sheets, wanted, opts.progress ?? false) : await readFull(buf, file, wanted);

  const metaRows = raw.get('_meta');
  const meta = metaRows ? parseMeta(metaRows) : undefined;
  const ignore = new Set(meta?.ignoreSheets ?? []);
  const grids: Grid[] = [];
  for (const s of sheets) {
    const rows = raw.get(s.name);
    if (!rows || s.name === '_meta' || (ignore.has(s.name) && opts.sheet !== s.name)) continue;
    const numbers = Int32Array.from({ length: rows.length }, (_, i) => i + 1);
    const g = sheetGrid(file, s.name, rows, numbers);
    g.context = [s.name, ...(opts.stem ? [opts.stem] : [])];
    grids.push(g);
  }
  return { grids, meta, sheets: names, streamed: stream };
}

function corrupt(file: string, why: string): CityscoreError {
  return new CityscoreError('XLSX_CORRUPT', `cannot read the workbook: ${why}`, {
    location: { file },
    hint: 'the file may be damaged or not really an .xlsx: open it in Excel or LibreOffice and save it again as .xlsx',
  });
}

export function convertError(file: string, what: string): CityscoreError {
  return new CityscoreError('UNSUPPORTED_FORMAT', `${what} cannot be read; convert it to .xlsx first`, {
    location: { file },
    hint: `libreoffice --headless --convert-to xlsx ${shellQuote(file)}`,
  });
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function checkLimits(entries: ZipEntry[], size: number, file: string, limits: XlsxLimits): void {
  const total = entries.reduce((a, e) => a + e.uncompressedSize, 0);
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;
  if (total > limits.maxUncompressed) {
    throw new CityscoreError(
      'XLSX_TOO_LARGE',
      `the workbook would expand to ${mib(total)}, above the limit of ${mib(limits.maxUncompressed)}; it is not read`,
      {
        location: { file },
        hint: 'split the returns into several files (e.g. one per year or per region)',
      },
    );
  }
  if (total > limits.ratioFloor && total > limits.maxRatio * Math.max(size, 1)) {
    throw new CityscoreError(
      'XLSX_ZIP_BOMB',
      `the workbook would expand ${Math.round(total / Math.max(size, 1))} times (${mib(total)} from ${mib(size)}); that is not a normal spreadsheet and it is not read`,
      {
        location: { file },
        hint: 'check where the file comes from; save the data again from the spreadsheet program',
      },
    );
  }
}

function xmlAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlDecode(m[1]) : undefined;
}

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function sheetList(buf: Buffer, wbEntry: ZipEntry, relsEntry: ZipEntry | undefined): SheetInfo[] {
  let xml: string;
  let rels = '';
  try {
    xml = inflateEntry(buf, wbEntry, 16 * 1024 * 1024).toString('utf8');
    if (relsEntry) rels = inflateEntry(buf, relsEntry, 16 * 1024 * 1024).toString('utf8');
  } catch (e) {
    throw corrupt(wbEntry.name, (e as Error).message);
  }
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = xmlAttr(m[0], 'Id');
    const target = xmlAttr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out: SheetInfo[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = xmlAttr(m[0], 'name');
    if (name === undefined) continue;
    const rid = /\sr:id="([^"]*)"/.exec(m[0])?.[1] ?? /\s\w+:id="([^"]*)"/.exec(m[0])?.[1];
    out.push({ name, state: xmlAttr(m[0], 'state') ?? 'visible', path: rid ? targets.get(rid) : undefined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cell conversion (exceljs cell values → CellIn)

/** Does a number format show the value as a percentage? (a % outside quotes and brackets) */
export function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt || !fmt.includes('%')) return false;
  return /%/.test(
    fmt
      .replace(/"[^"]*"/g, '')
      .replace(/\[[^\]]*\]/g, '')
      .replace(/\\./g, ''),
  );
}

interface ExcelCellLike {
  value: unknown;
  numFmt?: string;
}

function convertValue(v: unknown, numFmt: string | undefined): CellIn {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { kind: 'error', error: '#VALUE!' };
    return isPercentFormat(numFmt) ? { kind: 'pct', v } : v;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { kind: 'error', error: '#VALUE!' } : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) {
      const formula = String(o.formula ?? o.sharedFormula ?? '');
      if (o.result === undefined || o.result === null) return { kind: 'noresult', formula };
      const r = o.result;
      if (typeof r === 'object' && r !== null && 'error' in (r as object)) return { kind: 'error', error: String((r as { error: unknown }).error) };
      return convertValue(r, numFmt);
    }
    if ('error' in o) return { kind: 'error', error: String(o.error) };
    if ('text' in o) return convertValue(o.text, numFmt);
    if ('sharedString' in o) return null;
  }
  return String(v);
}

function convertCell(cell: ExcelCellLike & { isMerged?: boolean; master?: ExcelCellLike }): CellIn {
  const src = cell.isMerged && cell.master ? cell.master : cell;
  return convertValue(src.value, src.numFmt);
}

type Wanted = (name: string, state: string) => boolean;

async function readFull(buf: Buffer, file: string, wanted: Wanted): Promise<Map<string, CellIn[][]>> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw corrupt(file, (e as Error).message);
  }
  const out = new Map<string, CellIn[][]>();
  for (const ws of wb.worksheets) {
    if (!wanted(ws.name, ws.state)) continue;
    const rows: CellIn[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellIn[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        while (cells.length < colNumber - 1) cells.push(null);
        cells[colNumber - 1] = convertCell(cell as unknown as ExcelCellLike);
      });
      while (rows.length < rowNumber - 1) rows.push([]);
      rows[rowNumber - 1] = cells;
    });
    out.set(ws.name, rows);
  }
  return out;
}

async function readStreaming(
  buf: Buffer,
  file: string,
  entries: ZipEntry[],
  sheets: SheetInfo[],
  wanted: Wanted,
  progress: boolean,
): Promise<Map<string, CellIn[][]>> {
  const ExcelJS = await loadExcelJS();
  let bar: { update(n: number): void; stop(): void } | undefined;
  const total = buf.length;
  let read = 0;
  if (progress && process.stderr.isTTY) {
    const cp = await import('cli-progress');
    const Bar = (cp.default ?? cp).SingleBar;
    const b = new Bar(
      { format: `reading ${file} [{bar}] {percentage}% | {value}/{total} MiB`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      (cp.default ?? cp).Presets.shades_classic,
    );
    b.start(Math.ceil(total / 1024 ** 2), 0);
    bar = { update: (n) => b.update(Math.round(n / 1024 ** 2)), stop: () => b.stop() };
  }
  const chunk = 1 << 20;
  const input = new Readable({
    read() {
      if (read >= total) {
        this.push(null);
        return;
      }
      const end = Math.min(total, read + chunk);
      this.push(buf.subarray(read, end));
      read = end;
      bar?.update(read);
    },
  });
  const out = new Map<string, CellIn[][]>();
  const states = new Map(sheets.map((s) => [s.name, s.state]));
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const ws of reader) {
      const w = ws as unknown as AsyncIterable<{
        number: number;
        eachCell: (o: { includeEmpty: boolean }, f: (c: ExcelCellLike, n: number) => void) => void;
      }> & { name: string };
      const keep = wanted(w.name, states.get(w.name) ?? 'visible');
      const rows: CellIn[][] = [];
      for await (const row of w) {
        if (!keep) continue;
        const cells: CellIn[] = [];
        row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
          while (cells.length < colNumber - 1) cells.push(null);
          cells[colNumber - 1] = convertValue(cell.value, cell.numFmt);
        });
        while (rows.length < row.number - 1) rows.push([]);
        rows[row.number - 1] = cells;
      }
      if (keep) out.set(w.name, rows);
    }
  } catch (e) {
    if (e instanceof CityscoreError) throw e;
    throw corrupt(file, (e as Error).message);
  } finally {
    bar?.stop();
  }
  // Merged cells: read from the sheet XML, then copy each master's value over its range.
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const s of sheets) {
    const rows = out.get(s.name);
    const entry = s.path ? byName.get(s.path) : undefined;
    if (!rows || !entry) continue;
    const merges = await mergedRanges(buf, entry);
    applyMerges(rows, merges);
  }
  return out;
}

/** `<mergeCell ref="A1:C2"/>` ranges of a sheet, scanned chunk by chunk. */
async function mergedRanges(buf: Buffer, entry: ZipEntry): Promise<string[]> {
  const refs: string[] = [];
  let carry = '';
  await scanEntry(buf, entry, (chunk) => {
    const text = carry + chunk;
    const re = /<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g;
    let m: RegExpExecArray | null;
    let last = 0;
    while ((m = re.exec(text))) {
      refs.push(m[1]);
      last = re.lastIndex;
    }
    carry = text.slice(Math.max(last, text.length - 64));
  });
  return refs;
}

export function applyMerges(rows: CellIn[][], refs: string[]): void {
  for (const ref of refs) {
    const [a, b] = ref.split(':').map(parseA1);
    if (!a || !b) continue;
    const master = rows[a.row - 1]?.[a.col - 1] ?? null;
    if (master === null) continue;
    for (let r = a.row; r <= b.row; r++) {
      while (rows.length < r) rows.push([]);
      const row = rows[r - 1];
      for (let c = a.col; c <= b.col; c++) {
        if (r === a.row && c === a.col) continue;
        while (row.length < c) row.push(null);
        row[c - 1] = master;
      }
    }
  }
}

function parseMeta(rows: CellIn[][]): TemplateMeta {
  const kv = new Map<string, string>();
  for (const row of rows) {
    const k = row[0];
    const v = row[1];
    if (typeof k === 'string' && v !== null && v !== undefined)
      kv.set(k.trim(), typeof v === 'string' ? v : String(v instanceof Date ? v.toISOString() : typeof v === 'object' ? '' : v));
  }
  const num = (k: string) => {
    const s = kv.get(k);
    const n = s === undefined ? NaN : Number(s);
    return Number.isFinite(n) ? n : undefined;
  };
  return {
    system: kv.get('system'),
    version: kv.get('version'),
    year: num('year'),
    layout: kv.get('layout'),
    dataSheet: kv.get('dataSheet'),
    headerRow: num('headerRow'),
    dataRow: num('dataRow'),
    ignoreSheets: kv.get('ignoreSheets')?.split('|').filter(Boolean),
  };
}
