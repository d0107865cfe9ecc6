/**
 * Stage 3: imputation of missing leaf values (COINr `Impute`, R/impute.R), per leaf column and
 * within each year (peers of the same year), by
 *   mean / median           — of the present values of that year;
 *   group-mean / -median    — of the present values of that year in the unit's group (a unit
 *                             attribute); units without the attribute are left untouched;
 *   previous-year           — the same city's value in its latest earlier year in the dataset
 *                             (COINr impute_panel "latest", no look-back limit).
 * Guards as COINr's: present values never change; a column with no present value is returned
 * unchanged with a warning; values still missing afterwards are reported. Only MISSING cells are
 * imputed (never 不适用). Boolean and level indicators are imputed by previous-year only.
 */
import type { Diagnostic } from '../errors.js';
import type { CompiledModel } from './model.js';
import { median, rMean } from './stats.js';
import { S_MISSING, S_PRESENT, columnFinding, unitIdentity, type LeafTable, type UnitIndex } from './types.js';

export interface ImputedTable extends LeafTable {
  /** 1 where the value was imputed. */
  imputed: Uint8Array[];
  /** previous-year: the unit the value came from (−1 elsewhere). */
  from: (Int32Array | null)[];
}

export function imputeValues(model: CompiledModel, derived: LeafTable, ux: UnitIndex, findings: Diagnostic[]): ImputedTable {
  const U = ux.units.length;
  const values: Float64Array[] = [];
  const state: Uint8Array[] = [];
  const imputed: Uint8Array[] = [];
  const from: (Int32Array | null)[] = [];
  let history: Map<string, number[]> | undefined;

  for (const spec of model.leafSpecs) {
    const src = derived.values[spec.leaf];
    const sst = derived.state[spec.leaf];
    const imp = spec.imputation;
    const flag = new Uint8Array(U);
    let fromArr: Int32Array | null = null;
    let anyMissing = false;
    for (let u = 0; u < U; u++) if (sst[u] === S_MISSING) anyMissing = true;
    if (!imp || !anyMissing) {
      values.push(src);
      state.push(sst);
      imputed.push(flag);
      from.push(null);
      continue;
    }
    const out = src.slice();
    const ost = sst.slice();
    if (!spec.numeric && imp.method !== 'previous-year') {
      findings.push(
        columnFinding(
          'info',
          'IMPUTE_SKIPPED',
          spec.origin,
          `${spec.id}: ${imp.method} imputation does not apply to a boolean or level indicator; missing values stay missing`,
          [],
        ),
      );
      values.push(src);
      state.push(sst);
      imputed.push(flag);
      from.push(null);
      continue;
    }
    if (imp.method === 'previous-year') {
      history ??= buildHistory(ux);
      fromArr = new Int32Array(U).fill(-1);
      for (let u = 0; u < U; u++) {
        if (sst[u] !== S_MISSING) continue;
        const unit = ux.units[u];
        if (unit.year === null) continue;
        let best = -1;
        for (const v of history.get(unitIdentity(unit)) ?? []) {
          const y = ux.units[v].year;
          if (y !== null && y < unit.year && sst[v] === S_PRESENT && (best < 0 || y > (ux.units[best].year as number))) best = v;
        }
        if (best >= 0) {
          out[u] = src[best];
          ost[u] = S_PRESENT;
          flag[u] = 1;
          fromArr[u] = best;
        }
      }
    } else {
      const grouped = imp.method === 'group-mean' || imp.method === 'group-median';
      const stat = imp.method === 'mean' || imp.method === 'group-mean' ? rMean : median;
      for (const g of ux.byYear) {
        const buckets = new Map<string, number[]>();
        let missingHere = 0;
        for (const u of g.idx) {
          if (sst[u] === S_MISSING) missingHere++;
          if (sst[u] !== S_PRESENT) continue;
          const key = grouped ? ux.units[u].attrs[imp.group ?? ''] : '';
          if (key === undefined) continue;
          let b = buckets.get(key);
          if (!b) buckets.set(key, (b = []));
          b.push(src[u]);
        }
        if (!missingHere) continue;
        if (!buckets.size) {
          findings.push(
            columnFinding(
              'warning',
              'IMPUTE_ALL_MISSING',
              spec.origin,
              `${spec.id}: no city has a value${g.year === null ? '' : ` in ${g.year}`}, so nothing can be imputed`,
              [],
            ),
          );
          continue;
        }
        const stats = new Map<string, number>();
        for (const [k, b] of buckets) stats.set(k, stat(b));
        for (const u of g.idx) {
          if (sst[u] !== S_MISSING) continue;
          const key = grouped ? ux.units[u].attrs[imp.group ?? ''] : '';
          if (key === undefined) continue;
          const m = stats.get(key);
          if (m === undefined || !Number.isFinite(m)) continue;
          out[u] = m;
          ost[u] = S_PRESENT;
          flag[u] = 1;
        }
      }
    }
    const left: number[] = [];
    for (let u = 0; u < U; u++) if (ost[u] === S_MISSING) left.push(u);
    if (left.length) {
      findings.push(
        columnFinding(
          'warning',
          'IMPUTE_INCOMPLETE',
          spec.origin,
          `${spec.id}: ${left.length} value(s) still missing after ${imp.method} imputation`,
          left.map((u) => ux.units[u]),
          imp.method.startsWith('group') ? `cities without the group attribute "${imp.group}", or groups with no value, are not imputed` : undefined,
        ),
      );
    }
    values.push(out);
    state.push(ost);
    imputed.push(flag);
    from.push(fromArr);
  }
  return { values, state, imputed, from };
}

function buildHistory(ux: UnitIndex): Map<string, number[]> {
  const m = new Map<string, number[]>();
  ux.units.forEach((u, i) => {
    const k = unitIdentity(u);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(i);
  });
  return m;
}
