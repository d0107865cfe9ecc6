/** Terminal rendering of the statistical audit (see ./audit.ts). */
import type { ChalkInstance } from 'chalk';
import { renderTable } from '../../util/text-width.js';
import type { AuditResult } from './audit.js';

const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

export function renderAudit(res: AuditResult, opts: { color: ChalkInstance; width?: number }): string {
  const c = opts.color;
  const width = opts.width ?? Infinity;
  const th = res.thresholds;
  const out: string[] = [];
  const years = res.years.filter((y) => y !== null).join(', ');
  out.push(c.bold(`Statistical coherence audit — ${res.system.id} ${res.system.version}; ${res.cities} city-years${years ? ` (${years})` : ''}`));
  out.push(c.dim(res.method));
  for (const w of res.warnings) out.push(c.yellow(`warning: ${w}`));

  out.push('', c.bold('correlation of each indicator with its parent, its dimension (level 1) and the total'));
  out.push(
    renderTable(
      [
        { header: 'id' },
        { header: 'name', shrink: true },
        { header: 'parent' },
        { header: 'r parent', align: 'right' },
        { header: 'r level 1', align: 'right' },
        { header: 'r total', align: 'right' },
      ],
      res.correlations.map((n) => {
        const anc = n.withAncestors;
        const total = anc[anc.length - 1];
        const dim = anc.length >= 3 ? anc[anc.length - 2] : undefined;
        return [`${'  '.repeat(n.depth - 1)}${n.id}`, n.name, n.parent, f(anc[0]?.r), dim ? f(dim.r) : '', f(total?.r)];
      }),
      width,
    ),
  );

  out.push('', c.bold(`pairs within a node: collinear (r > ${th.collinear}) or negatively correlated (r < ${th.negative})`));
  if (!res.flags.length) out.push('  none');
  else
    out.push(
      renderTable(
        [{ header: 'node' }, { header: 'indicator' }, { header: 'indicator' }, { header: 'r', align: 'right' }, { header: 'flag' }],
        res.flags.map((p) => [p.node, p.a, p.b, f(p.r), p.kind === 'collinear' ? c.yellow('collinear') : c.yellow('negative')]),
        width,
      ),
    );

  out.push('', c.bold("Cronbach's alpha of each node's children"));
  out.push(
    renderTable(
      [
        { header: 'node' },
        { header: 'name', shrink: true },
        { header: 'children', align: 'right' },
        { header: 'alpha', align: 'right' },
        { header: 'note', shrink: true },
      ],
      res.cronbach.map((a) => [a.node, a.name, String(a.children), f(a.alpha), a.note ?? '']),
      width,
    ),
  );

  out.push('', c.bold('nominal weight vs influence on the total (squared correlation with the total, normalised over the indicators)'));
  out.push(
    renderTable(
      [
        { header: 'id' },
        { header: 'name', shrink: true },
        { header: 'nominal', align: 'right' },
        { header: 'r²', align: 'right' },
        { header: 'influence', align: 'right' },
        { header: 'ratio', align: 'right' },
        { header: 'flag' },
      ],
      res.influence.map((x) => [
        x.id,
        x.name,
        pct(x.nominal),
        f(x.r2, 3),
        pct(x.influence),
        f(x.ratio),
        x.flag === 'low' ? c.yellow(`below ${th.influenceLow}×`) : x.flag === 'high' ? c.yellow(`above ${th.influenceHigh}×`) : '',
      ]),
      width,
    ),
  );
  return out.join('\n');
}
