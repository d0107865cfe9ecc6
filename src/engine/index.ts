/**
 * The scoring engine: pure functions from a resolved system and a dataset to scores, ranks, tiers,
 * diagnosis and results. No I/O (no node:fs, process or console); the CLI does the reading and
 * writing.
 *
 * Compile once, evaluate many times:
 *
 *   const model = compileModel(system);                 // index arrays, shares, compiled formulas and rules
 *   const ev = evaluate(model, dataset, { groupBy });    // every stage, ranks, tiers, diagnosis
 *   const res = buildResults(ev, { version });           // the results JSON object
 *
 * For sensitivity analysis (re-aggregate with perturbed weights without recompiling):
 *
 *   const ev = evaluate(model, dataset, { diagnose: false });
 *   const buf = allocNodeScores(model, ev.ux.units.length);
 *   for (…) {
 *     const shares = normaliseShares(model, perturbedWeights);   // add up to 1 per sibling group
 *     aggregateTree(model, ev.leafScores, { shares, out: buf });
 *     const r = rankTotals(totals(buf), ev.ux, { precision, rounding });
 *   }
 *
 * and re-normalise with other rules: computeLeafScores(withRules(model, rules), ev.treated, ev.normGroups, ev.ux.units, null).
 */
export { compileModel, withRules, siblingGroups, normaliseShares, firstLevel, leavesUnder, maxPointsFor } from './model.js';
export type { CompiledModel, LeafSpec, ImputeSpec } from './model.js';
export { compileFormula } from './formula-eval.js';
export type { CompiledFormula, FormulaProblem } from './formula-eval.js';
export { compileRule, fullMarksValue } from './rules.js';
export { deriveValues } from './derive.js';
export { imputeValues } from './impute.js';
export type { ImputedTable } from './impute.js';
export { treatVector, treatValues, TREAT_NONE, TREAT_WINHI, TREAT_WINLO, TREAT_LOG } from './treat.js';
export type { TreatInfo, TreatSpec, TreatedTable } from './treat.js';
export { normaliseVector, nDist2targ, nGoalposts } from './normalise.js';
export type { NormParams } from './normalise.js';
export { computeLeafScores, scoreLeafColumn, matchesCity } from './leaf-scores.js';
export { aggregateTree, allocNodeScores, totals, rescoreUnit, evalNode } from './aggregate.js';
export type { NodeScores, AggregateOptions } from './aggregate.js';
export { competitionRank, rankTotals } from './rank.js';
export type { Ranking, RankOptions } from './rank.js';
export { tierOf, assignTiers } from './tiers.js';
export { diagnose } from './diagnose.js';
export type { Diagnosis, Priority, PeerStanding } from './diagnose.js';
export { evaluate } from './evaluate.js';
export type { Evaluation, EvaluateOptions } from './evaluate.js';
export { STAGE_NAMES, stageTable, stageToJson, stageToCsv, isStageName } from './stages.js';
export type { StageName } from './stages.js';
export { buildResults, resultsParts, resultsToJson, resultsJsonLines, methodSummary, RESULTS_SCHEMA_VERSION } from './results.js';
export type { Results, ResultsCity, ResultsParts, NodeScore, BuildResultsOptions } from './results.js';
export { nodeIndex, nodeScore, priorityDetails, standingDetails, upgradeResults, upgradedFrom } from './results-access.js';
export type { PriorityDetails, StandingDetails } from './results-access.js';
export { baselineComparer, isResults } from './baseline.js';
export { traceScore } from './trace.js';
export type { Trace } from './trace.js';
export { indexUnits, unitIdentity, S_PRESENT, S_MISSING, S_NA } from './types.js';
export type { StageTable, LeafTable, UnitIndex, ScopeGroup } from './types.js';
