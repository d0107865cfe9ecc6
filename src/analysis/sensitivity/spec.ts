/**
 * The sensitivity spec: a YAML file of uncertain inputs (docs/sensitivity.md), parsed with a line
 * counter and checked by a strict zod schema. Every unknown key, misspelt input type or option value
 * is a located error (file:line:col) with a did-you-mean; nothing is ever prompted or skipped.
 * Checks against the indicator system (node ids, levels, method names) are in ./validate.ts.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document } from 'yaml';
import { CityscoreError, type Diagnostic } from '../../errors.js';
import { didYouMean } from '../../util/suggest.js';

export const MAX_SPEC_BYTES = 256 * 1024;

const Name = z.string().min(1, 'name must not be empty');
const Level = z.number().int().min(1);
const Ids = z.array(z.string().min(1)).min(1);

const NormaliseObject = z.strictObject({
  method: z.string().min(1),
  range: z.tuple([z.number(), z.number()]).optional(),
  mean: z.number().optional(),
  sd: z.number().optional(),
  lower: z.number().optional(),
  upper: z.number().optional(),
  scale: z.number().optional(),
  reference: z.string().optional(),
  capMax: z.boolean().optional(),
  truncate: z.boolean().optional(),
});
const AggregationObject = z.strictObject({ method: z.string().min(1), p: z.number().optional() });

export const WeightsInput = z.strictObject({
  type: z.literal('weights'),
  name: Name.optional(),
  level: Level,
  noise: z.number().min(0).max(1),
  sets: z.number().int().min(2).optional(),
});
export const NormalisationInput = z.strictObject({
  type: z.literal('normalisation'),
  name: Name.optional(),
  alternatives: z.array(z.union([z.string().min(1), NormaliseObject])).min(2),
  leaves: Ids.optional(),
});
export const AggregationInput = z.strictObject({
  type: z.literal('aggregation'),
  name: Name.optional(),
  level: Level.optional(),
  nodes: Ids.optional(),
  alternatives: z.array(z.union([z.string().min(1), AggregationObject])).min(2),
});
export const MissingInput = z.strictObject({
  type: z.literal('missing'),
  name: Name.optional(),
  level: Level.optional(),
  nodes: Ids.optional(),
  alternatives: z.array(z.string().min(1)).min(2),
});
export const RemoveInput = z.strictObject({
  type: z.literal('remove'),
  name: Name.optional(),
  level: Level.optional(),
  nodes: Ids.optional(),
});

export const InputSpec = z.discriminatedUnion('type', [WeightsInput, NormalisationInput, AggregationInput, MissingInput, RemoveInput]);
export const INPUT_TYPES = ['weights', 'normalisation', 'aggregation', 'missing', 'remove'] as const;

export const SensitivitySpec = z.strictObject({
  runs: z.number().int().min(3).max(100_000).optional(),
  seed: z.number().int().optional(),
  sequence: z.enum(['sobol', 'pseudo-random']).optional(),
  bootstrap: z.number().int().min(0).max(100000).optional(),
  analysis: z.enum(['ua', 'sa']).optional(),
  per_city: z.boolean().optional(),
  inputs: z.array(InputSpec).min(1, 'inputs must list at least one uncertain input'),
});

export type InputSpecData = z.output<typeof InputSpec>;
export type SpecData = z.output<typeof SensitivitySpec>;
export type PathKey = string | number;

/** A spec and a way to locate any of its paths (file:line:col, or the command line). */
export interface LocatedSpec {
  spec: SpecData;
  /** Where the spec came from: the file as given, or `command line`. */
  file: string;
  locate(path: readonly PathKey[], key?: string): { file: string; line?: number; col?: number };
}

const KEYS: Record<string, string[]> = {
  top: Object.keys(SensitivitySpec.shape),
  weights: Object.keys(WeightsInput.shape),
  normalisation: Object.keys(NormalisationInput.shape),
  aggregation: Object.keys(AggregationInput.shape),
  missing: Object.keys(MissingInput.shape),
  remove: Object.keys(RemoveInput.shape),
  normaliseObject: Object.keys(NormaliseObject.shape),
  aggregationObject: Object.keys(AggregationObject.shape),
};

function keysAt(data: unknown, path: readonly PathKey[]): string[] {
  if (path.length === 0) return KEYS.top;
  if (path[0] === 'inputs' && path.length === 2) {
    const t = (valueAt(data, path) as { type?: unknown } | undefined)?.type;
    return typeof t === 'string' && KEYS[t] ? KEYS[t] : [...new Set(INPUT_TYPES.flatMap((k) => KEYS[k]))];
  }
  if (path[0] === 'inputs' && path[2] === 'alternatives') {
    const t = (valueAt(data, path.slice(0, 2)) as { type?: unknown } | undefined)?.type;
    return t === 'aggregation' ? KEYS.aggregationObject : KEYS.normaliseObject;
  }
  return [];
}

export function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v;
}

function childOf(node: unknown, k: PathKey): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
    return pair ? (pair.value ?? pair.key) : undefined;
  }
  if (isSeq(node) && typeof k === 'number') return node.items[k];
  return undefined;
}

function yamlLocator(doc: Document, lines: LineCounter, file: string): LocatedSpec['locate'] {
  return (path, key) => {
    let node: unknown = doc.contents;
    for (const k of path) {
      const next = childOf(node, k);
      if (next === undefined) break;
      node = next;
    }
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return { file, ...lines.linePos(pair.key.range[0]) };
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? { file, ...lines.linePos(range[0]) } : { file, line: 1, col: 1 };
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Turn zod issues into located findings; an unknown key that is a misspelling of a missing required key is reported once. */
export function zodFindings(issues: readonly z.core.$ZodIssue[], data: unknown, locate: LocatedSpec['locate']): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path as PathKey[];
    for (const key of issue.keys) {
      const sug = didYouMean(key, keysAt(data, path));
      if (sug) misspelt.add([...path, sug].join('.'));
    }
  }
  const push = (d: Diagnostic) => {
    const k = `${d.location?.line}:${d.location?.col}:${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  };
  for (const issue of issues) {
    const path = issue.path as PathKey[];
    const dotted = path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = keysAt(data, path);
        const sug = didYouMean(key, known);
        push({
          severity: 'error',
          code: 'SPEC_UNKNOWN_KEY',
          message: `unknown key "${key}"${dotted ? ` in ${dotted}` : ''}`,
          location: { ...locate(path, key), path: dotted },
          hint: sug ? `did you mean "${sug}"?` : known.length ? `allowed keys: ${known.join(', ')}` : undefined,
        });
      }
      continue;
    }
    const got = valueAt(data, path);
    if (issue.code === 'invalid_type' && got === undefined && misspelt.has(dotted)) continue;
    let message = `${dotted ? `${dotted}: ` : ''}${issue.message}`;
    let hint: string | undefined;
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'type') {
      const sug = typeof got === 'string' ? didYouMean(got, INPUT_TYPES) : undefined;
      message = got === undefined ? `${dotted} is required: the kind of uncertain input` : `unknown input type ${JSON.stringify(got)}`;
      hint = `${sug ? `did you mean "${sug}"? ` : ''}input types: ${INPUT_TYPES.join(', ')}`;
    } else if (issue.code === 'invalid_value') {
      const values = (issue as { values?: unknown[] }).values?.map(String) ?? [];
      const sug = typeof got === 'string' ? didYouMean(got, values) : undefined;
      message = `${dotted}: ${JSON.stringify(got)} is not one of ${values.join(', ')}`;
      if (sug) hint = `did you mean "${sug}"?`;
    } else if (issue.code === 'invalid_type') {
      message = got === undefined ? `${dotted} is required` : `${dotted}: expected ${issue.expected}, got ${describe(got)}`;
    }
    push({ severity: 'error', code: 'SPEC_SCHEMA', message, location: { ...locate(path), path: dotted }, hint });
  }
  return out;
}

/** Parse and schema-check spec text. Returns the spec or the findings (never both). */
export function parseSpecText(text: string, file: string): { spec?: LocatedSpec; diagnostics: Diagnostic[] } {
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
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push({
      severity: 'error',
      code: e.code === 'DUPLICATE_KEY' ? 'SPEC_DUPLICATE_KEY' : 'SPEC_YAML',
      message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      location: { file, ...pos },
    });
  }
  if (diagnostics.length) return { diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return {
      diagnostics: [
        { severity: 'error', code: 'SPEC_YAML', message: `too many alias expansions (${(e as Error).message.split('\n')[0]})`, location: { file } },
      ],
    };
  }
  const locate = yamlLocator(doc, lines, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'SPEC_SCHEMA',
          message: 'a sensitivity spec is a YAML mapping with inputs: (a list of uncertain inputs)',
          location: { file, line: 1, col: 1 },
        },
      ],
    };
  }
  const res = SensitivitySpec.safeParse(data);
  if (!res.success) return { diagnostics: zodFindings(res.error.issues, data, locate) };
  return { spec: { spec: res.data, file, locate }, diagnostics: [] };
}

/** Read and schema-check a spec file; unreadable or invalid is exit 2 with every finding. */
export function readSpecFile(file: string): LocatedSpec {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_SPEC_BYTES)
      throw new CityscoreError('SPEC_TOO_LARGE', `the spec is ${bytes.length} bytes; at most ${MAX_SPEC_BYTES}`, { location: { file } });
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (e instanceof CityscoreError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CityscoreError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'READ_FAILED',
      code === 'ENOENT' ? 'no such file' : `cannot read the spec: ${(e as Error).message}`,
      { location: { file } },
    );
  }
  const { spec, diagnostics } = parseSpecText(text, file);
  if (!spec) throw specError(diagnostics);
  return spec;
}

/** The error for an invalid spec: exit 2, located at the first finding, every finding in the details. */
export function specError(diagnostics: Diagnostic[]): CityscoreError {
  diagnostics = [...diagnostics].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0));
  const n = diagnostics.length;
  const first = diagnostics[0];
  return new CityscoreError('SPEC_INVALID', `invalid sensitivity spec (${n} error${n === 1 ? '' : 's'}); nothing was run`, {
    exitCode: 2,
    location: first?.location,
    details: diagnostics,
  });
}

/** A spec built from command-line options (e.g. --weights-noise), located at the option. */
export function commandLineSpec(spec: SpecData, option: string): LocatedSpec {
  return { spec, file: option, locate: () => ({ file: option }) };
}
