// Layer 1: argv → options, with every command module mocked (nothing runs).
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { execute } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';

const calls: { cmd: string; args: unknown[] }[] = [];
const mockRun = (cmd: string) => ({ run: vi.fn(async (...args: unknown[]) => (calls.push({ cmd, args: args.slice(0, -1) }), 0)) });
vi.mock('../../src/cli/commands/validate.js', () => mockRun('validate'));
vi.mock('../../src/cli/commands/show.js', () => mockRun('show'));
vi.mock('../../src/cli/commands/score.js', () => mockRun('score'));
vi.mock('../../src/cli/commands/diff.js', () => mockRun('diff'));
vi.mock('../../src/cli/commands/template.js', () => mockRun('template'));

beforeEach(() => {
  calls.length = 0;
});

describe('argv parsing', () => {
  it('validate: systems and --max-warnings', async () => {
    const io = memoryIO();
    expect(await execute(['validate', 'a.yaml', 'b.yaml', '--max-warnings', '3'], io)).toBe(0);
    expect(calls).toEqual([{ cmd: 'validate', args: [['a.yaml', 'b.yaml'], { maxWarnings: 3 }] }]);
  });

  it('show --json', async () => {
    await execute(['show', 'gbt-33356-2016', '--json'], memoryIO());
    expect(calls[0]).toEqual({ cmd: 'show', args: ['gbt-33356-2016', { json: true }] });
  });

  it('score: returns, repeatable and comma lists, numbers', async () => {
    await execute(['score', 'sys', 'a.csv', 'survey=b.csv', '--format', 'xlsx,md', '--format', 'html', '--year', '2023', '--city', '南宁', '--strict'], memoryIO());
    expect(calls[0].cmd).toBe('score');
    expect(calls[0].args[0]).toBe('sys');
    expect(calls[0].args[1]).toEqual(['a.csv', 'survey=b.csv']);
    expect(calls[0].args[2]).toMatchObject({ format: ['xlsx', 'md', 'html'], year: 2023, city: '南宁', strict: true, stageFormat: 'csv' });
  });

  it('diff: --fail-on choices and default', async () => {
    await execute(['diff', 'a', 'b'], memoryIO());
    expect(calls[0].args[2]).toMatchObject({ failOn: 'none', format: 'text', attribution: true });
    await execute(['diff', 'a', 'b', '--fail-on', 'scoring', '--returns', 'x.csv', '--returns', 'y.csv'], memoryIO());
    expect(calls[1].args[2]).toMatchObject({ failOn: 'scoring', returns: ['x.csv', 'y.csv'] });
  });

  it('template: --city repeatable, --layout choices', async () => {
    await execute(['template', 'sys', '-o', 't.xlsx', '--city', '南宁', '--city', '柳州,桂林', '--layout', 'long'], memoryIO());
    expect(calls[0].args[1]).toMatchObject({ output: 't.xlsx', city: ['南宁', '柳州', '桂林'], layout: 'long' });
  });

  it('usage errors are exit 2 with a message, and nothing runs', async () => {
    const io = memoryIO();
    expect(await execute(['diff', 'a', 'b', '--fail-on', 'sometimes'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/--fail-on.*sometimes.*Allowed choices are breaking, scoring, any, none/s);
    expect(await execute(['scroe'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('Did you mean score?');
    expect(await execute(['validate'], io)).toBe(2);
    expect(await execute(['validate', 'a', '--max-warnings', 'many'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('--max-warnings must be a whole number');
    expect(await execute(['show', 'x', '--bogus'], io)).toBe(2);
    expect(calls).toEqual([]);
  });

  it('--help and --version on every command are exit 0', async () => {
    for (const argv of [['--help'], ['--version'], ['validate', '--help'], ['score', '--help'], ['diff', '--help']]) {
      const io = memoryIO();
      expect(await execute(argv, io)).toBe(0);
    }
    const io = memoryIO();
    await execute(['score', '--help'], io);
    expect(io.stdout.join('')).toContain('Exit codes:');
  });

  it('no arguments prints help to stderr and is exit 2', async () => {
    const io = memoryIO();
    expect(await execute([], io)).toBe(2);
    expect(io.stderr.join('')).toContain('Usage: cityscore');
  });
});
