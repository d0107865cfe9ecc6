/**
 * Finding the inputs that saved results record, and loading them again: the recorded returns
 * (hashes checked), the system (hash checked) and the dataset with the recorded options. `verify`
 * re-runs the evaluation from them; `report` uses the dataset for the raw values and their cells.
 *
 * How a recorded path is found again: --inputs-dir <dir>/<path>, <dir>/<basename>, the path as
 * recorded (from the working folder, then from the results' folder). The system: the recorded file
 * (bundled `indicators/…` from cityscore's own folder), else the bundled system with that id and
 * version.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { CityscoreError } from '../errors.js';
import type { Results } from '../engine/results.js';
import { checkDataset, loadReturns } from '../returns/index.js';
import type { Dataset, Provenance } from '../returns/dataset.js';
import { findBundled, indicatorsDir } from '../system/bundled.js';
import { requireSystem } from '../system/load.js';
import type { ResolvedSystem } from '../system/model.js';
import { sha256 } from '../util/hash.js';

export interface LocateOptions {
  /** Folder holding the recorded inputs (by recorded relative path or by file name). */
  inputsDir?: string;
  /** Folder of the results file: recorded relative paths are also tried from there. */
  resultsDir?: string;
  /**
   * Among the working folder's and the results folder's copies, take the one with the recorded
   * hash (`report`: the working folder must not decide which copy is used). Files in --inputs-dir
   * are always taken as given, and `verify` takes the first file found, so a changed input shows.
   */
  preferRecordedHash?: boolean;
}

export interface ReloadedInput {
  index: number;
  path: string;
  found: string;
  hashOk: boolean;
  recordedHash: string;
  hash: string;
}

export interface Reloaded {
  inputs: ReloadedInput[];
  /** Paths as found → paths as recorded (for comparing recomputed results with recorded ones). */
  pathMap: Map<string, string>;
  system: ResolvedSystem;
  sysRef: { ref: string };
  /** The system's hash equals the recorded one. */
  hashOk: boolean;
  dataset: Dataset;
  options: {
    str: (k: string) => string | undefined;
    /** A corrections file that the options name but the inputs do not list. */
    correctionsUnlisted?: string;
  };
}

/** Locate and load everything the results record; exit 2 (CityscoreError) when an input or the system is missing. */
export async function reloadInputs(recorded: Results, opts: LocateOptions = {}): Promise<Reloaded> {
  const pathMap = new Map<string, string>();
  const inputs: ReloadedInput[] = (recorded.inputs ?? []).map((inp, index) => {
    const found = locate(inp.path, opts, opts.preferRecordedHash ? inp.hash : undefined);
    if (!found) {
      throw new CityscoreError('VERIFY_INPUT_MISSING', `input ${inp.path} (recorded in the results) not found`, {
        exitCode: 2,
        location: { file: inp.path },
        hint: opts.inputsDir
          ? `looked in ${opts.inputsDir} (by path and by file name), in the working folder and beside the results`
          : 'give the folder that holds the inputs with --inputs-dir',
      });
    }
    const hash = sha256(readFileSync(found));
    if (found !== inp.path) pathMap.set(found, inp.path);
    return { index, path: inp.path, found, hashOk: hash === inp.hash, recordedHash: inp.hash, hash };
  });

  const sysRef = locateSystem(recorded, opts);
  const system = await requireSystem(sysRef.ref, { scorable: true });
  const recordedChainFile = recorded.system?.chain?.[0]?.file;
  if (recordedChainFile && system.chain?.[0]?.file && system.chain[0].file !== recordedChainFile) pathMap.set(system.chain[0].file, recordedChainFile);
  const hashOk = system.hash === recorded.system?.hash;

  const o = (recorded.options ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const year = typeof o.year === 'number' ? o.year : undefined;
  const kinds = recorded.inputs ?? [];
  const files = inputs.filter((x) => kinds[x.index].kind !== 'corrections').map((x) => (kinds[x.index].source ? `${kinds[x.index].source}=${x.found}` : x.found));
  const corrections = inputs.find((x) => kinds[x.index].kind === 'corrections')?.found;
  const source = Array.isArray(o.source) ? (o.source[o.source.length - 1] as string | undefined) : str('source');
  const dataset = await loadReturns(system, files, { encoding: str('encoding'), sheet: str('sheet'), source, corrections, year });
  // The findings of the data check too, as score records them.
  dataset.findings = checkDataset(system, dataset, { blankCells: false });
  const correctionsUnlisted = str('corrections') && !corrections ? str('corrections') : undefined;
  return { inputs, pathMap, system, sysRef, hashOk, dataset, options: { str, ...(correctionsUnlisted ? { correctionsUnlisted } : {}) } };
}

/**
 * The file a recorded path refers to now, or undefined: a file in --inputs-dir (by path, then by
 * name) as given; else, of the path from the working folder and from the results' folder, the
 * first with `hash` when one is given, else the first that exists. Folders are not candidates.
 */
export function locate(path: string, opts: LocateOptions, hash?: string): string | undefined {
  const isFile = (c: string) => existsSync(c) && statSync(c).isFile();
  const given: string[] = [];
  if (opts.inputsDir) {
    if (!isAbsolute(path)) given.push(join(opts.inputsDir, path));
    given.push(join(opts.inputsDir, basename(path)));
  }
  const inDir = given.find(isFile);
  if (inDir) return inDir;
  const cands = [path, ...(opts.resultsDir && !isAbsolute(path) ? [join(opts.resultsDir, path)] : [])].filter(isFile);
  return (hash !== undefined ? cands.find((c) => sha256(readFileSync(c)) === hash) : undefined) ?? cands[0];
}

function locateSystem(r: Results, opts: LocateOptions): { ref: string } {
  const file = r.system?.chain?.[0]?.file;
  if (file) {
    if (file.startsWith('indicators/')) {
      const bundled = join(indicatorsDir(), file.slice('indicators/'.length));
      if (existsSync(bundled)) return { ref: bundled };
    }
    const found = locate(file, opts);
    if (found) return { ref: resolve(found) };
  }
  const id = r.system?.id;
  if (id) {
    const withVersion = r.system.version ? `${id}@${r.system.version}` : id;
    if (findBundled(withVersion)) return { ref: withVersion };
    if (findBundled(id)) return { ref: id };
  }
  throw new CityscoreError('VERIFY_SYSTEM_MISSING', `the indicator system ${file ?? id ?? '?'} (recorded in the results) not found`, {
    exitCode: 2,
    hint: 'give the folder that holds the system file with --inputs-dir',
  });
}

/**
 * The dataset with every cell reference naming its file as the results record it (not as it was
 * found again), so that reports made from reloaded inputs read as the original ones. In place.
 */
export function withRecordedPaths(dataset: Dataset, pathMap: ReadonlyMap<string, string>): Dataset {
  if (!pathMap.size) return dataset;
  const fix = (p: Provenance | null | undefined): Provenance | null | undefined => {
    const to = p ? pathMap.get(p.file) : undefined;
    return p && to !== undefined ? { ...p, file: to } : p;
  };
  for (const col of Object.values(dataset.provenance)) col.mapAll((p) => fix(p)!);
  for (const unit of dataset.units) if (unit.origin) unit.origin = fix(unit.origin) ?? undefined;
  for (const c of dataset.corrections) {
    c.origin = fix(c.origin)!;
    if (c.originalProvenance) c.originalProvenance = fix(c.originalProvenance);
  }
  return dataset;
}
