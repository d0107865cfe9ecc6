/**
 * Engine benchmark on generated data: 3,000 cities × 60 leaf indicators over a 3-level tree
 * (5 dimensions × 3 sub-dimensions × 4 indicators). `npx tsx bench/engine.ts` prints the figures;
 * `benchEngine()` returns them for bench/run.ts. Timings are the median of several runs after a
 * warm-up, in-process.
 *
 * Targets: every stage (derived values, imputation, treatment, leaf scores, aggregation, ranks,
 * tiers, diagnosis with re-scored priorities for every city) under 150 ms for the absolute
 * (national-style) system; 1,000 re-aggregations with perturbed weights (Monte Carlo) under 3 s.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSystem } from '../src/system/load.js';
import { MISSING, PRESENT, emptyDataset, type Dataset } from '../src/returns/dataset.js';
import type { ResolvedSystem } from '../src/system/model.js';
import { compileModel, normaliseShares, siblingGroups } from '../src/engine/model.js';
import { evaluate } from '../src/engine/evaluate.js';
import { aggregateTree, allocNodeScores, totals } from '../src/engine/aggregate.js';
import { rankTotals } from '../src/engine/rank.js';
import { buildResults, resultsToJson } from '../src/engine/results.js';
import { createRng } from '../src/analysis/stats/rng.js';
import { ProvColumn } from '../src/returns/provenance.js';

const CITIES = 3000;
const DIMS = 5;
const SUBS = 3;
const LEAVES = 4;

const rng = createRng;

function systemYaml(kind: 'absolute' | 'relative'): string {
  const fields: string[] = ['  - {id: population, name: 人口, role: denominator}'];
  const dims: string[] = [];
  const absRules = [
    '{type: ratio}',
    '{type: linear, floor: 10, target: 90}',
    '{type: tiers, bands: [{min: 0, score: 20}, {min: 40, score: 60}, {min: 75, score: 100}]}',
    '{type: levels, map: {无: 0, 部分: 60, 全面: 100}}',
  ];
  for (let d = 0; d < DIMS; d++) {
    const subs: string[] = [];
    for (let s = 0; s < SUBS; s++) {
      const leaves: string[] = [];
      for (let l = 0; l < LEAVES; l++) {
        const id = `f${d}_${s}_${l}`;
        const level = kind === 'absolute' && l === 3;
        fields.push(level ? `  - {id: ${id}, name: F${id}, type: level, levels: [无, 部分, 全面]}` : `  - {id: ${id}, name: F${id}, type: number}`);
        const formula = l === 1 ? `formula: "${id} / population * 100"` : `value: ${id}`;
        const rule = kind === 'absolute' ? absRules[l] : '{type: normalise, method: minmax}';
        const weight = kind === 'absolute' ? `share: ${l === 0 ? 0.4 : 0.2}` : `weight: ${1 + (l % 2)}`;
        leaves.push(`          - {id: L${d}-${s}-${l}, name: 指标${d}${s}${l}, ${weight}, ${formula}, rule: ${rule}}`);
      }
      const w = kind === 'absolute' ? `points: ${s === 0 ? 8 : 6}` : 'weight: 1';
      subs.push(`      - id: P${d}-${s}\n        name: 二级${d}${s}\n        ${w}\n        children:\n${leaves.join('\n')}`);
    }
    const w = kind === 'absolute' ? 'points: 20' : 'weight: 1';
    dims.push(`  - id: D${d}\n    name: 一级${d}\n    ${w}\n    children:\n${subs.join('\n')}`);
  }
  const settings =
    kind === 'absolute'
      ? '  aggregate: sum\n  missing: zero\n  groups: [{id: province, name: 省份}]\n  tiers: [{id: a, name: 起步, min: 0}, {id: b, name: 成长, min: 50}, {id: c, name: 领先, min: 75}]'
      : '  aggregate: amean\n  missing: renormalise\n  groups: [{id: province, name: 省份}]\n  imputation: {method: group-mean, group: province}\n  outliers: {method: winsorise, winmax: 5}';
  return `format: 1\nid: bench-${kind}\nversion: "1"\ntitle: {zh: 基准}\nsource: {document: generated}\nsettings:\n${settings}\nfields:\n${fields.join('\n')}\nindicators:\n${dims.join('\n')}\n`;
}

export async function loadBenchSystem(kind: 'absolute' | 'relative'): Promise<ResolvedSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'cityscore-bench-'));
  const file = join(dir, `${kind}.yaml`);
  writeFileSync(file, systemYaml(kind));
  const r = await loadSystem(file);
  if (!r.system) throw new Error(`bench system invalid: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.system;
}

export function dataset(sys: ResolvedSystem, seed = 1): Dataset {
  const rand = rng(seed);
  const ds = emptyDataset();
  ds.units = Array.from({ length: CITIES }, (_, i) => ({
    key: `C${i}@2023`,
    code: String(100000 + i),
    name: `城市${i}`,
    year: 2023,
    attrs: { province: `P${i % 31}` },
  }));
  for (const f of sys.fields) {
    const v = new Float64Array(CITIES);
    const s = new Uint8Array(CITIES);
    const text: (string | null)[] = new Array(CITIES).fill(null);
    for (let u = 0; u < CITIES; u++) {
      if (rand() < 0.02 && f.id !== 'population') {
        v[u] = NaN;
        s[u] = MISSING;
        continue;
      }
      s[u] = PRESENT;
      if (f.type === 'level') {
        const k = Math.floor(rand() * 3);
        v[u] = k;
        text[u] = f.levels![k];
      } else if (f.id === 'population') v[u] = 50 + rand() * 900;
      else v[u] = rand() < 0.01 ? 400 + rand() * 1000 : rand() * 100;
    }
    ds.fields.push(f.id);
    ds.values[f.id] = v;
    ds.state[f.id] = s;
    ds.text[f.id] = text;
    ds.provenance[f.id] = ProvColumn.of(new Array(CITIES).fill(null));
  }
  return ds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => void, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function benchEngine(): Promise<{ name: string; ms: number }[]> {
  const out: { name: string; ms: number }[] = [];
  const abs = await loadBenchSystem('absolute');
  const rel = await loadBenchSystem('relative');
  const dsA = dataset(abs);
  const dsR = dataset(rel);

  out.push({ name: 'compileModel (60 leaves)', ms: time(() => compileModel(abs), 20) });
  const mA = compileModel(abs);
  out.push({ name: `evaluate absolute ${CITIES}×60: all stages incl. diagnosis of every city`, ms: time(() => evaluate(mA, dsA, { groupBy: 'province' })) });
  out.push({ name: `evaluate absolute ${CITIES}×60 without diagnosis`, ms: time(() => evaluate(mA, dsA, { diagnose: false })) });
  const evA = evaluate(mA, dsA, { groupBy: 'province' });
  out.push({ name: `buildResults + JSON (${CITIES} cities)`, ms: time(() => resultsToJson(buildResults(evA, { version: 'bench' })), 3, 1) });

  const mR = compileModel(rel);
  out.push({
    name: `evaluate relative ${CITIES}×60 (group-mean imputation, winsorisation, minmax) without diagnosis`,
    ms: time(() => evaluate(mR, dsR, { diagnose: false })),
  });
  out.push({
    name: `evaluate relative ${CITIES}×60 incl. diagnosis (exact relative re-scoring for one focus city)`,
    ms: time(() => evaluate(mR, dsR, { focus: [0] }), 3, 1),
  });

  // Monte Carlo: 1,000 re-aggregations with weights perturbed by ±25 %, plus ranks.
  const evR = evaluate(mR, dsR, { diagnose: false });
  const buf = allocNodeScores(mR, CITIES);
  const weights = new Float64Array(mR.n);
  const shares = new Float64Array(mR.n);
  const groups = siblingGroups(mR);
  const rand = rng(7);
  const s = mR.settings;
  aggregateTree(mR, evR.leafScores, { out: buf, points: false });
  const mc = () => {
    for (let r = 0; r < 1000; r++) {
      for (const g of groups) for (const c of g.children) weights[c] = mR.shares[c] * (1 + (2 * rand() - 1) * 0.25);
      normaliseShares(mR, weights, shares);
      aggregateTree(mR, evR.leafScores, { shares, out: buf, points: false, sameLeaves: true });
      rankTotals(totals(buf), evR.ux, { precision: s.precision, rounding: s.rounding });
    }
  };
  out.push({ name: `Monte Carlo: 1,000 × (perturb weights, aggregateTree, rankTotals) over ${CITIES}×60`, ms: time(mc, 3, 1) });
  if (process.env.BENCH_DETAIL) {
    out.push({
      name: 'MC part: 1,000 × aggregateTree',
      ms: time(
        () => {
          for (let r = 0; r < 1000; r++) aggregateTree(mR, evR.leafScores, { shares, out: buf, points: false, sameLeaves: true });
        },
        3,
        1,
      ),
    });
    out.push({
      name: 'MC part: 1,000 × rankTotals',
      ms: time(
        () => {
          for (let r = 0; r < 1000; r++) rankTotals(totals(buf), evR.ux, { precision: s.precision, rounding: s.rounding });
        },
        3,
        1,
      ),
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchEngine();
  for (const r of rows) console.log(`${r.ms.toFixed(1).padStart(9)} ms  ${r.name}`);
}
