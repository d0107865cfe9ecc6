// Formatting and escaping: the rounding shortcut agrees with roundTo; Markdown, HTML and CSV escaping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundDecimal } from '../../src/util/round.js';
import { csvField, csvText, escHtml, escMd, Fmt, looksLikeFormula, rankMove, roundFast } from '../../src/report/format.js';
import { cityStems } from '../../src/report/names.js';
import { STRINGS } from '../../src/report/i18n.js';
import { FINDING_LABELS_ZH } from '../../src/report/finding-labels.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/oracles.js';
import type { Results, ResultsCity } from '../../src/engine/results.js';

const sys = (precision: number, rounding: 'half-up' | 'half-even') => ({ system: { method: { precision, rounding } } }) as unknown as Results;

describe('rounding', () => {
  it('roundTo (fast path) gives exactly what the decimal-digit path gives (random doubles, decimals and ties)', () => {
    const decimals = fc
      .integer({ min: -10_000_000, max: 10_000_000 })
      .chain((k) => fc.constantFrom(k / 1000, k / 100000, k / 8, (k + 0.5) / 100, k * 1.000001));
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), decimals),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (x, p, rule) => {
          expect(Object.is(roundFast(x, p, rule), roundDecimal(x, p, rule))).toBe(true);
        },
      ),
      { numRuns: 20000 },
    );
    for (const [x, p] of [
      [2.675, 2],
      [1.005, 2],
      [0.125, 2],
      [-0.125, 2],
      [-0.004, 2],
      [89.965, 2],
      [1e15 + 0.5, 0],
    ] as const) {
      for (const rule of ['half-up', 'half-even'] as const) expect(Object.is(roundFast(x, p, rule), roundDecimal(x, p, rule))).toBe(true);
    }
  });

  it('Fmt uses the precision and rule of the results', () => {
    const f = new Fmt(sys(2, 'half-up'));
    expect(f.score(2.675)).toBe('2.68');
    expect(f.round(2.675)).toBe(2.68);
    expect(f.signed(0.004)).toBe('0.00');
    expect(f.signed(0.005)).toBe('+0.01');
    expect(f.signed(-1.234)).toBe('-1.23');
    expect(f.score(null)).toBe('—');
    expect(f.excelFormat).toBe('0.00');
    const e = new Fmt(sys(1, 'half-even'));
    expect(e.score(0.25)).toBe('0.2');
    expect(e.score(0.35)).toBe('0.4');
    expect(e.excelFormat).toBe('0.0');
    expect(new Fmt(sys(0, 'half-up')).excelFormat).toBe('0');
    expect(rankMove(2)).toBe('↑2');
    expect(rankMove(-1)).toBe('↓1');
    expect(rankMove(0)).toBe('=');
  });
});

describe('escaping', () => {
  const evil = '=HYPERLINK("http://x","y")';
  it('Markdown: punctuation escaped, no raw HTML, no autolink, no table break', () => {
    const md = escMd(`${evil} | <b>x</b> [a](b) *c* _d_ www.example.com`);
    expect(md).toBe('=HYPERLINK\\("http\\://x","y"\\) \\| &lt;b&gt;x&lt;/b&gt; \\[a\\]\\(b\\) \\*c\\* \\_d\\_ www\\.example.com');
    expect(escMd('a\nb')).toBe('a b');
  });
  it('HTML', () => {
    expect(escHtml(`<script>alert('x')</script> & "q"`)).toBe('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;');
  });
  it('CSV: formula-like text is quoted inert; numbers stay numbers; BOM and CRLF', () => {
    expect(looksLikeFormula(evil)).toBe(true);
    expect(looksLikeFormula('-1')).toBe(false); // a plain negative number is not a formula
    expect(looksLikeFormula('-1+A1')).toBe(true);
    expect(looksLikeFormula('-x')).toBe(true);
    expect(looksLikeFormula('南宁市')).toBe(false);
    expect(csvField(evil)).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
    expect(
      csvText([
        ['a', 1],
        ['b', null],
      ]),
    ).toBe('\uFEFFa,1\r\nb,\r\n');
  });
});

describe('labels and names', () => {
  it('the two string tables have the same keys', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS['zh-CN']).sort());
    expect(Object.keys(STRINGS.en.sheets).sort()).toEqual(Object.keys(STRINGS['zh-CN'].sheets).sort());
  });
  it('sheet names fit Excel (31 characters, no []:*?/\\)', () => {
    for (const t of Object.values(STRINGS)) for (const n of Object.values(t.sheets)) expect(n).toMatch(/^[^[\]:*?/\\]{1,31}$/);
  });
  it('city file stems are safe and unique', () => {
    const c = (key: string, name: string, code?: string) => ({ key, name, code, year: 2023 }) as ResultsCity;
    const m = cityStems([c('a', '南宁市', '450100'), c('b', '=HYPERLINK("http://x","y")'), c('c', '../../etc/passwd'), c('d', '南宁市', '450100')]);
    expect(m.get('a')).toBe('450100-南宁市-2023');
    expect(m.get('b')).toBe('HYPERLINK_http_x_y-2023');
    expect(m.get('c')).toBe('etc_passwd-2023');
    expect(m.get('d')).toBe('450100-南宁市-2023-2');
  });
});

describe('finding labels (zh-CN)', () => {
  it('every finding code that ingestion and the engine write has a Chinese label', () => {
    const dirs = ['returns', 'engine'].map((d) => join(PROJECT_ROOT, 'src', d));
    const codes = new Set<string>();
    for (const d of dirs)
      for (const f of readdirSync(d).filter((x) => x.endsWith('.ts')))
        for (const m of readFileSync(join(d, f), 'utf8').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((c) => !FINDING_LABELS_ZH[c])).toEqual([]);
  });
});
