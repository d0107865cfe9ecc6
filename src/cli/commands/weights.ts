/**
 * cityscore weights <system> [returns…] --method … [--level n] [--alpha a] [-o overlay.yaml]:
 * derive weights (equal, entropy, CRITIC, standard deviation, MEREC, PCA from the returns; AHP from
 * the system's pairwise matrices; combined subjective/objective) for the children of every node at
 * a level, print them (--json for JSON) or write them as an overlay system that extends the input.
 *
 * Exit codes: 0 done; 1 with --strict when an AHP matrix is inconsistent (CR > 0.1; nothing is
 * written); 2 usage, unusable input, or weights undefined for the data (a constant indicator, a
 * singular correlation matrix, …).
 */
import { dirname, relative, resolve } from 'node:path';
import { CityscoreError } from '../../errors.js';
import { requireSystem, resolveSystemRef } from '../../system/load.js';
import { findBundled } from '../../system/bundled.js';
import { loadReturns } from '../../returns/index.js';
import { compileModel } from '../../engine/model.js';
import { evaluate } from '../../engine/evaluate.js';
import { deriveWeights, parseMethod, type WeightsResult } from '../../analysis/weights/derive.js';
import { weightsOverlay, type DerivedWeights } from '../../analysis/weights/overlay.js';
import { renderWeights } from '../../analysis/weights/render.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { existsSync } from 'node:fs';
import type { IO } from '../io.js';
import { inputPaths, returnsArgsList } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';

export interface WeightsCliOptions extends ReturnsCliOptions {
  method: string;
  level?: number;
  alpha?: string;
  output?: string;
  strict?: boolean;
  json?: boolean;
}

function parseAlpha(s: string | undefined, method: string): number | undefined {
  if (s === undefined) return undefined;
  if (method !== 'combined') throw new CityscoreError('USAGE', `--alpha applies to --method combined only, not ${method}`, { exitCode: 2 });
  const a = Number(s);
  if (s.trim() === '' || !(a >= 0 && a <= 1))
    throw new CityscoreError('USAGE', `--alpha must be a number from 0 to 1 (the share of the subjective weights), not "${s}"`, { exitCode: 2 });
  return a;
}

export async function run(systemRef: string, returns: string[], opts: WeightsCliOptions, io: IO): Promise<number> {
  const spec = parseMethod(opts.method);
  const alpha = parseAlpha(opts.alpha, spec.method);
  if (opts.level !== undefined && opts.level < 1)
    throw new CityscoreError('USAGE', `--level must be 1 or more (1 = the first level, 一级), not ${opts.level}`, { exitCode: 2 });
  const system = await requireSystem(systemRef);
  const needsData = spec.method !== 'equal' && spec.method !== 'ahp';
  if (needsData && returns.length === 0) {
    throw new CityscoreError('USAGE', `--method ${opts.method} derives weights from data: give the returns after the system`, {
      exitCode: 2,
      hint: `cityscore weights ${systemRef} returns.csv --method ${opts.method}`,
    });
  }
  if (opts.output) assertNotInput(opts.output, [resolveSystemRef(systemRef), ...inputPaths(returns)]);
  let ev = null;
  if (needsData) {
    const dataset = await loadReturns(system, ...returnsArgsList(returns, opts, io.errIsTTY && !io.quiet));
    if (dataset.units.length === 0) throw new CityscoreError('NOTHING_TO_SCORE', 'the returns hold no city', { exitCode: 2 });
    ev = evaluate(compileModel(system), dataset, { diagnose: false });
  } else if (returns.length && !io.quiet) io.err(`note: --method ${spec.method} does not use the returns; they were not read`);

  const res = deriveWeights(system, ev, { method: spec, level: opts.level, alpha });
  const blocked = opts.strict && res.inconsistent;
  let written: string | undefined;
  if (opts.output && !blocked) {
    const negative = res.groups.flatMap((g) => g.children.filter((c) => !(c.derived >= 0)).map((c) => c.id));
    if (negative.length) {
      throw new CityscoreError('WEIGHTS_NEGATIVE', `cannot write an overlay: negative weights for ${negative.join(', ')} (${res.method})`, {
        exitCode: 2,
        hint: 'PCA loadings can be negative (COINr get_PCA): the indicator runs against the first component; print them without -o, or use another method',
      });
    }
    writeFileAtomic(opts.output, overlayText(system, res, systemRef, returns, opts));
    written = opts.output;
  }
  if (opts.json) io.out(JSON.stringify(written ? { ...res, overlay: written } : res, null, 2));
  else {
    io.out(renderWeights(res, { color: io.color, width: io.isTTY ? io.columns : Infinity }));
    if (written) io.out(`\noverlay written to ${written} (extends ${system.id} ${system.version}); check it with: cityscore validate ${written}`);
  }
  if (blocked) {
    io.err(io.color.red(`cityscore: --strict: an AHP matrix is inconsistent (CR > 0.1)${opts.output ? `; ${opts.output} was not written` : ''}`));
    return 1;
  }
  return 0;
}

function overlayText(system: Awaited<ReturnType<typeof requireSystem>>, res: WeightsResult, ref: string, returns: string[], opts: WeightsCliOptions): string {
  const bundled = !existsSync(ref) && findBundled(ref) !== undefined;
  const derived: DerivedWeights[] = res.groups.map((g) => ({
    parent: g.parent,
    children: g.children.map((c) => c.id),
    weights: g.children.map((c) => c.derived),
    variant: g.variant,
    note: g.note,
  }));
  const flags = [
    `--method ${opts.method}`,
    opts.level !== undefined ? `--level ${opts.level}` : '',
    opts.alpha !== undefined ? `--alpha ${opts.alpha}` : '',
    opts.year !== undefined ? `--year ${opts.year}` : '',
  ].filter(Boolean);
  const command = ['cityscore weights', ref, ...returns, ...flags].join(' ');
  const basis = ['cityscore weights', ...flags, ...(returns.length ? ['(returns and command in the header)'] : [])].join(' ');
  const parentPath = bundled
    ? undefined
    : relative(dirname(resolve(opts.output!)), resolveSystemRef(ref))
        .split('\\')
        .join('/');
  return weightsOverlay(system, derived, { bundled, parentPath, command, basis });
}
