/**
 * Diff benchmark, whole process, on generated data: two 60-indicator systems (8 dimensions, a
 * weight and a target changed in each) over 3,000 cities.
 * Targets: impact without attribution under 2 s; with attribution over 8 groups under 10 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timeProcess, type ProcessTiming } from './cli-startup.js';
import { createRng } from '../src/analysis/stats/rng.js';

const DIR = fileURLToPath(new URL('.data/diff/', import.meta.url));
const CITIES = 3000;

const rng = createRng;

/** 8 dimensions × 3 二级 with 3/3/2 or 3/2/2 leaves = 60 leaves. */
function layout(): { dim: number; sub: number; leaves: number }[] {
  const out: { dim: number; sub: number; leaves: number }[] = [];
  for (let d = 0; d < 8; d++) {
    const sizes = d < 4 ? [3, 3, 2] : [3, 2, 2];
    sizes.forEach((n, s) => out.push({ dim: d, sub: s, leaves: n }));
  }
  return out;
}

function systemYaml(version: 'old' | 'new'): string {
  const lines = [`format: 1`, `id: bench-diff-${version}`, `version: "${version === 'old' ? 1 : 2}"`, `title: { zh: 基准体系 }`, `source: { document: generated benchmark }`, `settings:`, `  tiers: [{ id: a, name: 起步期, min: 0 }, { id: b, name: 成长期, min: 50 }]`, `fields:`];
  const subs = layout();
  for (const s of subs) for (let l = 0; l < s.leaves; l++) lines.push(`  - { id: f${s.dim}_${s.sub}_${l}, name: 字段${s.dim}${s.sub}${l}, type: percent }`);
  lines.push('indicators:');
  for (let d = 0; d < 8; d++) {
    lines.push(`  - id: L${d + 1}`, `    name: 维度${d + 1}`, `    points: 12.5`, `    children:`);
    const pts = version === 'old' ? [5, 4.5, 3] : [4, 5.5, 3];
    for (const s of subs.filter((x) => x.dim === d)) {
      lines.push(`      - id: L${d + 1}P${s.sub + 1}`, `        name: 二级${d + 1}${s.sub + 1}`, `        points: ${pts[s.sub]}`, `        children:`);
      for (let l = 0; l < s.leaves; l++) {
        const target = version === 'new' && l === 0 && s.sub === 2 ? 80 : 90;
        lines.push(`          - { id: L${d + 1}P${s.sub + 1}-A${l + 1}, name: 分项${l + 1}, share: ${l === 0 ? 1 - (s.leaves - 1) * (1 / s.leaves) : 1 / s.leaves}, value: f${s.dim}_${s.sub}_${l}, rule: { type: linear, floor: 0, target: ${target} } }`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function returnsCsv(): string {
  const r = rng(42);
  const subs = layout();
  const fields = subs.flatMap((s) => Array.from({ length: s.leaves }, (_, l) => `f${s.dim}_${s.sub}_${l}`));
  const rows = [['行政区划代码', '城市', '年份', ...fields].join(',')];
  // Codes of a province number that does not exist (19), so no generated city takes a real city's code.
  for (let i = 0; i < CITIES; i++) rows.push([String(190000 + i), `城市${String(i).padStart(4, '0')}`, '2023', ...fields.map(() => (20 + 80 * r()).toFixed(2))].join(','));
  return `${rows.join('\n')}\n`;
}

export function prepareDiffData(): { old: string; new: string; csv: string } {
  mkdirSync(DIR, { recursive: true });
  const paths = { old: `${DIR}old.yaml`, new: `${DIR}new.yaml`, csv: `${DIR}returns-3000.csv` };
  writeFileSync(paths.old, systemYaml('old'));
  writeFileSync(paths.new, systemYaml('new'));
  writeFileSync(paths.csv, returnsCsv());
  return paths;
}

export function benchDiff(): ProcessTiming[] {
  const p = prepareDiffData();
  return [
    timeProcess('diff with impact, no attribution (60 indicators, 3,000 cities)', ['diff', p.old, p.new, '--returns', p.csv, '--no-attribution', '--format', 'json'], { runs: 3, targetMs: 2000 }),
    timeProcess('diff with impact and attribution over 8 groups (3,000 cities)', ['diff', p.old, p.new, '--returns', p.csv, '--format', 'json'], { runs: 3, targetMs: 10000 }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const t of benchDiff()) console.log(`${t.name}: median ${t.medianMs.toFixed(0)} ms (min ${t.minMs.toFixed(0)}, ${t.runs} runs, peak ${t.peakMB} MB)${t.targetMs ? ` target < ${t.targetMs} ms` : ''}`);
}
