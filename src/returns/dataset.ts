/**
 * The typed dataset that ingestion produces and the engine reads: one row per city-year unit,
 * one column per field, column-wise (typed arrays), with the provenance of every cell.
 */
import type { Diagnostic } from '../errors.js';

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
}

export interface Correction {
  code?: string;
  city: string;
  year: number | null;
  field: string;
  /** The value before the correction (NaN when it was missing). */
  original: number | string | null;
  corrected: number | string | null;
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
}

export interface InputFile {
  path: string;
  hash: string;
  kind: 'csv' | 'xlsx' | 'corrections';
  encoding?: string;
  source?: string;
  /** System id/version/year stored in a template workbook, when present. */
  template?: { system?: string; version?: string; year?: number };
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
  provenance: Record<string, (Provenance | null)[]>;
  /** Corrections applied, in file order. */
  corrections: Correction[];
  /** Data-quality findings made while ingesting, each located. */
  findings: Diagnostic[];
  inputs: InputFile[];
}

export function emptyDataset(): Dataset {
  return { units: [], fields: [], values: {}, state: {}, text: {}, provenance: {}, corrections: [], findings: [], inputs: [] };
}
