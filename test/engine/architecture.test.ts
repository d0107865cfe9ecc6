/** The engine is pure: no I/O, no process or console, and it builds on system and returns types only. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/oracles.js';

const DIR = join(PROJECT_ROOT, 'src', 'engine');

describe('engine architecture', () => {
  it('imports nothing from node:, cli, report, analysis, and from returns only dataset.ts', () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(join(DIR, f), 'utf8');
      const imports = [...text.matchAll(/^import[^;]*?from '([^']+)';/gms)].map((m) => m[1]);
      for (const i of imports) {
        expect(i, `${f} imports ${i}`).not.toMatch(/^node:|^(fs|path|os|child_process|process)$/);
        expect(i, `${f} imports ${i}`).not.toMatch(/\/(cli|report|analysis)\//);
        if (i.includes('/returns/')) expect(i, `${f} imports ${i}`).toBe('../returns/dataset.js');
        expect(i.startsWith('./') || i.startsWith('../'), `${f} imports package ${i}`).toBe(true);
      }
      expect(text, `${f} uses process or console`).not.toMatch(/\bprocess\.|\bconsole\.|\bDate\.now\(|new Date\(\)/);
    }
  });
});
