/**
 * A closed pipe is not an error: `cityscore … | head` and `cityscore … 2>&1 | head` stop quietly.
 * Before the fix, a write to a closed stderr raised an error whose report was written to stderr
 * again, and the process spun at full CPU for ever.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/oracles.js';

const RETURNS = join(PROJECT_ROOT, 'samples', 'gbt-33356-2016-completed', 'returns-2022-2023.gb18030.csv');

/** Run with stdout and stderr as pipes; close the named one at once; the exit code (null: killed after 15 s). */
function runClosing(args: string[], close: 'stdout' | 'stderr'): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child[close].destroy();
    (close === 'stdout' ? child.stderr : child.stdout).resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('closed pipes', () => {
  it('stderr closed: the command finishes, writes its file and exits 0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cityscore-pipes-')), 'r.json');
    // --json -o writes the file, then "results written to …" on stderr, which is closed.
    expect(await runClosing(['score', 'gbt-33356-2016-completed', RETURNS, '--json', '-o', out], 'stderr')).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('stdout closed: exits without an internal error', async () => {
    expect(await runClosing(['list'], 'stdout')).toBe(0);
  });
});
