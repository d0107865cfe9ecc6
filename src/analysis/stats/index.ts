/** Numeric building blocks: descriptive statistics, ranks, correlations, eigen-solver, RNG, Sobol' sensitivity. */
export * from './errors.js';
export * from './matrix.js';
export * from './descriptive.js';
export * from './order.js';
export { competitionRank, averageRank, spearmanRho, kendallTauB } from './rank.js';
export * from './correlation.js';
export * from './eigen.js';
export * from './rng.js';
export * from './sobol-sequence.js';
export { saltelliDesign, sobolIndices, sobolIndicesFromRuns, noisyWeights } from './sobol.js';
export type { SaltelliDesign, SaltelliOptions, SaltelliSequence, SobolIndexOptions, SobolIndices } from './sobol.js';
