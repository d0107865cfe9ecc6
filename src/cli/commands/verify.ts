/**
 * cityscore verify <results.json> [--inputs-dir dir]: re-run an evaluation from the inputs its
 * results record (hashes checked first) and compare every number. Exit 0 when everything matches,
 * 1 when anything differs (the first differences are listed), 2 when it cannot be re-run (an input,
 * the system or the baseline is missing).
 */
import { dirname } from 'node:path';
import { readResultsFile } from '../../report/read.js';
import { verifyResults, type Difference } from '../../report/verify.js';
import { VERSION } from '../../version.js';
import type { IO } from '../io.js';

export interface VerifyCliOptions {
  inputsDir?: string;
}

const SHOWN = 20;

export async function run(resultsFile: string, opts: VerifyCliOptions, io: IO): Promise<number> {
  const recorded = readResultsFile(resultsFile);
  const res = await verifyResults(recorded, {
    inputsDir: opts.inputsDir,
    resultsDir: dirname(resultsFile),
    version: VERSION,
    // A system ranked by an MCDA method publishes that method's ranks: re-rank the same way.
    rankBySettings: async (ev) => (ev.model.settings.ranking.method === 'score' ? null : (await import('../../analysis/compare.js')).rankingBySettings(ev)),
  });
  const c = io.color;
  if (!io.quiet) for (const n of res.notes) io.err(c.dim(`note: ${n}`));
  if (res.ok) {
    if (!io.quiet) {
      io.out(
        c.green(
          `verified: every value of ${resultsFile} matches a fresh evaluation (${res.numbers} numbers compared exactly; system ${recorded.system.id} ${recorded.system.version} hash and ${res.inputs.length} input hash${res.inputs.length === 1 ? '' : 'es'} match)`,
        ),
      );
    }
    return 0;
  }
  io.out(c.red(`verify failed: ${res.differences.length} difference${res.differences.length === 1 ? '' : 's'} between ${resultsFile} and a fresh evaluation`));
  for (const d of res.differences.slice(0, SHOWN)) io.out(`  ${describe(d)}`);
  if (res.differences.length > SHOWN) io.out(`  … and ${res.differences.length - SHOWN} more`);
  return 1;
}

function describe(d: Difference): string {
  return `${d.path}: recorded ${show(d.recorded)}, recomputed ${show(d.recomputed)}`;
}

function show(x: unknown): string {
  if (x === undefined) return '(absent)';
  if (typeof x === 'number') return String(x);
  const s = JSON.stringify(x);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
