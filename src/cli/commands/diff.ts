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
import { inputPaths, returnsArgs, type ReturnsCliOptions } from '../returns-args.js';
import type { Dataset } from '../../returns/dataset.js';
import { checkSource, splitFileArg } from '../../returns/files.js';
import type { ResolvedSystem } from '../../system/model.js';

export interface DiffOptions extends ReturnsCliOptions {
  returns?: string[];
  format: 'text' | 'md' | 'json' | 'xlsx';
  output?: string;
  failOn: 'breaking' | 'scoring' | 'any' | 'none';
  attribution?: boolean;
  groups?: string;
  samples?: number;
  seed?: number;
}

export async function run(oldRef: string, newRef: string, opts: DiffOptions, io: IO): Promise<number> {
  if (opts.format === 'xlsx' && !opts.output) throw new CityscoreError('USAGE', '--format xlsx needs -o <file>');
  if (opts.groups !== undefined && opts.groups !== 'dimension' && opts.groups !== 'change') throw new CityscoreError('USAGE', `--groups is dimension or change, not "${opts.groups}"`);
  const returns = opts.returns ?? [];
  if (opts.output) assertNotInput(opts.output, [oldRef, newRef, ...inputPaths(returns)]);
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
    const { files, options } = returnsArgs(returns, opts, false);
    const notes: string[] = [];
    // A data source that only one version declares (an overlay's regional statistics) feeds only that version.
    for (const f of files) {
      const id = splitFileArg(f).source;
      // Neither version declares it: a misspelt source, the usage error (with a did-you-mean) that score gives.
      if (id !== undefined && !a.sources.some((s) => s.id === id) && !b.sources.some((s) => s.id === id)) checkSource(id, b);
    }
    const forSystem = (sys: ResolvedSystem) =>
      files.filter((f) => {
        const id = splitFileArg(f).source;
        if (id === undefined || sys.sources.some((s) => s.id === id)) return true;
        notes.push(`${f}: "${id}" is not a data source of ${sys.id} ${sys.version}; that version is scored without it`);
        return false;
      });
    const oldDs = await loadReturns(a, forSystem(a), options);
    const newDs = await loadReturns(b, forSystem(b), options);
    if (!oldDs.units.length && !newDs.units.length) {
      throw new CityscoreError('NO_CITIES', `the returns hold no city-year to score${opts.year !== undefined ? ` for ${opts.year}` : ''}`, { exitCode: 2 });
    }
    notes.push(...absentFields(a, oldDs, 'old'), ...absentFields(b, newDs, 'new'));
    report.impact = computeImpact(a, b, changes, diffScoreFn(a, b, oldDs, newDs), {
      attribution: opts.attribution !== false,
      groupBy: opts.groups === 'change' ? 'change' : 'dimension',
      samples: opts.samples,
      seed: opts.seed,
      returns,
    });
    if (notes.length) report.impact.notes = notes;
    if (!io.quiet) for (const n of notes) io.err(io.color.yellow(`note: ${n}`));
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

/** Fields of a version that the returns do not have: its indicators on them score by their missing-data policy. */
function absentFields(sys: ResolvedSystem, ds: Dataset, side: 'old' | 'new'): string[] {
  const have = new Set(ds.fields);
  const absent = sys.fields.filter((f) => !have.has(f.id)).map((f) => f.id);
  if (!absent.length) return [];
  const list = absent.length <= 8 ? absent.join(', ') : `${absent.slice(0, 8).join(', ')} … (+${absent.length - 8})`;
  return [`${absent.length} field(s) of the ${side} version are not in the returns, so its indicators on them score as missing (by their policy): ${list}`];
}
