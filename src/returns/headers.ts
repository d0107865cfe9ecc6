/**
 * Column headers → what each column holds. A column matches a field by id, by Chinese name or by a
 * declared alias, ignoring surrounding spaces, full-width/half-width differences, line breaks and a
 * unit in brackets (`人口（万人）` matches 人口). City identity, year and group columns are
 * recognised by their usual names; so are the columns of the long layout (city, year, field, value).
 */
import type { ResolvedField, ResolvedSystem } from '../system/model.js';
import { didYouMean } from '../util/suggest.js';
import { halfWidth, key, splitTrailingUnit } from './text.js';

export type ColumnRole =
  | { kind: 'code' }
  | { kind: 'name' }
  | { kind: 'year' }
  | { kind: 'group'; id: string }
  | { kind: 'field'; field: ResolvedField; index: number; headerUnit?: string }
  | { kind: 'longField' }
  | { kind: 'longFieldName' }
  | { kind: 'longValue' }
  | { kind: 'longUnit' }
  | { kind: 'ignore' }
  | { kind: 'unknown'; header: string; suggestion?: string };

const words = (...ws: string[]) => new Set(ws.map(key));

export const CODE_HEADERS = words(
  'code',
  'city_code',
  'citycode',
  'adcode',
  'division_code',
  '行政区划代码',
  '区划代码',
  '行政代码',
  '城市代码',
  '地区代码',
  '行政区划编码',
  '区划编码',
  '代码',
);
export const NAME_HEADERS = words(
  'city',
  'city_name',
  'cityname',
  'name',
  '城市',
  '城市名称',
  '城市名',
  '地市',
  '设区市',
  '地级市',
  '市',
  '地区',
  '地区名称',
  '填报单位',
  '单位名称',
  '市名',
  '市州',
);
export const YEAR_HEADERS = words('year', '年份', '年度', '报告年度', '统计年度', '数据年份', '填报年度', '年', '报告期');
const LONG_FIELD_HEADERS = words(
  'field',
  'field_id',
  'fieldid',
  'indicator',
  'indicator_id',
  '字段',
  '字段代码',
  '字段编码',
  '字段名',
  '指标代码',
  '指标编码',
  '指标id',
);
const LONG_FIELD_NAME_HEADERS = words('field_name', 'fieldname', 'indicator_name', '指标', '指标名称', '字段名称', '填报项', '填报项目', '项目');
const LONG_VALUE_HEADERS = words('value', '值', '数值', '填报值', '指标值', '数据', '本年值', '本年数值', '填报数据');
const LONG_UNIT_HEADERS = words('unit', '单位', '计量单位');
const IGNORE_HEADERS = words(
  'note',
  'notes',
  'remark',
  'remarks',
  'comment',
  '备注',
  '说明',
  '指标说明',
  '填报说明',
  '序号',
  'no',
  'no.',
  '#',
  'previous',
  'previous_value',
  '上年值',
  '上年数值',
  '上年参考值',
  '参考值',
  'range',
  '填写范围',
  '取值范围',
  '有效范围',
  '数据来源',
  'source',
  '填报人',
  '联系人',
  '联系电话',
  '审核人',
  'type',
  '类型',
  '省份代码',
);

/** Words that label a header-continuation row in the identity columns (template rows 2–4). */
export const LABEL_WORDS = new Set([
  ...CODE_HEADERS,
  ...NAME_HEADERS,
  ...YEAR_HEADERS,
  ...words('单位', '计量单位', '填写范围', '取值范围', '有效范围', '范围', '说明', '字段', '名称', '上年值', '上年参考值', '参考值', '上年数据'),
]);

export class HeaderMatcher {
  private fields = new Map<string, { field: ResolvedField; index: number }>();
  private groups = new Map<string, string>();
  private candidates: string[] = [];
  private candidateField = new Map<string, string>();

  constructor(readonly system: ResolvedSystem) {
    system.fields.forEach((field, index) => {
      const entry = { field, index };
      for (const label of [field.id, field.name, ...field.aliases, ...(field.nameEn ? [field.nameEn] : [])]) {
        const k = key(label);
        if (!this.fields.has(k)) this.fields.set(k, entry);
      }
      for (const label of [field.id, field.name, ...field.aliases]) {
        this.candidates.push(label);
        this.candidateField.set(label, field.id);
      }
    });
    for (const g of system.settings.groups) {
      for (const label of [g.id, g.name, ...(g.name_en ? [g.name_en] : [])]) this.groups.set(key(label), g.id);
    }
  }

  /** A field by id, name or alias (long layout: the field column's cells). */
  field(text: string): { field: ResolvedField; index: number; headerUnit?: string } | undefined {
    const k = key(text);
    const direct = this.fields.get(k);
    if (direct) return direct;
    const split = splitTrailingUnit(text);
    if (!split) return undefined;
    const hit = this.fields.get(key(split.name));
    if (!hit) return undefined;
    const unitKey = key(split.unit);
    const fieldUnit = hit.field.unit ? key(hit.field.unit) : '';
    return unitKey === fieldUnit || unitKey === '' ? hit : { ...hit, headerUnit: halfWidth(split.unit) };
  }

  match(header: string): ColumnRole | null {
    const k = key(header);
    if (k === '') return null;
    if (CODE_HEADERS.has(k)) return { kind: 'code' };
    if (NAME_HEADERS.has(k)) return { kind: 'name' };
    if (YEAR_HEADERS.has(k)) return { kind: 'year' };
    const g = this.groups.get(k);
    if (g) return { kind: 'group', id: g };
    const f = this.field(header);
    if (f) return { kind: 'field', field: f.field, index: f.index, headerUnit: f.headerUnit };
    // identity headers with a bracket: 城市（名称）, 年份(年)
    const split = splitTrailingUnit(header);
    if (split) {
      const sk = key(split.name);
      if (CODE_HEADERS.has(sk)) return { kind: 'code' };
      if (NAME_HEADERS.has(sk)) return { kind: 'name' };
      if (YEAR_HEADERS.has(sk)) return { kind: 'year' };
    }
    if (LONG_FIELD_HEADERS.has(k)) return { kind: 'longField' };
    if (LONG_FIELD_NAME_HEADERS.has(k)) return { kind: 'longFieldName' };
    if (LONG_VALUE_HEADERS.has(k)) return { kind: 'longValue' };
    if (LONG_UNIT_HEADERS.has(k)) return { kind: 'longUnit' };
    if (IGNORE_HEADERS.has(k)) return { kind: 'ignore' };
    return { kind: 'unknown', header: halfWidth(header).replace(/\s+/g, ' ') };
  }

  /** The field id a misspelt header probably means (costly: only for the header row chosen). */
  suggest(header: string): string | undefined {
    const h = halfWidth(header).replace(/\s+/g, '');
    const base = splitTrailingUnit(h)?.name ?? h;
    const hit = didYouMean(base, this.candidates);
    return hit === undefined ? undefined : this.candidateField.get(hit);
  }
}

/**
 * How well a row works as the header row: distinct matched fields and identity columns. A row
 * qualifies with two fields, or one field and an identity column, or the long-layout columns.
 */
export function headerScore(roles: (ColumnRole | null)[]): { score: number; fields: number; long: boolean; ok: boolean } {
  const fields = new Set<string>();
  let ident = 0;
  let longField = false;
  let longValue = false;
  for (const r of roles) {
    if (!r) continue;
    if (r.kind === 'field') fields.add(r.field.id);
    else if (r.kind === 'code' || r.kind === 'name' || r.kind === 'year' || r.kind === 'group') ident++;
    else if (r.kind === 'longField' || r.kind === 'longFieldName') longField = true;
    else if (r.kind === 'longValue') longValue = true;
  }
  const long = longField && longValue;
  const ok = fields.size >= 2 || (fields.size === 1 && ident > 0) || long;
  return { score: fields.size * 2 + ident + (long ? 4 : 0), fields: fields.size, long, ok };
}
