/** Shared types of the MCDA weighting and ranking functions. */
export type { CriterionType, MatrixInput } from '../stats/matrix.js';

/** Every weighting method returns its weights, the exact variant name and any warnings. */
export interface WeightResult {
  weights: number[];
  /** The method and variant as printed in outputs, e.g. `entropy(zeros=plogp0)`. */
  variant: string;
  warnings: string[];
}

export interface LabelOptions {
  /** Criterion names, used only in error and warning messages. */
  labels?: readonly string[];
}

/** Rule for warnings about few alternatives in data-driven (objective) weighting. */
export const MIN_ALTERNATIVES_OBJECTIVE = 10;

/** Every ranking method returns one score per alternative, its ranks, the exact variant name and warnings. */
export interface RankingResult {
  scores: number[];
  /** Competition ranks (1 = best; ties share the best rank), oriented by higherIsBetter. */
  ranks: number[];
  /** Whether a higher score is better (false for VIKOR's Q). */
  higherIsBetter: boolean;
  variant: string;
  warnings: string[];
}
