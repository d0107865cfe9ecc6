import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSystem, requireSystem } from '../../src/system/load.js';
import { CityscoreError } from '../../src/errors.js';
import { BASE_SYSTEM, tmpFiles } from '../helpers/tmp.js';

async function findings(yaml: string | Uint8Array, extra: Record<string, string> = {}) {
  const dir = tmpFiles({ 'sys.yaml': yaml, ...extra });
  const r = await loadSystem(join(dir, 'sys.yaml'));
  return { r, dir, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

function one(errors: { code: string; message: string; location?: { file?: string; line?: number; col?: number }; hint?: string }[], code: string) {
  const hit = errors.find((e) => e.code === code);
  expect(hit, `expected a ${code} finding, got ${JSON.stringify(errors.map((e) => e.code))}`).toBeDefined();
  return hit!;
}

describe('bad indicator-system input: each a located finding', () => {
  it('accepts the base fixture', async () => {
    const { r, errors } = await findings(BASE_SYSTEM);
    expect(errors).toEqual([]);
    expect(r.system?.nodes['L1P1-A1'].effShare).toBeCloseTo(0.18, 12);
  });

  it('YAML syntax error with line and column', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('title: { zh: 演示体系, en: Demo }', 'title: { zh: 演示体系, en: Demo'));
    const e = one(errors, 'YAML_SYNTAX');
    expect(e.location?.file).toMatch(/sys\.yaml$/);
    expect(e.location?.line).toBeGreaterThanOrEqual(4);
  });

  it('duplicate keys', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('version: "1"\n', 'version: "1"\nversion: "2"\n'));
    const e = one(errors, 'DUPLICATE_KEY');
    expect(e.location?.line).toBe(4);
  });

  it('unknown key with a did-you-mean', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('{ id: rate2, name: 一站式办理率, type: percent', '{ id: rate2, name: 一站式办理率, tpye: percent'));
    const e = one(errors, 'UNKNOWN_KEY');
    expect(e.message).toContain('"tpye"');
    expect(e.hint).toBe('did you mean "type"?');
    expect(e.location?.line).toBe(13);
    expect(e.location?.col).toBe(32); // characters, as editors count them
  });

  it('an unquoted version read as a number gets a quote-it hint', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('version: "1"', 'version: 1.10'));
    const e = one(errors, 'SCHEMA');
    expect(e.message).toContain('must be a string');
    expect(e.hint).toContain('quote it: version: "1.10"');
    expect(e.location).toMatchObject({ line: 3, col: 10 });
  });

  it('weights that do not add up', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('share: 0.7', 'share: 0.6'));
    const e = one(errors, 'WEIGHT_SUM');
    expect(e.message).toContain("L1P1's children add up to 0.9, not 1");
    expect(e.location?.line).toBe(19);
  });

  it('duplicate ids', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('{ id: L2P1, name: 城市管理', '{ id: L1P1-A2, name: 城市管理'));
    const e = one(errors, 'DUPLICATE_ID');
    expect(e.message).toContain('L1P1-A2');
    expect(e.location?.line).toBe(29);
  });

  it('formula syntax errors point into the formula', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('"done / total * 100"', '"done / * total"'));
    const e = one(errors, 'FORMULA');
    expect(e.message).toContain('syntax error');
    const line = BASE_SYSTEM.split('\n')[22].replace('"done / total * 100"', '"done / * total"');
    expect(e.location).toMatchObject({ line: 23, col: line.indexOf('*') + 1 });
  });

  it('formulas naming undeclared fields, with a suggestion', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('"done / total * 100"', '"done / totl * 100"'));
    const e = one(errors, 'FORMULA');
    expect(e.message).toContain('undeclared field "totl"');
    expect(e.hint).toBe('did you mean "total"?');
  });

  const forbidden: [string, RegExp][] = [
    ['x = 5', /assignment/],
    ['f(x) = x^2', /function definition/],
    ['done.constructor', /property and index access/],
    ['cos.constructor("return 1")()', /not allowed|only named functions|syntax error/],
    ['done["constructor"]', /property and index access/],
    ['[1, 2]', /matrices and ranges/],
    ['1:3', /matrices and ranges/],
    ['{a: 1}', /objects/],
    ['done; total', /one expression/],
    ['2 done', /implicit multiplication/],
    ['5 cm', /implicit multiplication/],
    ['"abc"', /finite numbers/],
    ['import({}, {})', /"import" is not allowed/],
    ['evaluate("1+1")', /"evaluate" is not allowed/],
    ['parse("1")', /"parse" is not allowed/],
    ['createUnit("foo")', /"createUnit" is not allowed/],
    ['ones(100000000)', /"ones" is not allowed/],
    ['zeros(10000, 10000)', /"zeros" is not allowed/],
    ['simplify("x")', /"simplify" is not allowed/],
    ['done!', /not allowed/],
  ];
  for (const [formula, re] of forbidden) {
    it(`rejects ${formula}`, async () => {
      const { errors } = await findings(BASE_SYSTEM.replace('"done / total * 100"', JSON.stringify(formula)));
      const e = one(errors, 'FORMULA');
      expect(e.message).toMatch(re);
      expect(e.location?.file).toMatch(/sys\.yaml$/);
    });
  }

  it('rejects resource bombs by size', async () => {
    const long = `min(${Array.from({ length: 600 }, () => '1').join(',')})`;
    const { errors } = await findings(BASE_SYSTEM.replace('"done / total * 100"', JSON.stringify(long)));
    expect(one(errors, 'FORMULA').message).toMatch(/more than 500 parts/);
    const longer = Array.from({ length: 1200 }, () => 'done').join('+');
    const { errors: e2 } = await findings(BASE_SYSTEM.replace('"done / total * 100"', JSON.stringify(longer)));
    expect(one(e2, 'FORMULA').message).toMatch(/the limit is 2000/);
  });

  it('tier thresholds out of order', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('min: 60 }', 'min: 0 }'));
    const e = one(errors, 'TIERS_ORDER');
    expect(e.location?.line).toBe(9);
  });

  it('extends cycles', async () => {
    const a = `format: 1\nid: a\nversion: "1"\ntitle: { zh: A }\nsource: { document: t }\nextends: { path: b.yaml }\n`;
    const b = `format: 1\nid: b\nversion: "1"\ntitle: { zh: B }\nsource: { document: t }\nextends: { path: sys.yaml }\n`;
    const { errors } = await findings(a, { 'b.yaml': b });
    const e = one(errors, 'EXTENDS_CYCLE');
    expect(e.message).toMatch(/sys\.yaml → .*b\.yaml → .*sys\.yaml/);
  });

  it('missing parents, by id with a suggestion and by path', async () => {
    const byId = `format: 1\nid: a\nversion: "1"\ntitle: { zh: A }\nsource: { document: t }\nextends: { id: gbt-33356-2061 }\n`;
    const e1 = one((await findings(byId)).errors, 'EXTENDS_NOT_FOUND');
    expect(e1.location?.line).toBe(6);
    const byPath = byId.replace('{ id: gbt-33356-2061 }', '{ path: nope.yaml }');
    const e2 = one((await findings(byPath)).errors, 'EXTENDS_NOT_FOUND');
    expect(e2.message).toContain('nope.yaml');
  });

  it('a pinned hash that does not match', async () => {
    const overlay = `format: 1\nid: o\nversion: "1"\ntitle: { zh: O }\nsource: { document: t }\nextends: { path: base.yaml, hash: "sha256:${'0'.repeat(64)}" }\n`;
    const { errors } = await findings(overlay, { 'base.yaml': BASE_SYSTEM });
    const e = one(errors, 'EXTENDS_HASH');
    expect(e.location?.line).toBe(6);
  });

  it('a pinned hash that matches is accepted', async () => {
    const dir = tmpFiles({ 'base.yaml': BASE_SYSTEM });
    const base = await loadSystem(join(dir, 'base.yaml'));
    const overlay = `format: 1\nid: o\nversion: "1"\ntitle: { zh: O }\nsource: { document: t }\nextends: { path: base.yaml, hash: "${base.system!.hash}" }\n`;
    const { errors } = await findings(overlay, { 'base.yaml': BASE_SYSTEM });
    expect(errors).toEqual([]);
  });

  it('YAML alias bombs', async () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    const { errors } = await findings(bomb);
    one(errors, 'YAML_ALIAS_LIMIT');
  });

  it('__proto__ keys are rejected and pollute nothing', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('source: { document: test fixture }', 'source: { document: test fixture }\n__proto__: { polluted: 1 }'));
    const e = one(errors, 'UNKNOWN_KEY');
    expect(e.message).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('<< merge keys are rejected, not silently merged', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('title: { zh: 演示体系, en: Demo }', 'base: &t { zh: 演示体系 }\ntitle:\n  <<: *t'));
    const codes = errors.map((e) => e.code);
    expect(codes).toContain('UNKNOWN_KEY');
    expect(errors.some((e) => e.message.includes('merge keys'))).toBe(true);
  });

  it('unknown YAML tags are errors, never code', async () => {
    const { errors } = await findings(BASE_SYSTEM.replace('document: test fixture', 'document: !!js/function "function(){}"'));
    one(errors, 'YAML_UNKNOWN_TAG');
  });

  it('empty, binary and oversized files', async () => {
    one((await findings('')).errors, 'EMPTY_FILE');
    one((await findings('  \n\n')).errors, 'EMPTY_FILE');
    one((await findings(new Uint8Array([0x66, 0x00, 0x01, 0x02]))).errors, 'BINARY_FILE');
    one((await findings('x'.repeat(3 * 1024 * 1024))).errors, 'FILE_TOO_LARGE');
    one((await findings(new Uint8Array([0x66, 0x6f, 0xff, 0xfe, 0x0a]))).errors, 'NOT_UTF8');
  });

  it('null weights validate with a warning but cannot be scored', async () => {
    const { r, dir } = await findings(BASE_SYSTEM.replace('share: 0.7', 'share: null, status: provisional, source: a copy'));
    expect(r.diagnostics.some((d) => d.code === 'NULL_WEIGHTS' && d.severity === 'warning')).toBe(true);
    expect(r.system).toBeDefined();
    const err = await requireSystem(join(dir, 'sys.yaml'), { scorable: true }).catch((e) => e);
    expect(err).toBeInstanceOf(CityscoreError);
    expect(err.code).toBe('SYSTEM_UNWEIGHTED');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('L1P1-A2');
  });

  it('a broken system given as an input is exit 2', async () => {
    const dir = tmpFiles({ 'sys.yaml': BASE_SYSTEM.replace('share: 0.7', 'share: 0.6') });
    const err = await requireSystem(join(dir, 'sys.yaml')).catch((e) => e);
    expect(err).toBeInstanceOf(CityscoreError);
    expect(err.exitCode).toBe(2);
    expect(err.details[0].code).toBe('WEIGHT_SUM');
  });
});
