/**
 * Reading one YAML file safely and locating paths in it. Guards: size limit, empty and binary
 * files, duplicate keys, alias bombs, merge keys kept literal (then rejected by the strict
 * schema), unknown tags (an error, never code).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { indicatorsDir } from './bundled.js';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node as YamlNode } from 'yaml';
import { CityscoreError, type Diagnostic } from '../errors.js';
import { sha256 } from '../util/hash.js';

export const MAX_SYSTEM_BYTES = 2 * 1024 * 1024;
export const MAX_ALIAS_COUNT = 50;

export interface YamlSource {
  /** The path shown in messages and stored in origins: `indicators/…` for bundled systems, else relative to the working directory. */
  file: string;
  /** The absolute path. */
  abs: string;
  text: string;
  hash: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export type PathKey = string | number;

/** How a path is shown: bundled systems as `indicators/<rel>`, others relative to the working directory. */
export function displayPath(abs: string): string {
  const ind = indicatorsDir();
  const relInd = relative(ind, abs);
  if (!relInd.startsWith('..') && !isAbsolute(relInd)) return `indicators/${relInd.split(sep).join('/')}`;
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') && rel.split(sep).filter((x) => x === '..').length > 3 ? abs : rel.split(sep).join('/') || abs;
}

/**
 * The files a resolved system was read from (itself and its parents), as paths to refuse as
 * outputs. A `indicators/…` path may be a bundled file or one below the working directory: both.
 */
export function systemFiles(chain: readonly { file: string }[]): string[] {
  return chain.flatMap(({ file }) => (file.startsWith('indicators/') ? [join(indicatorsDir(), ...file.split('/').slice(1)), resolve(file)] : [resolve(file)]));
}

export function readYamlFile(absFile: string, diags: Diagnostic[]): YamlSource | undefined {
  const file = displayPath(absFile);
  let bytes: Buffer;
  try {
    const st = statSync(absFile);
    if (st.isDirectory()) throw new CityscoreError('NOT_A_FILE', `${file} is a directory, not an indicator-system file`, { location: { file } });
    if (st.size > MAX_SYSTEM_BYTES) {
      diags.push({ severity: 'error', code: 'FILE_TOO_LARGE', message: `file is ${st.size} bytes; an indicator system may be at most ${MAX_SYSTEM_BYTES} bytes`, location: { file } });
      return undefined;
    }
    bytes = readFileSync(absFile);
  } catch (e) {
    if (e instanceof CityscoreError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CityscoreError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'READ_FAILED', code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file}: ${(e as Error).message}`, {
      location: { file },
    });
  }
  const hash = sha256(bytes);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    diags.push({ severity: 'error', code: 'EMPTY_FILE', message: 'file is empty', location: { file } });
    return undefined;
  }
  if (bytes.includes(0)) {
    diags.push({ severity: 'error', code: 'BINARY_FILE', message: 'file is binary (it contains NUL bytes), not YAML', location: { file } });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diags.push({ severity: 'error', code: 'NOT_UTF8', message: 'file is not valid UTF-8', location: { file }, hint: 'save the file as UTF-8' });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    merge: false,
    version: '1.2',
    prettyErrors: false,
    logLevel: 'silent',
    strict: true,
  });
  let failed = false;
  for (const err of doc.errors) {
    failed = true;
    const pos = lines.linePos(err.pos[0]);
    const code = err.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX';
    diags.push({ severity: 'error', code, message: firstLine(err.message), location: { file, line: pos.line, col: pos.col } });
  }
  for (const w of doc.warnings) {
    failed = true;
    const pos = lines.linePos(w.pos[0]);
    diags.push({
      severity: 'error',
      code: w.code === 'TAG_RESOLVE_FAILED' ? 'YAML_UNKNOWN_TAG' : 'YAML_WARNING',
      message: firstLine(w.message),
      location: { file, line: pos.line, col: pos.col },
      hint: w.code === 'TAG_RESOLVE_FAILED' ? 'indicator systems use plain YAML: remove the tag' : undefined,
    });
  }
  if (failed) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    diags.push({
      severity: 'error',
      code: 'YAML_ALIAS_LIMIT',
      message: `too many alias expansions (${firstLine((e as Error).message)})`,
      location: { file },
      hint: `at most ${MAX_ALIAS_COUNT} alias expansions are allowed; write the values out`,
    });
    return undefined;
  }
  return { file, abs: absFile, text, hash, doc, lines, data };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Line and column of the node at `path` (or of the closest existing ancestor). */
export function locate(src: YamlSource, path: readonly PathKey[], opts: { key?: string } = {}): { line: number; col: number } {
  let node: unknown = src.doc.contents;
  let best: unknown = node;
  for (const k of path) {
    const next = childOf(node, k);
    if (next === undefined) break;
    node = next;
    best = next;
  }
  if (opts.key !== undefined && isMap(best)) {
    const pair = best.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === opts.key);
    if (pair && isScalar(pair.key) && pair.key.range) return src.lines.linePos(pair.key.range[0]);
  }
  const range = (best as YamlNode | null)?.range;
  if (range) return src.lines.linePos(range[0]);
  return { line: 1, col: 1 };
}

/** Location of the key of `path`'s last element (the `weight:` of a mapping), falling back to the value. */
export function locateKey(src: YamlSource, path: readonly PathKey[]): { line: number; col: number } {
  if (path.length === 0) return locate(src, path);
  const parent = path.slice(0, -1);
  const last = path[path.length - 1];
  if (typeof last === 'string') return locate(src, parent, { key: last });
  return locate(src, path);
}

function childOf(node: unknown, k: PathKey): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
    return pair ? (pair.value ?? pair.key) : undefined;
  }
  if (isSeq(node) && typeof k === 'number') return node.items[k];
  return undefined;
}

/** Whether the scalar at path was written on one line and is quoted; used to place formula errors. */
export function scalarInfo(src: YamlSource, path: readonly PathKey[]): { line: number; col: number; quoted: boolean; singleLine: boolean } | undefined {
  let node: unknown = src.doc.contents;
  for (const k of path) {
    node = childOf(node, k);
    if (node === undefined) return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  const start = src.lines.linePos(node.range[0]);
  const end = src.lines.linePos(node.range[1]);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return { ...start, quoted, singleLine: start.line === end.line };
}
