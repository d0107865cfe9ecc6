/**
 * Rendering a diff report as text (terminal), Markdown (a review comment) and JSON (schema in
 * schema/diff.schema.json). Pure string building; deterministic.
 */
import type { Origin } from '../../system/model.js';
import type { Change, ChangeClass } from './structural.js';
import type { Impact } from './impact.js';
import { roundTo } from '../../util/round.js';
import { renderTable } from '../../util/text-width.js';

export interface DiffReport {
  schemaVersion: 1;
  old: { id: string; version: string; hash: string; file: string };
  new: { id: string; version: string; hash: string; file: string };
  summary: Record<ChangeClass, number>;
  changes: Change[];
  impact?: Impact;
}

const at = (o?: Origin) => (o ? `${o.file}:${o.line}` : '-');

export function summarise(changes: Change[]): Record<ChangeClass, number> {
  const s: Record<ChangeClass, number> = { breaking: 0, scoring: 0, cosmetic: 0 };
  for (const c of changes) s[c.class]++;
  return s;
}

export function toJson(r: DiffReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const signed = (x: number, d = 2) => {
  if (!Number.isFinite(x)) return '—';
  const r = roundTo(x, d);
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r).toFixed(d)}`;
};

export function toText(r: DiffReport, paint: { red(s: string): string; yellow(s: string): string; dim(s: string): string; bold(s: string): string }): string {
  const lines: string[] = [];
  lines.push(paint.bold(`${r.old.id} ${r.old.version} → ${r.new.id} ${r.new.version}`));
  lines.push(`${r.summary.breaking} breaking, ${r.summary.scoring} scoring, ${r.summary.cosmetic} cosmetic change(s)`);
  let cls: ChangeClass | undefined;
  for (const c of r.changes) {
    if (c.class !== cls) {
      cls = c.class;
      lines.push('');
      lines.push(paint.bold(`${cls.toUpperCase()}`));
    }
    const tag = c.class === 'breaking' ? paint.red(c.check) : c.class === 'scoring' ? paint.yellow(c.check) : paint.dim(c.check);
    lines.push(`  ${tag}  ${c.message}`);
    lines.push(paint.dim(`      ${c.fingerprint}  old ${at(c.oldAt)}  new ${at(c.newAt)}`));
  }
  if (r.impact) lines.push('', ...impactText(r.impact));
  return lines.join('\n');
}

/** The rank correlations, one line per year when the returns hold several (ranks are within a year). */
function correlationLines(im: Impact): string[] {
  const line = (rho: number, tau: number) => `Spearman's rho ${fmt(rho, 4)}, Kendall's tau-b ${fmt(tau, 4)}`;
  if (im.byYear.length <= 1) return [line(im.spearman, im.kendall)];
  return im.byYear.map((y) => `${y.year}: ${line(y.spearman, y.kendall)} (${y.cities} cities)`);
}

function impactText(im: Impact): string[] {
  const out: string[] = [];
  out.push(`IMPACT on ${im.cities.length} cit${im.cities.length === 1 ? 'y' : 'ies'} (${im.returns.join(', ')})`);
  for (const y of correlationLines(im)) out.push(`  ${y} between the old and new rankings`);
  for (const n of im.notes ?? []) out.push(`  note: ${n}`);
  out.push('');
  const groups = im.attribution?.groups ?? [];
  const rows = im.cities.map((c) => [
    c.name,
    fmt(c.old.total),
    fmt(c.new.total),
    signed(c.change),
    `${c.old.rank} → ${c.new.rank}`,
    `${c.old.tier ?? '-'} → ${c.new.tier ?? '-'}`,
    ...groups.map((_, i) => signed(c.shapley![i])),
  ]);
  const table = renderTable(
    [
      { header: 'city' },
      { header: 'old', align: 'right' },
      { header: 'new', align: 'right' },
      { header: 'change', align: 'right' },
      { header: 'rank', align: 'right' },
      { header: 'tier' },
      ...groups.map((g) => ({ header: g.id, align: 'right' as const })),
    ],
    rows,
  );
  out.push(...table.split('\n').map((l) => `  ${l}`));
  if (im.attribution) {
    const a = im.attribution;
    out.push('');
    out.push(`  The columns after tier attribute each city's change to groups of changes (Shapley values, ${a.exact ? 'exact' : `sampled with ${a.samples} permutations, seed ${a.seed}`}); they add up to the change.`);
    out.push(`  groups: ${a.groups.map((g) => `${g.id} ${g.name} (${g.changes} change${g.changes === 1 ? '' : 's'})`).join('; ')}`);
  }
  return out;
}

const mdEscape = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (m) => `\\${m}`).replace(/\r?\n/g, ' ');

export function toMarkdown(r: DiffReport): string {
  const lines: string[] = [];
  lines.push(`## ${mdEscape(`${r.old.id} ${r.old.version} → ${r.new.id} ${r.new.version}`)}`);
  lines.push('');
  lines.push(`**${r.summary.breaking} breaking**, ${r.summary.scoring} scoring, ${r.summary.cosmetic} cosmetic change(s).`);
  lines.push('');
  lines.push('| class | check | change | old | new | fingerprint |');
  lines.push('|---|---|---|---|---|---|');
  for (const c of r.changes) {
    lines.push(`| ${c.class} | \`${c.check}\` | ${mdEscape(c.message)} | ${mdEscape(at(c.oldAt))} | ${mdEscape(at(c.newAt))} | \`${c.fingerprint}\` |`);
  }
  const im = r.impact;
  if (im) {
    lines.push('');
    lines.push(`### Impact on ${im.cities.length} cities`);
    lines.push('');
    for (const y of correlationLines(im)) lines.push(`${y}.`, '');
    for (const n of im.notes ?? []) lines.push(`> note: ${mdEscape(n)}`, '');
    lines.pop();
    lines.push('');
    const head = ['city', 'old', 'new', 'change', 'rank old', 'rank new', 'tier old', 'tier new'];
    const groups = im.attribution?.groups ?? [];
    lines.push(`| ${[...head, ...groups.map((g) => mdEscape(g.id))].join(' | ')} |`);
    lines.push(`|${[...head, ...groups].map((_, i) => (i === 0 || i >= 6 && i < 8 ? '---' : '---:')).join('|')}|`);
    for (const c of im.cities) {
      const cells = [mdEscape(c.name), fmt(c.old.total), fmt(c.new.total), signed(c.change), String(c.old.rank), String(c.new.rank), mdEscape(c.old.tier ?? '-'), mdEscape(c.new.tier ?? '-'), ...groups.map((_, i) => signed(c.shapley![i]))];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    if (im.attribution) {
      lines.push('');
      lines.push(`Attribution: Shapley values of the change groups (${im.attribution.exact ? 'exact' : `sampled, ${im.attribution.samples} permutations, seed ${im.attribution.seed}`}); each row's parts add up to its change.`);
    }
  }
  return `${lines.join('\n')}\n`;
}
