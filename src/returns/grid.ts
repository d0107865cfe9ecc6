/**
 * A table as read from one CSV file or one worksheet: rows of cells plus where each cell is.
 * Layout detection and value parsing (table.ts) work on this, whatever the file format.
 */
import type { Provenance } from './dataset.js';
import type { CellIn } from './values.js';
import { colLetters } from './text.js';

export interface Grid {
  /** Display path of the file. */
  file: string;
  /** Worksheet name (Excel). */
  sheet?: string;
  rows: CellIn[][];
  /** CSV: every row after the header must have the header's number of cells. */
  strictWidth?: boolean;
  /** Title rows, sheet name and file name, for a city or year that is not in a column. */
  context?: string[];
  /** Provenance of a cell (0-based row and column in `rows`), without source and raw. */
  locate(r: number, c: number): Provenance;
  /** Provenance of a value cell, with its source and raw text (one allocation, one shape). */
  cellProv(r: number, c: number, source: string | undefined, raw: string | undefined): Provenance;
  /** A short form for messages: `file:12:3` or `file Sheet!C7`. */
  describe(r: number, c: number): string;
}

/** A worksheet grid: row r of `rows` is spreadsheet row `rowNumbers[r]`. */
export function sheetGrid(file: string, sheet: string, rows: CellIn[][], rowNumbers: Int32Array | number[]): Grid {
  const letters: string[] = [];
  const letter = (c: number) => letters[c] ?? (letters[c] = colLetters(c));
  return {
    file,
    sheet,
    rows,
    locate: (r, c) => ({ file, sheet, cell: `${letter(c)}${rowNumbers[r]}` }),
    cellProv: (r, c, source, raw) => ({ file, sheet, cell: `${letter(c)}${rowNumbers[r]}`, source, raw }),
    describe: (r, c) => `${file} ${sheet}!${letter(c)}${rowNumbers[r]}`,
  };
}

/** A CSV grid: cell (r, c) starts at line `lines[offsets[r] + c]`, column `cols[offsets[r] + c]`. */
export function csvGrid(file: string, rows: string[][], offsets: Int32Array, lines: Int32Array, cols: Int32Array): Grid {
  return {
    file,
    rows,
    strictWidth: true,
    locate: (r, c) => {
      const i = offsets[r] + Math.min(c, Math.max(0, rows[r].length - 1));
      return { file, line: lines[i], col: c < rows[r].length ? cols[i] : cols[i] + 1 };
    },
    cellProv: (r, c, source, raw) => {
      const n = rows[r].length;
      const i = offsets[r] + (c < n ? c : n - 1);
      return { file, line: lines[i], col: c < n ? cols[i] : cols[i] + 1, source, raw };
    },
    describe: (r, c) => {
      const i = offsets[r] + Math.min(c, Math.max(0, rows[r].length - 1));
      return `${file}:${lines[i]}:${cols[i]}`;
    },
  };
}
