/** Assertions shared by the analysis tests (not a test file itself). */
import { expect } from 'vitest';
import { AnalysisError } from '../../src/analysis/stats/errors.js';

/** Every value equals the expected one when both are taken to `decimals` decimals (half-unit tolerance). */
export function expectDecimals(got: readonly number[], expected: readonly number[], decimals: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(expected.length);
  const tol = 0.5 * 10 ** -decimals + 1e-12;
  got.forEach((g, i) => {
    expect(Math.abs(g - expected[i]), `${what}[${i}]: got ${g}, expected ${expected[i]} at ${decimals} decimals`).toBeLessThanOrEqual(tol);
  });
}

export function expectClose(got: number, expected: number, tol: number, what: string): void {
  expect(Math.abs(got - expected), `${what}: got ${got}, expected ${expected} (tolerance ${tol})`).toBeLessThanOrEqual(tol);
}

/** fn throws an AnalysisError with this code whose message matches every pattern; returns the error. */
export function expectAnalysisError(fn: () => unknown, code: 'ANALYSIS_INPUT' | 'ANALYSIS_UNDEFINED', ...patterns: RegExp[]): AnalysisError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an AnalysisError to be thrown').toBeInstanceOf(AnalysisError);
  const err = caught as AnalysisError;
  expect(err.code).toBe(code);
  for (const p of patterns) expect(err.message).toMatch(p);
  return err;
}
