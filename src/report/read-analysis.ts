/**
 * Reading the JSON that `cityscore sensitivity` and `cityscore audit` write (--json, or
 * sensitivity.json / audit.json with --out), to put them in the reports: exit 2 when a file is
 * missing, unreadable, or not that kind of result.
 */
import { readJsonFile } from './read.js';
import type { AuditResult } from '../analysis/audit/audit.js';
import type { SensitivityResult } from '../analysis/sensitivity/result.js';

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isSystem = (x: unknown) => isObject(x) && typeof x.hash === 'string';
const hint = (what: string) => `write it with cityscore ${what} … --json > file, or --out <dir>`;

export function readSensitivityFile(file: string): SensitivityResult {
  const accept = (r: unknown): r is SensitivityResult => isObject(r) && isSystem(r.system) && !!r.design && !!r.uncertainty && Array.isArray(r.inputs) && !!r.failures;
  return readJsonFile(file, { what: 'cityscore sensitivity', code: 'ANALYSIS', hint: hint('sensitivity'), accept });
}

export function readAuditFile(file: string): AuditResult {
  const accept = (r: unknown): r is AuditResult =>
    isObject(r) && isSystem(r.system) && Array.isArray(r.cronbach) && Array.isArray(r.influence) && Array.isArray(r.flags) && !!r.thresholds;
  return readJsonFile(file, { what: 'cityscore audit', code: 'ANALYSIS', hint: hint('audit'), accept });
}

/** The --sensitivity and --audit files of `score` and `report`, read before anything is written. */
export function readAnalyses(opts: { sensitivity?: string; audit?: string }): { sensitivity?: SensitivityResult; audit?: AuditResult } {
  return {
    ...(opts.sensitivity ? { sensitivity: readSensitivityFile(opts.sensitivity) } : {}),
    ...(opts.audit ? { audit: readAuditFile(opts.audit) } : {}),
  };
}
