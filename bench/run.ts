/**
 * npm run bench: every performance target of the issues, on generated data at the sizes they
 * name (bench/.data/, git-ignored), on this machine. Prints one table; exit 0 whatever the
 * figures (the benchmark informs, it does not gate).
 *
 *   npm run bench               all
 *   npm run bench -- engine     only the named groups (startup, ingest, engine, score, report, diff, sensitivity)
 */
import { benchStartup, timeProcess } from './cli-startup.js';
import { benchIngest } from './ingest.js';
import { benchEngine } from './engine.js';
import { benchReport } from './report.js';
import { benchDiff, prepareDiffData } from './diff.js';
import { benchSensitivity } from './sensitivity.js';

interface Row {
  group: string;
  name: string;
  value: string;
  target: string;
  ok: boolean | null;
}

const rows: Row[] = [];
const want = new Set(process.argv.slice(2));
const on = (g: string) => want.size === 0 || want.has(g);
const ms = (x: number) => `${x.toFixed(0)} ms`;
const s = (x: number) => `${x.toFixed(2)} s`;

if (on('startup')) {
  for (const t of benchStartup()) rows.push({ group: 'startup (#2)', name: t.name, value: `${ms(t.medianMs)} median, ${t.peakMB} MB`, target: t.targetMs ? `< ${t.targetMs} ms` : '', ok: t.targetMs ? t.medianMs < t.targetMs : null });
}
if (on('ingest')) {
  for (const r of await benchIngest()) {
    const target = /csv/i.test(r.name) ? 1.5 : 5;
    rows.push({ group: 'ingest (#3)', name: r.name, value: `${s(r.seconds)}, ${r.peakMB} MB`, target: `< ${target} s${/xlsx/i.test(r.name) ? ', < 500 MB' : ''}`, ok: r.seconds < target && (!/xlsx/i.test(r.name) || r.peakMB < 500) });
  }
}
if (on('engine')) {
  for (const r of await benchEngine()) {
    const target = /all stages/.test(r.name) ? 150 : /Monte Carlo/i.test(r.name) ? 3000 : undefined;
    rows.push({ group: 'engine (#4, in-process)', name: r.name, value: ms(r.ms), target: target ? `< ${target} ms` : '', ok: target ? r.ms < target : null });
  }
}
if (on('score')) {
  const p = prepareDiffData();
  const t = timeProcess('cityscore score <60 indicators> <3,000-city CSV> --json (whole process)', ['score', p.old, p.csv, '--json'], { runs: 5, targetMs: 700 });
  rows.push({ group: 'score (#4, whole process)', name: t.name, value: `${ms(t.medianMs)} median, ${t.peakMB} MB`, target: '< 700 ms', ok: t.medianMs < 700 });
  const u = timeProcess('cityscore score <60 indicators> <3,000-city CSV> (ranking table only)', ['score', p.old, p.csv], { runs: 5 });
  rows.push({ group: 'score (#4, whole process)', name: u.name, value: `${ms(u.medianMs)} median, ${u.peakMB} MB`, target: '', ok: null });
}
if (on('report')) {
  for (const r of await benchReport()) {
    const all = /all four|all 4/i.test(r.name);
    rows.push({ group: 'reports (#5)', name: r.name, value: `${s(r.seconds)}, ${Math.round(r.peakMB)} MB`, target: all ? '< 5 s, < 1 GB' : '', ok: all ? r.seconds < 5 && r.peakMB < 1024 : null });
  }
}
if (on('diff')) {
  for (const t of benchDiff()) rows.push({ group: 'diff (#6, whole process)', name: t.name, value: `${ms(t.medianMs)} median, ${t.peakMB} MB`, target: t.targetMs ? `< ${t.targetMs} ms` : '', ok: t.targetMs ? t.medianMs < t.targetMs : null });
}
if (on('sensitivity')) {
  for (const r of await benchSensitivity()) {
    const target = /normalis/i.test(r.name) ? 10 : /levels 1 and 2|2 levels|two levels/i.test(r.name) ? 3 : undefined;
    rows.push({ group: 'sensitivity (#7, whole process)', name: r.name, value: `${s(r.seconds)}${r.cpuSeconds !== undefined ? ` (cpu ${s(r.cpuSeconds)})` : ''}, ${r.peakMB} MB`, target: target ? `< ${target} s, < 1 GB` : '', ok: target ? r.seconds < target && r.peakMB < 1024 : null });
  }
}

let group = '';
for (const r of rows) {
  if (r.group !== group) {
    group = r.group;
    console.log(`\n${group}`);
  }
  const mark = r.ok === null ? ' ' : r.ok ? '✓' : '✗';
  console.log(`  ${mark} ${r.name}: ${r.value}${r.target ? `   (target ${r.target})` : ''}`);
}
