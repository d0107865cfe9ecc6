/**
 * Scoring for diff impact: the returns are read once under each version; an intermediate system
 * reads each field from the dataset of the version its definition comes from (fields only the new
 * version has come from the new dataset), aligned by unit key.
 */
import { compileModel, evaluate } from '../../engine/index.js';
import type { Dataset } from '../../returns/dataset.js';
import type { ResolvedSystem } from '../../system/model.js';
import type { ScoreFn, Scored } from './impact.js';
import { ProvColumn } from '../../returns/provenance.js';

export function scoreSystem(sys: ResolvedSystem, ds: Dataset): Scored {
  const ev = evaluate(compileModel(sys), ds, { diagnose: false, dimensionRanks: false });
  const tiers = sys.settings.tiers;
  return {
    keys: ds.units.map((u) => u.key),
    names: ds.units.map((u) => (u.year === null ? u.name : `${u.name} ${u.year}`)),
    totals: ev.total,
    ranks: ev.ranking.rank,
    tiers: Array.from(ev.tiers, (t) => (t >= 0 ? tiers[t].name : null)),
  };
}

/** A dataset for an intermediate system: old columns, plus the new version's columns for new-only fields. */
export function mergedDataset(oldDs: Dataset, newDs: Dataset, oldSys: ResolvedSystem): Dataset {
  const oldFields = new Set(oldSys.fields.map((f) => f.id));
  const pos = new Map(newDs.units.map((u, i) => [u.key, i]));
  const out: Dataset = { ...oldDs, values: { ...oldDs.values }, state: { ...oldDs.state }, text: { ...oldDs.text }, provenance: { ...oldDs.provenance }, fields: [...oldDs.fields] };
  for (const f of newDs.fields) {
    if (oldFields.has(f)) continue;
    const n = oldDs.units.length;
    const values = new Float64Array(n).fill(NaN);
    const state = new Uint8Array(n).fill(1);
    const text: (string | null)[] = new Array(n).fill(null);
    oldDs.units.forEach((u, i) => {
      const j = pos.get(u.key);
      if (j === undefined) return;
      values[i] = newDs.values[f][j];
      state[i] = newDs.state[f][j];
      text[i] = newDs.text[f]?.[j] ?? null;
    });
    out.values[f] = values;
    out.state[f] = state;
    out.text[f] = text;
    out.provenance[f] = new ProvColumn(n);
    out.fields.push(f);
  }
  return out;
}

export function diffScoreFn(oldSys: ResolvedSystem, newSys: ResolvedSystem, oldDs: Dataset, newDs: Dataset): ScoreFn {
  const merged = mergedDataset(oldDs, newDs, oldSys);
  return (sys) => (sys === oldSys ? scoreSystem(sys, oldDs) : sys === newSys ? scoreSystem(sys, newDs) : scoreSystem(sys, merged));
}
