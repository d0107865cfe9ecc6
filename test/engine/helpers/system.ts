/** Test helper: load systems from the engine fixtures or from YAML text written to a temp file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { loadSystem } from '../../../src/system/load.js';
import type { ResolvedSystem } from '../../../src/system/model.js';
import { PROJECT_ROOT } from '../../helpers/oracles.js';

export const FIXTURES = resolve(PROJECT_ROOT, 'test', 'fixtures', 'engine');

export async function loadOk(ref: string): Promise<ResolvedSystem> {
  const r = await loadSystem(ref);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, `errors loading ${ref}`).toEqual([]);
  return r.system!;
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

let dir: string | undefined;
let n = 0;

/** Write YAML text to a temp file and load it. */
export async function systemFromYaml(text: string): Promise<ResolvedSystem> {
  dir ??= mkdtempSync(join(tmpdir(), 'cityscore-engine-'));
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, text);
  return loadOk(file);
}

/** A small system skeleton: header + settings + fields + indicators (YAML flow/blocks given as text). */
export function yamlSystem(parts: { settings?: string; fields: string; indicators: string; id?: string }): string {
  return `format: 1
id: ${parts.id ?? 'test-system'}
version: "1"
title: {zh: 测试体系}
source: {document: test}
${parts.settings ? `settings:\n${parts.settings}\n` : ''}fields:
${parts.fields}
indicators:
${parts.indicators}
`;
}
