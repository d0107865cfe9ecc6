/**
 * A thin layer over exceljs's streaming WorkbookWriter for report sheets: typed columns with
 * number formats, a bold frozen header row, autofilter, column widths that fit Chinese text,
 * colour scales on score columns, and strings that are always strings (never formulas), with
 * Excel's quote prefix on text that begins with = + - or @.
 *
 * Rows are serialised straight into the worksheet's XML stream (shared strings, cached style
 * ids): exceljs builds an object per cell and renders each through its XML writer, which takes
 * about 2 µs a cell — seconds for a 3,000-city report. The package around the rows (workbook,
 * styles, shared strings, sheet views, columns, autofilter, conditional formats, zip) is still
 * written by exceljs. `fast: false` uses exceljs's public row API instead; both give the same cells.
 * This relies on internals of exceljs 4.4.0 (pinned exactly in package.json); when they are not
 * there, the public API is used.
 */
import type { Writable } from 'node:stream';
import { displayWidth } from '../../util/text-width.js';
import { looksLikeFormula } from '../format.js';

export type Kind = 'text' | 'int' | 'signedInt' | 'score' | 'signed' | 'value' | 'full' | 'pct';

export interface ColSpec {
  header: string;
  kind: Kind;
  /** A colour scale (red–yellow–green) over the column's values. */
  scale?: boolean;
  /** Minimum width (characters). */
  min?: number;
}

export type XValue = string | number | null | undefined;

export interface SheetOptions {
  /** Columns frozen at the left (the header row is always frozen). */
  freezeCols?: number;
  filter?: boolean;
  /** A column whose text is indented by the row's `indent`. */
  indentCol?: number;
}

/** The minimal surface of exceljs used here (typed loosely: exceljs's d.ts omits the streaming internals). */
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObj = any;

const VT_NUMBER = 2;
const VT_STRING = 3;
const MAX_WIDTH = 60;
const SAMPLE_ROWS = 500;

const FORMATS: Record<Kind, string | undefined> = {
  text: undefined,
  int: '0',
  signedInt: '+0;-0;0',
  score: undefined, // set from the precision
  signed: undefined,
  value: 'General',
  full: 'General',
  pct: '0.00%',
};

export class Book {
  readonly wb: AnyObj;
  private readonly formats: Record<Kind, string | undefined>;
  private readonly fast: boolean;
  private readonly styleCache = new Map<string, number>();

  constructor(ExcelJS: AnyObj, stream: Writable, o: { scoreFormat: string; signedFormat: string; date: Date; fast?: boolean }) {
    const options = { stream, useStyles: true, useSharedStrings: true, created: o.date, modified: o.date, creator: 'cityscore', lastModifiedBy: 'cityscore' };
    this.wb = withoutBufferWarning(() => new ExcelJS.stream.xlsx.WorkbookWriter(options));
    this.formats = { ...FORMATS, score: o.scoreFormat, signed: o.signedFormat };
    const styles = this.wb.styles;
    this.fast =
      o.fast !== false &&
      typeof styles?.addStyleModel === 'function' &&
      Array.isArray(styles?.model?.styles) &&
      typeof styles?.index?.style === 'object' &&
      typeof this.wb.sharedStrings?.add === 'function';
  }

  get usesFastRows(): boolean {
    return this.fast;
  }

  /** exceljs style models, one object per look (so exceljs caches its style id). */
  private readonly models = new Map<string, object>();
  model(key: string, make: () => object): object {
    let m = this.models.get(key);
    if (!m) this.models.set(key, (m = make()));
    return m;
  }

  cellStyle(kind: Kind, o: { header?: boolean; indent?: number; quote?: boolean; bold?: boolean } = {}): object {
    const key = `${kind}|${o.header ? 1 : 0}|${o.indent ?? 0}|${o.quote ? 1 : 0}|${o.bold ? 1 : 0}`;
    return this.model(key, () => {
      const m: Record<string, unknown> = {};
      const fmt = o.header ? undefined : this.formats[kind];
      if (fmt) m.numFmt = fmt;
      if (o.header) {
        m.font = { bold: true };
        m.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
        m.border = { bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } } };
        m.alignment = { vertical: 'middle', wrapText: true };
      } else if (o.bold) m.font = { bold: true };
      if (o.indent) m.alignment = { indent: o.indent };
      if (o.quote) (m as { quotePrefix?: boolean }).quotePrefix = true;
      return m;
    });
  }

  /** Style id (s="…") of a style model, registering it with exceljs; adds Excel's quotePrefix when asked. */
  styleId(kind: Kind, o: { header?: boolean; indent?: number; quote?: boolean; bold?: boolean }, type: number): number {
    const key = `${kind}|${o.header ? 1 : 0}|${o.indent ?? 0}|${o.quote ? 1 : 0}|${o.bold ? 1 : 0}|${type}`;
    let id = this.styleCache.get(key);
    if (id !== undefined) return id;
    const styles = this.wb.styles;
    const model = this.cellStyle(kind, o) as Record<string, unknown>;
    id = styles.addStyleModel(model, type) as number;
    if (o.quote) id = withQuotePrefix(styles, id);
    this.styleCache.set(key, id);
    return id;
  }

  /** Sheets are written one after another (exceljs zips them in order). */
  sheet(name: string, cols: ColSpec[], o: SheetOptions = {}): SheetWriter {
    return new SheetWriter(this, safeSheetName(name), cols, o);
  }

  async commit(): Promise<void> {
    await this.wb.commit();
  }
}

/**
 * exceljs's zip library (archiver 5) calls the deprecated `new Buffer(string)` in the writer's
 * constructor. Node stays quiet about it inside node_modules, but the bundled CLI is not there, so
 * every report would print DEP0005. Node emits that warning once per process: drop it here (only
 * that one, only during this call).
 */
function withoutBufferWarning<T>(fn: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0005') return;
    return (emit as (...a: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * exceljs 4.4.0 does not write `quotePrefix`; add an xf that is the given one plus quotePrefix="1"
 * to its style table (styles are kept as XML strings, indexed by their text).
 */
function withQuotePrefix(styles: AnyObj, id: number): number {
  const list: unknown[] = styles?.model?.styles;
  const index: Record<string, number> = styles?.index?.style;
  const xml = list?.[id];
  if (typeof xml !== 'string' || !xml.startsWith('<xf ') || !index) return id;
  const q = xml.replace(/^<xf /, '<xf quotePrefix="1" ');
  let k = index[q];
  if (k === undefined) {
    k = index[q] = list.length;
    list.push(q);
  }
  return k;
}

const INVALID_SHEET = /[[\]:*?/\\]/g;

export function safeSheetName(name: string): string {
  const t = name.replace(INVALID_SHEET, '_').replace(/^'+|'+$/g, '');
  return [...t].slice(0, 31).join('') || 'Sheet';
}

const colLetters: string[] = [];
export function colLetter(i: number): string {
  if (colLetters[i]) return colLetters[i];
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return (colLetters[i] = s);
}

const XML_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const HAS_XML_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

interface RowOpts {
  indent?: number;
  bold?: boolean;
}

export class SheetWriter {
  private readonly ws: AnyObj;
  private readonly buffered: { values: XValue[]; o: RowOpts }[] = [];
  private started = false;
  private rowNo = 1;
  private chunk: string[] = [];
  private chunkLen = 0;
  private readonly scaleCols: number[];
  private flushed = false;
  /** Style ids of plain cells per column (numbers, strings). */
  private numStyle: number[] = [];
  private strStyle: number[] = [];

  constructor(
    private readonly book: Book,
    name: string,
    private readonly cols: ColSpec[],
    private readonly o: SheetOptions,
  ) {
    const frozen = o.freezeCols ?? 0;
    this.ws = book.wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: frozen, ySplit: 1, topLeftCell: `${colLetter(frozen)}2`, activeCell: `${colLetter(frozen)}2` }],
    });
    this.scaleCols = cols.map((c, i) => (c.scale ? i : -1)).filter((i) => i >= 0);
  }

  row(values: XValue[], o: RowOpts = {}): void {
    if (!this.started) {
      this.buffered.push({ values, o });
      if (this.buffered.length >= SAMPLE_ROWS) this.start();
      return;
    }
    this.writeRow(values, o);
  }

  /** Fix the column widths from the header and the first rows, then write the header. */
  private start(): void {
    this.started = true;
    const widths = this.cols.map((c) => Math.max(c.min ?? 6, Math.ceil(displayWidth(c.header) * 1.1) + 2));
    for (const { values, o } of this.buffered) {
      values.forEach((v, i) => {
        if (i >= widths.length || v === null || v === undefined) return;
        const w = (typeof v === 'number' ? String(v).length : displayWidth(v)) + 2 + (i === this.o.indentCol ? 2 * (o.indent ?? 0) : 0);
        if (w > widths[i]) widths[i] = w;
      });
    }
    this.ws.columns = this.cols.map((c, i) => ({ key: `c${i}`, width: Math.min(MAX_WIDTH, widths[i]) }));
    if (this.book.usesFastRows) {
      this.numStyle = this.cols.map((c) => this.book.styleId(c.kind, {}, VT_NUMBER));
      this.strStyle = this.cols.map((c) => this.book.styleId(c.kind, {}, VT_STRING));
      // What WorksheetWriter._writeRow does before the first row: the <cols> element and <sheetData>.
      this.ws._writeColumns();
      this.ws._writeOpenSheetData();
      this.ws.startedData = true;
    }
    this.writeRow(
      this.cols.map((c) => c.header),
      { header: true } as RowOpts,
    );
    for (const { values, o } of this.buffered) this.writeRow(values, o);
    this.buffered.length = 0;
  }

  private writeRow(values: XValue[], o: RowOpts & { header?: boolean }): void {
    const r = this.rowNo++;
    if (!this.book.usesFastRows) {
      this.publicRow(r, values, o);
      return;
    }
    const plain = !o.header && !o.bold && !o.indent;
    const strings = this.book.wb.sharedStrings;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length && i < this.cols.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        const s = plain
          ? this.numStyle[i]
          : this.book.styleId(o.header ? 'text' : this.cols[i].kind, { bold: o.bold, indent: i === this.o.indentCol ? o.indent : undefined }, VT_NUMBER);
        xml += s ? `<c r="${colLetter(i)}${r}" s="${s}"><v>${String(v)}</v></c>` : `<c r="${colLetter(i)}${r}"><v>${String(v)}</v></c>`;
      } else {
        const text = HAS_XML_BAD.test(v) ? v.replace(XML_BAD, '') : v;
        const quote = looksLikeFormula(text);
        const s =
          plain && !quote
            ? this.strStyle[i]
            : this.book.styleId(
                o.header ? 'text' : this.cols[i].kind,
                { header: o.header, indent: i === this.o.indentCol ? o.indent : undefined, quote, bold: o.bold },
                VT_STRING,
              );
        xml += s
          ? `<c r="${colLetter(i)}${r}" s="${s}" t="s"><v>${strings.add(text) as number}</v></c>`
          : `<c r="${colLetter(i)}${r}" t="s"><v>${strings.add(text) as number}</v></c>`;
      }
    }
    xml += '</row>';
    this.chunk.push(xml);
    this.chunkLen += xml.length;
    if (this.chunkLen > 1 << 16) this.flush();
  }

  private flush(): void {
    if (!this.chunk.length) return;
    this.ws.stream.write(this.chunk.join(''));
    this.chunk = [];
    this.chunkLen = 0;
    this.flushed = true;
  }

  /**
   * After a chunk went to the zip, give the event loop a turn so that compression (zlib, on the
   * thread pool) runs while the next rows are built: `const t = ws.tick(); if (t) await t;`.
   */
  tick(): Promise<void> | undefined {
    if (!this.flushed) return undefined;
    this.flushed = false;
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** The same row through exceljs's public API. */
  private publicRow(r: number, values: XValue[], o: RowOpts & { header?: boolean }): void {
    const row = this.ws.getRow(r);
    for (let i = 0; i < values.length && i < this.cols.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) continue;
      const cell = row.getCell(i + 1);
      const text = typeof v === 'string' ? v.replace(XML_BAD, '') : v;
      // A string is set as a rich-text-free plain value: exceljs never turns it into a formula.
      cell.value = text;
      const kind = o.header ? 'text' : this.cols[i].kind;
      cell.style = this.book.cellStyle(kind, { header: o.header, indent: i === this.o.indentCol ? o.indent : undefined, bold: o.bold });
    }
    row.commit();
  }

  /** Finish the sheet: remaining rows, autofilter, colour scales. */
  end(): void {
    if (!this.started) this.start();
    this.flush();
    const last = this.rowNo - 1;
    const lastCol = colLetter(this.cols.length - 1);
    if (this.o.filter !== false && this.cols.length) this.ws.autoFilter = `A1:${lastCol}${Math.max(1, last)}`;
    if (last >= 2) {
      for (const i of this.scaleCols) {
        const L = colLetter(i);
        this.ws.addConditionalFormatting({
          ref: `${L}2:${L}${last}`,
          rules: [
            {
              type: 'colorScale',
              priority: i + 1,
              cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
              color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
            },
          ],
        });
      }
    }
    this.ws.commit();
  }
}
