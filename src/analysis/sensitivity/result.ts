/** The plain, JSON-serialisable result of a sensitivity analysis (what `--json` prints and reports render). */

export interface CityUncertainty {
  key: string;
  name: string;
  year: number | null;
  nominal: { total: number | null; rank: number | null };
  /** Number of ranked cities in the city's year (nominal). */
  of: number;
  /** Rank statistics over the uncertainty runs (A and B for sa, as COINr): type-7 quantiles. */
  rank: { mean: number | null; median: number | null; q5: number | null; q95: number | null };
  /** Probability of each tier (by tier id; `none` below every tier), over the runs that keep the system's scale. */
  tiers?: Record<string, number>;
  /** Uncertainty runs in which the city got no total. */
  unranked: number;
}

export interface InputSummary {
  name: string;
  type: string;
  description: string;
  /** Number of alternatives. */
  count: number;
  /** Alternatives as recorded per run (weights: empty; the runs record `set 0` … `set k−1`, listed in `sets`). */
  alternatives: string[];
  /** Weights inputs: the perturbed nodes and every noisy share set (set-major). */
  sets?: { nodes: string[]; shares: number[][] };
}

export interface SobolSummary {
  output: string;
  estimator: string;
  variance: number | null;
  nboot: number;
  inputs: { name: string; Si: number | null; SiQ5: number | null; SiQ95: number | null; STi: number | null; STiQ5: number | null; STiQ95: number | null }[];
  /** Runs whose output is not finite (failed): indices computed from them are null, as COINr's NA. */
  nonFinite: number;
  warnings: string[];
}

export interface PerCitySobol {
  output: string;
  cities: { key: string; name: string; year: number | null; Si: (number | null)[]; STi: (number | null)[] }[];
}

export interface RunRecord {
  run: number;
  block: 'A' | 'B' | 'AB';
  /** AB runs: the input whose column came from B. */
  input?: string;
  row: number;
  /** The sampled alternative of every input, in input order. */
  parameters: string[];
  /** Mean absolute rank shift from the nominal ranking (null when the run failed). */
  y: number | null;
  /** Cities without a total in this run that had one nominally. */
  unscored: number;
  error?: string;
}

export interface FailureExample {
  run: number;
  block: string;
  row: number;
  parameters: Record<string, string>;
  message: string;
}

export interface SensitivityResult {
  tool: string;
  system: { id: string; version: string; hash: string };
  /** Cities (city-years) and years analysed. */
  cities: number;
  years: (number | null)[];
  seed: number;
  design: {
    analysis: 'ua' | 'sa';
    sequence: string;
    N: number;
    d: number;
    /** All model runs: N(d + 2) for sa (A, B, AB_1 … AB_d), N for ua. */
    runs: number;
    /** Runs behind the rank statistics: 2N (A and B) for sa, N for ua. */
    uncertaintyRuns: number;
    discrete: string;
    ranking: string;
  };
  inputs: InputSummary[];
  /**
   * Problems found before sampling (warnings; the analysis still runs): every combination of the
   * normalisation, aggregation and missing-data alternatives when there are at most 200, else each
   * alternative alone; then each removal alone. The other inputs stay nominal.
   */
  checks: { parameters: Record<string, string>; message: string; location?: { file: string; line?: number; col?: number } }[];
  failures: { failedRuns: number; partialRuns: number; examples: FailureExample[] };
  uncertainty: { tiers: { id: string; name: string; min: number }[]; tierRuns: number; tierNote: string; cities: CityUncertainty[] };
  sensitivity?: SobolSummary;
  perCity?: PerCitySobol;
  runs: RunRecord[];
}
