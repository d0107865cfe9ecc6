/** The sensitivity analysis as a Markdown report section (written by `sensitivity --out`). */
import type { SensitivityResult } from './result.js';

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (m) => `\\${m}`).replace(/\r?\n/g, ' ');
/** A statistic at `d` decimals; — when missing or not finite. */
export const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
/** A rank: whole ranks as they are, a median of two as x.5. */
export const rank = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(1));

export function sensitivityMarkdown(r: SensitivityResult, chart?: string): string {
  const out: string[] = [];
  out.push(`## Uncertainty and sensitivity analysis (${esc(r.system.id)} ${esc(r.system.version)})`);
  out.push('');
  const d = r.design;
  out.push(
    `${r.cities} cities; ${d.analysis === 'sa' ? 'Sobol sensitivity analysis' : 'uncertainty analysis'} with N = ${d.N} base samples and d = ${d.d} uncertain input(s): ${d.runs} model runs; sampling: ${esc(d.sequence)}; seed ${r.seed}.`,
  );
  out.push('');
  out.push('Uncertain inputs:');
  out.push('');
  for (const inp of r.inputs) out.push(`- **${esc(inp.name)}** (${esc(inp.type)}): ${esc(inp.description)}${inp.alternatives.length ? `; alternatives: ${inp.alternatives.map(esc).join(', ')}` : ''}`);
  if (r.failures.failedRuns || r.failures.partialRuns) {
    out.push('');
    out.push(`**${r.failures.failedRuns} run(s) failed and ${r.failures.partialRuns} left cities without a total**; the statistics below use the runs that succeeded.`);
    for (const f of r.failures.examples) out.push(`- run ${f.run} (${esc(f.block)}): ${esc(f.message)}`);
  }
  out.push('');
  out.push('### Rank intervals');
  out.push('');
  if (chart) {
    out.push(`![rank intervals](${chart})`);
    out.push('');
  }
  const tiers = r.uncertainty.tiers;
  out.push(`| city | year | nominal rank | median rank | 5%–95% interval | ${tiers.map((t) => `P(${esc(t.name)})`).join(' | ')} |`);
  out.push(`|---|---|---:|---:|---:|${tiers.map(() => '---:').join('|')}|`);
  const cities = [...r.uncertainty.cities].sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.nominal.rank ?? Infinity) - (b.nominal.rank ?? Infinity));
  for (const c of cities) {
    const probs = tiers.map((t) => (c.tiers && c.tiers[t.id] !== undefined ? `${(100 * c.tiers[t.id]).toFixed(1)}%` : '—'));
    out.push(`| ${esc(c.name)} | ${c.year ?? ''} | ${rank(c.nominal.rank)} | ${rank(c.rank.median)} | ${rank(c.rank.q5)}–${rank(c.rank.q95)} | ${probs.join(' | ')} |`);
  }
  if (r.uncertainty.tierNote) {
    out.push('');
    out.push(esc(r.uncertainty.tierNote));
  }
  const s = r.sensitivity;
  if (s) {
    out.push('');
    out.push('### Sobol indices');
    out.push('');
    out.push(`Output: ${esc(s.output)}; estimator: ${esc(s.estimator)}; ${s.nboot} bootstrap samples (5%–95% intervals).`);
    out.push('');
    out.push('| input | first order S_i | 5%–95% | total order ST_i | 5%–95% |');
    out.push('|---|---:|---:|---:|---:|');
    for (const i of s.inputs) out.push(`| ${esc(i.name)} | ${num(i.Si)} | ${num(i.SiQ5)}–${num(i.SiQ95)} | ${num(i.STi)} | ${num(i.STiQ5)}–${num(i.STiQ95)} |`);
    for (const w of s.warnings) out.push(`\n${esc(w)}`);
  }
  return `${out.join('\n')}\n`;
}
