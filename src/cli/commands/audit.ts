/**
 * cityscore audit <system> <returns…> [--json]: the JRC statistical coherence checks —
 * correlations of every indicator with its parent, dimension and total; collinear and negatively
 * correlated pairs within a node; Cronbach's alpha per node; nominal weight vs influence on the total.
 *
 * Exit codes: 0 done (flags are findings to review, not errors); 2 unusable system or returns.
 */
import { CityscoreError } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { systemFiles } from '../../system/yaml-source.js';
import { loadReturns } from '../../returns/index.js';
import { compileModel } from '../../engine/model.js';
import { evaluate } from '../../engine/evaluate.js';
import { auditSystem } from '../../analysis/audit/audit.js';
import { renderAudit } from '../../analysis/audit/render.js';
import { auditMarkdown } from '../../analysis/audit/markdown.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { join } from 'node:path';
import type { IO } from '../io.js';
import { inputPaths, returnsArgsList } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';

export interface AuditCliOptions extends ReturnsCliOptions {
  json?: boolean;
  out?: string;
}

export async function run(systemRef: string, returns: string[], opts: AuditCliOptions, io: IO): Promise<number> {
  const system = await requireSystem(systemRef, { scorable: true });
  const dataset = await loadReturns(system, ...returnsArgsList(returns, opts, io.errIsTTY && !io.quiet));
  if (dataset.units.length === 0) throw new CityscoreError('NOTHING_TO_SCORE', 'the returns hold no city', { exitCode: 2 });
  const res = auditSystem(evaluate(compileModel(system), dataset, { diagnose: false }));
  io.out(opts.json ? JSON.stringify(res, null, 2) : renderAudit(res, { color: io.color, width: io.isTTY ? io.columns : Infinity }));
  if (opts.out) {
    const files = [join(opts.out, 'audit.json'), join(opts.out, 'audit.md')];
    for (const f of files) assertNotInput(f, [...systemFiles(system.chain), ...inputPaths(returns)]);
    writeFileAtomic(files[0], `${JSON.stringify(res, null, 2)}\n`);
    writeFileAtomic(files[1], auditMarkdown(res));
    if (!io.quiet) io.err(`audit written to ${files.join(', ')}`);
  }
  return 0;
}
