/**
 * From the stored runs to the reported statistics: each city's nominal, mean and median rank and
 * its 5th–95th percentile (R type 7) over the uncertainty runs, tier probabilities, and Sobol'
 * first- and total-order indices of the mean absolute rank shift (COINr SA_estimate, with
 * bootstrap quantiles), optionally of every city's total.
 */
import type { Evaluation } from '../../engine/evaluate.js';
import type { Rng } from '../stats/rng.js';
import { sobolIndices } from '../stats/sobol.js';
import type { UncertainInput } from './inputs.js';
import type { CityUncertainty, PerCitySobol, SensitivityResult, SobolSummary } from './result.js';

export interface RunStore {
  /** Output per run (Saltelli order), NaN when failed. */
  y: Float64Array;
  /** Alternative index per run and input: alts[q * d + k]. */
  alts: Int32Array;
  /** Ranks of the uncertainty runs, run-major (0 = no rank). */
  ranks: Uint16Array | Uint32Array;
  /** Per city, counts of [no tier, tier 0, tier 1, …] over the runs that keep the system's scale. */
  tierCounts: Int32Array | null;
  tierRuns: number;
  /** Per city, uncertainty runs without a rank. */
  unranked: Int32Array;
  /** Totals of every run, run-major (per-city indices only). */
  perCity: Float64Array | null;
  /** Per run, cities scored nominally that got no total. */
  unscored: Int32Array;
  errors: Map<number, string>;
}

/**
 * Type-7 quantiles (R's default, as quantileType7) of n integer ranks given as a histogram
 * (hist[k] = how many runs gave rank k): the order statistics are read off the cumulative counts.
 */
export function rankQuantiles(hist: Int32Array, n: number, ps: readonly number[]): number[] {
  // The 0-based sorted positions each quantile needs, read off the cumulative counts in one pass.
  const plan = ps.map((p) => {
    const index = 1 + (n - 1) * p;
    const lo = Math.floor(index);
    return { lo: lo - 1, hi: Math.ceil(index) - 1, h: index - lo, qlo: NaN, qhi: NaN };
  });
  const wanted = [...new Set(plan.flatMap((q) => [q.lo, q.hi]))].sort((a, b) => a - b);
  const value = new Map<number, number>();
  let w = 0;
  let cum = 0;
  for (let k = 0; k < hist.length && w < wanted.length; k++) {
    cum += hist[k];
    while (w < wanted.length && cum > wanted[w]) value.set(wanted[w++], k);
  }
  return plan.map((q) => {
    const qlo = value.get(q.lo) ?? NaN;
    if (q.h > 0) {
      const qhi = value.get(q.hi) ?? NaN;
      if (qhi !== qlo) return (1 - q.h) * qlo + q.h * qhi;
    }
    return qlo;
  });
}

const nul = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

export function summarise(
  ev: Evaluation,
  inputs: UncertainInput[],
  store: RunStore,
  o: { N: number; d: number; analysis: 'ua' | 'sa'; uaRuns: number; nboot: number; rng: Rng; perCity: boolean },
): { uncertainty: SensitivityResult['uncertainty']; sensitivity?: SobolSummary; perCity?: PerCitySobol } {
  const U = ev.ux.units.length;
  const tiers = ev.model.settings.tiers;
  const cities: CityUncertainty[] = [];
  let maxRank = 1;
  for (let k = 0; k < store.ranks.length; k++) if (store.ranks[k] > maxRank) maxRank = store.ranks[k];
  const hist = new Int32Array(maxRank + 1);
  for (let u = 0; u < U; u++) {
    hist.fill(0);
    let n = 0;
    let sum = 0;
    for (let r = 0; r < o.uaRuns; r++) {
      const k = store.ranks[r * U + u];
      if (k > 0) {
        hist[k]++;
        n++;
        sum += k;
      }
    }
    const [q5, median, q95] = n ? rankQuantiles(hist, n, [0.05, 0.5, 0.95]) : [NaN, NaN, NaN];
    const unit = ev.ux.units[u];
    const nr = ev.ranking.rank[u];
    const c: CityUncertainty = {
      key: unit.key,
      name: unit.name,
      year: unit.year,
      nominal: { total: nul(ev.total[u]), rank: nul(nr) },
      of: ev.ranking.of[u],
      rank: { mean: n ? sum / n : null, median: nul(median), q5: nul(q5), q95: nul(q95) },
      unranked: store.unranked[u],
    };
    if (store.tierCounts && store.tierRuns > 0) {
      const T = tiers.length + 1;
      const p: Record<string, number> = {};
      for (let t = 0; t < tiers.length; t++) p[tiers[t].id] = store.tierCounts[u * T + t + 1] / store.tierRuns;
      const none = store.tierCounts[u * T] / store.tierRuns;
      if (none > 0) p.none = none;
      c.tiers = p;
    }
    cities.push(c);
  }
  const uncertainty: SensitivityResult['uncertainty'] = {
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, min: t.min })),
    tierRuns: store.tierRuns,
    tierNote: tiers.length
      ? `over the ${store.tierRuns} uncertainty runs that keep the system's own normalisation (other normalisations change the scale the tier thresholds apply to)`
      : 'the system defines no tiers',
    cities,
  };
  if (o.analysis !== 'sa') return { uncertainty };

  const { N, d } = o;
  const y = store.y;
  const yAB = Array.from({ length: d }, (_, i) => y.subarray((2 + i) * N, (3 + i) * N));
  const idx = sobolIndices(y.subarray(0, N), y.subarray(N, 2 * N), yAB, { nboot: o.nboot, rng: o.rng });
  const sensitivity: SobolSummary = {
    output: 'mean absolute rank shift from the nominal ranking, over all cities (COINr get_sensitivity)',
    estimator: idx.estimator,
    variance: nul(idx.variance),
    nboot: o.nboot,
    inputs: inputs.map((inp, i) => ({
      name: inp.name,
      Si: nul(idx.Si[i]),
      SiQ5: nul(idx.SiQ5?.[i]),
      SiQ95: nul(idx.SiQ95?.[i]),
      STi: nul(idx.STi[i]),
      STiQ5: nul(idx.STiQ5?.[i]),
      STiQ95: nul(idx.STiQ95?.[i]),
    })),
    nonFinite: idx.nonFinite,
    warnings: idx.warnings,
  };
  let perCity: PerCitySobol | undefined;
  if (o.perCity && store.perCity) {
    const t = store.perCity;
    const col = (block: number, u: number) => Float64Array.from({ length: N }, (_, r) => t[(block * N + r) * U + u]);
    perCity = {
      output: "each city's total (points), no bootstrap",
      cities: ev.ux.units.map((unit, u) => {
        let Si: (number | null)[] = [];
        let STi: (number | null)[] = [];
        const a = col(0, u);
        const b = col(1, u);
        const ab = Array.from({ length: d }, (_, i) => col(2 + i, u));
        const r = sobolIndices(a, b, ab);
        Si = r.Si.map((x) => nul(x));
        STi = r.STi.map((x) => nul(x));
        return { key: unit.key, name: unit.name, year: unit.year, Si, STi };
      }),
    };
  }
  return { uncertainty, sensitivity, perCity };
}
