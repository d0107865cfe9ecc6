/**
 * `cityscore check <system> <returns…>`: read the returns and list every data-quality finding
 * with its exact cell, as a terminal table, JSON (--json or --format json) or Markdown
 * (--format md). Exit 1 when a finding is an error, 0 when there are only warnings.
 */
import { formatLocation, type Diagnostic } from '../../errors.js';
import { checkDataset, loadReturns, type Dataset } from '../../returns/index.js';
import { requireSystem } from '../../system/load.js';
import type { ResolvedSystem } from '../../system/model.js';
import { renderTable } from '../../util/text-width.js';
import type { IO } from '../io.js';
import { returnsArgs } from '../returns-args.js';
import type { ReturnsCliOptions } from '../returns-args.js';

export interface CheckCliOptions extends ReturnsCliOptions {
  json?: boolean;
  format?: 'text' | 'json' | 'md';
}

export async function run(systemRef: string, returns: string[], opts: CheckCliOptions, io: IO): Promise<number> {
  const system = await requireSystem(systemRef);
  const { files, options } = returnsArgs(returns, opts, io.errIsTTY);
  const ds = await loadReturns(system, files, options);
  const findings = checkDataset(system, ds);
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  if (format === 'json') io.out(JSON.stringify(toJson(system, ds, findings), null, 2));
  else if (format === 'md') io.out(toMarkdown(system, ds, findings));
  else printText(system, ds, findings, io);
  return findings.some((d) => d.severity === 'error') ? 1 : 0;
}

function counts(findings: Diagnostic[]): { errors: number; warnings: number; info: number } {
  return {
    errors: findings.filter((d) => d.severity === 'error').length,
    warnings: findings.filter((d) => d.severity === 'warning').length,
    info: findings.filter((d) => d.severity === 'info').length,
  };
}

function summary(ds: Dataset, findings: Diagnostic[]): string {
  const c = counts(findings);
  const files = ds.inputs.length;
  const years = [...new Set(ds.units.map((u) => u.year).filter((y) => y !== null))].sort();
  return `${files} file${files === 1 ? '' : 's'}, ${ds.units.length} city-year${ds.units.length === 1 ? '' : 's'}${years.length ? ` (${years.join(', ')})` : ''}, ${ds.fields.length} fields: ${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}${ds.corrections.length ? `, ${ds.corrections.length} correction${ds.corrections.length === 1 ? '' : 's'} applied` : ''}`;
}

function printText(system: ResolvedSystem, ds: Dataset, findings: Diagnostic[], io: IO): void {
  const c = io.color;
  if (!io.quiet) io.out(`${c.bold(`${system.id} ${system.version}`)}: ${summary(ds, findings)}`);
  if (!findings.length) return;
  const rows = findings.map((d) => [
    formatLocation(d.location),
    d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.cyan('info'),
    d.code,
    // The hint (a did-you-mean, the conversion command…) belongs with the finding.
    d.hint ? `${d.message} ${c.dim(`(${d.hint})`)}` : d.message,
  ]);
  io.out(
    renderTable(
      [{ header: 'location', shrink: true }, { header: 'level' }, { header: 'code' }, { header: 'finding', shrink: true }],
      rows,
      io.isTTY ? io.columns : Infinity,
    ),
  );
}

function toJson(system: ResolvedSystem, ds: Dataset, findings: Diagnostic[]) {
  return {
    system: { id: system.id, version: system.version, hash: system.hash },
    summary: { ...counts(findings), units: ds.units.length, fields: ds.fields.length, corrections: ds.corrections.length },
    inputs: ds.inputs,
    findings,
  };
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function toMarkdown(system: ResolvedSystem, ds: Dataset, findings: Diagnostic[]): string {
  const lines = [`# Data check: ${system.id} ${system.version}`, '', summary(ds, findings), ''];
  lines.push('| Input | Source | Kind | Encoding | sha256 |', '|---|---|---|---|---|');
  for (const i of ds.inputs)
    lines.push(
      `| ${md(i.path)} | ${i.source ?? ''} | ${i.kind}${i.layout ? ` (${i.layout})` : ''} | ${i.encoding ?? ''} | \`${i.hash.replace(/^sha256:/, '').slice(0, 12)}\` |`,
    );
  lines.push('');
  if (findings.length) {
    lines.push('| Location | Level | Code | Finding | Hint |', '|---|---|---|---|---|');
    for (const d of findings) lines.push(`| ${md(formatLocation(d.location))} | ${d.severity} | ${d.code} | ${md(d.message)} | ${md(d.hint ?? '')} |`);
  } else lines.push('No findings.');
  return lines.join('\n');
}
