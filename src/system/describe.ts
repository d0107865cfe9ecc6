/** Human summaries of rules and weights, shared by show, reports and diff. */
import type { ResolvedNode } from './model.js';
import type { RuleData } from './schema.js';

const n = (x: number) => Number(x.toPrecision(10)).toString();

export function ruleSummary(rule: RuleData, node?: ResolvedNode): string {
  switch (rule.type) {
    case 'ratio':
      return `ratio${rule.scale !== 1 ? ` ×${n(rule.scale)}` : ''}, cap ${n(rule.cap)}`;
    case 'linear':
      return `linear ${n(rule.floor)} → ${n(rule.target ?? node?.leaf?.target ?? NaN)}`;
    case 'tiers':
      return `tiers ${rule.bands.map((b) => `≥${n(b.min)}:${n(b.score)}`).join(' ')}`;
    case 'boolean':
      return `boolean (是 ${n(rule.true)}, 否 ${n(rule.false)})`;
    case 'levels':
      return `levels ${Object.entries(rule.map).map(([k, v]) => `${k}:${n(v)}`).join(' ')}`;
    case 'stars':
      return `stars of ${rule.max}`;
    case 'bands':
      return `bands of target ${rule.cuts.map(n).join('/')} → ${rule.points.map(n).join('/')} (${rule.boundary} boundary)`;
    case 'normalise':
      return `normalise ${rule.method}${rule.range ? ` [${rule.range.map(n).join(', ')}]` : ''}`;
  }
}

export function weightSummary(node: ResolvedNode): string {
  if (node.kind === 'deduction') return `−${n(node.max ?? 0)} max`;
  if (node.kind === 'bonus') return `+${n(node.max ?? 0)} max`;
  if (node.kind === 'coefficient') return `×[${(node.range ?? []).map(n).join(', ')}]`;
  const v = node.weight.value;
  if (v === null) return 'null';
  if (node.weight.mode === 'points') return `${n(v)} pt`;
  if (node.weight.mode === 'share') return `${n(v * 100)}%`;
  return `w ${n(v)}`;
}

export const STATUS_MARK: Record<string, string> = { confirmed: '✓', provisional: '?', assumed: '~' };
export const CHANGE_MARK: Record<string, string> = { added: '+', overridden: '*', rebalanced: '⇅' };
