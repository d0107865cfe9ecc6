/** Terminal rendering of derived weights: one table per level, the variant, the data used and every warning. */
import type { ChalkInstance } from 'chalk';
import { renderTable } from '../../util/text-width.js';
import type { WeightsResult } from './derive.js';

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(2)}%`);
const pp = (a: number | null, b: number) => (a === null ? '' : `${b - a >= 0 ? '+' : '−'}${Math.abs((b - a) * 100).toFixed(2)}`);

export function renderWeights(res: WeightsResult, opts: { color: ChalkInstance; width?: number }): string {
  const c = opts.color;
  const out: string[] = [];
  const where =
    res.level === null
      ? 'every node with an AHP matrix'
      : res.level === 1
        ? 'level 1 (the children of the system)'
        : `level ${res.level} (the children of every node at level ${res.level - 1})`;
  out.push(c.bold(`${res.method} weights of ${where} — ${res.system.id} ${res.system.version}`));
  if (res.criteria) {
    const years = (res.years ?? []).filter((y) => y !== null).join(', ');
    out.push(`criteria: ${res.criteria}; ${res.cities} city-years${years ? ` (${years})` : ''}`);
  }
  const rows: string[][] = [];
  for (const g of res.groups) {
    g.children.forEach((ch, i) => rows.push([i === 0 ? g.parent : '', ch.id, ch.name, pct(ch.current), pct(ch.derived), pp(ch.current, ch.derived)]));
  }
  out.push(
    renderTable(
      [
        { header: 'parent' },
        { header: 'child' },
        { header: 'name', shrink: true },
        { header: 'current', align: 'right' },
        { header: 'derived', align: 'right' },
        { header: 'change (pp)', align: 'right' },
      ],
      rows,
      opts.width ?? Infinity,
    ),
  );
  const variants = new Set(res.groups.map((g) => g.variant));
  for (const g of res.groups) {
    const facts: string[] = [];
    if (variants.size > 1) facts.push(g.variant);
    if (g.ahp)
      facts.push(
        `λmax ${g.ahp.lambdaMax.toFixed(5)}, CI ${g.ahp.ci.toFixed(5)}, RI ${g.ahp.ri} (${g.ahp.riTable}), CR ${g.ahp.cr.toFixed(4)}${g.ahp.consistent ? ' ≤ 0.1' : c.yellow(' > 0.1: inconsistent')}`,
      );
    if (g.pca) facts.push(`first component explains ${(g.pca.varianceShare * 100).toFixed(1)}% of the variance`);
    if (facts.length) out.push(c.dim(`${g.parent}: ${facts.join('; ')}`));
    for (const w of g.warnings) out.push(c.yellow(`warning: ${g.parent}: ${w}`));
  }
  if (res.skipped.length) out.push(c.dim(`no AHP matrix, left as they are: the children of ${res.skipped.join(', ')}`));
  return out.join('\n');
}
