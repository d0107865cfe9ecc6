import { requireSystem } from '../../system/load.js';
import type { ResolvedSystem } from '../../system/model.js';
import { CHANGE_MARK, STATUS_MARK, ruleSummary, weightSummary } from '../../system/describe.js';
import { renderTable } from '../../util/text-width.js';
import type { IO } from '../io.js';

export interface ShowOptions {
  json?: boolean;
  canonical?: boolean;
}

export async function run(ref: string, opts: ShowOptions, io: IO): Promise<number> {
  const sys = await requireSystem(ref);
  if (opts.json) io.out(JSON.stringify(sys, null, 2));
  else if (opts.canonical) io.out(canonicalText(sys));
  else io.out(treeText(sys, io));
  return 0;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(2)}%`;
}

export function treeText(sys: ResolvedSystem, io: IO): string {
  const c = io.color;
  const lines: string[] = [];
  lines.push(`${c.bold(sys.title.zh)}${sys.title.en ? ` (${sys.title.en})` : ''}`);
  lines.push(`${sys.id} ${sys.version}  ${sys.hash}`);
  lines.push(`source: ${sys.source.document}${sys.source.text ? ` — ${sys.source.text}` : ''}`);
  if (sys.chain.length > 1) lines.push(`extends: ${sys.chain.slice(1).map((e) => `${e.id} ${e.version} (${e.file})`).join(' → ')}`);
  if (sys.illustrative) lines.push(c.yellow('illustrative system: not adopted by any authority'));
  lines.push('');
  const rows: string[][] = [];
  for (const id of sys.order) {
    const n = sys.nodes[id];
    if (n.depth === 0) continue;
    const mark = n.weight.value === null && n.kind === 'standard' ? '∅' : (STATUS_MARK[n.weight.status] ?? '');
    const change = n.changed ? CHANGE_MARK[n.changed.how] : '';
    rows.push([
      `${'  '.repeat(n.depth - 1)}${id}`,
      n.name,
      weightSummary(n),
      n.kind === 'standard' ? pct(n.effShare) : n.kind,
      `${mark}${change}`,
      n.leaf ? `${n.leaf.formula ? `${n.leaf.formula.source}; ` : n.leaf.field ? `${n.leaf.field}; ` : ''}${ruleSummary(n.leaf.rule, n)}` : n.aggregate.method !== 'sum' ? `aggregate ${n.aggregate.method}` : '',
    ]);
  }
  lines.push(
    renderTable(
      [
        { header: 'id' },
        { header: 'name', shrink: true },
        { header: 'weight', align: 'right' },
        { header: 'share of total', align: 'right' },
        { header: 'mark' },
        { header: 'value and rule', shrink: true },
      ],
      rows,
      io.isTTY ? io.columns : Infinity,
    ),
  );
  const leafShare = sys.order.filter((id) => sys.nodes[id].leaf && sys.nodes[id].kind === 'standard').reduce((a, id) => a + (sys.nodes[id].effShare ?? NaN), 0);
  lines.push('');
  lines.push(`marks: ✓ confirmed  ? provisional  ~ assumed  ∅ no weight  + added by an overlay  * overridden  ⇅ rebalanced`);
  lines.push(`leaf shares add up to ${Number.isNaN(leafShare) ? '— (some weights are null)' : pct(leafShare)}`);
  if (sys.nullWeights.length) lines.push(c.yellow(`${sys.nullWeights.length} node(s) without a weight: this system cannot be scored until they are completed`));
  if (sys.provisional.length) lines.push(c.yellow(`${sys.provisional.length} provisional weight(s)`));
  if (sys.assumed.length) lines.push(c.yellow(`${sys.assumed.length} assumed weight(s)`));
  return lines.join('\n');
}

/** A stable, line-oriented text form for git textconv: one line per fact, no colours, no origins. */
export function canonicalText(sys: ResolvedSystem): string {
  const out: string[] = [];
  out.push(`system ${sys.id} ${sys.version}`);
  out.push(`title ${sys.title.zh}${sys.title.en ? ` | ${sys.title.en}` : ''}`);
  out.push(`source ${sys.source.document}${sys.source.text ? ` | ${sys.source.text}` : ''}`);
  out.push(`extends ${sys.chain.slice(1).map((e) => `${e.id}@${e.version}`).join(' -> ') || '-'}`);
  out.push(`hash ${sys.hash}`);
  const s = sys.settings;
  out.push(`settings total=${s.total} precision=${s.precision} rounding=${s.rounding} scoring=${s.scoring} aggregate=${JSON.stringify(s.aggregate)} missing=${JSON.stringify(s.missing)} scope=${s.scope}`);
  for (const t of s.tiers) out.push(`tier ${t.id} ${t.name} min=${t.min}`);
  for (const f of sys.fields) {
    out.push(`field ${f.id} | ${f.name} | ${f.type}${f.unit ? ` | unit=${f.unit}` : ''}${f.range ? ` | range=${JSON.stringify(f.range)}` : ''}${f.required ? ' | required' : ''}${f.source ? ` | source=${f.source}` : ''}`);
  }
  for (const id of sys.order) {
    const n = sys.nodes[id];
    if (n.depth === 0) continue;
    const parts = [
      `node ${'  '.repeat(n.depth - 1)}${id}`,
      n.name,
      `kind=${n.kind}`,
      `weight=${weightSummary(n)}`,
      `status=${n.weight.status}`,
      `share=${n.effShare === null ? 'null' : Number(n.effShare.toPrecision(12))}`,
    ];
    if (n.leaf) {
      parts.push(n.leaf.formula ? `formula=${n.leaf.formula.source}` : `value=${n.leaf.field}`);
      parts.push(`rule=${ruleSummary(n.leaf.rule, n)}`);
      if (n.leaf.direction === -1) parts.push('direction=negative');
      if (n.leaf.target !== undefined) parts.push(`target=${n.leaf.target}`);
    } else parts.push(`aggregate=${n.aggregate.method}${n.aggregate.p !== undefined ? `(p=${n.aggregate.p})` : ''}`);
    parts.push(`missing=${n.missing.policy}`);
    out.push(parts.join(' | '));
  }
  return out.join('\n');
}
