/**
 * Where every cell of a field came from, kept compact: per unit, the table column and row it was
 * read from (two integers), the Provenance object made only when asked for (a finding, explain, a
 * report's source cells). A cell set by a correction holds its own object. 3,000 cities × 200
 * fields are 600,000 cells: objects for all of them would be most of the ingestion's work.
 */
import type { Provenance } from './dataset.js';
import type { Grid } from './grid.js';
import { cellText } from './values.js';

/** The cells of one column of one table (a CSV file or a worksheet): provenance of a row on demand. */
export interface CellSource {
  at(row: number): Provenance;
}

/** Column `col` of `grid`, read as data source `source` (raw text as written). */
export function gridColumn(grid: Grid, col: number, source: string | undefined): CellSource {
  return {
    at: (r) => {
      const v = grid.rows[r]?.[col] ?? null;
      return grid.cellProv(r, col, source, v === null || typeof v === 'number' ? undefined : typeof v === 'string' ? v : cellText(v));
    },
  };
}

export class ProvColumn {
  readonly length: number;
  private readonly sources: CellSource[] = [];
  /** Index into `sources` per unit (−1: none). */
  private readonly src: Int32Array;
  private readonly row: Int32Array;
  /** Cells with a Provenance of their own (corrections, or given as objects). */
  private own: Map<number, Provenance | null> | undefined;

  constructor(length: number) {
    this.length = length;
    this.src = new Int32Array(length).fill(-1);
    this.row = new Int32Array(length);
  }

  /** A column from Provenance objects (tests, and datasets built in memory). */
  static of(items: readonly (Provenance | null)[]): ProvColumn {
    const c = new ProvColumn(items.length);
    items.forEach((p, u) => p && c.set(u, p));
    return c;
  }

  /** The provenance of unit u's cell; null when the unit has no cell. */
  at(u: number): Provenance | null {
    if (this.own?.has(u)) return this.own.get(u)!;
    const s = this.src[u];
    return s < 0 ? null : this.sources[s].at(this.row[u]);
  }

  /** Unit u has a cell. */
  has(u: number): boolean {
    return this.own?.has(u) ? this.own.get(u) !== null : this.src[u] >= 0;
  }

  /** Give unit u a provenance object of its own (null: no cell). */
  set(u: number, p: Provenance | null): void {
    (this.own ??= new Map()).set(u, p);
    this.src[u] = -1;
  }

  /** Unit u's cell is row `row` of `source`. */
  link(u: number, source: CellSource, row: number): void {
    let s = this.sources.lastIndexOf(source);
    if (s < 0) s = this.sources.push(source) - 1;
    this.src[u] = s;
    this.row[u] = row;
    this.own?.delete(u);
  }

  /** Unit u's cell is unit p's cell of `from`. */
  copy(u: number, from: ProvColumn, p: number): void {
    if (from.own?.has(p)) this.set(u, from.own.get(p)!);
    else if (from.src[p] < 0) this.set(u, null);
    else this.link(u, from.sources[from.src[p]], from.row[p]);
  }

  /** A column of the units `idx` of this one, in that order. */
  select(idx: readonly number[]): ProvColumn {
    const c = new ProvColumn(idx.length);
    idx.forEach((p, u) => c.copy(u, this, p));
    return c;
  }

  /** Replace every cell's provenance by fn(provenance) (a report relocating input paths). */
  mapAll(fn: (p: Provenance) => Provenance): void {
    for (let u = 0; u < this.length; u++) {
      const p = this.at(u);
      if (!p) continue;
      const q = fn(p);
      if (q !== p) this.set(u, q);
    }
  }

  toArray(): (Provenance | null)[] {
    return Array.from({ length: this.length }, (_, u) => this.at(u));
  }
}
