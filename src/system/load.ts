/**
 * Loading an indicator system: a path or a bundled id → parsed, composed (extends), built and
 * checked, with every problem a located finding.
 *
 * `loadSystem` returns findings (for `validate`); `requireSystem` throws a CityscoreError with
 * exit code 2 when the system is unusable as an input (for `score`, `show`, …).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CityscoreError, formatDiagnostic, type Diagnostic } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { buildSystem, systemHash, type BuildOptions } from './build.js';
import { bundledIds, findBundled } from './bundled.js';
import { compose, walk, type Composed } from './compose.js';
import { checkFormula, loadParser } from './formula.js';
import type { ResolvedSystem } from './model.js';
import { displayPath, scalarInfo } from './yaml-source.js';
import { byCodeUnit } from '../util/order.js';

export interface LoadResult {
  file: string;
  system?: ResolvedSystem;
  diagnostics: Diagnostic[];
}

/** A path to a YAML file, or a bundled id (`gbt-33356-2016`, `id@version`). Throws (exit 2) when neither exists. */
export function resolveSystemRef(ref: string): string {
  // A folder that happens to carry a bundled id's name (samples/guangxi-2023/) is not a system.
  if (existsSync(ref) && !statSync(ref).isDirectory()) return resolve(ref);
  const bundled = findBundled(ref);
  if (bundled) return bundled;
  if (existsSync(ref)) return resolve(ref);
  const sug = didYouMean(ref.split('@')[0], bundledIds());
  throw new CityscoreError('SYSTEM_NOT_FOUND', `no such file, and no bundled system with that id`, {
    location: { file: ref },
    hint: sug ? `did you mean "${sug}"? (cityscore list shows the bundled systems)` : 'cityscore list shows the bundled systems',
  });
}

export async function loadSystem(ref: string, opts: BuildOptions = {}): Promise<LoadResult> {
  const abs = resolveSystemRef(ref);
  const file = displayPath(abs);
  const diagnostics: Diagnostic[] = [];
  const composed = compose(abs, diagnostics);
  if (!composed || diagnostics.some((d) => d.severity === 'error')) return { file, diagnostics };
  const system = buildSystem(composed, diagnostics, opts);
  await checkFormulas(composed, system, diagnostics);
  system.hash = systemHash(system);
  for (const pin of composed.pins) {
    const parent = await loadSystem(pin.parentFile);
    if (parent.system && parent.system.hash !== pin.hash) {
      diagnostics.push({
        severity: 'error',
        code: 'EXTENDS_HASH',
        message: `extends is pinned to ${pin.hash}, but ${parent.system.id} ${parent.system.version} now has hash ${parent.system.hash}`,
        location: { file: pin.child.src.file, ...locateHash(pin.child) },
        hint: 'the parent changed since the pin was written: review the change (cityscore diff), then update the pin',
      });
    }
  }
  sortDiagnostics(diagnostics);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return ok ? { file, system, diagnostics } : { file, diagnostics };
}

function locateHash(pf: Composed['files'][number]): { line: number; col: number } {
  const info = scalarInfo(pf.src, ['extends', 'hash']);
  return info ? { line: info.line, col: info.col } : { line: 1, col: 1 };
}

async function checkFormulas(c: Composed, sys: ResolvedSystem, diags: Diagnostic[]): Promise<void> {
  const withFormula: Composed['roots'] = [];
  walk(c.roots, (n) => {
    if (n.data.formula !== undefined && n.children.length === 0) withFormula.push(n);
  });
  if (withFormula.length === 0) return;
  const parse = await loadParser();
  const declared = new Set(sys.fields.map((f) => f.id));
  for (const n of withFormula) {
    const source = n.data.formula!;
    const res = checkFormula(parse, source, declared, (name) => didYouMean(name, declared));
    const info = scalarInfo(n.src, [...n.path, 'formula']);
    if (!res.ok) {
      let line = info?.line ?? n.origin.line;
      let col = info?.col ?? n.origin.col;
      if (info?.singleLine && res.problem.offset !== undefined) col += res.problem.offset + (info.quoted ? 1 : 0);
      if (!info) ({ line, col } = n.origin);
      diags.push({ severity: 'error', code: 'FORMULA', message: `${n.data.id}: ${res.problem.message}`, location: { file: n.src.file, line, col }, hint: res.problem.hint });
      continue;
    }
    const leaf = sys.nodes[n.data.id]?.leaf;
    if (leaf) leaf.formula = { source, ast: res.ast, fields: res.fields };
  }
}

export function sortDiagnostics(d: Diagnostic[]): void {
  const sev = { error: 0, warning: 1, info: 2 };
  d.sort(
    (a, b) =>
      byCodeUnit(a.location?.file ?? '', b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.col ?? 0) - (b.location?.col ?? 0) ||
      sev[a.severity] - sev[b.severity],
  );
}

/** Load a system given as an input: any error is exit 2, and null weights make it unscorable. */
export async function requireSystem(ref: string, opts: BuildOptions & { scorable?: boolean } = {}): Promise<ResolvedSystem> {
  const res = await loadSystem(ref, opts);
  const errors = res.diagnostics.filter((d) => d.severity === 'error');
  if (!res.system || errors.length) {
    throw new CityscoreError('SYSTEM_INVALID', `indicator system ${ref} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}); run cityscore validate for all findings`, {
      location: errors[0]?.location ?? { file: res.file },
      details: errors,
      exitCode: 2,
    });
  }
  if (opts.scorable && res.system.nullWeights.length) {
    const ids = res.system.nullWeights;
    const first = res.system.nodes[ids[0]];
    throw new CityscoreError('SYSTEM_UNWEIGHTED', `${res.system.id} has ${ids.length} node(s) without a weight and cannot be scored: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`, {
      location: first.origin,
      exitCode: 2,
      hint: `score a completed system (e.g. ${res.system.id}-completed), or write an overlay that extends ${res.system.id} and gives these nodes weights (status: assumed, with a basis): cityscore init <dir> --extends ${res.system.id}`,
    });
  }
  return res.system;
}

export function describeDiagnostics(d: readonly Diagnostic[]): string {
  return d.map(formatDiagnostic).join('\n');
}
