/**
 * cityscore diff <old> <new> [--returns …] [--format text|md|json|xlsx] [--fail-on …]
 * Exit 0 when no change is at or above --fail-on, 1 when one is, 2 on an error.
 */
import { CityscoreError } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { diffSystems, classAtLeast } from '../../analysis/diff/structural.js';
import { computeImpact } from '../../analysis/diff/impact.js';
import { summarise, toJson, toMarkdown, toText, type DiffReport } from '../../analysis/diff/render.js';
import { writeFileAtomic, assertNotInput } from '../../util/atomic-write.js';
import type { IO } from '../io.js';

export interface DiffOptions {
  returns?: string[];
  format: 'text' | 'md' | 'json' | 'xlsx';
  output?: string;
  failOn: 'breaking' | 'scoring' | 'any' | 'none';
  attribution?: boolean;
  groups?: string;
  samples?: number;
  seed?: number;
  encoding?: string;
  corrections?: string;
}

export async function run(oldRef: string, newRef: string, opts: DiffOptions, io: IO): Promise<number> {
  if (opts.format === 'xlsx' && !opts.output) throw new CityscoreError('USAGE', '--format xlsx needs -o <file>');
  if (opts.groups !== undefined && opts.groups !== 'dimension' && opts.groups !== 'change') throw new CityscoreError('USAGE', `--groups is dimension or change, not "${opts.groups}"`);
  const returns = opts.returns ?? [];
  if (opts.output) assertNotInput(opts.output, [oldRef, newRef, ...returns.map((r) => r.replace(/^[A-Za-z_][A-Za-z0-9_]*=/, ''))]);
  // Intermediate systems are scored as they stand: the two versions themselves must be valid.
  const a = await requireSystem(oldRef, { scorable: returns.length > 0 });
  const b = await requireSystem(newRef, { scorable: returns.length > 0 });
  const changes = diffSystems(a, b);
  const report: DiffReport = {
    schemaVersion: 1,
    old: { id: a.id, version: a.version, hash: a.hash, file: a.chain[0].file },
    new: { id: b.id, version: b.version, hash: b.hash, file: b.chain[0].file },
    summary: summarise(changes),
    changes,
  };
  if (returns.length) {
    const { loadReturns } = await import('../../returns/index.js');
    const { diffScoreFn } = await import('../../analysis/diff/score-with.js');
    const ropts = { encoding: opts.encoding, corrections: opts.corrections };
    const oldDs = await loadReturns(a, returns, ropts);
    const newDs = await loadReturns(b, returns, ropts);
    report.impact = computeImpact(a, b, changes, diffScoreFn(a, b, oldDs, newDs), {
      attribution: opts.attribution !== false,
      groupBy: opts.groups === 'change' ? 'change' : 'dimension',
      samples: opts.samples,
      seed: opts.seed,
      returns,
    });
  }
  const fail = changes.some((c) => classAtLeast(c.class, opts.failOn));
  let text: string | undefined;
  if (opts.format === 'json') text = toJson(report);
  else if (opts.format === 'md') text = toMarkdown(report);
  else if (opts.format === 'text') text = toText(report, io.color);
  if (opts.format === 'xlsx') {
    const { diffWorkbook } = await import('../../report/diff-xlsx.js');
    writeFileAtomic(opts.output!, await diffWorkbook(report));
    if (!io.quiet) io.out(`wrote ${opts.output}`);
  } else if (opts.output) {
    writeFileAtomic(opts.output, text!);
    if (!io.quiet) io.out(`wrote ${opts.output}`);
  } else if (!(io.quiet && !fail)) {
    io.out(text!.replace(/\n$/, ''));
  }
  if (fail && (opts.output || io.quiet)) io.err(`cityscore: ${changes.filter((c) => classAtLeast(c.class, opts.failOn)).length} change(s) at or above --fail-on ${opts.failOn}`);
  return fail ? 1 : 0;
}
