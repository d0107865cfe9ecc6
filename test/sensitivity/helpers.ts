/** Test helpers for the sensitivity, weights and audit tests: systems from YAML text, datasets from rows. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSystem } from '../../src/system/load.js';
import type { ResolvedSystem } from '../../src/system/model.js';
import { MISSING, NOT_APPLICABLE, PRESENT, emptyDataset, type Dataset } from '../../src/returns/dataset.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import { createRng } from '../../src/analysis/stats/rng.js';
import { ProvColumn } from '../../src/returns/provenance.js';

export const GUANGXI = join(PROJECT_ROOT, 'samples', 'guangxi-2023');
export const GUANGXI_RETURNS = [
  join(GUANGXI, 'returns-2022-2023.gb18030.csv'),
  `survey=${join(GUANGXI, 'survey-2022-2023.csv')}`,
  `central=${join(GUANGXI, 'central-2022-2023.csv')}`,
  `region=${join(GUANGXI, 'region-2022-2023.csv')}`,
];

let dir: string | undefined;
let n = 0;

export function tmpDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'cityscore-sa-'));
  return dir;
}

/** Write text to a fresh file in the temp folder; returns its path. */
export function writeTmp(name: string, text: string): string {
  const file = join(tmpDir(), `${n++}-${name}`);
  writeFileSync(file, text);
  return file;
}

export async function systemFromYaml(text: string): Promise<ResolvedSystem> {
  const file = writeTmp('system.yaml', text);
  const r = await loadSystem(file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.system || errors.length) throw new Error(`test system invalid: ${errors.map((e) => `${e.location?.line}: ${e.message}`).join('; ')}`);
  return r.system;
}

export const prng = createRng;

/** A dataset of `cities` units over the system's numeric fields: uniform 0–100 values, with missing and 不适用 cells at the given rates. */
export function randomDataset(sys: ResolvedSystem, cities: number, seed: number, opts: { missing?: number; na?: number; years?: number[] } = {}): Dataset {
  const r = prng(seed);
  const years = opts.years ?? [2023];
  const ds = emptyDataset();
  for (const y of years)
    for (let i = 0; i < cities; i++)
      ds.units.push({ key: `C${i}@${y}`, code: String(450100 + i), name: `城市${i}`, year: y, attrs: { province: `P${i % 3}` } });
  const U = ds.units.length;
  for (const f of sys.fields) {
    const v = new Float64Array(U).fill(NaN);
    const s = new Uint8Array(U).fill(MISSING);
    for (let u = 0; u < U; u++) {
      const x = r();
      if (x < (opts.missing ?? 0)) continue;
      if (x < (opts.missing ?? 0) + (opts.na ?? 0)) {
        s[u] = NOT_APPLICABLE;
        continue;
      }
      s[u] = PRESENT;
      v[u] = Math.round(r() * 10000) / 100;
    }
    ds.fields.push(f.id);
    ds.values[f.id] = v;
    ds.state[f.id] = s;
    ds.text[f.id] = new Array(U).fill(null);
    ds.provenance[f.id] = ProvColumn.of(new Array(U).fill(null));
  }
  return ds;
}

/** A small system skeleton. */
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
