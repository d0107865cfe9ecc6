import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityscoreError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cityscore-atomic-'));

describe('writeFileAtomic', () => {
  it('writes pieces in order and leaves no temporary file', () => {
    const d = dir();
    writeFileAtomic(
      join(d, 'a.json'),
      (function* () {
        yield '{\n';
        yield '  "a": 1\n';
        yield '}\n';
      })(),
    );
    expect(readdirSync(d)).toEqual(['a.json']);
  });

  it('passes on an error of the pieces unchanged, and writes nothing', () => {
    const d = dir();
    const boom = new Error('a city could not be made');
    const pieces = (function* () {
      yield 'partial';
      throw boom;
    })();
    expect(() => writeFileAtomic(join(d, 'r.json'), pieces)).toThrow(boom);
    expect(readdirSync(d)).toEqual([]);
  });

  it('an error of the file system is WRITE_FAILED naming the file', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), 'x');
    let err: unknown;
    try {
      writeFileAtomic(join(d, 'file', 'out.json'), 'text');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CityscoreError);
    expect((err as CityscoreError).code).toBe('WRITE_FAILED');
    expect((err as CityscoreError).message).toContain(join(d, 'file', 'out.json'));
    expect(readdirSync(d)).toEqual(['file']);
  });
});
