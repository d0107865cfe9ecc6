/**
 * How fast this machine is right now, printed beside the figures: the shared 2-core machines vary
 * by a third or more from hour to hour, so a timing means little without them. Two references that
 * involve no cityscore code: the start and exit of a bare Node process, and a fixed loop of integer
 * arithmetic (3·10⁸ steps). Figures from different runs compare only at similar references.
 */
import { spawnSync } from 'node:child_process';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface MachineReference {
  nodeStartMs: number;
  loopMs: number;
}

export function machineReference(runs = 7): MachineReference {
  const starts: number[] = [];
  const loops: number[] = [];
  const loop = 'let x = 0; const t = performance.now(); for (let i = 0; i < 3e8; i++) x += i % 7; process.stdout.write(String(performance.now() - t) + (x > 0 ? "" : "!"));';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    starts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    loops.push(Number(spawnSync(process.execPath, ['-e', loop], { encoding: 'utf8' }).stdout));
  }
  return { nodeStartMs: median(starts), loopMs: median(loops) };
}
