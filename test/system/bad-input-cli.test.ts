/**
 * Bad indicator-system input through the real binary: under `validate` each is a finding (exit 1)
 * whose line names the file and, where there is one, the line and column; given to `show` or
 * `score` the same file is exit 2 with the file named on stderr; never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';

interface Case {
  name: string;
  yaml: string | Uint8Array;
  extra?: Record<string, string>;
  code: string;
  /** Where the finding is: `line:col`, or null for a whole-file finding (the file alone). */
  at: string | null;
  /** The file named, when not sys.yaml (a cycle is found where it closes). */
  file?: string;
  message?: RegExp;
}

const formula = (f: string) => BASE_SYSTEM.replace('"done / total * 100"', JSON.stringify(f));
const head = `format: 1\nid: a\nversion: "1"\ntitle: { zh: A }\nsource: { document: t }\n`;

const CASES: Case[] = [
  { name: 'YAML syntax error', yaml: BASE_SYSTEM.replace('title: { zh: 演示体系, en: Demo }', 'title: { zh: 演示体系, en: Demo'), code: 'YAML_SYNTAX', at: '\\d+:\\d+' },
  { name: 'duplicate key', yaml: BASE_SYSTEM.replace('version: "1"\n', 'version: "1"\nversion: "2"\n'), code: 'DUPLICATE_KEY', at: '4:\\d+' },
  { name: 'unknown key', yaml: BASE_SYSTEM.replace('type: percent', 'tpye: percent'), code: 'UNKNOWN_KEY', at: '13:32', message: /did you mean "type"\?/ },
  { name: 'unquoted version', yaml: BASE_SYSTEM.replace('version: "1"', 'version: 1.10'), code: 'SCHEMA', at: '3:10', message: /quote it: version: "1\.10"/ },
  { name: 'weights that do not add up', yaml: BASE_SYSTEM.replace('share: 0.7', 'share: 0.6'), code: 'WEIGHT_SUM', at: '19:\\d+' },
  { name: 'duplicate id', yaml: BASE_SYSTEM.replace('{ id: L2P1, name: 城市管理', '{ id: L1P1-A2, name: 城市管理'), code: 'DUPLICATE_ID', at: '29:\\d+' },
  { name: 'formula syntax error', yaml: formula('done / * total'), code: 'FORMULA', at: '23:\\d+', message: /syntax error/ },
  { name: 'undeclared field', yaml: formula('done / totl * 100'), code: 'FORMULA', at: '23:\\d+', message: /totl/ },
  { name: 'assignment', yaml: formula('done = 1'), code: 'FORMULA', at: '23:\\d+' },
  { name: 'function definition', yaml: formula('f(x) = x'), code: 'FORMULA', at: '23:\\d+' },
  { name: 'property access (mathjs escape)', yaml: formula('[].constructor.constructor("return 1")()'), code: 'FORMULA', at: '23:\\d+' },
  { name: '__proto__ access', yaml: formula('done.__proto__'), code: 'FORMULA', at: '23:\\d+' },
  { name: 'import', yaml: formula('import({}, {})'), code: 'FORMULA', at: '23:\\d+', message: /"import" is not allowed/ },
  { name: 'evaluate', yaml: formula('evaluate("1+1")'), code: 'FORMULA', at: '23:\\d+', message: /"evaluate" is not allowed/ },
  { name: 'resource bomb', yaml: formula('ones(100000000)'), code: 'FORMULA', at: '23:\\d+', message: /"ones" is not allowed/ },
  { name: 'implicit multiplication', yaml: formula('2 done'), code: 'FORMULA', at: '23:\\d+', message: /implicit multiplication/ },
  { name: 'tiers out of order', yaml: BASE_SYSTEM.replace('min: 60 }', 'min: 0 }'), code: 'TIERS_ORDER', at: '9:\\d+' },
  { name: 'extends cycle', yaml: `${head}extends: { path: b.yaml }\n`, extra: { 'b.yaml': `${head.replace('id: a', 'id: b')}extends: { path: sys.yaml }\n` }, code: 'EXTENDS_CYCLE', at: '6:10', file: 'b.yaml', message: /sys\.yaml → b\.yaml → sys\.yaml/ },
  { name: 'missing parent', yaml: `${head}extends: { id: gbt-33356-2061 }\n`, code: 'EXTENDS_NOT_FOUND', at: '6:\\d+' },
  { name: 'pinned hash mismatch', yaml: `${head}extends: { path: base.yaml, hash: "sha256:${'0'.repeat(64)}" }\n`, extra: { 'base.yaml': BASE_SYSTEM }, code: 'EXTENDS_HASH', at: '6:\\d+' },
  {
    name: 'YAML alias bomb',
    yaml: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    code: 'YAML_ALIAS_LIMIT',
    at: null,
  },
  { name: '__proto__ key', yaml: BASE_SYSTEM.replace('source: { document: test fixture }', 'source: { document: test fixture }\n__proto__: { polluted: 1 }'), code: 'UNKNOWN_KEY', at: '6:\\d+' },
  { name: '<< merge key', yaml: BASE_SYSTEM.replace('title: { zh: 演示体系, en: Demo }', 'base: &t { zh: 演示体系 }\ntitle:\n  <<: *t'), code: 'UNKNOWN_KEY', at: '\\d+:\\d+', message: /merge keys/ },
  { name: 'empty file', yaml: '', code: 'EMPTY_FILE', at: null },
  { name: 'binary file', yaml: new Uint8Array([0x66, 0x00, 0x01, 0x02]), code: 'BINARY_FILE', at: null },
  { name: 'oversized file', yaml: 'x'.repeat(3 * 1024 * 1024), code: 'FILE_TOO_LARGE', at: null },
];

const RETURNS = 'city,year,done,total,rate2\n南宁,2023,1,2,50\n';

describe('bad indicator-system input through the binary', () => {
  for (const c of CASES) {
    it(`${c.name}: validate exit 1 with ${c.code} at ${c.file ?? 'sys.yaml'}${c.at ? `:${c.at}` : ''}; show and score exit 2`, () => {
      const dir = tmpFiles({ 'sys.yaml': c.yaml, 'r.csv': RETURNS, ...c.extra });
      const v = runCli(['validate', 'sys.yaml'], { cwd: dir });
      expect(v.status, v.stdout + v.stderr).toBe(1);
      const file = (c.file ?? 'sys.yaml').replace('.', '\\.');
      const where = c.at ? `${file}:${c.at}` : file;
      const line = v.stdout.split('\n').find((l) => new RegExp(`^${where}: error ${c.code}\\b`).test(l));
      expect(line, `no "${where}: error ${c.code}" line in:\n${v.stdout}`).toBeDefined();
      if (c.message) expect(v.stdout).toMatch(c.message);
      expect(v.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);

      for (const args of [['show', 'sys.yaml'], ['score', 'sys.yaml', 'r.csv']]) {
        const r = runCli(args, { cwd: dir });
        expect(r.status, `${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(new RegExp(`^cityscore: ${where}`));
        expect(r.stderr).toMatch(/indicator system sys\.yaml is invalid|sys\.yaml/);
        expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
      }
    });
  }
});
