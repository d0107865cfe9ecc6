// Layer 2: command functions called in-process on fixtures, with a recording IO.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { memoryIO } from '../../src/cli/io.js';
import { run as validate } from '../../src/cli/commands/validate.js';
import { run as show } from '../../src/cli/commands/show.js';
import { run as init } from '../../src/cli/commands/init.js';
import { CityscoreError } from '../../src/errors.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';

describe('command functions', () => {
  it('validate returns 0 for a valid file and 1 for findings; never exits', async () => {
    const dir = tmpFiles({ 'ok.yaml': BASE_SYSTEM, 'bad.yaml': BASE_SYSTEM.replace('min: 60 }', 'min: 0 }') });
    const io = memoryIO();
    expect(await validate([join(dir, 'ok.yaml')], {}, io)).toBe(0);
    const io2 = memoryIO();
    expect(await validate([join(dir, 'ok.yaml'), join(dir, 'bad.yaml')], {}, io2)).toBe(1);
    const out = io2.stdout.join('');
    expect(out).toMatch(/bad\.yaml:9:\d+: error TIERS_ORDER: settings\.tiers must ascend by min/);
    expect(out).toContain('1 error, 0 warnings in 2 files');
  });

  it('validate --json reports every file and finding', async () => {
    const dir = tmpFiles({ 'bad.yaml': BASE_SYSTEM.replace('share: 0.7', 'share: 0.5') });
    const io = memoryIO();
    expect(await validate([join(dir, 'bad.yaml'), 'gbt-33356-2016'], { json: true }, io)).toBe(1);
    const j = JSON.parse(io.stdout.join(''));
    expect(j.errors).toBe(1);
    expect(j.results[0].valid).toBe(false);
    expect(j.results[0].diagnostics[0]).toMatchObject({ severity: 'error', code: 'WEIGHT_SUM', location: { line: 19 } });
    expect(j.results[1]).toMatchObject({ id: 'gbt-33356-2016', valid: true });
  });

  it('validate: a missing path throws an exit-2 error', async () => {
    const err = await validate(['nope.yaml'], {}, memoryIO()).catch((e) => e);
    expect(err).toBeInstanceOf(CityscoreError);
    expect(err.exitCode).toBe(2);
  });

  it('show marks overlay changes and assumed weights', async () => {
    const io = memoryIO();
    expect(await show('guangxi-2023', {}, io)).toBe(0);
    const out = io.stdout.join('');
    expect(out).toMatch(/L7-GX1 .* ~\+ /);
    expect(out).toMatch(/L8 +市民体验 +17 pt +17\.00% +~\*/);
    expect(out).toContain('extends: gbt-33356-2016-completed 2016');
  });

  it('show of an unscorable system still works; a broken one throws exit 2', async () => {
    expect(await show('gbt-33356-2016', {}, memoryIO())).toBe(0);
    const dir = tmpFiles({ 'bad.yaml': BASE_SYSTEM.replace('share: 0.7', 'share: 0.5') });
    const err = await show(join(dir, 'bad.yaml'), {}, memoryIO()).catch((e) => e);
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('SYSTEM_INVALID');
  });

  it('init writes an overlay with the parent pinned in a comment', async () => {
    const dir = tmpFiles({});
    expect(await init(join(dir, 'r'), { extends: 'gbt-33356-2016-completed', id: 'r1' }, memoryIO())).toBe(0);
    const text = readFileSync(join(dir, 'r', 'r1.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toContain('id: gbt-33356-2016-completed');
    expect(text).toMatch(/# hash: sha256:[0-9a-f]{64}/);
    const io = memoryIO();
    expect(await validate([join(dir, 'r', 'r1.yaml')], {}, io)).toBe(0);
  });
});
