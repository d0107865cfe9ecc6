/**
 * One self-contained HTML file from the document model: inline CSS (screen and print), inline SVG
 * charts, and one small inline script that makes tables sortable. A Content-Security-Policy
 * forbids every network request and any script but that one (allowed by its hash).
 */
import { createHash } from 'node:crypto';
import { cellText, type Block, type Cell, type Doc, type Inline } from './doc.js';
import { escHtml } from './format.js';

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--head:#f6f8fa;--warn:#9a6700;--warnbg:#fff8c5;--info:#0969da;--infobg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:1.7em;margin:.2em 0 .6em;line-height:1.3}
h2{font-size:1.35em;margin:1.8em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--line)}
h3{font-size:1.12em;margin:1.4em 0 .5em}
h4{font-size:1em;margin:1.1em 0 .4em}
p{margin:.5em 0}
.small{color:var(--muted);font-size:.9em}
.notice{margin:1em 0;padding:.7em 1em;border-left:4px solid var(--info);background:var(--infobg);border-radius:4px}
.notice.warn{border-color:var(--warn);background:var(--warnbg)}
nav.toc{margin:1em 0 1.5em;padding:.5em 1em;background:var(--head);border-radius:6px}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.2em 1.6em;margin:0;padding:0;list-style:none}
nav.toc a{color:var(--info);text-decoration:none}
.table-wrap{overflow-x:auto;margin:.6em 0 1em}
table{border-collapse:collapse;font-size:.92em;min-width:40%}
th,td{border:1px solid var(--line);padding:.3em .6em;vertical-align:top}
thead th{background:var(--head);text-align:left;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th button{all:unset;cursor:pointer}
th button::after{content:" \\2195";color:var(--muted);font-size:.8em}
th[aria-sort=ascending] button::after{content:" \\2191"}
th[aria-sort=descending] button::after{content:" \\2193"}
tbody tr:nth-child(even){background:#fafbfc}
figure{margin:1em 0;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9em}
ul{padding-left:1.4em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--head);padding:0 .25em;border-radius:3px;word-break:break-all}
@page{size:A4;margin:14mm}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
nav.toc,th button::after{display:none}
h2{break-after:avoid}
h3,h4{break-after:avoid}
tr,figure,.notice{break-inside:avoid}
thead{display:table-header-group}
.table-wrap,figure{overflow:visible}
tbody tr:nth-child(even){background:none}
a{color:inherit;text-decoration:none}
.notice{border:1px solid #000;border-left-width:4px;background:none}
}`.trim();

const SCRIPT = `(function(){
function val(c){var v=c.getAttribute('data-v');return v===null||v===''?NaN:parseFloat(v);}
var lang=document.documentElement.lang;
Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){
var ths=t.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,i){
var b=th.querySelector('button');if(!b)return;
b.addEventListener('click',function(){
var asc=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(ths,function(x){x.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),num=th.classList.contains('num');
rows.sort(function(a,b){
var x=a.cells[i],y=b.cells[i],r;
if(num){var p=val(x),q=val(y);if(isNaN(p)&&isNaN(q))return 0;if(isNaN(p))return 1;if(isNaN(q))return -1;r=p-q;}
else r=x.textContent.localeCompare(y.textContent,lang);
return asc?r:-r;});
rows.forEach(function(r){body.appendChild(r);});
});});});
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

export function renderHtml(doc: Doc, opts: { generator?: string } = {}): string {
  const body: string[] = [];
  const toc = doc.blocks.filter((b): b is Extract<Block, { t: 'h' }> => b.t === 'h' && b.level === 2 && !!b.id);
  let tocDone = false;
  for (const b of doc.blocks) {
    if (!tocDone && b.t === 'h' && b.level === 2 && toc.length > 2) {
      body.push(`<nav class="toc" aria-label="toc"><ol>${toc.map((h) => `<li><a href="#${escHtml(h.id!)}">${escHtml(h.text)}</a></li>`).join('')}</ol></nav>`);
      tocDone = true;
    }
    body.push(block(b));
  }
  const hasSortable = doc.blocks.some((b) => b.t === 'table' && b.sortable);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${hasSortable ? `'sha256-${SCRIPT_HASH}'` : "'none'"}; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${escHtml(doc.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(opts.generator ? [`<meta name="generator" content="${escHtml(opts.generator)}">`] : []),
    `<title>${escHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    ...(hasSortable ? [`<script>${SCRIPT}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function inline(c: Inline[]): string {
  return c
    .map((x) => {
      if (typeof x === 'string') return escHtml(x);
      if ('b' in x) return `<strong>${escHtml(x.b)}</strong>`;
      if ('code' in x) return `<code>${escHtml(x.code)}</code>`;
      return `<a href="${escHtml(safeHref(x.href))}">${escHtml(x.a)}</a>`;
    })
    .join('');
}

/** Only relative links and fragments (reports link to their own files). */
function safeHref(h: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('//')) return '#';
  return encodeURI(h);
}

function td(c: Cell, num: boolean | undefined): string {
  const text = escHtml(cellText(c));
  const inner = typeof c !== 'string' && c.b ? `<strong>${text}</strong>` : text;
  const v = typeof c === 'string' ? undefined : c.v;
  const attrs = `${num ? ' class="num"' : ''}${v !== undefined ? ` data-v="${v === null ? '' : String(v)}"` : ''}`;
  return `<td${attrs}>${inner}</td>`;
}

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `<h${b.level}${b.id ? ` id="${escHtml(b.id)}"` : ''}>${escHtml(b.text)}</h${b.level}>`;
    case 'p':
      return `<p${b.small ? ' class="small"' : ''}>${inline(b.c)}</p>`;
    case 'notice':
      return `<div class="notice ${b.kind}" role="note">${b.kind === 'warn' ? '⚠ ' : ''}${inline(b.c)}</div>`;
    case 'list':
      return `<ul>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const head = b.cols
        .map((c) => {
          const label = escHtml(c.label);
          return `<th scope="col"${c.num ? ' class="num"' : ''}>${b.sortable ? `<button type="button">${label}</button>` : label}</th>`;
        })
        .join('');
      const rows = b.rows.map(
        (r, k) => `<tr${b.rowIds?.[k] !== undefined ? ` data-id="${escHtml(b.rowIds[k])}"` : ''}>${b.cols.map((c, i) => td(r[i] ?? '', c.num)).join('')}</tr>`,
      );
      const attrs = `${b.id ? ` id="${escHtml(b.id)}"` : ''}${b.sortable ? ' class="sortable"' : ''}`;
      return `<div class="table-wrap"><table${attrs}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
    }
    case 'figure':
      return `<figure id="${escHtml(`chart-${b.name}`)}" class="chart">\n${b.svg}\n<figcaption>${escHtml(b.caption)}</figcaption>\n</figure>`;
  }
}
