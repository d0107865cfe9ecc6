/**
 * Stage 1–2: raw fields → each leaf's value (the field itself, or its formula: denominated and
 * derived values). A formula over a missing field gives missing; over a 不适用 field, not
 * applicable. Domain problems (division by zero, log of a non-positive number, …) and non-finite
 * results make the cell missing with a located finding for that city and indicator: no NaN or
 * Infinity goes further.
 */
import type { Diagnostic } from '../errors.js';
import { NOT_APPLICABLE, PRESENT, type Dataset } from '../returns/dataset.js';
import type { FormulaState } from './formula-eval.js';
import type { CompiledModel } from './model.js';
import { S_MISSING, S_NA, S_PRESENT, columnFinding, unitFinding, type LeafTable } from './types.js';

/** The engine state of a dataset cell state (INVALID counts as missing). */
export function cellState(s: number): number {
  return s === PRESENT ? S_PRESENT : s === NOT_APPLICABLE ? S_NA : S_MISSING;
}

export function deriveValues(model: CompiledModel, ds: Dataset, findings: Diagnostic[]): LeafTable {
  const U = ds.units.length;
  const values: Float64Array[] = [];
  const state: Uint8Array[] = [];
  const st: FormulaState = { problem: null };
  for (const spec of model.leafSpecs) {
    const out = new Float64Array(U).fill(NaN);
    const ost = new Uint8Array(U).fill(S_MISSING);
    const absent = spec.inputs.filter((f) => !ds.values[f]);
    if (absent.length && spec.inputs.length) {
      findings.push(
        columnFinding(
          'warning',
          'FIELD_ABSENT',
          spec.origin,
          `${spec.id}: the returns have no column for ${absent.map((f) => `${f} (${model.fields.get(f)?.name ?? f})`).join(', ')}; the indicator is missing for every city`,
          [],
        ),
      );
    }
    if (spec.field && !absent.length) {
      const v = ds.values[spec.field];
      const s = ds.state[spec.field];
      const text = spec.levels ? ds.text[spec.field] : undefined;
      for (let u = 0; u < U; u++) {
        const cs = cellState(s[u]);
        ost[u] = cs;
        if (cs === S_PRESENT) {
          // Level values: the index of the label (ingestion stores it; otherwise look the label up).
          const label = text?.[u];
          if (spec.levels && label != null && (spec.levelsFromText || !Number.isFinite(v[u]))) {
            const k = spec.levels.indexOf(label);
            if (k >= 0) out[u] = k;
            else {
              ost[u] = S_MISSING;
              findings.push(
                unitFinding(
                  'error',
                  'LEVEL_UNKNOWN',
                  spec.origin,
                  ds.units[u],
                  `${spec.id}: "${label}" is not one of the levels ${spec.levels.join(' / ')}; treated as missing`,
                ),
              );
            }
          } else if (Number.isFinite(v[u])) out[u] = v[u];
          else {
            ost[u] = S_MISSING;
            findings.push(
              unitFinding(
                'error',
                'VALUE_NON_FINITE',
                spec.origin,
                ds.units[u],
                `${spec.id}: the value of ${spec.field} is not a finite number; treated as missing`,
              ),
            );
          }
        }
      }
    } else if (spec.formula && !absent.length) {
      const f = spec.formula;
      const cols = f.fields.map((id) => ds.values[id]);
      const sts = spec.inputs.map((id) => ds.state[id]);
      for (let u = 0; u < U; u++) {
        let cs = S_PRESENT;
        for (const s of sts) {
          const c = s[u];
          if (c === NOT_APPLICABLE) cs = S_NA;
          else if (c !== PRESENT && cs !== S_NA) cs = S_MISSING;
        }
        // A formula over a field that is not applicable is not applicable, even if another is missing.
        ost[u] = cs;
        if (cs !== S_PRESENT) continue;
        st.problem = null;
        const r = f.fn(cols, u, st);
        if (st.problem !== null || !Number.isFinite(r)) {
          ost[u] = S_MISSING;
          const unit = ds.units[u];
          findings.push(
            unitFinding(
              'error',
              'FORMULA_DOMAIN',
              spec.origin,
              unit,
              `${spec.id}: ${st.problem ?? 'non-finite result'} in formula "${f.source}" (${spec.inputs.map((id) => `${id} = ${fmt(ds.values[id][u])}`).join(', ')}); the value is treated as missing`,
              'check the inputs of this city in the returns (a zero denominator or a negative count), or correct them with --corrections',
            ),
          );
        } else out[u] = r;
      }
    }
    values.push(out);
    state.push(ost);
  }
  return { values, state };
}

function fmt(x: number): string {
  return Number.isNaN(x) ? '—' : String(x);
}
