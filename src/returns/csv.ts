/**
 * CSV → Grid. Decode once (encoding.ts), detect the delimiter (comma, semicolon or tab), parse the
 * whole string with csv-parse's sync API, and compute every cell's line and column with a light
 * scanner (csv-parse's `info.lines` counts a CRLF inside a quoted field twice, so it cannot give
 * correct line numbers on Windows files).
 */
import { parse } from 'csv-parse/sync';
import { CityscoreError } from '../errors.js';
import { decodeText } from './encoding.js';
import { csvGrid, type Grid } from './grid.js';
import { lineCol } from '../util/text-position.js';

export interface CsvRead {
  grid: Grid;
  encoding: string;
  delimiter: string;
}

export function readCsv(bytes: Uint8Array, file: string, encoding?: string): CsvRead {
  if (bytes.length === 0) throw new CityscoreError('EMPTY_FILE', 'the file is empty', { location: { file } });
  const { text, encoding: used } = decodeText(bytes, file, encoding);
  return readCsvText(text, file, used);
}

export function readCsvText(text: string, file: string, encoding = 'utf-8'): CsvRead {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CityscoreError('EMPTY_FILE', 'the file has no content', { location: { file } });
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new CityscoreError('NOT_TEXT', 'this is not a CSV file: it contains binary data', {
      location: { file, line: lineCol(text, nul).line },
      hint: 'returns are read from .csv (UTF-8 or GB18030) and .xlsx files',
    });
  }
  const delimiter = detectDelimiter(text);
  // Without a quote character a CSV is just lines and delimiters: one pass gives the cells and
  // their positions, exactly as csv-parse would read them (test/returns/csv-plain.test.ts).
  if (text.indexOf('"') < 0) {
    const p = splitPlain(text, delimiter);
    return { grid: csvGrid(file, p.records, p.offsets, p.lines, p.cols), encoding, delimiter };
  }
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    throw new CityscoreError('CSV_MALFORMED', `cannot parse the CSV: ${err.message.replace(/^Invalid Record Length: |^/, '')}`, {
      location: { file, line: malformedLine(text, delimiter) ?? err.lines },
      hint: 'a quote (") opens a quoted field that must be closed by a quote followed by a delimiter or the end of the line',
      cause: e,
    });
  }
  const pos = scanPositions(text, delimiter);
  if (pos.count !== records.length || !sameShape(records, pos.offsets)) {
    throw new CityscoreError('CSV_MALFORMED', 'cannot parse the CSV consistently (unbalanced quotes?)', {
      location: { file, line: firstMismatchLine(records, pos) },
      hint: 'check the quotes on and around this line',
    });
  }
  return { grid: csvGrid(file, records, pos.offsets, pos.lines, pos.cols), encoding, delimiter };
}

/** Pick the delimiter whose count per line is most consistent over the first lines (outside quotes). */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 65536);
  const candidates = [',', '\t', ';', '|'];
  const counts = candidates.map(() => [] as number[]);
  let inQuote = false;
  const cur = candidates.map(() => 0);
  let lines = 0;
  for (let i = 0; i < sample.length && lines < 40; i++) {
    const ch = sample[i];
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      if (cur.some((n) => n > 0)) {
        candidates.forEach((_, k) => counts[k].push(cur[k]));
        lines++;
      }
      cur.fill(0);
    } else if (!inQuote) {
      const k = candidates.indexOf(ch);
      if (k >= 0) cur[k]++;
    }
  }
  if (cur.some((n) => n > 0)) candidates.forEach((_, k) => counts[k].push(cur[k]));
  let best = ',';
  let bestScore = 0;
  candidates.forEach((d, k) => {
    const freq = new Map<number, number>();
    for (const n of counts[k]) if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [n, f] of freq) if (f > modeFreq || (f === modeFreq && n > mode)) [mode, modeFreq] = [n, f];
    const score = modeFreq * 1000 + Math.min(mode, 999);
    if (score > bestScore) [best, bestScore] = [d, score];
  });
  return best;
}

interface Positions {
  count: number;
  /** Index of each record's first cell in lines/cols. */
  offsets: Int32Array;
  lines: Int32Array;
  cols: Int32Array;
}

/**
 * Where each record and cell starts (1-based line and column). Mirrors csv-parse with
 * relax_quotes and skip_empty_lines: a quote opens a quoted field only at the start of a field;
 * "" inside quotes is a quote; CRLF, LF and CR all end a line.
 */
export function scanPositions(text: string, delimiter: string): Positions {
  const d = delimiter.charCodeAt(0);
  let cap = 1024;
  let lines = new Int32Array(cap);
  let cols = new Int32Array(cap);
  let rcap = 256;
  let offsets = new Int32Array(rcap);
  let n = 0;
  let count = 0;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const len = text.length;
  const push = (l: number, c: number) => {
    if (n === cap) {
      cap *= 2;
      const nl = new Int32Array(cap);
      nl.set(lines);
      lines = nl;
      const nc = new Int32Array(cap);
      nc.set(cols);
      cols = nc;
    }
    lines[n] = l;
    cols[n] = c;
    n++;
  };
  while (i < len) {
    let ch = text.charCodeAt(i);
    // skip empty lines between records
    if (ch === 10 || ch === 13) {
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (count === rcap) {
      rcap *= 2;
      const no = new Int32Array(rcap);
      no.set(offsets);
      offsets = no;
    }
    offsets[count++] = n;
    // one record
    for (;;) {
      push(line, i - lineStart + 1);
      ch = text.charCodeAt(i);
      if (ch === 34 /* " */) {
        i++;
        for (;;) {
          if (i >= len) break;
          const q = text.charCodeAt(i);
          if (q === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q === 13 || q === 10) {
            i += q === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
            line++;
            lineStart = i;
            continue;
          }
          i++;
        }
      }
      while (i < len) {
        const c = text.charCodeAt(i);
        if (c === d || c === 10 || c === 13) break;
        i++;
      }
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= len) {
          push(line, i - lineStart + 1);
          break;
        }
        continue;
      }
      // end of record
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      lineStart = i;
      break;
    }
  }
  return { count, offsets: offsets.subarray(0, count), lines: lines.subarray(0, n), cols: cols.subarray(0, n) };
}

/**
 * A CSV without any quote character: records are the non-empty lines (CRLF, LF or CR end a line),
 * cells are split at the delimiter. Gives the records csv-parse gives for such text (with
 * relax_column_count and skip_empty_lines) and the positions scanPositions gives, in one pass.
 */
export function splitPlain(text: string, delimiter: string): Positions & { records: string[][] } {
  const d = delimiter.charCodeAt(0);
  const records: string[][] = [];
  let lines: Int32Array = new Int32Array(4096);
  let cols: Int32Array = new Int32Array(4096);
  let offsets: Int32Array = new Int32Array(256);
  let n = 0;
  const len = text.length;
  let line = 1;
  let i = 0;
  while (i < len) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    const lineStart = i;
    if (records.length === offsets.length) offsets = grow(offsets);
    offsets[records.length] = n;
    const rec: string[] = [];
    let start = i;
    for (;;) {
      const c = i < len ? text.charCodeAt(i) : 10;
      if (c === d || c === 10 || c === 13) {
        rec.push(text.slice(start, i));
        if (n === lines.length) {
          lines = grow(lines);
          cols = grow(cols);
        }
        lines[n] = line;
        cols[n++] = start - lineStart + 1;
        if (c !== d) break;
        start = ++i;
        continue;
      }
      i++;
    }
    records.push(rec);
    if (i < len) {
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
    }
  }
  return { records, count: records.length, offsets: offsets.subarray(0, records.length), lines: lines.subarray(0, n), cols: cols.subarray(0, n) };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function sameShape(records: string[][], offsets: Int32Array): boolean {
  for (let r = 0; r < records.length - 1; r++) if (offsets[r + 1] - offsets[r] !== records[r].length) return false;
  return true;
}

function firstMismatchLine(records: string[][], pos: Positions): number | undefined {
  for (let r = 0; r < Math.min(records.length, pos.count) - 1; r++) {
    if (pos.offsets[r + 1] - pos.offsets[r] !== records[r].length) return pos.lines[pos.offsets[r]];
  }
  return pos.count ? pos.lines[pos.offsets[Math.min(records.length, pos.count) - 1]] : undefined;
}

/**
 * The line of the first badly quoted field: one that never closes, or whose closing quote is
 * followed by something other than a delimiter or the end of the line.
 */
function malformedLine(text: string, delimiter: string): number | undefined {
  const d = delimiter.charCodeAt(0);
  let line = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (atFieldStart && ch === 34) {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= text.length) return startLine;
        const q = text.charCodeAt(i);
        if (q === 34 && text.charCodeAt(i + 1) === 34) i += 2;
        else if (q === 34) break;
        else {
          if (q === 10 || (q === 13 && text.charCodeAt(i + 1) !== 10)) line++;
          i++;
        }
      }
      const next = text.charCodeAt(i + 1);
      if (i + 1 < text.length && next !== d && next !== 10 && next !== 13) return line;
      atFieldStart = false;
      continue;
    }
    if (ch === d) atFieldStart = true;
    else if (ch === 10 || ch === 13) {
      if (ch === 10 || text.charCodeAt(i + 1) !== 10) line++;
      atFieldStart = true;
    } else atFieldStart = false;
  }
  return undefined;
}
