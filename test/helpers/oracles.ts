/**
 * Access to ../shared/oracles and to external tools for tests. On a plain machine a missing
 * folder or tool skips the test with a visible message; with CITYSCORE_REQUIRE_ALL=1 (set by
 * .ci/run) the same absence fails the test, so a missing install step fails CI, not a user.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(PROJECT_ROOT, '..', 'shared');
export const ORACLES = join(SHARED, 'oracles');
export const REQUIRE_ALL = process.env.CITYSCORE_REQUIRE_ALL === '1';

/** True when the oracle folder is present. When absent: throws under CITYSCORE_REQUIRE_ALL, else warns once. */
export function haveOracles(): boolean {
  if (existsSync(ORACLES)) return true;
  const msg = `../shared/oracles not found at ${ORACLES}: oracle tests skipped`;
  if (REQUIRE_ALL) throw new Error(`${msg} (CITYSCORE_REQUIRE_ALL=1 forbids skipping)`);
  console.warn(`SKIP: ${msg}`);
  return false;
}

export function oraclePath(...parts: string[]): string {
  return join(ORACLES, ...parts);
}

export function readOracleJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(oraclePath(...parts), 'utf8')) as T;
}

/** True when an executable is on PATH (or at an absolute path). Same skip/fail rule as haveOracles. */
export function haveTool(cmd: string, why: string): boolean {
  let ok = false;
  try {
    execFileSync('sh', ['-c', `command -v ${JSON.stringify(cmd)}`], { stdio: 'ignore' });
    ok = true;
  } catch {
    ok = false;
  }
  if (ok) return true;
  const msg = `${cmd} not found: ${why} skipped (install it: see .ci/run)`;
  if (REQUIRE_ALL) throw new Error(`${msg} (CITYSCORE_REQUIRE_ALL=1 forbids skipping)`);
  console.warn(`SKIP: ${msg}`);
  return false;
}
