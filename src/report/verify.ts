/**
 * Verification of published results: find the inputs the results record (checking their hashes),
 * load the system (checking its hash), re-run the evaluation with the recorded options, and
 * compare every value of the recomputed results with the recorded ones — numbers exactly, at full
 * precision. An auditor's one-command check of a report.
 *
 * How recorded inputs are found again: reload.ts. The options re-applied: year, groupBy,
 * encoding, sheet, corrections, city, stages, baseline.
 */
import { readFileSync } from 'node:fs';
import { CityscoreError } from '../errors.js';
import { evaluate, priorityLimit, type Evaluation } from '../engine/evaluate.js';
import { matchesCity } from '../engine/leaf-scores.js';
import { compileModel } from '../engine/model.js';
import { buildResults, resultsToJson, type BuildResultsOptions, type Results } from '../engine/results.js';
import { upgradedFrom } from '../engine/results-access.js';
import { isStageName, type StageName } from '../engine/stages.js';
import { sha256 } from '../util/hash.js';
import { locate, reloadInputs, type LocateOptions } from './reload.js';
import { readResultsFile } from './read.js';

export interface VerifyOptions extends LocateOptions {
  /** cityscore version doing the check (noted when it differs from the one that computed). */
  version?: string;
  /** The ranks of the system's MCDA ranking method (settings.ranking), as score publishes them (the CLI passes analysis/compare.ts). */
  rankBySettings?: (ev: Evaluation) => Promise<BuildResultsOptions['ranking'] | null>;
}

export interface Difference {
  /** Where: e.g. `cities[450100@2023].values[L1]`, `inputs[0].hash`. */
  path: string;
  recorded: unknown;
  recomputed: unknown;
}

export interface VerifyResult {
  ok: boolean;
  differences: Difference[];
  /** Numbers compared (all of them exactly). */
  numbers: number;
  inputs: { path: string; found: string; hashOk: boolean }[];
  system: { ref: string; hashOk: boolean };
  notes: string[];
}

export async function verifyResults(recorded: Results, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const notes: string[] = [];
  const differences: Difference[] = [];
  // 1–2. Inputs and system, with their hashes; 3. the dataset, with the recorded options.
  const { inputs, pathMap, system, sysRef, hashOk, dataset, options: o } = await reloadInputs(recorded, opts);
  for (const i of inputs) if (!i.hashOk) differences.push({ path: `inputs[${i.index}].hash (${i.path})`, recorded: i.recordedHash, recomputed: i.hash });
  if (!hashOk) differences.push({ path: 'system.hash', recorded: recorded.system?.hash, recomputed: system.hash });
  if (o.correctionsUnlisted) notes.push(`the options name a corrections file (${o.correctionsUnlisted}) that the inputs do not list`);
  const str = o.str;
  const city = str('city');
  const focus: number[] = [];
  if (city) dataset.units.forEach((u, i) => matchesCity(u, city) && focus.push(i));
  const groupBy = str('groupBy');
  const model = compileModel(system);
  const ev = evaluate(model, dataset, { groupBy, focus, maxPriorities: priorityLimit(str('priorities')) ?? undefined });
  const baselineFile = str('baseline');
  let baseline: { results: Results; file?: string } | undefined;
  if (baselineFile) {
    const found = locate(baselineFile, opts);
    if (!found) {
      throw new CityscoreError('VERIFY_INPUT_MISSING', `baseline ${baselineFile} (recorded in the options) not found`, {
        exitCode: 2,
        location: { file: baselineFile },
        hint: 'give the folder that holds it with --inputs-dir',
      });
    }
    baseline = { results: readResultsFile(found, 'baseline'), file: recorded.baseline?.file ?? baselineFile };
    const recordedHash = str('baselineHash');
    if (recordedHash === undefined) notes.push(`the baseline's hash is not recorded in the results; ${found} was used as it is`);
    else {
      const hash = sha256(readFileSync(found));
      if (hash !== recordedHash) differences.push({ path: `options.baselineHash (${baselineFile})`, recorded: recordedHash, recomputed: hash });
    }
  }
  const stagesOpt = str('stages');
  const stages =
    stagesOpt === undefined
      ? undefined
      : stagesOpt === 'all'
        ? ('all' as const)
        : (stagesOpt
            .split(',')
            .map((x) => x.trim())
            .filter(isStageName) as StageName[]);
  const ranking = (opts.rankBySettings ? await opts.rankBySettings(ev) : null) ?? undefined;
  const fresh = buildResults(ev, { version: recorded.cityscore, options: recorded.options, stages, baseline, ranking });
  if (recorded.generatedAt !== undefined) fresh.generatedAt = recorded.generatedAt;
  if (opts.version && recorded.cityscore && opts.version !== recorded.cityscore)
    notes.push(`computed by cityscore ${recorded.cityscore}, verified with ${opts.version}`);

  // 4. Compare everything, with the paths of relocated inputs mapped back to the recorded ones.
  const recomputed = mapStrings(JSON.parse(resultsToJson(fresh)) as unknown, pathMap) as Record<string, unknown>;
  const original = JSON.parse(JSON.stringify(recorded)) as Record<string, unknown>;
  // Results of schemaVersion 1 (upgraded on reading) kept the peers' mean and sd in each standing:
  // those were moved to `peers` without the peer counts, so `peers` is not compared.
  if (upgradedFrom(recorded) === 1) {
    notes.push('recorded under results schemaVersion 1: the peer statistics are not compared (they were not recorded as a table)');
    delete original.peers;
    delete recomputed.peers;
  }
  const cmp = compareResults(original, recomputed);
  // Input hashes and the system hash are already listed first.
  for (const d of cmp.differences) if (!/^inputs\[\d+\]\.hash$/.test(d.path) && d.path !== 'system.hash') differences.push(d);
  return { ok: differences.length === 0, differences, numbers: cmp.numbers, inputs, system: { ref: sysRef.ref, hashOk }, notes };
}

function mapStrings(x: unknown, map: Map<string, string>): unknown {
  if (!map.size) return x;
  const pairs = [...map].sort((a, b) => b[0].length - a[0].length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = v;
      for (const [from, to] of pairs) if (s.includes(from)) s = s.split(from).join(to);
      return s;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, y]) => [k, walk(y)]));
    return v;
  };
  return walk(x);
}

/** Fields that legitimately differ between a run and its re-run. */
const IGNORED = new Set(['cityscore']);

/** Every difference between two JSON values; arrays of cities and nodes are matched by key and id. */
export function compareResults(a: unknown, b: unknown): { differences: Difference[]; numbers: number } {
  const out: Difference[] = [];
  let numbers = 0;
  const nodes = (a as { nodes?: unknown } | null)?.nodes;
  const nodeIds = Array.isArray(nodes) ? nodes.map((n) => String((n as { id?: unknown })?.id)) : undefined;
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (typeof x === 'number' || typeof y === 'number') {
      if (typeof x === 'number') numbers++;
      if (!(typeof x === 'number' && typeof y === 'number' && (x === y || (Number.isNaN(x) && Number.isNaN(y)))))
        out.push({ path, recorded: x, recomputed: y });
      return;
    }
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (x !== y) out.push({ path, recorded: x, recomputed: y });
      return;
    }
    if (Array.isArray(x) !== Array.isArray(y)) {
      out.push({ path, recorded: x, recomputed: y });
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      const key = keyOf(x) && keyOf(y) ? keyOf(x) : undefined;
      if (key) {
        const ym = new Map(y.map((e) => [String((e as Record<string, unknown>)[key]), e]));
        const xk = x.map((e) => String((e as Record<string, unknown>)[key]));
        const yk = y.map((e) => String((e as Record<string, unknown>)[key]));
        const xs = new Set(xk);
        x.forEach((e, i) => {
          const k = xk[i];
          if (!ym.has(k)) out.push({ path: `${path}[${k}]`, recorded: e, recomputed: undefined });
          else walk(e, ym.get(k), `${path}[${k}]`);
        });
        y.forEach((e, i) => {
          if (!xs.has(yk[i])) out.push({ path: `${path}[${yk[i]}]`, recorded: undefined, recomputed: e });
        });
        if (xk.length === yk.length && xk.every((k) => ym.has(k)) && xk.join('\u0000') !== yk.join('\u0000'))
          out.push({ path: `${path} (order)`, recorded: xk.slice(0, 5), recomputed: yk.slice(0, 5) });
        return;
      }
      const n = Math.max(x.length, y.length);
      // A city's node-aligned arrays (values, inputs) name each element by its node id.
      const ids = /^cities\[[^\]]*\]\.(values|inputs)$/.test(path) ? nodeIds : undefined;
      for (let i = 0; i < n; i++) walk(x[i], y[i], `${path}[${ids?.[i] ?? i}]`);
      return;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = new Set([...Object.keys(xo), ...Object.keys(yo)]);
    for (const k of keys) {
      if (path === '' && IGNORED.has(k)) continue;
      walk(xo[k], yo[k], path ? `${path}.${k}` : k);
    }
  };
  walk(a, b, '');
  return { differences: out, numbers };
}

/** Arrays of objects that carry a unique `key` (cities) or `id` (nodes) are compared by it. */
function keyOf(arr: unknown[]): string | undefined {
  if (!arr.length || !arr.every((e) => e && typeof e === 'object' && !Array.isArray(e))) return undefined;
  for (const k of ['key', 'id']) {
    const vals = arr.map((e) => (e as Record<string, unknown>)[k]);
    if (vals.every((v) => typeof v === 'string') && new Set(vals).size === vals.length) return k;
  }
  return undefined;
}
