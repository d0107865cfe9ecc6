/** Terminal rendering of a sensitivity result: inputs, design, failures, rank intervals, Sobol' indices. */
import type { ChalkInstance } from 'chalk';
import { renderTable } from '../../util/text-width.js';
import type { CityUncertainty, SensitivityResult } from './result.js';

export interface RenderOptions {
  color: ChalkInstance;
  /** Terminal width (tables are fitted); Infinity on a pipe. */
  width?: number;
}

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const r1 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(1));

/** A text bar of the 5–95% interval on 1 … of: ─ interval, ● median, ┃ nominal. */
export function intervalBar(c: CityUncertainty, width = 24): string {
  const of = Math.max(c.of, 2);
  const pos = (rank: number) => Math.min(width - 1, Math.max(0, Math.round(((rank - 1) / (of - 1)) * (width - 1))));
  const cells = new Array<string>(width).fill('·');
  if (c.rank.q5 !== null && c.rank.q95 !== null) for (let k = pos(c.rank.q5); k <= pos(c.rank.q95); k++) cells[k] = '─';
  if (c.nominal.rank !== null) cells[pos(c.nominal.rank)] = '┃';
  if (c.rank.median !== null) cells[pos(c.rank.median)] = '●';
  return cells.join('');
}

export function renderSensitivity(res: SensitivityResult, opts: RenderOptions): string {
  const c = opts.color;
  const width = opts.width ?? Infinity;
  const out: string[] = [];
  const dz = res.design;
  const years = res.years.filter((y) => y !== null).join(', ');
  out.push(c.bold(`Uncertainty and sensitivity analysis — ${res.system.id} ${res.system.version} (${res.system.hash.slice(0, 19)}…)`));
  out.push(
    `${res.cities} city-years${years ? ` (${years})` : ''} · seed ${res.seed} · ${dz.analysis === 'sa' ? 'Saltelli design' : 'uncertainty analysis'}, ${dz.sequence} sequence · ` +
      `N = ${dz.N}, d = ${dz.d} → ${dz.runs} runs${dz.analysis === 'sa' ? ` (A, B, AB_1…AB_${dz.d})` : ''}`,
  );
  out.push('', c.bold('uncertain inputs'));
  out.push(
    renderTable(
      [{ header: '#', align: 'right' }, { header: 'input' }, { header: 'alternatives', align: 'right' }, { header: 'what varies', shrink: true }],
      res.inputs.map((inp, k) => [String(k + 1), inp.name, String(inp.count), inp.description]),
      width,
    ),
  );
  out.push(c.dim(`discrete inputs: ${dz.discrete}`));

  out.push('', c.bold('checks before sampling (alternatives tried with the other inputs nominal)'));
  if (!res.checks.length) out.push('  no problem found');
  for (const ch of res.checks.slice(0, 12)) {
    const where = ch.location?.line ? `${ch.location.file}:${ch.location.line}:${ch.location.col}: ` : '';
    const params = Object.entries(ch.parameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.push(`  ${where}${c.yellow('warning')} ${params}: ${ch.message}`);
  }
  if (res.checks.length > 12) out.push(c.dim(`  … ${res.checks.length - 12} more (--json lists them all)`));

  const fl = res.failures;
  out.push(
    '',
    `${fl.failedRuns || fl.partialRuns ? c.yellow('failed runs') : 'failed runs'}: ${fl.failedRuns} of ${dz.runs} without any ranked city; ${fl.partialRuns} in which some cities got no total`,
  );
  for (const e of fl.examples) {
    const params = Object.entries(e.parameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.push(`  run ${e.run} (${e.block} row ${e.row}; ${params}): ${e.message}`);
  }

  const u = res.uncertainty;
  out.push(
    '',
    c.bold(
      `rank of each city over the ${dz.uncertaintyRuns} uncertainty runs${dz.analysis === 'sa' ? ' (A and B, as COINr)' : ''}: median and 5–95% interval (type-7 quantiles)`,
    ),
  );
  const cities = [...u.cities].sort(
    (a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.nominal.rank ?? Infinity) - (b.nominal.rank ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const multiYear = res.years.length > 1;
  const tierName = new Map(u.tiers.map((t) => [t.id, t.name]));
  const cols = [
    { header: 'rank', align: 'right' as const },
    { header: 'city', shrink: true },
    ...(multiYear ? [{ header: 'year' }] : []),
    { header: 'total', align: 'right' as const },
    { header: 'median', align: 'right' as const },
    { header: '5%', align: 'right' as const },
    { header: '95%', align: 'right' as const },
    { header: 'interval (1 … n)' },
    ...(u.tiers.length ? [{ header: 'tier probabilities', shrink: true }] : []),
  ];
  const rows = cities.map((ci) => {
    const row = [r1(ci.nominal.rank), ci.name];
    if (multiYear) row.push(ci.year === null ? '' : String(ci.year));
    row.push(f(ci.nominal.total, 2), r1(ci.rank.median), r1(ci.rank.q5), r1(ci.rank.q95), intervalBar(ci));
    if (u.tiers.length) {
      const p = Object.entries(ci.tiers ?? {})
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([id, v]) => `${id === 'none' ? 'no tier' : (tierName.get(id) ?? id)} ${Math.round(v * 100)}%`);
      row.push(p.join(' · '));
    }
    return row;
  });
  out.push(renderTable(cols, rows, width));
  out.push(c.dim(`┃ nominal rank · ● median · ─ 5–95% interval${u.tiers.length ? ` · tiers ${u.tierNote}` : ''}`));

  if (res.sensitivity) {
    const s = res.sensitivity;
    out.push('', c.bold(`Sobol' indices of the ${s.output}`));
    out.push(c.dim(`V = ${f(s.variance, 4)} over the A and B runs; bootstrap ${s.nboot} resamples (5%, 95%); ${s.estimator}`));
    out.push(
      renderTable(
        [
          { header: 'input' },
          { header: 'S_i (first order)', align: 'right' },
          { header: '[5%, 95%]', align: 'right' },
          { header: 'ST_i (total)', align: 'right' },
          { header: '[5%, 95%]', align: 'right' },
        ],
        s.inputs.map((x) => [x.name, f(x.Si), `[${f(x.SiQ5)}, ${f(x.SiQ95)}]`, f(x.STi), `[${f(x.STiQ5)}, ${f(x.STiQ95)}]`]),
        width,
      ),
    );
    out.push(c.dim('Estimates may come out slightly negative from sampling error (COINr plots them as 0).'));
    if (s.nonFinite) out.push(c.yellow(`${s.nonFinite} runs had no finite output: the indices computed from them are missing (—), as COINr's NA`));
    for (const w of s.warnings) out.push(c.yellow(`warning: ${w}`));
  }
  if (res.perCity) {
    out.push('', c.bold(`total-order indices ST_i of ${res.perCity.output}`));
    if (res.inputs.some((i) => i.type === 'normalisation'))
      out.push(c.dim('totals under other normalisations are on other scales: these indices mostly measure the change of scale'));
    out.push(c.dim('— where some run left the city without a total (as COINr, a failed run makes the index NA)'));
    out.push(
      renderTable(
        [{ header: 'city', shrink: true }, ...(multiYear ? [{ header: 'year' }] : []), ...res.inputs.map((i) => ({ header: i.name, align: 'right' as const }))],
        res.perCity.cities.map((pc) => [pc.name, ...(multiYear ? [pc.year === null ? '' : String(pc.year)] : []), ...pc.STi.map((x) => f(x))]),
        width,
      ),
    );
  }
  return out.join('\n');
}
