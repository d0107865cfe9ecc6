/** Shared helpers of the returns tests. */
import { join } from 'node:path';
import { requireSystem } from '../../src/system/load.js';
import type { ResolvedSystem } from '../../src/system/model.js';
import type { Dataset } from '../../src/returns/dataset.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'returns');
export const SAMPLES = join(PROJECT_ROOT, 'samples');

const cache = new Map<string, Promise<ResolvedSystem>>();

/** The returns test system (test/fixtures/returns/system.yaml), or a bundled system by id. */
export function system(ref = join(FIXTURES, 'system.yaml')): Promise<ResolvedSystem> {
  let p = cache.get(ref);
  if (!p) cache.set(ref, (p = requireSystem(ref)));
  return p;
}

export interface CellView {
  state: number;
  value: number | null;
  text: string | null;
}

/** Every cell by unit key and field id: what a comparison of two datasets should look at. */
export function cells(ds: Dataset): Record<string, Record<string, CellView>> {
  const out: Record<string, Record<string, CellView>> = {};
  ds.units.forEach((u, i) => {
    const row: Record<string, CellView> = {};
    for (const f of ds.fields) {
      const v = ds.values[f][i];
      row[f] = { state: ds.state[f][i], value: Number.isNaN(v) ? null : v, text: ds.text[f][i] };
    }
    out[u.key] = row;
  });
  return out;
}

/** Findings as `code@where` strings (cell or line:col), for compact assertions. */
export function codes(
  ds:
    | { findings: { code: string; location?: { cell?: string; line?: number; col?: number } }[] }
    | { code: string; location?: { cell?: string; line?: number; col?: number } }[],
): string[] {
  const list = Array.isArray(ds) ? ds : ds.findings;
  return list.map((f) => `${f.code}@${f.location?.cell ?? (f.location?.line !== undefined ? `${f.location.line}:${f.location.col ?? ''}` : '')}`);
}
