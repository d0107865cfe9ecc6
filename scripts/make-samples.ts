/**
 * Writes samples/: returns of the 14 prefecture-level cities of Guangxi for 2022 and 2023, for
 * gbt-33356-2016-completed and guangxi-2023, in every form cityscore reads, plus one deliberately
 * messy workbook. Deterministic: values come from a PRNG seeded by (city, year, field), no clock;
 * xlsx entries get a fixed timestamp, so the files are byte-identical from run to run.
 *
 *   npx tsx scripts/make-samples.ts [--check]     (--check: fail if a committed file would change)
 *
 * Fields are read from the systems, so the samples follow them. Real figures from
 * /work/shared/seeds are used where a field can carry them (see samples/README.md, written here too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUANGXI_CITIES } from '../src/returns/cities.js';
import { encodeGb18030 } from '../src/returns/encoding.js';
import { buildTemplateXlsx, csvLine, templateFields } from '../src/returns/template.js';
import { normaliseZipTimes } from '../src/returns/zip.js';
import { requireSystem } from '../src/system/load.js';
import type { ResolvedField, ResolvedSystem } from '../src/system/model.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { colLetters } from '../src/returns/text.js';

const OUT = 'samples';
const YEARS = [2022, 2023] as const;
const SYSTEMS = ['gbt-33356-2016-completed', 'guangxi-2023'];
const CHECK = process.argv.includes('--check');
const changed: string[] = [];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: one stream per key.

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) for a key (mulberry32 on the key's FNV-1a hash). */
function u01(key: string): number {
  let a = hash(key);
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const noise = (key: string, amp: number) => (u01(key) * 2 - 1) * amp;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// ---------------------------------------------------------------------------------------------
// Cities. Strength: how far along each city is (synthetic; the six 2013 national pilots of seed 002
// — 南宁、柳州、桂林、贵港、钦州、玉林 — and the capital are stronger). Population, GDP and area are
// rounded, approximate 2022 orders of magnitude, used as synthetic values (not checked against
// the statistical yearbooks).

interface City {
  code: string;
  name: string;
  short: string;
  strength: number;
  pop: number;
  gdp: number;
  area: number;
  tier: string;
}

const PROFILE: Record<string, [number, number, number, number, string]> = {
  // code: [strength, population 万人, GDP 亿元, area km², tier]
  '450100': [0.92, 889, 5218, 22112, '大城市'],
  '450200': [0.86, 418, 3109, 18597, '大城市'],
  '450300': [0.83, 494, 2435, 27667, '大城市'],
  '450400': [0.58, 283, 1465, 12588, '中等城市'],
  '450500': [0.56, 187, 1650, 3337, '中等城市'],
  '450600': [0.47, 106, 1016, 6238, '小城市'],
  '450700': [0.63, 331, 1918, 10897, '中等城市'],
  '450800': [0.64, 433, 1478, 10602, '中等城市'],
  '450900': [0.66, 580, 2149, 12839, '中等城市'],
  '451000': [0.45, 358, 1602, 36202, '中等城市'],
  '451100': [0.41, 201, 1007, 11753, '小城市'],
  '451200': [0.37, 341, 1115, 33476, '中等城市'],
  '451300': [0.36, 207, 929, 13411, '小城市'],
  '451400': [0.43, 209, 1053, 17332, '小城市'],
};

const CITIES: City[] = GUANGXI_CITIES.map((c) => {
  const [strength, pop, gdp, area, tier] = PROFILE[c.code];
  return { code: c.code, name: c.name, short: c.name.replace(/市$/, ''), strength, pop, gdp, area, tier };
});

// ---------------------------------------------------------------------------------------------
// Real figures from the seeds, and values derived from them (documented in samples/README.md).

/** seed 002: 5G base stations opened in Guangxi by H1 2022. */
const GX_5G_2022 = 50678;
/** seed 002: 智桂通 registered users, over 6 500万. */
const GX_ZHIGUITONG = 65_000_000;
/** seed 002: software and IT services revenue H1 2022, 425亿元 (full year taken as twice that). */
const GX_SOFTWARE_2022 = 850;
/** seed 002: planned data-centre capacity 34万 racks; in service taken as a quarter of it. */
const GX_RACKS_2022 = 85_000;
/** seed 002: cities with a unified city-service app (爱南宁, 龙城市民云, 爱玉林, 爱梧州, 智慧荷城, 爱我崇左). */
const CITY_APPS = new Set(['450100', '450200', '450900', '450400', '450800', '451400']);
/** seed 002: 南宁 (mixed ownership) and 贵港 (PPP) have smart-city operators with social capital. */
const SOCIAL_CAPITAL = new Map([
  ['450100', 0.35],
  ['450800', 0.45],
]);
/** seed 002: 南宁 smart-city special fund 31000万元 since 2019 (≈ 7750万元 a year over 2019–2022). */
const NANNING_FUND_PER_YEAR = 7750;
/** seed 000: 南宁 urban fibre coverage 95%+ and urban 4G coverage 98.5%: their mean stands in for the L4P1 rating. */
const NANNING_BROADBAND = round((95 + 98.5) / 2, 1);

/** Split a regional total over the cities by weight, in whole units (largest remainder). */
function apportion(total: number, weights: Map<string, number>): Map<string, number> {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const raw = [...weights].map(([k, w]) => [k, (total * w) / sum] as const);
  const out = new Map(raw.map(([k, v]) => [k, Math.floor(v)]));
  let left = total - [...out.values()].reduce((a, b) => a + b, 0);
  for (const [k] of [...raw].sort((a, b) => b[1] - Math.floor(b[1]) - (a[1] - Math.floor(a[1])) || (a[0] < b[0] ? -1 : 1))) {
    if (left-- <= 0) break;
    out.set(k, out.get(k)! + 1);
  }
  return out;
}

const fiveG2022 = apportion(GX_5G_2022, new Map(CITIES.map((c) => [c.code, c.pop * (0.5 + c.strength)])));
const users2022 = apportion(GX_ZHIGUITONG / 1000, new Map(CITIES.map((c) => [c.code, c.pop * (0.8 + 0.4 * c.strength)])));
const racks2022 = apportion(GX_RACKS_2022, new Map(CITIES.map((c) => [c.code, c.gdp * c.strength ** 3])));
const software2022 = apportion(GX_SOFTWARE_2022 * 10, new Map(CITIES.map((c) => [c.code, c.gdp * c.strength ** 4])));

/** Cells left blank or marked 不适用 on purpose (self-reported fields). */
const BLANK = new Set(['450900|2022|health_record_access_rate', '451000|2023|school_wifi_rate', '451100|2022|online_retail_sales', '451200|2023|dc_racks']);
const NOT_APPLICABLE = new Set(['451300|2022|bus_arrival_forecast_rate']);

type Value = number | string | null;

/** The value of a field for a city and year: number, level label, '不适用', or null (blank). */
function valueOf(f: ResolvedField, c: City, year: number): Value {
  const key = `${c.code}|${year}|${f.id}`;
  if (BLANK.has(key)) return null;
  if (NOT_APPLICABLE.has(key)) return '不适用';
  const s = c.strength;
  const y = year - 2022; // 0 or 1
  const grow = (base: number, lo: number, hi: number) => base * (1 + y * (lo + u01(`${key}|g`) * (hi - lo)));
  switch (f.id) {
    case 'population':
      return round(c.pop * (1 + y * 0.004), 2);
    case 'area':
      return c.area;
    case 'gdp':
      return round(grow(c.gdp, 0.03, 0.06), 1);
    case 'gov_service_items_total':
      return Math.round(1200 + 600 * s + noise(`${c.code}|items`, 80) + y * 40);
    case 'gov_service_items_e_licence': {
      const total = valueOf({ ...f, id: 'gov_service_items_total' }, c, year) as number;
      return Math.round(total * clamp(0.4 + 0.5 * s + y * 0.05 + noise(key, 0.04), 0.2, 0.98));
    }
    case 'online_retail_sales':
      return round(grow(c.gdp * 0.42 * (0.05 + 0.12 * s), 0.06, 0.14), 2);
    case 'retail_sales_total':
      return round(grow(c.gdp * (0.38 + 0.1 * s), 0.02, 0.06), 1);
    case 'city_service_users_wechat':
    case 'city_service_users_alipay': {
      const share = f.id.endsWith('wechat') ? 0.35 + 0.3 * s : 0.2 + 0.25 * s;
      return Math.round(grow(c.pop * 1e4 * share, 0.05, 0.12) / 100) * 100;
    }
    case 'broadband_rating':
      if (c.code === '450100') return year === 2022 ? NANNING_BROADBAND : round(NANNING_BROADBAND + 0.8, 1);
      break;
    case 'city_card':
      if (c.code === '450100') return '全面';
      break;
    case 'mobile_city_services':
      return CITY_APPS.has(c.code) ? '全面' : '部分';
    case 'base_stations_5g':
      return Math.round(fiveG2022.get(c.code)! * (1 + y * (0.28 + u01(`${key}|g`) * 0.2)));
    case 'dc_racks':
      return Math.round(racks2022.get(c.code)! * (1 + y * (0.12 + u01(`${key}|g`) * 0.12)));
    case 'zhiguitong_users':
      return Math.round(users2022.get(c.code)! * 1000 * (1 + y * (0.05 + u01(`${key}|g`) * 0.06)));
    case 'software_it_revenue':
      return round((software2022.get(c.code)! / 10) * (1 + y * (0.06 + u01(`${key}|g`) * 0.08)), 2);
    case 'smart_city_investment_total':
      if (c.code === '450100') return NANNING_FUND_PER_YEAR;
      return Math.round(grow(600 + 5200 * s ** 2 + noise(key, 250), 0.04, 0.15));
    case 'social_capital_investment': {
      const total = valueOf({ ...f, id: 'smart_city_investment_total' }, c, year) as number;
      const share = SOCIAL_CAPITAL.get(c.code) ?? clamp(0.03 + 0.09 * u01(`${c.code}|sc`) + y * 0.01, 0, 0.2);
      return Math.round(total * share);
    }
    default:
      break;
  }
  switch (f.type) {
    case 'percent': {
      const rating = f.unit === '分';
      const base = rating ? 50 + 42 * s : 38 + 56 * s;
      return round(clamp(base + y * (1.5 + u01(`${key}|g`) * 3) + noise(`${c.code}|${f.id}`, rating ? 4 : 6), 5, rating ? 98.5 : 99.6), 1);
    }
    case 'level': {
      const levels = f.levels ?? [];
      if (levels.length === 0) return null;
      // monotonic in time (the noise is per city and field), so a city never falls back a level
      const t = clamp(s + y * 0.08 + noise(`${c.code}|${f.id}`, 0.18), 0, 0.999);
      return levels[Math.floor(t * levels.length)];
    }
    case 'boolean':
      return s + noise(key, 0.2) > 0.5 ? '是' : '否';
    case 'count':
      return Math.round(grow(100 + 900 * s, 0.03, 0.1));
    case 'money':
    case 'number':
      return round(grow(50 + 450 * s, 0.03, 0.1), 2);
    case 'text':
      return null;
  }
  return null;
}

const SURVEY = (c: City, year: number) => round(clamp(58 + 30 * c.strength + (year - 2022) * 1.2 + noise(`${c.code}|${year}|survey`, 2.5), 0, 100), 1);

// ---------------------------------------------------------------------------------------------
// Writing (only when the bytes change, so that --check can compare)

function put(path: string, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  if (existsSync(path) && readFileSync(path).equals(buf)) return;
  changed.push(path);
  if (!CHECK) writeFileAtomic(path, buf);
}

type ExcelJSModule = typeof import('exceljs');
async function excel(): Promise<ExcelJSModule> {
  const mod = (await import('exceljs')) as ExcelJSModule & { default?: ExcelJSModule };
  return mod.default ?? mod;
}

/** The template for a year with the 14 cities, filled in the way a provincial office would. */
async function filledWorkbook(system: ResolvedSystem, year: number): Promise<Buffer> {
  const ExcelJS = await excel();
  const template = await buildTemplateXlsx(system, { year, cities: CITIES.map((c) => ({ code: c.code, name: c.name })) });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('填报数据')!;
  const ids = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  const fields = new Map(templateFields(system).map((f) => [f.id, f]));
  CITIES.forEach((c, i) => {
    const row = ws.getRow(5 + i);
    ids.forEach((id, col) => {
      if (id === 'province') row.getCell(col).value = '广西壮族自治区';
      if (id === 'tier') row.getCell(col).value = c.tier;
      const f = fields.get(id);
      if (!f) return;
      const v = valueOf(f, c, year);
      const cell = row.getCell(col);
      if (typeof v === 'number' && f.type === 'percent' && f.unit === '%') {
        // as Excel stores a typed "95.5%": the fraction, shown through a percent format
        cell.value = v / 100;
        cell.numFmt = '0.0%';
      } else cell.value = v;
    });
  });
  wb.modified = new Date(Date.UTC(year + 1, 2, 1));
  return normaliseZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

function headerName(f: ResolvedField): string {
  const h = f.unit && f.unit !== '分' ? `${f.name}（${f.unit}）` : f.name;
  try {
    encodeGb18030(h);
    return h;
  } catch {
    return f.name;
  }
}

function cellOut(v: Value): string | number | null {
  return v;
}

/** Wide CSV with Chinese headers (name and unit), short city names, both years, GB18030. */
function wideCsv(system: ResolvedSystem): Uint8Array {
  const fields = templateFields(system);
  const lines = [csvLine(['行政区划代码', '城市', '年份', '省份', '城市等级', ...fields.map(headerName)])];
  for (const year of YEARS)
    for (const c of CITIES) lines.push(csvLine([c.code, c.short, year, '广西', c.tier, ...fields.map((f) => cellOut(valueOf(f, c, year)))]));
  return encodeGb18030(`${lines.join('\r\n')}\r\n`);
}

/** Long CSV: code, city, year, field, value, unit (UTF-8, no BOM, LF). */
function longCsv(system: ResolvedSystem): string {
  const fields = templateFields(system);
  const lines = [csvLine(['code', 'city', 'year', 'field', 'value', 'unit'])];
  for (const c of CITIES)
    for (const year of YEARS) for (const f of fields) lines.push(csvLine([c.code, c.name, year, f.id, cellOut(valueOf(f, c, year)), f.unit ?? null]));
  return `${lines.join('\n')}\n`;
}

/** Citizen survey (third party): city names only, no codes. */
function surveyCsv(system: ResolvedSystem): string | null {
  const f = system.fields.find((x) => x.source === 'survey');
  if (!f) return null;
  const lines = [csvLine(['城市', '年份', f.name, '备注'])];
  for (const year of YEARS) for (const c of CITIES) lines.push(csvLine([c.name, year, SURVEY(c, year), '第三方调查（示例数据）']));
  return `${lines.join('\n')}\n`;
}

/** Figures delivered by another source (central, region): counts written with 万. */
function sourceCsv(system: ResolvedSystem, source: string): string | null {
  const fields = system.fields.filter((x) => x.source === source);
  if (!fields.length) return null;
  const lines = [csvLine(['code', 'city', 'year', ...fields.map((f) => f.id)])];
  for (const year of YEARS) {
    for (const c of CITIES) {
      lines.push(
        csvLine([
          c.code,
          c.name,
          year,
          ...fields.map((f) => {
            const v = valueOf(f, c, year);
            return typeof v === 'number' && f.magnitudes.includes('万') ? `${round(v / 1e4, 2)}万` : v;
          }),
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

interface CorrectionSpec {
  city: City;
  year: number;
  field: string;
  value: number;
  reason: string;
  reviewer: string;
}

function corrections(system: ResolvedSystem): CorrectionSpec[] {
  const has = (id: string) => system.fields.some((f) => f.id === id);
  const by = (code: string) => CITIES.find((c) => c.code === code)!;
  const out: CorrectionSpec[] = [
    {
      city: by('450200'),
      year: 2023,
      field: 'one_stop_rate',
      value: 91.2,
      reason: '复核发现原填报值按事项数口径统计，应按办件量口径（示例）',
      reviewer: '自治区数据复核组 李工（示例）',
    },
    {
      city: by('451100'),
      year: 2022,
      field: 'online_retail_sales',
      value: 31.6,
      reason: '原表漏填，依据商务部门统计补录（示例）',
      reviewer: '自治区数据复核组 王工（示例）',
    },
  ];
  if (has('base_stations_5g'))
    out.push({
      city: by('451200'),
      year: 2023,
      field: 'dc_racks',
      value: 1200,
      reason: '原表漏填，依据通信管理部门台账补录（示例）',
      reviewer: '自治区数据复核组 李工（示例）',
    });
  return out;
}

function correctionsCsv(system: ResolvedSystem): string {
  const fields = new Map(system.fields.map((f) => [f.id, f]));
  const lines = [csvLine(['city', 'year', 'field', 'original', 'value', 'reason', 'reviewer'])];
  for (const c of corrections(system)) {
    const orig = valueOf(fields.get(c.field)!, c.city, c.year);
    lines.push(csvLine([c.city.name, c.year, c.field, orig ?? '', c.value, c.reason, c.reviewer]));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The messy return: problems planted at known cells (listed in samples/messy/README.md and
// expected-findings.json, and checked by test/returns/samples.test.ts).

const MESSY = {
  system: 'gbt-33356-2016-completed',
  file: 'messy-returns-2023.xlsx',
  sheet: '2023年数据',
  accepted: [] as { cell: string; what: string }[],
};

interface Planted {
  code: string;
  severity: 'error' | 'warning';
  cell: string;
  what: string;
}

let planted: Planted[] = [];

function messyFindings(): Planted[] {
  return planted;
}

/** 1-based column number → letters. */
const letter = (c: number) => colLetters(c - 1);

async function writeMessy(system: ResolvedSystem): Promise<Buffer> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(Date.UTC(2024, 2, 1));
  wb.created = stamp;
  wb.modified = stamp;
  wb.creator = 'cityscore samples';
  const ws = wb.addWorksheet(MESSY.sheet);
  const fields = templateFields(system);
  const col = new Map(fields.map((f, i) => [f.id, 4 + i]));
  const at = (id: string, row: number) => `${letter(col.get(id)!)}${row}`;
  const byCode = (code: string) => CITIES.find((c) => c.code === code)!;
  planted = [];
  const accepted: { cell: string; what: string }[] = [];

  // Title rows and a two-row header with merged cells.
  const last = letter(3 + fields.length);
  ws.getCell('A1').value = '2023年广西设区市新型智慧城市评价数据汇总表（示例）';
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A2').value = '汇总：自治区数据汇总组（示例）　　数据截止：2023年12月31日';
  ws.mergeCells(`A2:${last}2`);
  accepted.push({ cell: 'A1:A2', what: 'two title rows above the header (merged across the sheet)' });
  ws.getCell('A3').value = '行政区划代码';
  ws.mergeCells('A3:A4');
  ws.getCell('B3').value = '城市';
  ws.mergeCells('B3:B4');
  ws.getCell('C3').value = '年份';
  ws.mergeCells('C3:C4');
  accepted.push({ cell: 'A3:C4', what: 'identity headers merged over the two header rows (行政区划代码, 城市, 年份)' });
  // 惠民服务 spans the fields after population up to the first rating of L2 (城市管理评分)
  const l2 = fields.findIndex((f) => f.id === 'city_management_rating');
  const firstL1 = col.get(fields[1].id)!;
  const lastL1 = col.get(fields[(l2 > 1 ? l2 : fields.length) - 1].id)!;
  ws.getCell(3, 4).value = '基本情况';
  ws.getCell(3, firstL1).value = '惠民服务';
  ws.mergeCells(3, firstL1, 3, lastL1);
  ws.getCell(3, lastL1 + 1).value = '其他领域评分';
  ws.mergeCells(3, lastL1 + 1, 3, 3 + fields.length);
  accepted.push({ cell: `${letter(firstL1)}3:${letter(lastL1)}3`, what: 'a group label merged over the field headers (惠民服务)' });
  for (const f of fields) {
    let h = f.name;
    if (f.id === 'population') h = '常住人口（万人）';
    else if (f.id === 'emr_rate') h = '电子病历普及率';
    else if (f.id === 'one_stop_rate') h = '一站式办里率';
    else if (f.unit === '%' && f.id.endsWith('_rate') && col.get(f.id)! % 3 === 0) h = `${f.name}（%）`;
    ws.getCell(4, col.get(f.id)!).value = h;
  }
  accepted.push({ cell: at('population', 4), what: 'a header with its unit in brackets: 常住人口（万人）' });
  accepted.push({ cell: at('emr_rate', 4), what: 'a header given by a declared alias: 电子病历普及率' });
  planted.push({
    code: 'UNKNOWN_COLUMN',
    severity: 'warning',
    cell: at('one_stop_rate', 4),
    what: 'misspelt header 一站式办里率 (一站式办理率): the column is not read; check suggests one_stop_rate',
  });
  for (let c = 1; c <= 3 + fields.length; c++) {
    for (const r of [3, 4]) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    }
  }

  // Data rows.
  const rows: { code: string; name?: string; year: unknown; values?: string }[] = [
    { code: '450100', year: 2023 },
    { code: '450200', year: 2023 },
    { code: '450300', year: 2023 },
    { code: '450400', year: new Date(Date.UTC(2023, 11, 31)) },
    { code: '450500', year: 2023 },
    { code: '450200', year: 2023 },
    { code: '', name: '南林市', year: 2023, values: '450100' },
    { code: '450700', year: '二〇二三' },
  ];
  rows.forEach((spec, i) => {
    const r = 5 + i;
    const city = byCode(spec.values ?? spec.code);
    ws.getCell(r, 1).value = spec.code ? Number(spec.code) : null;
    ws.getCell(r, 2).value = spec.name ?? byCode(spec.code).name;
    ws.getCell(r, 3).value = spec.year as number;
    for (const f of fields) {
      const v = valueOf(f, city, 2023);
      ws.getCell(r, col.get(f.id)!).value = v;
    }
  });
  const R = { nanning: 5, liuzhou: 6, guilin: 7, wuzhou: 8, beihai: 9, dup: 10, typo: 11, badYear: 12 };
  const set = (id: string, row: number, v: unknown) => (ws.getCell(row, col.get(id)!).value = v as number);

  // accepted variations
  set('online_single_entry_rate', R.nanning, '95%');
  accepted.push({ cell: at('online_single_entry_rate', R.nanning), what: 'a percentage written as text "95%" (read as 95)' });
  const transit = valueOf(
    fields.find((f) => f.id === 'transit_e_payment_rate')!,
    byCode('450200'),
    2023,
  ) as number;
  set('transit_e_payment_rate', R.liuzhou, transit / 100);
  ws.getCell(R.liuzhou, col.get('transit_e_payment_rate')!).numFmt = '0.0%';
  accepted.push({
    cell: at('transit_e_payment_rate', R.liuzhou),
    what: `a cell shown as ${transit}% (stores ${transit / 100} with a % number format; read as ${transit})`,
  });
  set('gov_service_items_e_licence', R.guilin, '1,234');
  accepted.push({ cell: at('gov_service_items_e_licence', R.guilin), what: 'a number stored as text with a thousands separator: "1,234"' });
  set('multimedia_classroom_rate', R.wuzhou, '８８.５');
  accepted.push({ cell: at('multimedia_classroom_rate', R.wuzhou), what: 'full-width digits: "８８.５" (read as 88.5)' });
  ws.getCell(R.beihai, 2).value = {
    richText: [
      { text: '北海', font: { bold: true } },
      { text: '市', font: { color: { argb: 'FFC00000' } } },
    ],
  };
  accepted.push({ cell: `B${R.beihai}`, what: 'a city name in rich text (北海 bold, 市 red)' });
  accepted.push({ cell: `C${R.wuzhou}`, what: 'the year entered as a date (2023-12-31; read as 2023)' });
  const retail = valueOf(
    fields.find((f) => f.id === 'retail_sales_total')!,
    byCode('450100'),
    2023,
  ) as number;
  set('retail_sales_total', R.nanning, { formula: `ROUND(${retail},1)`, result: retail });
  accepted.push({ cell: at('retail_sales_total', R.nanning), what: 'a formula with its cached result (the result is read)' });
  set('gov_service_items_total', R.liuzhou, '1 880');
  accepted.push({ cell: at('gov_service_items_total', R.liuzhou), what: 'a space as thousands separator: "1 880"' });

  // planted problems
  set('gov_service_items_total', R.nanning, { formula: `ROUND(${at('gov_service_items_e_licence', R.nanning)}/0.85,0)` });
  planted.push({
    code: 'FORMULA_NO_RESULT',
    severity: 'error',
    cell: at('gov_service_items_total', R.nanning),
    what: 'a formula saved without a calculated result (exceljs never calculates)',
  });
  set('appointment_rate', R.guilin, '—');
  planted.push({
    code: 'MISSING_REQUIRED',
    severity: 'warning',
    cell: at('appointment_rate', R.guilin),
    what: 'a dash (—) in a required field: read as missing',
  });
  set('school_wifi_rate', R.wuzhou, '约90');
  planted.push({ code: 'NOT_A_NUMBER', severity: 'error', cell: at('school_wifi_rate', R.wuzhou), what: 'text in a number field: "约90"' });
  set('online_retail_sales', R.wuzhou, '1e400');
  planted.push({ code: 'VALUE_TOO_LARGE', severity: 'error', cell: at('online_retail_sales', R.wuzhou), what: '"1e400" does not fit a double' });
  set('emr_rate', R.beihai, 105);
  planted.push({ code: 'PERCENT_ABOVE_100', severity: 'error', cell: at('emr_rate', R.beihai), what: 'a percentage above 100: 105' });
  set('city_card', R.beihai, '基本实现');
  planted.push({ code: 'NOT_A_LEVEL', severity: 'error', cell: at('city_card', R.beihai), what: '"基本实现" is not one of 无/部分/全面' });
  planted.push({ code: 'DUPLICATE_ROW', severity: 'error', cell: `B${R.dup}`, what: '柳州市 2023 a second time (the first row, 6, is read)' });
  planted.push({ code: 'CITY_UNRECOGNISED', severity: 'warning', cell: `B${R.typo}`, what: 'a misspelt city without a code: 南林市 (check suggests 南宁市, 桂林市 or 玉林市: equally close, all in Guangxi)' });
  planted.push({ code: 'YEAR_INVALID', severity: 'error', cell: `C${R.badYear}`, what: 'a year that is not a year: 二〇二三 (the row is not read)' });

  // a footer note, read as nothing
  ws.getCell(R.badYear + 2, 1).value = '填表人：（示例）　审核人：（示例）　联系电话：（示例）';
  accepted.push({ cell: `A${R.badYear + 2}`, what: 'a footer note below the data (skipped)' });

  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 10;
  ws.getColumn(3).width = 12;
  for (let c = 4; c <= 3 + fields.length; c++) ws.getColumn(c).width = 14;
  MESSY.accepted = accepted;
  planted.sort((a, b) => {
    const ra = Number(/\d+$/.exec(a.cell)![0]);
    const rb = Number(/\d+$/.exec(b.cell)![0]);
    return ra - rb || a.cell.length - b.cell.length || (a.cell < b.cell ? -1 : 1);
  });
  return normaliseZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const id of SYSTEMS) {
    const system = await requireSystem(id);
    const dir = join(OUT, id);
    for (const year of YEARS) put(join(dir, `returns-${year}.xlsx`), await filledWorkbook(system, year));
    put(join(dir, 'returns-2022-2023.gb18030.csv'), wideCsv(system));
    put(join(dir, 'returns-long-2022-2023.csv'), longCsv(system));
    const survey = surveyCsv(system);
    if (survey) put(join(dir, 'survey-2022-2023.csv'), survey);
    for (const src of system.sources.map((s) => s.id).filter((s) => s !== 'self' && s !== 'survey')) {
      const text = sourceCsv(system, src);
      if (text) put(join(dir, `${src}-2022-2023.csv`), text);
    }
    put(join(dir, 'corrections.csv'), correctionsCsv(system));
    put(join(dir, 'template-2024.xlsx'), await buildTemplateXlsx(system, { year: 2024 }));
  }
  const messySystem = await requireSystem(MESSY.system);
  put(join(OUT, 'messy', MESSY.file), await writeMessy(messySystem));
  put(join(OUT, 'messy', 'expected-findings.json'), `${JSON.stringify(messyFindings(), null, 2)}\n`);
  put(join(OUT, 'README.md'), readme());
  put(join(OUT, 'messy', 'README.md'), messyReadme());
  if (CHECK && changed.length) {
    console.error(`samples are out of date: ${changed.join(', ')}\nrun: npx tsx scripts/make-samples.ts`);
    process.exitCode = 1;
  } else console.log(changed.length ? `wrote ${changed.length} file(s):\n  ${changed.join('\n  ')}` : 'samples are up to date');
}

function readme(): string {
  const n = (code: string) => CITIES.find((c) => c.code === code)!.name;
  const five = [...fiveG2022].map(([k, v]) => `${n(k)} ${v}`).join('、');
  return `# Sample returns

Generated by \`npx tsx scripts/make-samples.ts\` (deterministic: a PRNG seeded by city, year and field;
no clock). Do not edit by hand: change the script and run it again (\`--check\` tells whether the
committed files are current).

The 14 prefecture-level cities of Guangxi (广西壮族自治区) with their division codes
(行政区划代码), for 2022 and 2023.

## Files

For each system, \`gbt-33356-2016-completed/\` and \`guangxi-2023/\`:

| File | What | Source |
|---|---|---|
| \`returns-2022.xlsx\`, \`returns-2023.xlsx\` | the city returns, wide: the \`cityscore template\` workbook for the year with the 14 cities, filled in (percentages stored the way Excel stores a typed \`95.5%\`: 0.955 with a % format) | self |
| \`returns-2022-2023.gb18030.csv\` | the same values, wide CSV in GB18030, Chinese headers with units (\`常住人口（万人）\`), short city names (\`南宁\`) | self |
| \`returns-long-2022-2023.csv\` | the same values, long CSV (code, city, year, field, value, unit), UTF-8 | self |
| \`survey-2022-2023.csv\` | the citizen survey score (市民体验调查得分), city names only | \`survey=\` |
| \`central-2022-2023.csv\` | the WeChat/Alipay city-service users, computed centrally, written with 万 | \`central=\` |
| \`region-2022-2023.csv\` | (guangxi-2023) 智桂通 registered users, compiled by the region | \`region=\` |
| \`corrections.csv\` | verified corrections (city, year, field, original, value, reason, reviewer) | \`--corrections\` |
| \`template-2024.xlsx\` | the empty form for 2024 (\`cityscore template <system> --year 2024\`) | |

The three self-reported forms hold the same values; use one of them. For example:

\`\`\`sh
cityscore check gbt-33356-2016-completed samples/gbt-33356-2016-completed/returns-2022.xlsx samples/gbt-33356-2016-completed/returns-2023.xlsx \\
  survey=samples/gbt-33356-2016-completed/survey-2022-2023.csv central=samples/gbt-33356-2016-completed/central-2022-2023.csv \\
  --corrections samples/gbt-33356-2016-completed/corrections.csv
cityscore check guangxi-2023 samples/guangxi-2023/returns-2022-2023.gb18030.csv survey=samples/guangxi-2023/survey-2022-2023.csv \\
  central=samples/guangxi-2023/central-2022-2023.csv region=samples/guangxi-2023/region-2022-2023.csv --corrections samples/guangxi-2023/corrections.csv
\`\`\`

Left blank on purpose (each gives a MISSING_REQUIRED warning): 玉林市 2022 二级以上医疗机构门诊健康档案调阅率,
百色市 2023 学校无线网络覆盖率, 贺州市 2022 网上商品零售额 (filled in by a correction), and for guangxi-2023
河池市 2023 数据中心标准机架数 (filled in by a correction). Marked 不适用: 来宾市 2022
公共汽电车来车信息实时预报率. The checks therefore end with warnings and exit 0.

## Which values are real

Real figures (from the seed articles in \`/work/shared/seeds\`) and values derived from them:

| Field | Cities, years | Value | Seed, sentence |
|---|---|---|---|
| broadband_rating (宽带网络设施评分) | 南宁市 2022 (2023: +0.8, synthetic) | ${NANNING_BROADBAND} | seed 000 (\`000_7b79a9feb16227c3.txt\`, 新华社 2015): "南宁城市光网覆盖率达到95%以上" and "市区4G覆盖率达到98.5%"; the mean of the two stands in for the 0–100 rating (a derivation, not an official rating; the figures are from 2015) |
| city_card (一卡通应用情况) | 南宁市, both years | 全面 | seed 000: 市民卡 "实现了市区所有公交车乘车、2个社区医院诊疗结算、100辆试点出租车乘车、水、燃气缴费等多个刷卡应用", 累计发卡量 "100多万张" (2015); the level is our reading |
| mobile_city_services (移动互联网城市服务提供情况) | 南宁、柳州、玉林、梧州、贵港、崇左: 全面; others 部分 | | seed 002 (\`002_65cff883b86de1e2.txt\`, 《广西新型智慧城市发展现状与对策建议》): "继“爱南宁”APP作为成功范例后，柳州、玉林、梧州、贵港、崇左等地分别建设“龙城市民云”“爱玉林”“爱梧州”“智慧荷城”“爱我崇左”等APP，提供城市服务统一入口" |
| base_stations_5g (5G基站数), guangxi-2023 | all, 2022 | the 14 values sum to ${GX_5G_2022} (${five}); 2023 synthetic growth | seed 002: "截至2022年上半年，全区5G基站开通数达50678座" (the regional total is real; the split by population and strength is synthetic) |
| zhiguitong_users (智桂通注册用户数), guangxi-2023 | all, 2022 | sum 6 500万, split by population; 2023 synthetic growth | seed 002: "“智桂通”移动开放生态体系上线运行…注册用户超6500万" |
| software_it_revenue (软件和信息技术服务业收入), guangxi-2023 | all, 2022 | sum ${GX_SOFTWARE_2022}亿元 = twice the half-year figure | seed 002: "2022年上半年，我区软件和信息技术服务业收入为425亿元" (doubling it for the year is our assumption) |
| dc_racks (数据中心标准机架数), guangxi-2023 | all, 2022 | sum ${GX_RACKS_2022} = a quarter of the planned capacity | seed 002: "规划最大承载能力达到34万标准机架" (the in-service quarter is our assumption) |
| smart_city_investment_total (智慧城市项目总投资), guangxi-2023 | 南宁市 | ${NANNING_FUND_PER_YEAR}万元 a year | seed 002: "南宁市设立智慧城市专项资金，2019年以来共下达资金31000万元" (spread over 2019–2022; the special fund stands in for the total) |
| social_capital_investment, guangxi-2023 | 南宁市 35%, 贵港市 45% of the total; others 3–12% | | seed 002: "仅有南宁采用混合所有制、贵港采用PPP模式组建智慧城市运营公司，其余设区市…大部分由地方财政投资" (the shares are synthetic, their ordering follows the seed) |

Seed figures with no field in these systems (not used): 南宁 农村行政村光缆通达率 97%, 有线宽带覆盖率 88%,
电子政务网络 近200家 units; 南宁 数字城管案件 月均3.11万件 (2018); 全区 数据中心 787个 (2021).

Everything else is **synthetic**: plausible values from a seeded generator, with 南宁、柳州、桂林 strongest
and the 2013 national pilots (贵港、钦州、玉林) next (seed 002 names the pilots). Population, GDP and
area are rounded orders of magnitude of the real cities, not checked against the yearbooks; the
city tiers (大城市/中等城市/小城市), the survey scores, the WeChat/Alipay user numbers and the
corrections are invented for the example.

## messy/

A deliberately messy workbook for \`cityscore check\`; see [messy/README.md](messy/README.md).
`;
}

function messyReadme(): string {
  const rows = messyFindings()
    .map((f) => `| \`${f.cell}\` | ${f.code} | ${f.severity} | ${f.what} |`)
    .join('\n');
  const ok = MESSY.accepted.map((a) => `| \`${a.cell}\` | ${a.what} |`).join('\n');
  return `# A messy return

\`${MESSY.file}\` is a 2023 return for \`${MESSY.system}\` written the way real returns often arrive:
title rows above the header, merged header cells, Chinese column names with units, and a few
problems planted on purpose. \`cityscore check ${MESSY.system} samples/messy/${MESSY.file}\` lists
exactly these findings (sheet \`${MESSY.sheet}\`), and exits 1 because some are errors:

| Cell | Code | Level | What was planted |
|---|---|---|---|
${rows}

Read without a finding (the variations ingestion accepts):

| Cell | What |
|---|---|
${ok}

\`expected-findings.json\` holds the same list; a test checks that \`check\` reports exactly it.
`;
}

await main();
