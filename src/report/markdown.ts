/**
 * GitHub-flavoured Markdown from the document model. Data text is escaped (no raw HTML, no
 * autolinks, no table breaks); charts are linked SVG files beside the report.
 */
import { cellText, type Block, type Cell, type Doc, type Inline } from './doc.js';
import { escMd } from './format.js';

export interface MarkdownOptions {
  /** Path of a chart file as linked from the Markdown file (e.g. `charts/ranking.svg`). */
  chartPath: (name: string) => string;
}

export function renderMarkdown(doc: Doc, opts: MarkdownOptions): string {
  const out: string[] = [];
  for (const b of doc.blocks) out.push(block(b, opts));
  return `${out.join('\n\n')}\n`;
}

function inline(c: Inline[]): string {
  return c
    .map((x) => {
      if (typeof x === 'string') return escMd(x);
      if ('b' in x) return `**${escMd(x.b)}**`;
      if ('code' in x) return codeSpan(x.code);
      return `[${escMd(x.a)}](${encodeURI(x.href).replace(/[()]/g, (ch) => (ch === '(' ? '%28' : '%29'))})`;
    })
    .join('');
}

function codeSpan(s: string): string {
  const t = s.replace(/[\r\n]+/g, ' ');
  const ticks = (t.match(/`+/g) ?? []).reduce((m, x) => Math.max(m, x.length), 0);
  const fence = '`'.repeat(ticks + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function cell(c: Cell): string {
  const t = escMd(cellText(c));
  return typeof c !== 'string' && c.b ? `**${t}**` : t;
}

function block(b: Block, opts: MarkdownOptions): string {
  switch (b.t) {
    case 'h':
      return `${'#'.repeat(b.level)} ${escMd(b.text)}`;
    case 'p':
      return inline(b.c);
    case 'notice':
      return `> ${b.kind === 'warn' ? '⚠ ' : ''}${inline(b.c)}`;
    case 'list':
      return b.items.map((i) => `- ${inline(i)}`).join('\n');
    case 'table': {
      const head = `| ${b.cols.map((c) => escMd(c.label)).join(' | ')} |`;
      const rule = `| ${b.cols.map((c) => (c.num ? '---:' : '---')).join(' | ')} |`;
      const rows = b.rows.map((r) => `| ${b.cols.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`);
      return [head, rule, ...rows].join('\n');
    }
    case 'figure':
      return `![${escMd(b.caption)}](${encodeURI(opts.chartPath(b.name))})`;
  }
}
