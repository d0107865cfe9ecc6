/** Test helper: a Dataset built directly from plain rows (no returns ingestion). */
import { MISSING, NOT_APPLICABLE, PRESENT, emptyDataset, type Dataset } from '../../../src/returns/dataset.js';
import type { ResolvedSystem } from '../../../src/system/model.js';
import { ProvColumn } from '../../../src/returns/provenance.js';

export type Cell = number | string | boolean | null | undefined;

export interface RowSpec {
  name: string;
  code?: string;
  year?: number | null;
  attrs?: Record<string, string>;
  values: Record<string, Cell>;
}

/** '不适用' or 'NA' marks not applicable; null/undefined/'' missing; level fields take their label. */
export function makeDataset(sys: ResolvedSystem, rows: RowSpec[], file = 'returns.csv'): Dataset {
  const ds = emptyDataset();
  ds.units = rows.map((r) => {
    const year = r.year === undefined ? 2023 : r.year;
    return { key: `${r.code || r.name}@${year}`, ...(r.code ? { code: r.code } : {}), name: r.name, year, attrs: r.attrs ?? {} };
  });
  const fields = sys.fields.filter((f) => rows.some((r) => f.id in r.values));
  ds.fields = fields.map((f) => f.id);
  for (const f of fields) {
    const v = new Float64Array(rows.length).fill(NaN);
    const s = new Uint8Array(rows.length).fill(MISSING);
    const text: (string | null)[] = rows.map(() => null);
    rows.forEach((r, i) => {
      const c = r.values[f.id];
      if (c === null || c === undefined || c === '') return;
      if (c === '不适用' || c === 'NA') {
        s[i] = NOT_APPLICABLE;
        return;
      }
      if (f.type === 'level') {
        text[i] = String(c);
        const k = f.levels?.indexOf(String(c)) ?? -1;
        v[i] = k;
        s[i] = PRESENT;
        return;
      }
      v[i] = typeof c === 'boolean' ? (c ? 1 : 0) : Number(c);
      s[i] = PRESENT;
    });
    ds.values[f.id] = v;
    ds.state[f.id] = s;
    ds.text[f.id] = text;
    ds.provenance[f.id] = ProvColumn.of(
      rows.map((r, i) => ({
        file,
        line: i + 2,
        col: 1 + fields.indexOf(f) + 2,
        raw: r.values[f.id] === undefined || r.values[f.id] === null ? '' : String(r.values[f.id]),
      })),
    );
  }
  ds.inputs = [{ path: file, hash: 'sha256:0000', kind: 'csv' }];
  return ds;
}
