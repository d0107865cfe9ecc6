/**
 * cityscore sensitivity <system> <returns…> [--spec spec.yaml] [--runs N] [--seed S]
 *   [--weights-noise f | 1=f,2=g] [--json]: Monte Carlo uncertainty analysis (each city's rank interval and
 * tier probabilities) and Sobol' sensitivity indices of the mean absolute rank shift, as COINr's
 * get_sensitivity (docs/sensitivity.md).
 *
 * Order of work, so that a bad spec never costs a run: the spec's schema, then the system, then
 * the spec against the system (node ids, levels, methods), and only then the returns and the runs.
 * Exit codes: 0 done (failed runs are reported); 1 every run failed; 2 invalid spec or options
 * (every finding located, nothing run), unusable system or returns.
 */
import { CityscoreError } from '../../errors.js';
import { requireSystem } from '../../system/load.js';
import { systemFiles } from '../../system/yaml-source.js';
import { loadReturns } from '../../returns/index.js';
import { compileModel } from '../../engine/model.js';
import { evaluate } from '../../engine/evaluate.js';
import { commandLineSpec, readSpecFile, type LocatedSpec } from '../../analysis/sensitivity/spec.js';
import { resolveInputs, weightLevels, type ResolvedSpec } from '../../analysis/sensitivity/validate.js';
import type { UncertainInput } from '../../analysis/sensitivity/inputs.js';
import { runSensitivity } from '../../analysis/sensitivity/run.js';
import { renderSensitivity } from '../../analysis/sensitivity/render.js';
import type { IO } from '../io.js';
import { join } from 'node:path';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { rankIntervalRows, rankIntervalSvg } from '../../analysis/sensitivity/chart.js';
import { sensitivityMarkdown } from '../../analysis/sensitivity/markdown.js';
import { inputPaths, returnsArgsList } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';

export interface SensitivityCliOptions extends ReturnsCliOptions {
  out?: string;
  spec?: string;
  runs?: number;
  seed?: number;
  weightsNoise?: string;
  json?: boolean;
}

export const DEFAULT_RUNS = 1000;
/** More runs than this only take longer: a typo (--runs 99999999) is refused, not run for hours. */
export const MAX_RUNS = 100_000;
export const DEFAULT_SEED = 1;

/** --weights-noise: `0.25` (every level) or `1=0.25,2=0.1` (the levels named, each its own factor). */
type Noise = { all: number } | { levels: Map<number, number> };

function parseNoise(s: string | undefined): Noise | undefined {
  if (s === undefined) return undefined;
  const bad = () =>
    new CityscoreError('USAGE', `--weights-noise must be a number from 0 to 1 (e.g. 0.25 for ±25%), or level=factor pairs (e.g. 1=0.25,2=0.1), not "${s}"`, {
      exitCode: 2,
    });
  const factor = (t: string) => {
    const f = Number(t);
    if (t.trim() === '' || !Number.isFinite(f) || f < 0 || f > 1) throw bad();
    return f;
  };
  if (!s.includes('=')) return { all: factor(s) };
  const levels = new Map<number, number>();
  for (const part of s.split(',')) {
    const m = /^\s*([1-9]\d*)\s*=\s*(.+)$/.exec(part);
    if (!m || levels.has(Number(m[1]))) throw bad();
    levels.set(Number(m[1]), factor(m[2]));
  }
  return { levels };
}

export async function run(systemRef: string, returns: string[], opts: SensitivityCliOptions, io: IO): Promise<number> {
  const noise = parseNoise(opts.weightsNoise);
  if (opts.spec === undefined && noise === undefined) {
    throw new CityscoreError('USAGE', 'nothing is uncertain: give --weights-noise f (e.g. 0.25) or --spec spec.yaml', {
      exitCode: 2,
      hint: 'docs/sensitivity.md describes the spec',
    });
  }
  if (opts.runs !== undefined && opts.runs < 3)
    throw new CityscoreError('USAGE', `--runs must be at least 3 (the base sample N of COINr), not ${opts.runs}`, { exitCode: 2 });
  if (opts.runs !== undefined && opts.runs > MAX_RUNS)
    throw new CityscoreError('USAGE', `--runs must be at most ${MAX_RUNS}, not ${opts.runs}`, {
      exitCode: 2,
      hint: 'rank intervals settle within a few thousand runs',
    });
  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed))
    throw new CityscoreError('USAGE', `--seed must be a safe integer, not ${opts.seed}`, { exitCode: 2 });
  const located = opts.spec !== undefined ? readSpecFile(opts.spec) : undefined;

  const system = await requireSystem(systemRef, { scorable: true });
  const model = compileModel(system);
  const { spec, inputs, locate } = resolveAll(located, noise, model);

  const dataset = await loadReturns(system, ...returnsArgsList(returns, opts, io.errIsTTY && !io.quiet));
  if (dataset.units.length === 0)
    throw new CityscoreError('NOTHING_TO_SCORE', 'the returns hold no city', { exitCode: 2, details: dataset.findings.filter((d) => d.severity === 'error') });
  const ev = evaluate(model, dataset, { diagnose: false });

  const bar = io.errIsTTY && !io.quiet ? await progressBar() : undefined;
  let result;
  try {
    result = runSensitivity(ev, inputs, {
      N: opts.runs ?? spec.runs ?? DEFAULT_RUNS,
      seed: opts.seed ?? spec.seed ?? DEFAULT_SEED,
      sequence: spec.sequence,
      sequenceExplicit: spec.sequence !== undefined,
      nboot: spec.bootstrap,
      analysis: spec.analysis,
      perCity: spec.perCity,
      locate,
      onProgress: bar?.update,
    });
  } finally {
    bar?.stop();
  }
  if (opts.json) io.out(JSON.stringify(result, null, 2));
  else io.out(renderSensitivity(result, { color: io.color, width: io.isTTY ? io.columns : Infinity }));
  if (opts.out) {
    const files = ['sensitivity.json', 'sensitivity.md', 'rank-intervals.svg'].map((f) => join(opts.out!, f));
    for (const f of files) assertNotInput(f, [...systemFiles(system.chain), ...inputPaths(returns), ...(opts.spec ? [opts.spec] : [])]);
    writeFileAtomic(files[0], `${JSON.stringify(result, null, 2)}\n`);
    writeFileAtomic(files[2], rankIntervalSvg(rankIntervalRows(result)));
    writeFileAtomic(files[1], sensitivityMarkdown(result, 'rank-intervals.svg'));
    if (!io.quiet) io.err(`sensitivity analysis written to ${files.join(', ')}`);
  }
  return result.failures.failedRuns === result.design.runs ? 1 : 0;
}

/** The spec's inputs and the --weights-noise inputs, checked together (every problem at once, exit 2). */
function resolveAll(located: LocatedSpec | undefined, noise: Noise | undefined, model: ReturnType<typeof compileModel>) {
  const where = new Map<UncertainInput, { file: string; line?: number; col?: number }>();
  let spec: ResolvedSpec = { inputs: [] };
  const available = noise !== undefined ? weightLevels(model) : [];
  if (noise && 'levels' in noise) {
    const unknown = [...noise.levels.keys()].filter((l) => !available.includes(l));
    if (unknown.length)
      throw new CityscoreError('USAGE', `--weights-noise: level ${unknown.join(', ')} of ${model.system.id} has no node with two or more weighted children`, {
        exitCode: 2,
        hint: `levels with weights to perturb: ${available.join(', ') || 'none'}`,
      });
  }
  const levels = noise && 'levels' in noise ? [...noise.levels.keys()].sort((a, b) => a - b) : available;
  const factorOf = (level: number) => (noise && 'levels' in noise ? noise.levels.get(level)! : noise && 'all' in noise ? noise.all : 0);
  if (located) {
    const specWeights = located.spec.inputs.findIndex((i) => i.type === 'weights');
    if (noise !== undefined && specWeights >= 0) {
      const at = located.locate(['inputs', specWeights]);
      throw new CityscoreError('USAGE', '--weights-noise and the spec both perturb weights; use one of them', {
        exitCode: 2,
        location: at,
        hint: 'drop --weights-noise, or the weights inputs of the spec',
      });
    }
    spec = resolveInputs(located, model, { extraInputs: levels.length });
    for (const inp of spec.inputs) where.set(inp, located.locate(['inputs', inp.index]));
  }
  if (noise !== undefined) {
    if (!levels.length)
      throw new CityscoreError('USAGE', `--weights-noise: ${model.system.id} has no node with two or more weighted children`, { exitCode: 2 });
    const cli = resolveInputs(
      commandLineSpec({ inputs: levels.map((level) => ({ type: 'weights' as const, level, noise: factorOf(level) })) }, '--weights-noise'),
      model,
      {
        extraInputs: spec.inputs.length,
      },
    );
    for (const inp of cli.inputs) where.set(inp, { file: '--weights-noise' });
    spec = { ...spec, inputs: [...cli.inputs, ...spec.inputs] };
  }
  return { spec, inputs: spec.inputs, locate: (inp: UncertainInput) => where.get(inp) ?? { file: located?.file ?? 'command line' } };
}

async function progressBar(): Promise<{ update: (done: number, total: number) => void; stop: () => void }> {
  const cp = await import('cli-progress');
  const mod = cp.default ?? cp;
  const b = new mod.SingleBar(
    { format: 'sensitivity [{bar}] {percentage}% | {value}/{total} runs', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    mod.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        b.start(total, 0);
        started = true;
      }
      b.update(done);
    },
    stop: () => {
      if (started) b.stop();
    },
  };
}
