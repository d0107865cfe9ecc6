/** COINr's small exact cases (../shared/oracles/coinr/coinr_unit_cases.json): skew/kurtosis, winsorisation, dist2targ, goalposts. */
import { describe, expect, it } from 'vitest';
import { haveOracles, readOracleJson } from '../helpers/oracles.js';
import { kurtosis, skewKurtPass, skewness } from '../../src/engine/stats.js';
import { TREAT_LOG, TREAT_WINHI, applyFallback, treatVector } from '../../src/engine/treat.js';
import { nDist2targ, nGoalposts } from '../../src/engine/normalise.js';

interface Case {
  id: string;
  x?: number[];
  expected?: Record<string, unknown>;
  cases?: { x: number | number[]; targ?: number; gposts?: [number, number, number]; direction: 1 | -1; cap_max?: boolean; expected: number | number[] }[];
}

const ok = haveOracles();

describe.runIf(ok)('coinr_unit_cases.json', () => {
  const cases = ok ? readOracleJson<{ cases: Case[] }>('coinr', 'coinr_unit_cases.json').cases : [];
  const get = (id: string) => cases.find((c) => c.id === id)!;
  const spec = { winmax: 5, skew: 2, kurt: 3.5, fallback: 'log_CT' as const };

  it('skew_kurt_1_10_100: e1071 type-2 skewness and kurtosis to double precision; fails the test', () => {
    const c = get('skew_kurt_1_10_100');
    const e = c.expected as { skew: number; kurt: number; check_SkewKurt_pass: boolean };
    const x = Float64Array.from(c.x!);
    expect(Math.abs(skewness(x) - e.skew)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(e.skew));
    expect(Math.abs(kurtosis(x) - e.kurt)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(e.kurt));
    expect(skewKurtPass(skewness(x), kurtosis(x), 2, 3.5)).toBe(e.check_SkewKurt_pass);
  });

  it('winsorise_one_outlier: the last value becomes 10, nwin = 1, passes', () => {
    const c = get('winsorise_one_outlier');
    const e = c.expected as { x: number[]; nwin: number; passes_after: boolean };
    const r = treatVector(Float64Array.from(c.x!), spec);
    expect(Array.from(r.x)).toEqual(e.x);
    expect(r.info.nwin).toBe(e.nwin);
    expect(r.info.passAfter).toBe(e.passes_after);
    expect(r.flags[10]).toBe(TREAT_WINHI);
    expect(r.info.winhi).toBe(1);
  });

  it('winsorise_two_outliers: the last two become 20, 20 with nwin = 2; with winmax 1 the log of the ORIGINAL values', () => {
    const c = get('winsorise_two_outliers');
    const e = c.expected as { x_last_two: number[]; nwin: number };
    const x = Float64Array.from(c.x!);
    const r = treatVector(x, spec);
    expect(Array.from(r.x.slice(-2))).toEqual(e.x_last_two);
    expect(r.info.nwin).toBe(e.nwin);
    expect(r.info.winhi).toBe(2);
    const logged = treatVector(x, { ...spec, winmax: 1 });
    expect(logged.info.fallback).toBe('log_CT');
    expect(Array.from(logged.x)).toEqual(Array.from(applyFallback(x, 'log_CT', skewness(x))));
    expect(logged.x[21]).toBe(Math.log(200 - 1 + 0.01 * 199));
    expect(logged.flags.every((f) => f === TREAT_LOG)).toBe(true);
  });

  it('dist2targ: capped and uncapped, both directions', () => {
    for (const k of get('dist2targ').cases!) {
      expect(nDist2targ(k.x as number[], k.targ!, k.direction, k.cap_max!)).toEqual(k.expected);
    }
  });

  it('goalposts: both directions, truncated to the posts', () => {
    for (const k of get('goalposts').cases!) {
      expect(nGoalposts([k.x as number], k.gposts!, k.direction)[0]).toBe(k.expected);
    }
  });
});
