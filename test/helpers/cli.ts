import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './oracles.js';

export const BIN = join(PROJECT_ROOT, 'bin', 'cityscore');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real binary (non-TTY, NO_COLOR) and capture everything. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    input: opts.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
