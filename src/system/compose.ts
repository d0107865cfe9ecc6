/**
 * `extends`: load the chain of parents (bundled id or relative path), detect cycles, check pinned
 * versions and hashes, and apply each overlay's changes to the parent's tree. Every node keeps
 * the file and line where it was last defined or changed.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import type { Origin } from './model.js';
import type { FieldData, IndicatorData, SettingsData, SystemFileData } from './schema.js';
import { parseSystemFile, type ParsedFile } from './parse-file.js';
import { findBundled, bundledIds } from './bundled.js';
import { displayPath, locate, locateKey, type PathKey, type YamlSource } from './yaml-source.js';

export interface RawNode {
  data: Omit<IndicatorData, 'children'>;
  children: RawNode[];
  origin: Origin;
  src: YamlSource;
  path: PathKey[];
  /** What an overlay did to the node; `at` is where, when not at the node's own definition (a rebalance entry). */
  changed?: { file: string; how: 'added' | 'overridden' | 'rebalanced'; at?: Origin };
}

export interface RawField {
  data: FieldData;
  origin: Origin;
  src: YamlSource;
  path: PathKey[];
}

export interface Composed {
  files: ParsedFile[]; // self first, then parents
  top: SystemFileData;
  settings: Partial<SettingsData>;
  settingsSrc: { src: YamlSource; path: PathKey[] }[];
  sources: { id: string; name: string }[];
  fields: RawField[];
  roots: RawNode[];
  /** Parents whose resolved hash must be checked: [child file, pinned hash, parent file]. */
  pins: { child: ParsedFile; hash: string; parentFile: string }[];
}

const MAX_CHAIN = 16;

export function originOf(src: YamlSource, path: PathKey[]): Origin {
  const p = locate(src, path);
  return { file: src.file, line: p.line, col: p.col };
}

function toRawNode(src: YamlSource, node: IndicatorData, path: PathKey[]): RawNode {
  const { children, ...data } = node;
  return {
    data,
    children: (children ?? []).map((c, i) => toRawNode(src, c, [...path, 'children', i])),
    origin: originOf(src, path),
    src,
    path,
  };
}

export function walk(nodes: RawNode[], fn: (n: RawNode, parent: RawNode | null) => void, parent: RawNode | null = null): void {
  for (const n of nodes) {
    fn(n, parent);
    walk(n.children, fn, n);
  }
}

function findNode(roots: RawNode[], id: string): { node: RawNode; siblings: RawNode[]; parent: RawNode | null } | undefined {
  const search = (list: RawNode[], parent: RawNode | null): ReturnType<typeof findNode> => {
    for (const n of list) {
      if (n.data.id === id) return { node: n, siblings: list, parent };
      const r = search(n.children, n);
      if (r) return r;
    }
    return undefined;
  };
  return search(roots, null);
}

function allIds(roots: RawNode[]): string[] {
  const ids: string[] = [];
  walk(roots, (n) => ids.push(n.data.id));
  return ids;
}

/** Resolve a parent reference of `child` to a file path, or push a finding. */
function parentFile(child: ParsedFile, diags: Diagnostic[]): string | undefined {
  const ext = child.data.extends!;
  const loc = (key: string) => ({ file: child.src.file, ...locate(child.src, ['extends', key]) });
  if ('path' in ext) {
    return resolve(dirname(child.src.abs), ext.path);
  }
  const found = findBundled(ext.id);
  if (!found) {
    const sug = didYouMean(ext.id, bundledIds());
    diags.push({
      severity: 'error',
      code: 'EXTENDS_NOT_FOUND',
      message: `extends: no bundled system with id "${ext.id}"`,
      location: loc('id'),
      hint: sug ? `did you mean "${sug}"?` : `bundled systems: ${bundledIds().join(', ')} (or use extends: { path: … })`,
    });
    return undefined;
  }
  return found;
}

export function compose(file: string, diags: Diagnostic[]): Composed | undefined {
  const chain: ParsedFile[] = [];
  const seen = new Set<string>();
  const pins: Composed['pins'] = [];
  let current = resolve(file);
  for (;;) {
    if (seen.has(current)) {
      const child = chain[chain.length - 1];
      diags.push({
        severity: 'error',
        code: 'EXTENDS_CYCLE',
        message: `extends cycle: ${[...chain.map((c) => c.src.file), displayPath(current)].join(' → ')}`,
        location: { file: child.src.file, ...locate(child.src, ['extends']) },
      });
      return undefined;
    }
    if (chain.length >= MAX_CHAIN) {
      diags.push({ severity: 'error', code: 'EXTENDS_TOO_DEEP', message: `extends chain longer than ${MAX_CHAIN}`, location: { file } });
      return undefined;
    }
    seen.add(current);
    const before = diags.length;
    let parsed: ParsedFile | undefined;
    try {
      parsed = parseSystemFile(current, diags);
    } catch (e) {
      if (chain.length === 0) throw e;
      const child = chain[chain.length - 1];
      diags.push({
        severity: 'error',
        code: 'EXTENDS_NOT_FOUND',
        message: `extends: parent ${current} cannot be read (${(e as Error).message})`,
        location: { file: child.src.file, ...locate(child.src, ['extends']) },
      });
      return undefined;
    }
    if (!parsed) {
      if (chain.length > 0 && diags.length > before) {
        const child = chain[chain.length - 1];
        diags.push({
          severity: 'error',
          code: 'EXTENDS_INVALID',
          message: `extends: the parent system ${current} is invalid (see above)`,
          location: { file: child.src.file, ...locate(child.src, ['extends']) },
        });
      }
      return undefined;
    }
    if (chain.length > 0) {
      const child = chain[chain.length - 1];
      const ext = child.data.extends!;
      if ('id' in ext && ext.id !== parsed.data.id) {
        diags.push({ severity: 'error', code: 'EXTENDS_MISMATCH', message: `extends names "${ext.id}" but the file has id "${parsed.data.id}"`, location: { file: child.src.file, ...locate(child.src, ['extends', 'id']) } });
      }
      if ('id' in ext && ext.version !== undefined && ext.version !== parsed.data.version) {
        diags.push({
          severity: 'error',
          code: 'EXTENDS_VERSION',
          message: `extends asks for ${ext.id} version "${ext.version}", but the bundled one is version "${parsed.data.version}"`,
          location: { file: child.src.file, ...locate(child.src, ['extends', 'version']) },
        });
      }
      if (ext.hash) pins.push({ child, hash: ext.hash, parentFile: current });
    }
    chain.push(parsed);
    if (!parsed.data.extends) break;
    if (parsed.data.indicators) {
      diags.push({
        severity: 'error',
        code: 'OVERLAY_INDICATORS',
        message: 'an overlay (a system with extends) changes its parent through changes: (add, remove, override, rebalance), not indicators:',
        location: { file: parsed.src.file, ...locateKey(parsed.src, ['indicators']) },
      });
      return undefined;
    }
    const next = parentFile(parsed, diags);
    if (!next) return undefined;
    current = next;
  }

  const base = chain[chain.length - 1];
  if (!base.data.indicators || base.data.indicators.length === 0) {
    diags.push({ severity: 'error', code: 'NO_INDICATORS', message: 'a system without extends needs indicators:', location: { file: base.src.file, line: 1, col: 1 } });
    return undefined;
  }
  const out: Composed = {
    files: chain,
    top: chain[0].data,
    settings: {},
    settingsSrc: [],
    sources: [],
    fields: [],
    roots: base.data.indicators.map((n, i) => toRawNode(base.src, n, ['indicators', i])),
    pins,
  };
  for (let i = chain.length - 1; i >= 0; i--) applyFile(out, chain[i], i === chain.length - 1, diags);
  return out;
}

function applyFile(out: Composed, pf: ParsedFile, isBase: boolean, diags: Diagnostic[]): void {
  const { src, data } = pf;
  const file = src.file;
  if (data.settings) {
    // Only keys written in the file override (zod fills defaults, so compare with the raw data).
    const written = ((src.data as Record<string, unknown>).settings ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(written)) (out.settings as Record<string, unknown>)[k] = (data.settings as Record<string, unknown>)[k];
    out.settingsSrc.push({ src, path: ['settings'] });
  }
  if (data.sources) out.sources = data.sources;
  for (const [i, f] of (data.fields ?? []).entries()) {
    const path: PathKey[] = ['fields', i];
    const existing = out.fields.findIndex((x) => x.data.id === f.id);
    const raw: RawField = { data: f, origin: originOf(src, path), src, path };
    if (existing >= 0) {
      if (isBase || out.fields[existing].src === src) {
        diags.push({
          severity: 'error',
          code: 'DUPLICATE_FIELD',
          message: `duplicate field id "${f.id}" (first defined at line ${out.fields[existing].origin.line})`,
          location: { file, ...locate(src, [...path, 'id']) },
        });
      } else out.fields[existing] = raw;
    } else out.fields.push(raw);
  }
  const ch = data.changes;
  if (!ch) return;
  if (isBase) {
    diags.push({ severity: 'error', code: 'CHANGES_WITHOUT_EXTENDS', message: 'changes: needs extends: (there is no parent to change)', location: { file, ...locateKey(src, ['changes']) } });
    return;
  }
  const unknown = (id: string, path: PathKey[], what: string) => {
    const sug = didYouMean(id, allIds(out.roots));
    diags.push({
      severity: 'error',
      code: 'UNKNOWN_NODE',
      message: `${what}: no indicator "${id}" in the parent system`,
      location: { file, ...locate(src, path) },
      hint: sug ? `did you mean "${sug}"?` : undefined,
    });
  };
  for (const [i, id] of (ch.remove_fields ?? []).entries()) {
    const idx = out.fields.findIndex((f) => f.data.id === id);
    if (idx < 0) {
      const sug = didYouMean(id, out.fields.map((f) => f.data.id));
      diags.push({ severity: 'error', code: 'UNKNOWN_FIELD', message: `remove_fields: no field "${id}"`, location: { file, ...locate(src, ['changes', 'remove_fields', i]) }, hint: sug ? `did you mean "${sug}"?` : undefined });
    } else out.fields.splice(idx, 1);
  }
  for (const [i, id] of (ch.remove ?? []).entries()) {
    const f = findNode(out.roots, id);
    if (!f) unknown(id, ['changes', 'remove', i], 'remove');
    else f.siblings.splice(f.siblings.indexOf(f.node), 1);
  }
  for (const [i, add] of (ch.add ?? []).entries()) {
    const target = add.parent === 'TOTAL' ? null : findNode(out.roots, add.parent);
    if (add.parent !== 'TOTAL' && !target) {
      unknown(add.parent, ['changes', 'add', i, 'parent'], 'add');
      continue;
    }
    const list = target ? target.node.children : out.roots;
    for (const [j, n] of add.nodes.entries()) {
      const raw = toRawNode(src, n, ['changes', 'add', i, 'nodes', j]);
      walk([raw], (x) => (x.changed = { file, how: 'added' }));
      list.push(raw);
    }
  }
  for (const [id, ov] of Object.entries(ch.override ?? {})) {
    const f = findNode(out.roots, id);
    if (!f) {
      unknown(id, ['changes', 'override', id], 'override');
      continue;
    }
    const d = f.node.data as Record<string, unknown>;
    const written = ((((src.data as Record<string, unknown>).changes as Record<string, unknown>).override as Record<string, unknown>)[id] ?? {}) as Record<string, unknown>;
    const weightKeys = ['points', 'share', 'weight'];
    if (weightKeys.some((k) => k in written)) for (const k of weightKeys) delete d[k];
    if ('value' in written) delete d.formula;
    if ('formula' in written) delete d.value;
    for (const k of Object.keys(written)) d[k] = (ov as Record<string, unknown>)[k];
    if (weightKeys.some((k) => k in written) && !('status' in written)) {
      diags.push({
        severity: 'warning',
        code: 'OVERRIDE_STATUS',
        message: `override of ${id}'s weight does not say its status (confirmed with a source, provisional, or assumed with a basis); taken as confirmed`,
        location: { file, ...locate(src, ['changes', 'override', id]) },
      });
      d.status = 'confirmed';
    }
    f.node.origin = originOf(src, ['changes', 'override', id]);
    f.node.src = src;
    f.node.path = ['changes', 'override', id];
    f.node.changed = { file, how: 'overridden' };
  }
  for (const [i, rb] of (ch.rebalance ?? []).entries()) {
    const f = rb.parent === 'TOTAL' ? { node: { children: out.roots } as RawNode } : findNode(out.roots, rb.parent);
    if (!f) {
      unknown(rb.parent, ['changes', 'rebalance', i, 'parent'], 'rebalance');
      continue;
    }
    const sysTotal = (out.settings.total as number | undefined) ?? 100;
    const parentPoints = rb.parent === 'TOTAL' ? sysTotal : ((f.node.data as { points?: number | null }).points ?? undefined);
    rebalance(f.node.children, rb, src, ['changes', 'rebalance', i], diags, parentPoints);
  }
}

function rebalance(
  children: RawNode[],
  rb: { parent: string; method: 'proportional' | 'equal'; basis?: string },
  src: YamlSource,
  path: PathKey[],
  diags: Diagnostic[],
  parentPoints: number | undefined,
): void {
  const weighted = children.filter((c) => (c.data.kind ?? 'standard') === 'standard');
  const mode = weighted.some((c) => c.data.points !== undefined) ? 'points' : weighted.some((c) => c.data.share !== undefined) ? 'share' : 'weight';
  const vals = weighted.map((c) => (c.data as unknown as Record<string, number | null | undefined>)[mode]);
  if (vals.some((v) => v === null || v === undefined) && rb.method === 'proportional') {
    diags.push({ severity: 'error', code: 'REBALANCE_NULL', message: `rebalance ${rb.parent}: proportional rebalancing needs every child weight; use method: equal`, location: { file: src.file, ...locate(src, path) } });
    return;
  }
  const total = mode === 'points' ? parentPoints : 1;
  if (total === undefined) {
    diags.push({ severity: 'error', code: 'REBALANCE_NO_TARGET', message: `rebalance ${rb.parent}: its children are weighted in points but ${rb.parent} states no points to add up to`, location: { file: src.file, ...locate(src, path) } });
    return;
  }
  const sum = (vals as number[]).reduce((a, b) => a + (b ?? 0), 0);
  const basis = rb.basis ?? (rb.method === 'equal' ? `equal split of ${rb.parent}` : `proportional rescaling of ${rb.parent}'s children to add up again`);
  weighted.forEach((c, i) => {
    const d = c.data as Record<string, unknown>;
    const newVal = rb.method === 'equal' ? total / weighted.length : ((vals[i] as number) / sum) * total;
    d[mode] = newVal;
    d.status = 'assumed';
    d.basis = basis;
    c.changed = { file: src.file, how: 'rebalanced', at: originOf(src, path) };
  });
}
