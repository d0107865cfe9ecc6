/**
 * One system file: YAML → schema-checked data, every zod issue turned into a located finding with
 * a did-you-mean for misspelt keys and a "quote it" hint for numbers where strings belong.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { Changes, Extends, Field, Rule, Settings, Source, SystemFile, Tier, type SystemFileData } from './schema.js';
import { locate, readYamlFile, type PathKey, type YamlSource } from './yaml-source.js';

export interface ParsedFile {
  src: YamlSource;
  data: SystemFileData;
}

const INDICATOR_KEYS = [
  'id', 'name', 'name_en', 'description', 'kind', 'points', 'share', 'weight', 'max', 'range', 'status', 'source', 'basis', 'value', 'formula',
  'unit', 'direction', 'target', 'rule', 'aggregate', 'missing', 'not_applicable', 'ahp', 'children',
];

function shapeKeys(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[] };
  if (s.shape) return Object.keys(s.shape);
  if (Array.isArray(s.options)) return [...new Set(s.options.flatMap((o) => shapeKeys(o)))];
  return [];
}

/** The keys allowed in the object at `path`, for did-you-mean. */
function knownKeysAt(path: readonly PathKey[]): string[] {
  const p = path.map(String);
  const last = p[p.length - 1];
  const prev = p[p.length - 2];
  if (p.length === 0) return shapeKeys(SystemFile);
  if (p.length === 1) {
    const top: Record<string, unknown> = { settings: Settings, source: Source, extends: Extends, changes: Changes, title: { shape: { zh: 1, en: 1 } } };
    if (top[last]) return shapeKeys(top[last]);
  }
  if (p[0] === 'fields' && p.length === 2) return shapeKeys(Field);
  if (p[0] === 'settings') {
    if (last === 'outliers' || last === 'ranking' || last === 'imputation') return shapeKeys((Settings.shape[last] as z.ZodType & { unwrap(): unknown }).unwrap());
    if (prev === 'tiers') return shapeKeys(Tier);
    if (last === 'default_rule') return shapeKeys(Rule);
  }
  if (last === 'rule') return shapeKeys(Rule);
  if (last === 'missing') return ['policy', 'method', 'group', 'min'];
  if (last === 'aggregate') return ['method', 'p'];
  if (last === 'ahp') return ['order', 'matrix'];
  if (p[0] === 'changes' && prev === 'override') return INDICATOR_KEYS.filter((k) => k !== 'id' && k !== 'children' && k !== 'kind' && k !== 'range' && k !== 'unit');
  if (p[0] === 'changes' && prev === 'add') return ['parent', 'nodes'];
  if (p[0] === 'changes' && prev === 'rebalance') return ['parent', 'method', 'basis'];
  return INDICATOR_KEYS;
}

function zodIssueToDiagnostic(src: YamlSource, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = issue.path as PathKey[];
  const dotted = path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const pos = locate(src, path, { key });
      const known = knownKeysAt(path);
      const sug = didYouMean(key, known);
      const special =
        key === '__proto__'
          ? 'the key __proto__ is not allowed'
          : key === '<<'
            ? 'YAML merge keys (<<) are not supported in indicator systems'
            : `unknown key "${key}"${dotted ? ` in ${dotted}` : ''}`;
      return {
        severity: 'error' as const,
        code: 'UNKNOWN_KEY',
        message: special,
        location: { file: src.file, ...pos, path: dotted },
        hint: key === '<<' ? 'write the keys out, or use an overlay (extends) to reuse a system' : sug ? `did you mean "${sug}"?` : `allowed keys: ${known.join(', ')}`,
      };
    });
  }
  const pos = locate(src, path);
  let hint: string | undefined;
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    const got = valueAt(src.data, path);
    if (issue.expected === 'string' && typeof got === 'number') {
      const written = (src.doc.getIn(path, true) as { source?: string } | undefined)?.source ?? String(got);
      hint = `quote it: ${String(path[path.length - 1])}: "${written}" (YAML reads an unquoted 1.10 as the number 1.1)`;
      message = `${dotted} must be a string, not the number ${String(got)}`;
    } else if (got === undefined) {
      message = `${dotted} is required`;
    } else {
      message = `${dotted}: expected ${issue.expected}, got ${describe(got)}`;
    }
  } else if (dotted) {
    message = `${dotted}: ${message}`;
  }
  return [{ severity: 'error', code: 'SCHEMA', message, location: { file: src.file, ...pos, path: dotted }, hint }];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v;
}

export function parseSystemFile(file: string, diags: Diagnostic[]): ParsedFile | undefined {
  const src = readYamlFile(file, diags);
  if (!src) return undefined;
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    diags.push({ severity: 'error', code: 'SCHEMA', message: 'an indicator system is a YAML mapping (format:, id:, version:, …)', location: { file, line: 1, col: 1 } });
    return undefined;
  }
  const res = SystemFile.safeParse(src.data);
  if (!res.success) {
    const seen = new Set<string>();
    for (const issue of res.error.issues) {
      for (const d of zodIssueToDiagnostic(src, issue)) {
        const key = `${d.location?.line}:${d.location?.col}:${d.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          diags.push(d);
        }
      }
    }
    return undefined;
  }
  return { src, data: res.data };
}
