/**
 * The build's V8 code cache (dist/cli.cache, scripts/code-cache.mjs): the binary compiles the CLI
 * with it, and a cache it cannot use (another build's, a damaged one, none) changes nothing but the
 * speed. Checked in fresh Node processes: the cache is only valid for Node's own flags.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/oracles.js';

const env = { PATH: process.env.PATH, NO_COLOR: '1' };

/** Whether bin/load-cli.js compiles <root>/dist/cli.cjs with its cache, in a fresh process. */
function usesCache(root: string): boolean {
  const loader = pathToFileURL(join(root, 'bin', 'load-cli.js')).href;
  const code = `const { loadCli } = await import(${JSON.stringify(loader)});
const r = loadCli(${JSON.stringify(join(root, 'dist', 'cli.cjs'))}, ${JSON.stringify(join(root, 'dist', 'cli.cache'))});
process.stdout.write(JSON.stringify({ cached: r.cached, main: typeof r.exports.main }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { cached: boolean; main: string };
  expect(out.main).toBe('function');
  return out.cached;
}

/** A copy of the built binary (bin/, dist/, and the bundled systems beside it). */
const copies: string[] = [];
function copyOfBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'cityscore-build-'));
  copies.push(root);
  for (const d of ['bin', 'dist']) cpSync(join(PROJECT_ROOT, d), join(root, d), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'indicators'), join(root, 'indicators'));
  cpSync(join(PROJECT_ROOT, 'package.json'), join(root, 'package.json'));
  return root;
}
afterAll(() => {
  for (const d of copies) rmSync(d, { recursive: true, force: true });
});

function validate(root: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cityscore'), 'validate', 'gbt-33356-2016'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('code cache', () => {
  it('the build makes one for its own bundle, and the binary uses it', () => {
    const cjs = readFileSync(join(PROJECT_ROOT, 'dist', 'cli.cjs'), 'utf8');
    const line = /^\/\/ cityscore-build [0-9a-f]{64}\n/.exec(cjs)?.[0];
    expect(line).toBeDefined();
    expect(readFileSync(join(PROJECT_ROOT, 'dist', 'cli.cache')).subarray(0, line!.length).toString('latin1')).toBe(line);
    expect(usesCache(PROJECT_ROOT)).toBe(true);
  });

  it('a cache made for another build, a damaged one or none is not used, and the CLI works the same', () => {
    const expected = validate(PROJECT_ROOT);
    expect(expected.status).toBe(0);
    const root = copyOfBuild();
    const cache = join(root, 'dist', 'cli.cache');
    const data = readFileSync(cache);

    // Another build: the same V8 data under another bundle's build line.
    const other = Buffer.from(data);
    other.write('0'.repeat(64), '// cityscore-build '.length, 'latin1');
    writeFileSync(cache, other);
    expect(usesCache(root)).toBe(false);
    expect(validate(root)).toEqual(expected);

    // Damaged: this build's line, V8 data cut short (V8 rejects it).
    writeFileSync(cache, data.subarray(0, 200));
    expect(usesCache(root)).toBe(false);
    expect(validate(root)).toEqual(expected);

    rmSync(cache);
    expect(usesCache(root)).toBe(false);
    expect(validate(root)).toEqual(expected);
  });
});
