/**
 * Whole-process timings of the CLI (issue targets: `cityscore --help` under 150 ms, `validate` of
 * the national system under 300 ms; medians on the 2-core machines).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}bin/cityscore`;
const OUT_DIR = `${ROOT}bench/.data/tmp/`;

export interface ProcessTiming {
  name: string;
  medianMs: number;
  minMs: number;
  runs: number;
  peakMB: number;
  targetMs?: number;
}

/**
 * Median wall time of `runs` spawns (after one warm-up), and the peak RSS from /usr/bin/time when
 * present. Standard output goes to a file, as in `cityscore score … --json > results.json`: the
 * time is the process's, not that of a harness reading megabytes of output through a pipe.
 */
export function timeProcess(name: string, args: string[], opts: { runs?: number; targetMs?: number; cwd?: string } = {}): ProcessTiming {
  const runs = opts.runs ?? 11;
  const times: number[] = [];
  let peak = 0;
  spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: 'ignore' });
  mkdirSync(OUT_DIR, { recursive: true });
  for (let i = 0; i < runs; i++) {
    const out = openSync(`${OUT_DIR}stdout.txt`, 'w');
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', stdio: ['ignore', out, 'pipe'] });
    closeSync(out);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) {
      // No /usr/bin/time: time the process alone.
      const t1 = process.hrtime.bigint();
      spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: 'ignore' });
      times.push(Number(process.hrtime.bigint() - t1) / 1e6);
      continue;
    }
    times.push(ms);
    const kb = Number(r.stderr.trim().split('\n').pop());
    if (Number.isFinite(kb)) peak = Math.max(peak, kb / 1024);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], runs, peakMB: Math.round(peak), targetMs: opts.targetMs };
}

export function benchStartup(): ProcessTiming[] {
  return [
    timeProcess('cityscore --help', ['--help'], { targetMs: 150 }),
    timeProcess('cityscore validate gbt-33356-2016 (national, with formulas)', ['validate', 'gbt-33356-2016'], { targetMs: 300 }),
    timeProcess('cityscore validate gbt-33356-2016-completed (overlay)', ['validate', 'gbt-33356-2016-completed'], { targetMs: 300 }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const t of benchStartup()) console.log(`${t.name}: median ${t.medianMs.toFixed(0)} ms (min ${t.minMs.toFixed(0)}, ${t.runs} runs, peak ${t.peakMB} MB)${t.targetMs ? ` target < ${t.targetMs} ms` : ''}`);
}
