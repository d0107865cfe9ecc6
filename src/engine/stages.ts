/**
 * The inspectable stage tables of an evaluation (COINr keeps one data set per step):
 *   raw          the system's fields as read from the returns
 *   derived      each leaf's value: the field, or its formula (denominated and derived values)
 *   imputed      after imputation
 *   treated      after outlier treatment (relative leaves only)
 *   leaf-scores  each leaf's score: 0–100 achievement (absolute rules) or normalised value
 *   node-scores  every node's value (leaves and aggregates; TOTAL is the root)
 *   node-points  every node's points (value × max points / 100)
 *   ranks        total, rounded total, rank in year, rank in group, tier index
 *   diagnosis    per leaf, the points of the total each city gains by reaching the leaf's target
 *                (exact re-score; 0 when nothing to gain; NaN when not diagnosed)
 * Rows are unit keys; NaN where the cell is missing or not applicable (see `state`).
 */
import { S_PRESENT, type StageTable } from './types.js';
import { csvText } from '../util/csv.js';
import type { Evaluation } from './evaluate.js';

export const STAGE_NAMES = ['raw', 'derived', 'imputed', 'treated', 'leaf-scores', 'node-scores', 'node-points', 'ranks', 'diagnosis'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export function isStageName(s: string): s is StageName {
  return (STAGE_NAMES as readonly string[]).includes(s);
}

export function stageTable(ev: Evaluation, name: StageName): StageTable {
  const { model, dataset, ux } = ev;
  const rows = ux.keys.slice();
  const U = rows.length;
  const leafIds = model.leafSpecs.map((s) => s.id);
  const leafTable = (values: Float64Array[], state: Uint8Array[], note: string): StageTable => {
    const data: Record<string, Float64Array> = {};
    const st: Record<string, Uint8Array> = {};
    leafIds.forEach((id, l) => {
      data[id] = masked(values[l], state[l]);
      st[id] = state[l];
    });
    return { name, columns: leafIds, rows, data, state: st, note };
  };
  switch (name) {
    case 'raw': {
      const cols = model.system.fields.map((f) => f.id).filter((id) => dataset.values[id]);
      const data: Record<string, Float64Array> = {};
      const st: Record<string, Uint8Array> = {};
      for (const id of cols) {
        data[id] = dataset.values[id];
        st[id] = dataset.state[id];
      }
      return {
        name,
        columns: cols,
        rows,
        data,
        state: st,
        note: 'fields as read from the returns (dataset cell states: 0 present, 1 missing, 2 not applicable, 3 invalid)',
      };
    }
    case 'derived':
      return leafTable(ev.derived.values, ev.derived.state, 'leaf values: the field, or the formula over the fields');
    case 'imputed':
      return leafTable(ev.imputed.values, ev.imputed.state, 'leaf values after imputation');
    case 'treated':
      return leafTable(ev.treated.values, ev.treated.state, 'leaf values after outlier treatment (relative leaves only)');
    case 'leaf-scores':
      return leafTable(ev.leafScores.values, ev.leafScores.state, 'leaf scores: 0–100 achievement (absolute rules) or the normalised value (relative rules)');
    case 'node-scores':
    case 'node-points': {
      const src = name === 'node-scores' ? ev.nodes.value : ev.nodes.points;
      const data: Record<string, Float64Array> = {};
      const st: Record<string, Uint8Array> = {};
      model.ids.forEach((id, i) => {
        data[id] = src.subarray(i * U, (i + 1) * U);
        st[id] = ev.nodes.state.subarray(i * U, (i + 1) * U);
      });
      return {
        name,
        columns: model.ids.slice(),
        rows,
        data,
        state: st,
        note:
          name === 'node-scores'
            ? 'node values (0–100 or normalised scale); TOTAL is the root'
            : 'node points (value × max points / 100); TOTAL is the total score',
      };
    }
    case 'ranks': {
      const r = ev.ranking;
      const data: Record<string, Float64Array> = {
        total: ev.total,
        rounded: r.rounded,
        rank: r.rank,
      };
      const columns = ['total', 'rounded', 'rank'];
      if (r.groupRank) {
        data.groupRank = r.groupRank;
        columns.push('groupRank');
      }
      data.tier = Float64Array.from(ev.tiers, (t) => (t < 0 ? NaN : t));
      columns.push('tier');
      return { name, columns, rows, data, note: 'rank within the year (and group) on the rounded total; tier = index into settings.tiers' };
    }
    case 'diagnosis': {
      const data: Record<string, Float64Array> = {};
      leafIds.forEach((id, l) => {
        const col = new Float64Array(U).fill(NaN);
        const diag = ev.diag;
        if (diag) for (let u = 0; u < U; u++) if (diag.diagnosed[u] && Number.isFinite(ev.total[u])) col[u] = diag.gains[l * U + u];
        data[id] = col;
      });
      return {
        name,
        columns: leafIds,
        rows,
        data,
        note: 'points of the total gained by reaching each leaf’s target (full marks, or the best city of the year for relative rules), by re-scoring',
      };
    }
  }
}

function masked(v: Float64Array, s: Uint8Array): Float64Array {
  let clean = true;
  for (let i = 0; i < v.length; i++) if (s[i] !== S_PRESENT && !Number.isNaN(v[i])) clean = false;
  if (clean) return v;
  const out = v.slice();
  for (let i = 0; i < v.length; i++) if (s[i] !== S_PRESENT) out[i] = NaN;
  return out;
}

/** A stage as plain JSON: column-wise arrays, null for NaN. */
export function stageToJson(t: StageTable): { name: string; note?: string; columns: string[]; rows: string[]; data: Record<string, (number | null)[]> } {
  const data: Record<string, (number | null)[]> = {};
  for (const c of t.columns) data[c] = Array.from(t.data[c], (x) => (Number.isFinite(x) ? x : null));
  const out: { name: string; note?: string; columns: string[]; rows: string[]; data: Record<string, (number | null)[]> } = {
    name: t.name,
    columns: t.columns,
    rows: t.rows,
    data,
  };
  if (t.note) out.note = t.note;
  return out;
}

/**
 * A stage as CSV (UTF-8, header row, one row per unit: key, city, year, then the columns). Cells
 * that a spreadsheet would read as a formula (beginning with =, +, -, @, tab or carriage return)
 * are neutralised with a leading single quote — except plain negative numbers, which stay numbers.
 */
/** A stage table as CSV: a row per unit (key, city, year), a column per stage column; `excel`: BOM and CRLF, for a file. */
export function stageToCsv(t: StageTable, units: { name: string; year: number | null }[], opts: { excel?: boolean } = {}): string {
  const rows: (string | number | null)[][] = [['key', 'city', 'year', ...t.columns]];
  t.rows.forEach((key, r) => {
    const u = units[r];
    rows.push([key, u?.name ?? '', u?.year ?? null, ...t.columns.map((c) => t.data[c][r])]);
  });
  return csvText(rows, { excel: opts.excel ?? false });
}
