/** The statistical audit as a Markdown report section (written by `audit --out`). */
import type { AuditResult } from './audit.js';
import { num } from '../sensitivity/markdown.js';

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (m) => `\\${m}`).replace(/\r?\n/g, ' ');

export function auditMarkdown(a: AuditResult): string {
  const out: string[] = [];
  out.push(`## Statistical audit (${esc(a.system.id)} ${esc(a.system.version)})`);
  out.push('');
  out.push(`${a.cities} cities; ${esc(a.method)}. Flags: collinear r > ${a.thresholds.collinear}, negative r < ${a.thresholds.negative}; influence outside ${a.thresholds.influenceLow}×–${a.thresholds.influenceHigh}× the nominal weight.`);
  out.push('');
  out.push('### Correlation flags within nodes');
  out.push('');
  if (!a.flags.length) out.push('None.');
  else {
    out.push('| node | indicator | indicator | r | flag |');
    out.push('|---|---|---|---:|---|');
    for (const f of a.flags) out.push(`| ${esc(f.node)} | ${esc(f.a)} | ${esc(f.b)} | ${num(f.r)} | ${f.kind} |`);
  }
  out.push('');
  out.push("### Cronbach's alpha");
  out.push('');
  out.push('| node | name | children | alpha | note |');
  out.push('|---|---|---:|---:|---|');
  for (const c of a.cronbach) out.push(`| ${esc(c.node)} | ${esc(c.name)} | ${c.children} | ${num(c.alpha)} | ${esc(c.note ?? '')} |`);
  out.push('');
  out.push('### Nominal weight against influence on the total');
  out.push('');
  out.push('| indicator | name | nominal share | r² with total | influence | ratio | flag |');
  out.push('|---|---|---:|---:|---:|---:|---|');
  for (const i of a.influence) out.push(`| ${esc(i.id)} | ${esc(i.name)} | ${num(i.nominal)} | ${num(i.r2)} | ${num(i.influence)} | ${num(i.ratio, 2)} | ${i.flag ?? ''} |`);
  out.push('');
  out.push('### Correlation of each indicator with its parent and the total');
  out.push('');
  out.push('| node | name | with parent | with total |');
  out.push('|---|---|---:|---:|');
  for (const c of a.correlations) {
    const parent = c.withAncestors[0];
    const total = c.withAncestors[c.withAncestors.length - 1];
    out.push(`| ${esc(c.id)} | ${esc(c.name)} | ${num(parent?.r)} | ${num(total?.r)} |`);
  }
  for (const w of a.warnings) out.push(`\n${esc(w)}`);
  return `${out.join('\n')}\n`;
}
