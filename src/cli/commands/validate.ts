import { existsSync } from 'node:fs';
import { CityscoreError, type Diagnostic } from '../../errors.js';
import { findBundled } from '../../system/bundled.js';
import { loadSystem } from '../../system/load.js';
import { printDiagnostics, type IO } from '../io.js';

export interface ValidateOptions {
  maxWarnings?: number;
  json?: boolean;
}

/** validate: findings are the output (exit 1 on errors); a path that does not exist is exit 2. */
export async function run(systems: string[], opts: ValidateOptions, io: IO): Promise<number> {
  for (const s of systems) {
    if (!existsSync(s) && !findBundled(s)) {
      throw new CityscoreError('SYSTEM_NOT_FOUND', `no such file, and no bundled system with that id`, { location: { file: s }, hint: 'cityscore list shows the bundled systems' });
    }
  }
  const results: { file: string; id?: string; version?: string; hash?: string; valid: boolean; diagnostics: Diagnostic[] }[] = [];
  for (const s of systems) {
    const r = await loadSystem(s);
    results.push({ file: r.file, id: r.system?.id, version: r.system?.version, hash: r.system?.hash, valid: !r.diagnostics.some((d) => d.severity === 'error'), diagnostics: r.diagnostics });
  }
  const errors = results.reduce((a, r) => a + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const warnings = results.reduce((a, r) => a + r.diagnostics.filter((d) => d.severity === 'warning').length, 0);
  const tooManyWarnings = opts.maxWarnings !== undefined && warnings > opts.maxWarnings;
  if (opts.json) {
    io.out(JSON.stringify({ errors, warnings, results }, null, 2));
  } else {
    for (const r of results) {
      printDiagnostics(io, r.diagnostics, { to: 'out' });
      if (!io.quiet) {
        const status = r.valid ? io.color.green('valid') : io.color.red('invalid');
        io.out(`${r.file}: ${status}${r.id ? ` (${r.id} ${r.version}, ${r.hash?.slice(0, 19)}…)` : ''}`);
      }
    }
    if (!io.quiet || errors || tooManyWarnings) {
      io.out(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'}`);
    }
    if (tooManyWarnings) io.out(`more than ${opts.maxWarnings} warning(s) (--max-warnings)`);
  }
  return errors > 0 || tooManyWarnings ? 1 : 0;
}
