// Build dist/ once before the tests, so end-to-end tests run the real binary.
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './oracles.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
