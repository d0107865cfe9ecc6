/**
 * cityscore audit <system> <returns…> [--json]: the JRC statistical coherence checks —
 * correlations of every indicator with its parent, dimension and total; collinear and negatively
 * correlated pairs within a node; Cronbach's alpha per node; nominal weight vs influence on the total.
 *
 * Exit codes: 0 done (flags are findings to review, not errors); 2 unusable system or returns.
 */
import { CityscoreError } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { loadReturns } from '../../returns/index.js';
import { compileModel } from '../../engine/model.js';
import { evaluate } from '../../engine/evaluate.js';
import { auditSystem } from '../../analysis/audit/audit.js';
import { renderAudit } from '../../analysis/audit/render.js';
import type { IO } from '../io.js';

export interface AuditCliOptions {
  json?: boolean;
  year?: number;
  encoding?: string;
  sheet?: string;
  source?: string[];
  corrections?: string;
}

export async function run(systemRef: string, returns: string[], opts: AuditCliOptions, io: IO): Promise<number> {
  const system = await requireSystem(systemRef, { scorable: true });
  const dataset = await loadReturns(system, returns, {
    encoding: opts.encoding,
    sheet: opts.sheet,
    source: opts.source?.[opts.source.length - 1],
    corrections: opts.corrections,
    year: opts.year,
    progress: io.errIsTTY && !io.quiet,
  });
  if (dataset.units.length === 0) throw new CityscoreError('NOTHING_TO_SCORE', 'the returns hold no city', { exitCode: 2 });
  const res = auditSystem(evaluate(compileModel(system), dataset, { diagnose: false }));
  io.out(opts.json ? JSON.stringify(res, null, 2) : renderAudit(res, { color: io.color, width: io.isTTY ? io.columns : Infinity }));
  return 0;
}
