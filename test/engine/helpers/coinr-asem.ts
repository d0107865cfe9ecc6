/**
 * Test helper: COINr's ASEM example as a cityscore system and Dataset, built at test time from the
 * oracle files (never copied into the project).
 *
 * The system: fields for the 49 indicators and the 4 denominators; leaves with formulas
 * `Goods / Den_GDP` etc. for the denominated ones; rule normalise minmax [0, 100]; the iMeta
 * direction; weight 1 everywhere; aggregate amean with available-case renormalisation; group-mean
 * imputation by the EurAsia group; winsorisation with winmax 5 (COINr6 used 6: inert here).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MISSING, PRESENT, emptyDataset, type Dataset } from '../../../src/returns/dataset.js';
import { oraclePath } from '../../helpers/oracles.js';
import { ProvColumn } from '../../../src/returns/provenance.js';

export type Row = Record<string, string>;

export function readCsv(...parts: string[]): Row[] {
  return parse(readFileSync(oraclePath(...parts), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

export interface AsemSpec {
  indicators: { code: string; name: string; direction: 1 | -1; weight: number; denominator?: string; parent: string }[];
  aggregates: { code: string; name: string; weight: number; parent: string | null }[];
  denominators: string[];
  group: string;
}

/** From COINr6's Input_IndMeta.csv + Input_AggMeta.csv (Agg1 = pillar, Agg2 = sub-index, Agg3 = Index). */
export function specFromCoinr6(): AsemSpec {
  const ind = readCsv('coinr', 'coinr6_ASEM_COIN', 'Input_IndMeta.csv');
  const agg = readCsv('coinr', 'coinr6_ASEM_COIN', 'Input_AggMeta.csv');
  const parentOf = new Map<string, string>();
  for (const r of ind) {
    parentOf.set(r.Agg1, r.Agg2);
    parentOf.set(r.Agg2, r.Agg3);
  }
  const root = ind[0].Agg3;
  return {
    indicators: ind.map((r) => ({
      code: r.IndCode,
      name: r.IndName,
      direction: Number(r.Direction) === -1 ? -1 : 1,
      weight: Number(r.IndWeight),
      ...(r.Denominator ? { denominator: r.Denominator } : {}),
      parent: r.Agg1,
    })),
    aggregates: agg
      .filter((r) => r.Code !== root)
      .map((r) => ({ code: r.Code, name: r.Name, weight: Number(r.Weight), parent: parentOf.get(r.Code) === root ? null : parentOf.get(r.Code)! })),
    denominators: ['Den_Area', 'Den_Energy', 'Den_GDP', 'Den_Pop'],
    group: 'Group_EurAsia',
  };
}

/** From ASEM_iMeta.csv (COINr v1 format). */
export function specFromIMeta(): AsemSpec {
  const meta = readCsv('coinr', 'ASEM_iMeta.csv');
  const root = meta.find((r) => r.Type === 'Aggregate' && !r.Parent)!.iCode;
  return {
    indicators: meta
      .filter((r) => r.Type === 'Indicator')
      .map((r) => ({
        code: r.iCode,
        name: r.iName,
        direction: Number(r.Direction) === -1 ? -1 : 1,
        weight: Number(r.Weight),
        ...(r.Denominator ? { denominator: r.Denominator } : {}),
        parent: r.Parent,
      })),
    aggregates: meta
      .filter((r) => r.Type === 'Aggregate' && r.iCode !== root)
      .map((r) => ({ code: r.iCode, name: r.iName, weight: Number(r.Weight), parent: r.Parent === root ? null : r.Parent })),
    denominators: meta.filter((r) => r.Type === 'Denominator').map((r) => r.iCode),
    group: 'EurAsia_group',
  };
}

/** Write the system (JSON is YAML) to a temp dir; returns its path. */
export function writeAsemSystem(spec: AsemSpec, opts: { winmax?: number; id?: string } = {}): string {
  const leaf = (i: AsemSpec['indicators'][number]) => ({
    id: i.code,
    name: i.name,
    weight: i.weight,
    ...(i.denominator ? { formula: `${i.code} / ${i.denominator}` } : { value: i.code }),
    direction: i.direction === -1 ? 'negative' : 'positive',
    rule: { type: 'normalise', method: 'minmax', range: [0, 100] },
  });
  const node = (a: AsemSpec['aggregates'][number]): Record<string, unknown> => ({
    id: a.code,
    name: a.name,
    weight: a.weight,
    children: [...spec.aggregates.filter((c) => c.parent === a.code).map(node), ...spec.indicators.filter((i) => i.parent === a.code).map(leaf)],
  });
  const system = {
    format: 1,
    id: opts.id ?? 'coinr-asem',
    version: '1',
    title: { zh: 'ASEM 可持续互联互通指数（COINr 示例）', en: 'ASEM Sustainable Connectivity (COINr example)' },
    illustrative: true,
    source: { document: 'COINr build_example_coin() (bluefoxr/COINr b968203)' },
    settings: {
      total: 100,
      precision: 2,
      rounding: 'half-up',
      scoring: 'relative',
      aggregate: 'amean',
      missing: 'renormalise',
      groups: [{ id: spec.group, name: 'Europe / Asia' }],
      imputation: { method: 'group-mean', group: spec.group },
      outliers: { method: 'winsorise', winmax: opts.winmax ?? 5, skew: 2, kurt: 3.5, fallback: 'log_CT' },
    },
    fields: [
      ...spec.indicators.map((i) => ({ id: i.code, name: i.name, type: 'number', required: false })),
      ...spec.denominators.map((d) => ({ id: d, name: d, type: 'number', role: 'denominator' })),
    ],
    indicators: spec.aggregates.filter((a) => a.parent === null).map(node),
  };
  const dir = mkdtempSync(join(tmpdir(), 'cityscore-asem-'));
  const file = join(dir, 'asem.yaml');
  writeFileSync(file, JSON.stringify(system, null, 2));
  return file;
}

/** A Dataset from rows (one per unit). */
export function datasetFromRows(
  rows: Row[],
  cols: { code: string; name: string; year: string; group: string; groupAttr: string },
  fields: string[],
  file: string,
): Dataset {
  const ds = emptyDataset();
  ds.units = rows.map((r) => {
    const year = r[cols.year] ? Number(r[cols.year]) : null;
    return { key: `${r[cols.code]}@${year}`, code: r[cols.code], name: r[cols.name], year, attrs: { [cols.groupAttr]: r[cols.group] } };
  });
  ds.fields = fields;
  for (const f of fields) {
    const v = new Float64Array(rows.length).fill(NaN);
    const s = new Uint8Array(rows.length).fill(MISSING);
    rows.forEach((r, i) => {
      const t = r[f];
      if (t !== undefined && t !== '' && t !== 'NA') {
        v[i] = Number(t);
        s[i] = PRESENT;
      }
    });
    ds.values[f] = v;
    ds.state[f] = s;
    ds.text[f] = rows.map(() => null);
    ds.provenance[f] = ProvColumn.of(rows.map((r, i) => ({ file, line: i + 2, raw: r[f] ?? '' })));
  }
  ds.inputs = [{ path: file, hash: 'sha256:test', kind: 'csv' }];
  return ds;
}

/** The COINr6 raw dataset: Data_Raw.csv joined with Input_Denominators.csv by UnitCode. */
export function coinr6Dataset(spec: AsemSpec): Dataset {
  const raw = readCsv('coinr', 'coinr6_ASEM_COIN', 'Data_Raw.csv');
  const den = new Map(readCsv('coinr', 'coinr6_ASEM_COIN', 'Input_Denominators.csv').map((r) => [r.UnitCode, r]));
  const rows = raw.map((r) => ({ ...r, ...Object.fromEntries(spec.denominators.map((d) => [d, den.get(r.UnitCode)?.[d] ?? ''])) }));
  return datasetFromRows(
    rows,
    { code: 'UnitCode', name: 'UnitName', year: 'Year', group: 'Group_EurAsia', groupAttr: spec.group },
    [...spec.indicators.map((i) => i.code), ...spec.denominators],
    'Data_Raw.csv',
  );
}

export function iDataDataset(spec: AsemSpec): Dataset {
  const rows = readCsv('coinr', 'ASEM_iData.csv');
  return datasetFromRows(
    rows,
    { code: 'uCode', name: 'uName', year: 'Time', group: 'EurAsia_group', groupAttr: spec.group },
    [...spec.indicators.map((i) => i.code), ...spec.denominators],
    'ASEM_iData.csv',
  );
}

/** An oracle table by unit code: code → column → number (NaN for empty). */
export function oracleTable(file: string): Map<string, Record<string, number>> {
  const rows = readCsv('coinr', 'coinr6_ASEM_COIN', file);
  return new Map(rows.map((r) => [r.UnitCode, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' || v === 'NA' ? NaN : Number(v)]))]));
}
