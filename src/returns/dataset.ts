/**
 * The typed dataset that ingestion produces and the engine reads: one row per city-year unit,
 * one column per field, column-wise (typed arrays), with the provenance of every cell.
 *
 * Units are ordered by division code (cities known only by name after those, by name in code-point
 * order), then by year, whatever the order of the files and rows: the same values give the same
 * dataset from any layout.
 */
import type { Diagnostic, Location } from '../errors.js';
import type { ProvColumn } from './provenance.js';

/** Cell state codes in `Dataset.state[field][row]`. */
export const PRESENT = 0;
export const MISSING = 1;
export const NOT_APPLICABLE = 2;
/** Present in the file but unusable (text where a number is expected, out of a double's range…). */
export const INVALID = 3;
export type CellState = typeof PRESENT | typeof MISSING | typeof NOT_APPLICABLE | typeof INVALID;

export interface Provenance {
  file: string;
  /** CSV: 1-based line and column. */
  line?: number;
  col?: number;
  /** Excel: sheet name and A1 cell. */
  sheet?: string;
  cell?: string;
  /** The data source id (e.g. self, survey, central) that delivered the value. */
  source?: string;
  /** The text as written in the file. */
  raw?: string;
  /** Set when a correction set this value: its index in `Dataset.corrections` (file/line are the correction's). */
  correction?: number;
}

export interface Correction {
  code?: string;
  city: string;
  year: number | null;
  field: string;
  /**
   * The value before the correction (null when it was missing). Numbers for numeric and boolean
   * fields, the label for level and text fields, '不适用' for not-applicable.
   */
  original: number | string | null;
  /** The corrected value, in the same form as `original`. */
  corrected: number | string | null;
  /** Where the original value came from (null when there was no cell). */
  originalProvenance?: Provenance | null;
  reason: string;
  reviewer: string;
  /** Where the correction itself was written. */
  origin: Provenance;
}

export interface Unit {
  /** Stable key: `${code || name}@${year}`. */
  key: string;
  /** 6-digit administrative division code (行政区划代码), when known. */
  code?: string;
  /** Canonical city name (e.g. 南宁市). */
  name: string;
  year: number | null;
  /** Group attributes (province, city tier, …) by group id. */
  attrs: Record<string, string>;
  /** Where the city-year first appears (its city or code cell). */
  origin?: Provenance;
}

export interface InputFile {
  path: string;
  hash: string;
  kind: 'csv' | 'xlsx' | 'corrections';
  encoding?: string;
  source?: string;
  /** System id/version/year stored in a template workbook, when present. */
  template?: { system?: string; version?: string; year?: number };
  /** Size in bytes. */
  bytes?: number;
  /** Excel: the sheets read; CSV: the delimiter. */
  sheets?: string[];
  delimiter?: string;
  /** wide, long, or both (a workbook with sheets of each). */
  layout?: 'wide' | 'long' | 'mixed';
  /** Excel: read with the streaming reader (large files; no merged-cell information from exceljs). */
  streamed?: boolean;
}

/** A column header (or long-layout field name) that matches no field. */
export interface UnknownColumn {
  header: string;
  /** The field id it probably means. */
  suggestion?: string;
  location: Location;
}

export interface Dataset {
  units: Unit[];
  /** Field ids in system order that have a column in the dataset. */
  fields: string[];
  /** Numeric value per field and unit; NaN unless state is PRESENT. Booleans are 1/0; levels are their index in the field's `levels`; percents are 0–100. */
  values: Record<string, Float64Array>;
  state: Record<string, Uint8Array>;
  /** Text of level and text fields (the level label), null elsewhere. */
  text: Record<string, (string | null)[]>;
  /** Where every cell came from (ProvColumn.at(u) makes the Provenance object). */
  provenance: Record<string, ProvColumn>;
  /** Corrections applied, in file order. */
  corrections: Correction[];
  /** Data-quality findings made while ingesting, each located. */
  findings: Diagnostic[];
  inputs: InputFile[];
  /** Headers that matched no field (check uses them to explain absent fields). */
  unknownColumns?: UnknownColumn[];
}

export function emptyDataset(): Dataset {
  return { units: [], fields: [], values: {}, state: {}, text: {}, provenance: {}, corrections: [], findings: [], inputs: [] };
}
