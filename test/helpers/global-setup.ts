// Build dist/ once before the tests, so end-to-end tests run the real binary; give the run its own
// temporary folder (the workers inherit TMPDIR) and remove it afterwards.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './oracles.js';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const tmp = join(PROJECT_ROOT, 'test', '.tmp', `run-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  return () => {
    if (process.env.CITYSCORE_KEEP_TMP !== '1') rmSync(tmp, { recursive: true, force: true });
  };
}
