/**
 * Year over year: compare results with a baseline results object (an earlier evaluation).
 *
 * Each city (matched by division code, else by name) is compared with the baseline's record of
 * the same city in the latest year not after its own (the same year when the baseline has it; the
 * latest baseline year when the city's year is unknown). Change in total = current − baseline
 * (full precision); change in rank = baseline rank − current rank (positive = moved up); per
 * first-level dimension the change in points.
 *
 * Flags: a baseline holding the same year as the results (a comparison of two evaluations of one
 * year, not year over year), a baseline made under a different system hash, or with a different scoring method
 * (rules, aggregation, imputation, treatment, scope, rounding), is flagged with a warning; so are
 * relative (normalised) scores, whose changes compare positions among the cities scored rather
 * than absolute progress — per-year normalisation and separate evaluations especially.
 */
import type { Results, ResultsBaselineInfo, ResultsChange, ResultsCity } from './results.js';
import { nodeScore } from './results-access.js';
import { canonicalJson as canonical } from '../util/canonical.js';

const identity = (c: Pick<ResultsCity, 'code' | 'name'>) => c.code || c.name;

/** The comparison's findings about the two evaluations, and each current city's change (one city at a time). */
export function baselineComparer(
  current: Pick<Results, 'system' | 'nodes' | 'years'>,
  base: Results,
  file?: string,
): { info: ResultsBaselineInfo; changeOf: (c: ResultsCity) => ResultsChange | null } {
  const sameSystem = current.system.hash === base.system.hash;
  const sameMethod = canonical(current.system.method) === canonical(base.system.method);
  const warnings: string[] = [];
  // A baseline of the same year is an evaluation to compare with (before corrections, under
  // another system), not the year before: said, so that a wrong file is not read as no progress.
  const baseYears = new Set(base.years);
  const sameYears = current.years.filter((y): y is number => y !== null && baseYears.has(y));
  if (sameYears.length) {
    warnings.push(
      `the baseline holds the same year${sameYears.length > 1 ? 's' : ''} as these results (${sameYears.join(', ')}): the city-years of ${sameYears.join(', ')} are compared with another evaluation of the same year, not with the year before`,
    );
  }
  if (!sameSystem) {
    warnings.push(
      `the baseline was scored under ${base.system.id} ${base.system.version} (${short(base.system.hash)}), these results under ${current.system.id} ${current.system.version} (${short(current.system.hash)}): the changes mix data changes with system changes (cityscore diff separates them)`,
    );
  }
  if (!sameMethod)
    warnings.push(`the scoring method differs from the baseline's (${methodDiff(current.system.method, base.system.method)}): changes are not like for like`);
  const perYear = [current.system.method, base.system.method].some((m) => m.relative && m.scope === 'per-year');
  if (perYear) warnings.push("relative scores normalised per year: a change shows a shift in position among each year's cities, not absolute progress");
  else if (current.system.method.relative || base.system.method.relative) {
    warnings.push('relative scores from a separate evaluation were normalised against a different set of cities: changes are indicative only');
  }

  const byCity = new Map<string, ResultsCity[]>();
  for (const c of base.cities) {
    const k = identity(c);
    let l = byCity.get(k);
    if (!l) byCity.set(k, (l = []));
    l.push(c);
  }
  const dims = current.nodes.filter((n) => n.depth === 1).map((n) => n.id);
  const changeOf = (c: ResultsCity): ResultsChange | null => {
    const cands = byCity.get(identity(c)) ?? [];
    let best: ResultsCity | null = null;
    for (const b of cands) {
      if (c.year !== null && b.year !== null && b.year > c.year) continue;
      if (!best || (b.year ?? -Infinity) > (best.year ?? -Infinity)) best = b;
    }
    if (!best) return null;
    const dimensions: Record<string, number | null> = {};
    for (const d of dims) {
      const now = nodeScore(current, c, d)?.points ?? null;
      const then = nodeScore(base, best, d)?.points ?? null;
      dimensions[d] = now === null || then === null ? null : now - then;
    }
    return {
      baseline: best.key,
      year: best.year,
      total: c.total === null || best.total === null ? null : c.total - best.total,
      rank: c.rank === null || best.rank === null ? null : best.rank - c.rank,
      dimensions,
    };
  };
  const info: ResultsBaselineInfo = {
    ...(file ? { file } : {}),
    system: { id: base.system.id, version: base.system.version, hash: base.system.hash },
    sameSystem,
    sameMethod,
    warnings,
  };
  return { info, changeOf };
}

function short(h: string): string {
  return `${h.slice(0, 19)}…`;
}

function methodDiff(a: object, b: object): string {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  return keys.filter((k) => canonical(ra[k]) !== canonical(rb[k])).join(', ');
}

/** A minimal check that a parsed JSON object is cityscore results. */
export function isResults(x: unknown): x is Results {
  const r = x as Results;
  return (
    !!r &&
    typeof r === 'object' &&
    r.kind === 'cityscore.results' &&
    typeof r.schemaVersion === 'number' &&
    Array.isArray(r.cities) &&
    !!r.system &&
    typeof r.system.hash === 'string'
  );
}
