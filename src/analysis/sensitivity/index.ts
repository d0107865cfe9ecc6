/**
 * Uncertainty and sensitivity analysis (COINr get_sensitivity, methods.md §2.10) for cityscore:
 *
 *   const located = readSpecFile('spec.yaml');                // schema-checked, located errors (exit 2)
 *   const { inputs } = resolveInputs(located, model);          // checked against the system (exit 2)
 *   const result = runSensitivity(ev, inputs, { N, seed });    // plain JSON-serialisable object
 *   renderSensitivity(result, { color }) / rankIntervalSvg(rankIntervalRows(result))
 */
export { parseSpecText, readSpecFile, commandLineSpec, specError, SensitivitySpec } from './spec.js';
export type { LocatedSpec, SpecData, InputSpecData } from './spec.js';
export { resolveInputs, weightLevels } from './validate.js';
export type { ResolvedSpec } from './validate.js';
export type { UncertainInput } from './inputs.js';
export { runSensitivity, drawWeightSets } from './run.js';
export type { SensitivityOptions } from './run.js';
export type { SensitivityResult, CityUncertainty, SobolSummary, RunRecord } from './result.js';
export { renderSensitivity, intervalBar } from './render.js';
export { rankIntervalSvg, rankIntervalRows } from './chart.js';
export type { IntervalRow, ChartOptions } from './chart.js';
export { Reaggregator } from './reaggregate.js';
export { RunRanker } from './rank.js';
