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
import { benchSensitivity, prepareSensitivityData } from './sensitivity.js';
import { machineReference } from './machine.js';

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

// The machine's speed at the start and at the end: figures compare only at similar references.
const ref = (when: string) => {
  const m = machineReference();
  rows.push({ group: 'machine reference (no cityscore code)', name: `${when}: node -e 0 / loop of 3·10⁸ steps`, value: `${ms(m.nodeStartMs)} / ${ms(m.loopMs)} median`, target: '', ok: null });
};
ref('before');
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
  // Two systems of the same shape (60 leaves over 3 levels, 3,000 cities): national-style absolute
  // rules, and min-max normalisation with weighted arithmetic means (COINr's example), 2% missing.
  const p = prepareDiffData();
  const q = prepareSensitivityData();
  const cases: [string, string[], number | undefined][] = [
    ['cityscore score <60 indicators, absolute rules> <3,000-city CSV> --json (whole process)', ['score', p.old, p.csv, '--json'], 700],
    ['cityscore score <60 indicators, min-max + arithmetic means> <3,000-city CSV> --json (whole process)', ['score', q.system, q.csv, '--json'], 700],
    ['cityscore score <60 indicators, absolute rules> <3,000-city CSV> (ranking table only)', ['score', p.old, p.csv], undefined],
  ];
  for (const [name, args, target] of cases) {
    const t = timeProcess(name, args, { runs: 7, targetMs: target });
    rows.push({ group: 'score (#4, whole process)', name, value: `${ms(t.medianMs)} median (min ${ms(t.minMs)}), ${t.peakMB} MB`, target: target ? `< ${target} ms` : '', ok: target ? t.medianMs < target : null });
  }
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

ref('after');

let group = '';
for (const r of rows) {
  if (r.group !== group) {
    group = r.group;
    console.log(`\n${group}`);
  }
  const mark = r.ok === null ? ' ' : r.ok ? '✓' : '✗';
  console.log(`  ${mark} ${r.name}: ${r.value}${r.target ? `   (target ${r.target})` : ''}`);
}
