/**
 * Leaf-score tables for the normalisation and imputation alternatives, computed once each (there
 * are only a few) and cached, so a Monte Carlo run only re-aggregates. A table is the engine's
 * pipeline from the derived values with the alternative's rules (`withRules`) and imputation:
 * impute → treat → normalise/score, within the evaluation's normalisation scope.
 */
import type { Diagnostic } from '../../errors.js';
import { withRules, type CompiledModel } from '../../engine/model.js';
import { imputeValues } from '../../engine/impute.js';
import { treatValues } from '../../engine/treat.js';
import { computeLeafScores } from '../../engine/leaf-scores.js';
import type { Evaluation } from '../../engine/evaluate.js';
import type { LeafTable } from '../../engine/types.js';
import type { RuleData } from '../../system/schema.js';
import type { MissingInput, NormalisationInput } from './inputs.js';

export class LeafTables {
  private readonly cache = new Map<string, LeafTable>();
  /** Findings met while computing the tables, by table key (e.g. a constant leaf under zscore). */
  readonly findings = new Map<string, Diagnostic[]>();

  constructor(
    private readonly ev: Evaluation,
    private readonly norm: NormalisationInput | undefined,
    private readonly missing: MissingInput | undefined,
  ) {}

  /** The table for normalisation alternative `n` and missing alternative `m` (either −1 when there is no such input). */
  get(n: number, m: number): LeafTable {
    const normAlt = this.norm && n >= 0 ? this.norm.alts[n] : undefined;
    const impute = this.missing && m >= 0 ? this.missing.alts[m].impute : undefined;
    const systemRules = !normAlt || normAlt.system;
    if (systemRules && !impute) return this.ev.leafScores;
    const key = `${systemRules ? 'system' : n}|${impute ?? 'none'}`;
    let t = this.cache.get(key);
    if (!t) {
      const found: Diagnostic[] = [];
      t = this.compute(normAlt && !normAlt.system ? normAlt.rule : undefined, impute, found);
      this.cache.set(key, t);
      this.findings.set(key, found);
    }
    return t;
  }

  private compute(rule: Extract<RuleData, { type: 'normalise' }> | undefined, impute: 'mean' | 'median' | undefined, found: Diagnostic[]): LeafTable {
    const ev = this.ev;
    let model: CompiledModel = ev.model;
    if (rule && this.norm) model = withRules(model, new Map(this.norm.leaves.map((l) => [model.leafSpecs[l].id, rule as RuleData])));
    let imputed: LeafTable = ev.imputed;
    if (impute && this.missing) {
      const which = new Set(this.missing.leaves);
      model = {
        ...model,
        leafSpecs: model.leafSpecs.map((s) => (which.has(s.leaf) ? { ...s, imputation: { method: impute, from: 'settings' as const } } : s)),
      };
      imputed = imputeValues(model, ev.derived, ev.ux, found);
    }
    const treated = treatValues(model, imputed, ev.normGroups, found);
    return computeLeafScores(model, treated, ev.normGroups, ev.ux.units, found);
  }
}
