/**
 * Stage 5: leaf scores. Absolute leaves: f = rule(value) ∈ [0, 100], each unit on its own.
 * Relative leaves: the (treated) values times the direction, normalised within each scope group
 * (all units pooled, or each year). 不适用 cells follow the leaf's `notApplicable`: exclude (stays
 * not applicable, left out by the parent), zero (0; for relative leaves the lowest normalised value
 * of the group), full (100; for relative leaves the highest). A non-finite score becomes missing
 * with a finding.
 */
import type { Diagnostic } from '../errors.js';
import type { Unit } from '../returns/dataset.js';
import { NA_FULL, NA_ZERO, type CompiledModel, type LeafSpec, type NormaliseRule } from './model.js';
import { normaliseVector, paramsOf } from './normalise.js';
import { S_MISSING, S_NA, S_PRESENT, columnFinding, unitIdentity, type LeafTable, type ScopeGroup } from './types.js';

export function computeLeafScores(model: CompiledModel, treated: LeafTable, groups: ScopeGroup[], units: Unit[], findings: Diagnostic[] | null): LeafTable {
  const values: Float64Array[] = [];
  const state: Uint8Array[] = [];
  for (const spec of model.leafSpecs) {
    const r = scoreLeafColumn(model, spec, treated.values[spec.leaf], treated.state[spec.leaf], groups, units, findings);
    values.push(r.values);
    state.push(r.state);
  }
  return { values, state };
}

/** Score one leaf column (used by computeLeafScores and by the diagnosis when it re-scores). */
export function scoreLeafColumn(
  model: CompiledModel,
  spec: LeafSpec,
  x: Float64Array,
  st: Uint8Array,
  groups: ScopeGroup[],
  units: Unit[],
  findings: Diagnostic[] | null,
): { values: Float64Array; state: Uint8Array } {
  const U = x.length;
  const out = new Float64Array(U).fill(NaN);
  const ost = st.slice();
  const naPolicy = model.na[spec.node];
  const bad: number[] = [];
  if (!spec.relative) {
    const f = spec.score!;
    for (let u = 0; u < U; u++) {
      if (st[u] === S_PRESENT) {
        const v = f(x[u]);
        if (Number.isFinite(v)) out[u] = v;
        else {
          ost[u] = S_MISSING;
          bad.push(u);
        }
      } else if (st[u] === S_NA && naPolicy !== 0) {
        out[u] = naPolicy === NA_FULL ? 100 : 0;
        ost[u] = S_PRESENT;
      }
    }
    if (bad.length && findings) {
      findings.push(
        columnFinding(
          'error',
          'RULE_UNDEFINED',
          spec.origin,
          `${spec.id}: the ${spec.rule.type} rule gives no score for ${bad.length} value(s) (e.g. ${x[bad[0]]})`,
          bad.map((u) => units[u]),
          'check the rule (target, levels) against the values',
        ),
      );
    }
    return { values: out, state: ost };
  }

  const rule = spec.rule as NormaliseRule;
  const params = paramsOf(rule, spec.direction, spec.target);
  const dir = spec.direction;
  for (const g of groups) {
    const xs = new Float64Array(g.idx.length);
    for (let k = 0; k < g.idx.length; k++) {
      const u = g.idx[k];
      xs[k] = st[u] === S_PRESENT ? x[u] * dir : NaN;
    }
    if (rule.method === 'dist2ref') {
      const ref = findReference(units, g.idx, st, rule.reference ?? '');
      params.ref = ref < 0 ? NaN : x[ref] * dir;
    }
    const { y, problem } = normaliseVector(xs, params);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < g.idx.length; k++) {
      const u = g.idx[k];
      if (st[u] !== S_PRESENT) continue;
      const v = y[k];
      if (Number.isFinite(v)) {
        out[u] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      } else {
        ost[u] = S_MISSING;
        bad.push(u);
      }
    }
    if (naPolicy !== 0) {
      const fill = naPolicy === NA_FULL ? hi : naPolicy === NA_ZERO ? lo : NaN;
      for (const u of g.idx) {
        if (st[u] === S_NA && Number.isFinite(fill)) {
          out[u] = fill;
          ost[u] = S_PRESENT;
        }
      }
    }
    if (problem && findings) {
      const scope = groups.length > 1 && g.year !== null ? ` in ${g.year}` : '';
      findings.push(
        columnFinding(
          'warning',
          'NORMALISE_UNDEFINED',
          spec.origin,
          `${spec.id}: ${rule.method}${scope}: ${problem}; the indicator is missing for these cities`,
          Array.from(g.idx)
            .filter((u) => st[u] === S_PRESENT)
            .map((u) => units[u]),
        ),
      );
    }
  }
  return { values: out, state: ost };
}

/** The unit a dist2ref rule refers to within a group: by code or name (with or without 市); the latest year when several. */
export function findReference(units: Unit[], idx: ArrayLike<number>, st: Uint8Array, ref: string): number {
  let best = -1;
  for (let k = 0; k < idx.length; k++) {
    const u = idx[k];
    if (st[u] !== S_PRESENT || !matchesCity(units[u], ref)) continue;
    if (best < 0 || (units[u].year ?? -Infinity) > (units[best].year ?? -Infinity)) best = u;
  }
  return best;
}

/** A unit matches a city query by division code, key, name, or name without its 市/地区/自治州/盟 suffix (南宁 = 南宁市, 贺州 = 贺州市). */
export function matchesCity(u: Unit, q: string): boolean {
  if (!q) return false;
  if (u.code === q || u.key === q || unitIdentity(u) === q || u.name === q) return true;
  return shortCityName(u.name) === shortCityName(q);
}

/** A city name without its administrative suffix, keeping at least two characters (贺州市 → 贺州, not 贺). */
export function shortCityName(s: string): string {
  const m = /^(.{2,}?)(市|地区|自治州|盟)$/u.exec(s.trim());
  return m ? m[1] : s.trim();
}
