/**
 * Reading the JSON that `cityscore sensitivity` and `cityscore audit` write (--json, or
 * sensitivity.json / audit.json with --out), to put them in the reports: exit 2 when a file is
 * missing, unreadable, or not that kind of result.
 */
import { readFileSync } from 'node:fs';
import { CityscoreError } from '../errors.js';
import type { AuditResult } from '../analysis/audit/audit.js';
import type { SensitivityResult } from '../analysis/sensitivity/result.js';

function readJson(file: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CityscoreError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'ANALYSIS_UNREADABLE', code === 'ENOENT' ? 'no such file' : `cannot read the ${what} results: ${(e as Error).message}`, {
      location: { file },
      exitCode: 2,
    });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw notKind(file, what);
  return parsed as Record<string, unknown>;
}

function notKind(file: string, what: string): CityscoreError {
  return new CityscoreError('ANALYSIS_INVALID', `not the JSON of cityscore ${what}`, { location: { file }, exitCode: 2, hint: `write it with cityscore ${what} … --json > file, or --out <dir>` });
}

const isSystem = (x: unknown) => !!x && typeof x === 'object' && typeof (x as { hash?: unknown }).hash === 'string';

export function readSensitivityFile(file: string): SensitivityResult {
  const r = readJson(file, 'sensitivity');
  if (!isSystem(r.system) || !r.design || !r.uncertainty || !Array.isArray(r.inputs) || !r.failures) throw notKind(file, 'sensitivity');
  return r as unknown as SensitivityResult;
}

export function readAuditFile(file: string): AuditResult {
  const r = readJson(file, 'audit');
  if (!isSystem(r.system) || !Array.isArray(r.cronbach) || !Array.isArray(r.influence) || !Array.isArray(r.flags) || !r.thresholds) throw notKind(file, 'audit');
  return r as unknown as AuditResult;
}

/** The --sensitivity and --audit files of `score` and `report`, read before anything is written. */
export function readAnalyses(opts: { sensitivity?: string; audit?: string }): { sensitivity?: SensitivityResult; audit?: AuditResult } {
  return {
    ...(opts.sensitivity ? { sensitivity: readSensitivityFile(opts.sensitivity) } : {}),
    ...(opts.audit ? { audit: readAuditFile(opts.audit) } : {}),
  };
}
