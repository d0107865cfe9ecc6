/**
 * Every label of every report format, in one table: Simplified Chinese (the default for Chinese
 * systems) and English. Functions take the values to place; numbers arrive already formatted.
 */
import type { Results } from '../engine/results.js';
import { baselineWarningZh } from './baseline-zh.js';
import { FINDING_LABELS_ZH } from './finding-labels.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export interface Strings {
  lang: Lang;
  /** Separator between list items, and after a label. */
  sep: string;
  colon: string;
  /** Text in brackets after a label: （…） or (…). */
  paren: (x: string) => string;
  reportTitle: (system: string, year: string) => string;
  cityReportTitle: (city: string, year: string) => string;
  yearLabel: (year: number | null) => string;
  generated: (system: string, date: string) => string;
  contents: string;

  // sections
  summary: string;
  ranking: string;
  dimensions: string;
  cities: string;
  quality: string;
  corrections: string;
  method: string;

  // notices
  weightsNotice: (assumed: number, provisional: number) => string;
  weightsNoticeCity: string;
  illustrativeNotice: string;
  baselineWarning: (w: string) => string;
  latestYearNote: (year: string, years: string) => string;

  // summary
  system: string;
  year: string;
  citiesLabel: string;
  citiesCount: (n: number, scored: number) => string;
  average: string;
  highest: string;
  lowest: string;
  tierDistribution: string;
  tier: string;
  tierMin: string;
  count: string;
  shareOfCities: string;
  noTier: string;
  findingsCount: (e: number, w: number, i: number) => string;
  dataQuality: string;
  baseline: (file: string) => string;
  baselineLabel: string;

  // ranking
  rank: string;
  city: string;
  code: string;
  yearCol: string;
  total: string;
  change: string;
  rankChange: string;
  groupRank: (group: string) => string;
  maxPoints: string;
  newCity: string;
  rankingNote: (max: string) => string;
  dimLegend: string;

  // charts
  chartRanking: string;
  chartTop: (n: number) => string;
  chartHeatmap: string;
  chartChange: string;
  chartChangeSome: (n: number) => string;
  chartRadar: (city: string) => string;
  chartLost: (city: string) => string;
  seriesAverage: string;
  seriesBest: string;
  scoreRate: string;

  // dimensions
  dimHeading: (id: string, name: string, max: string) => string;
  dimStats: (avg: string, best: string, bestCity: string, low: string, lowCity: string) => string;
  subIndicator: string;
  averagePoints: string;
  bestPoints: string;
  averageRate: string;
  dimTopCities: (n: number) => string;

  // city sections
  cityLine: (total: string, rank: string, of: string, tier: string) => string;
  cityLineUnranked: (total: string) => string;
  changeLine: (delta: string, move: string, year: string) => string;
  gapToBest: (best: string, total: string, gap: string) => string;
  gapToGroupBest: (group: string, best: string, total: string, gap: string) => string;
  dimension: string;
  points: string;
  lost: string;
  peerAverage: string;
  peerBest: string;
  peersAll: string;
  peersGroup: (group: string, value: string) => string;
  strengths: string;
  weaknesses: string;
  standingItem: (name: string, value: string, mean: string) => string;
  none: string;
  priorities: string;
  prioritiesIntro: string;
  prioritiesMore: (n: number) => string;
  noPriorities: string;
  indicator: string;
  current: string;
  target: string;
  gain: string;
  basis: string;
  basisFullMarks: string;
  basisNoDeduction: string;
  basisBestPeer: string;
  qualityNotes: string;
  noQualityNotes: string;
  missingLeaves: (list: string) => string;
  notApplicableLeaves: (list: string) => string;
  imputedLeaves: (list: string) => string;
  imputed: string;
  treatedLeaves: (list: string) => string;
  correctionItem: (field: string, from: string, to: string, reason: string, reviewer: string) => string;
  perCityMoved: (n: number) => string;
  perCityHint: (n: number) => string;
  perCityLink: string;
  mainReportLink: string;
  leafDetails: string;
  state: string;
  stateName: (state: string) => string;
  cityFindings: string;

  // findings and corrections
  severity: string;
  severityName: (s: string) => string;
  /** What a finding code means, where the report language needs it (zh-CN: the messages are English). */
  findingLabel: (code: string) => string | undefined;
  /** A finding's message as the report shows it (zh-CN: what the code means, then the message). */
  findingText: (code: string, message: string) => string;
  findingCode: string;
  location: string;
  message: string;
  hint: string;
  moreRows: (n: number) => string;
  noFindings: string;
  noCorrections: string;
  field: string;
  original: string;
  corrected: string;
  reason: string;
  reviewer: string;
  origin: string;

  // method and provenance
  systemId: string;
  version: string;
  hash: string;
  title: string;
  sourceDocument: string;
  chain: string;
  scoring: string;
  scoringName: (x: string) => string;
  scope: string;
  rules: string;
  aggregation: string;
  imputation: string;
  outliers: string;
  precision: string;
  rounding: string;
  roundingName: (r: string) => string;
  assumedWeights: string;
  provisionalWeights: string;
  inputs: string;
  path: string;
  kind: string;
  source: string;
  bytes: string;
  options: string;
  groupBy: string;
  computedBy: string;
  renderedBy: string;
  date: string;
  notRecorded: string;
  yes: string;
  no: string;

  // the indicator system
  id: string;
  name: string;
  level: string;
  parent: string;
  nodeKind: (k: string) => string;
  kindCol: string;
  weightMode: (m: string) => string;
  weightModeCol: string;
  weight: string;
  share: string;
  effShare: string;
  status: string;
  statusName: (s: string) => string;
  fieldOrFormula: string;
  rule: string;
  direction: string;
  directionName: (d: string) => string;
  missingPolicy: string;

  // workbook
  sheets: {
    overview: string;
    dimensions: string;
    details: string;
    priorities: string;
    findings: string;
    corrections: string;
    system: string;
    method: string;
    full: string;
  };
  raw: string;
  rawSource: string;
  correctedValue: string;
  indicatorValue: string;
  priorityNo: string;
  currentRate: string;
  targetRate: string;
  key: string;
  fullNote: string;
  prioritiesLimited: (n: number) => string;
  item: string;
  value: string;
  line: string;
  column: string;
  sheet: string;
  cell: string;
}

const zh: Strings = {
  lang: 'zh-CN',
  sep: '、',
  colon: '：',
  paren: (x) => `（${x}）`,
  reportTitle: (s, y) => `${s}评价报告${y ? `（${y}）` : ''}`,
  cityReportTitle: (c, y) => `${c}新型智慧城市评价报告${y ? `（${y}）` : ''}`,
  yearLabel: (y) => (y === null ? '' : `${y}年`),
  generated: (s, d) => `由 ${s} 生成${d ? `，${d}` : ''}`,
  contents: '目录',

  summary: '概况',
  ranking: '排名',
  dimensions: '分项评价',
  cities: '城市评价',
  quality: '数据质量',
  corrections: '数据更正',
  method: '方法与来源',

  weightsNotice: (a, p) =>
    `本报告所用体系含假定权重或暂定权重：${a ? `${a} 项权重由体系编制者假定（依据文件未给出）` : ''}${a && p ? '；' : ''}${p ? `${p} 项权重的来源尚待确认` : ''}。得分和排名随这些权重变化，引用时请说明；清单见「方法与来源」。`,
  weightsNoticeCity: '本报告所用体系含假定权重或暂定权重，得分和排名随这些权重变化，引用时请说明。',
  illustrativeNotice: '本体系为示例体系，未经任何主管部门采用，结果仅供演示。',
  baselineWarning: (w) => `与基期比较的提示：${baselineWarningZh(w)}`,
  latestYearNote: (y, ys) => `结果含 ${ys} 多个年度；图表、分项和城市评价针对 ${y}，排名表列出全部年度。`,

  system: '评价体系',
  year: '评价年度',
  citiesLabel: '参评城市',
  citiesCount: (n, s) => (n === s ? `${n} 个` : `${n} 个（已计分 ${s} 个）`),
  average: '平均分',
  highest: '最高分',
  lowest: '最低分',
  tierDistribution: '等级分布',
  tier: '等级',
  tierMin: '分数线',
  count: '城市数',
  shareOfCities: '占比',
  noTier: '未定级',
  findingsCount: (e, w, i) => `错误 ${e} 条，警告 ${w} 条，提示 ${i} 条`,
  dataQuality: '数据质量',
  baseline: (f) => `基期结果：${f}`,
  baselineLabel: '基期结果',

  rank: '排名',
  city: '城市',
  code: '区划代码',
  yearCol: '年份',
  total: '总分',
  change: '较基期',
  rankChange: '排名变化',
  groupRank: (g) => `${g}内排名`,
  maxPoints: '满分',
  newCity: '新增',
  rankingNote: (m) => `总分满分 ${m} 分；一级指标列为得分（分）。`,
  dimLegend: '一级指标',

  chartRanking: '总分排名',
  chartTop: (n) => `（前 ${n} 名）`,
  chartHeatmap: '各城市一级指标得分率（%）',
  chartChange: '总分较基期变化',
  chartChangeSome: (n) => `（变化最大的 ${n} 个城市）`,
  chartRadar: (c) => `${c}一级指标得分率（%）与平均、最高比较`,
  chartLost: (c) => `${c}各一级指标失分`,
  seriesAverage: '平均',
  seriesBest: '最高',
  scoreRate: '得分率（%）',

  dimHeading: (id, n, m) => `${id} ${n}（满分 ${m} 分）`,
  dimStats: (a, b, bc, l, lc) => `平均 ${a} 分；最高 ${b} 分（${bc}）；最低 ${l} 分（${lc}）。`,
  subIndicator: '二级指标',
  averagePoints: '平均得分',
  bestPoints: '最高得分',
  averageRate: '平均得分率（%）',
  dimTopCities: (n) => `本项得分前 ${n} 名`,

  cityLine: (t, r, o, tier) => `总分 ${t} 分，排名第 ${r} / ${o}，等级：${tier}。`,
  cityLineUnranked: (t) => `总分 ${t}，未排名。`,
  changeLine: (d, m, y) => `较基期（${y}）变化 ${d} 分，排名变化 ${m}。`,
  gapToBest: (b, t, g) => `与最高分（${b}，${t} 分）相差 ${g} 分。`,
  gapToGroupBest: (gr, b, t, g) => `与${gr}最高分（${b}，${t} 分）相差 ${g} 分。`,
  dimension: '一级指标',
  points: '得分',
  lost: '失分',
  peerAverage: '平均',
  peerBest: '最高',
  peersAll: '比较对象：全部参评城市。',
  peersGroup: (g, v) => `比较对象：${g}为「${v}」的参评城市。`,
  strengths: '优势指标',
  weaknesses: '短板指标',
  standingItem: (n, v, m) => `${n}：得分率 ${v}（平均 ${m}）`,
  none: '无',
  priorities: '提升优先级（以评促建）',
  prioritiesIntro: '将下列指标提升到目标值，总分可增加的分数（逐项重新计分，按可增加分数排序）：',
  prioritiesMore: (n) => `另有 ${n} 项，见工作簿「提升优先级」或分城市报告。`,
  noPriorities: '各指标均已达到目标值。',
  indicator: '指标',
  current: '当前值',
  target: '目标值',
  gain: '可增加分数',
  basis: '目标依据',
  basisFullMarks: '满分',
  basisNoDeduction: '不扣分',
  basisBestPeer: '同类最优',
  qualityNotes: '数据质量与更正',
  noQualityNotes: '无数据质量问题。',
  missingLeaves: (l) => `缺失（按体系规则计分）：${l}`,
  notApplicableLeaves: (l) => `不适用（不计入）：${l}`,
  imputedLeaves: (l) => `插补值：${l}`,
  imputed: '插补',
  treatedLeaves: (l) => `异常值处理：${l}`,
  correctionItem: (f, a, b, r, v) => `更正 ${f}：${a} → ${b}（${r}；复核：${v}）`,
  perCityMoved: (n) => `参评城市共 ${n} 个，超过 50 个，各城市的详细评价见分城市报告（cities/ 目录）。`,
  perCityHint: (n) => `参评城市共 ${n} 个，超过 50 个，本报告不列各城市详情；加 --per-city 选项可生成分城市报告。`,
  perCityLink: '分城市报告',
  mainReportLink: '总报告',
  leafDetails: '指标明细',
  state: '状态',
  stateName: (s) => ({ present: '', missing: '缺失', 'not-applicable': '不适用', invalid: '无效' })[s] ?? s,
  cityFindings: '相关数据质量提示',

  severity: '级别',
  severityName: (s) => ({ error: '错误', warning: '警告', info: '提示' })[s] ?? s,
  findingLabel: (code) => FINDING_LABELS_ZH[code],
  findingText: (code, message) => (FINDING_LABELS_ZH[code] ? `${FINDING_LABELS_ZH[code]}：${message}` : message),
  findingCode: '代码',
  location: '位置',
  message: '说明',
  hint: '建议',
  moreRows: (n) => `另有 ${n} 行未列出，见工作簿。`,
  noFindings: '未发现数据质量问题。',
  noCorrections: '未应用数据更正。',
  field: '字段',
  original: '原值',
  corrected: '更正值',
  reason: '理由',
  reviewer: '复核人',
  origin: '更正记录位置',

  systemId: '体系编号',
  version: '版本',
  hash: '体系哈希',
  title: '名称',
  sourceDocument: '依据文件',
  chain: '继承链',
  scoring: '计分方式',
  scoringName: (x) => ({ absolute: '绝对计分（对照目标值）', relative: '相对计分（城市间标准化）' })[x] ?? x,
  scope: '标准化范围',
  rules: '评分规则',
  aggregation: '聚合方式',
  imputation: '缺失值插补',
  outliers: '异常值处理',
  precision: '小数位数',
  rounding: '舍入规则',
  roundingName: (r) => ({ 'half-up': '四舍五入', 'half-even': '四舍六入五成双' })[r] ?? r,
  assumedWeights: '假定权重（体系编制者假定）',
  provisionalWeights: '暂定权重（来源待确认）',
  inputs: '输入文件',
  path: '路径',
  kind: '类型',
  source: '数据来源',
  bytes: '字节数',
  options: '运行选项',
  groupBy: '分组',
  computedBy: '计算所用 cityscore 版本',
  renderedBy: '生成报告的 cityscore 版本',
  date: '日期',
  notRecorded: '未记录',
  yes: '是',
  no: '否',

  id: '编号',
  name: '名称',
  level: '层级',
  parent: '上级',
  nodeKind: (k) => ({ standard: '标准', deduction: '扣分项', bonus: '加分项', coefficient: '系数' })[k] ?? k,
  kindCol: '类型',
  weightMode: (m) => ({ points: '分值', share: '占比', relative: '相对权重' })[m] ?? m,
  weightModeCol: '权重方式',
  weight: '权重',
  share: '占上级比例',
  effShare: '占总分比例',
  status: '权重状态',
  statusName: (s) => ({ confirmed: '已确认', assumed: '假定', provisional: '暂定' })[s] ?? s,
  fieldOrFormula: '字段或公式',
  rule: '评分规则',
  direction: '方向',
  directionName: (d) => ({ positive: '正向', negative: '逆向' })[d] ?? d,
  missingPolicy: '缺失处理',

  sheets: {
    overview: '排名',
    dimensions: '分项得分',
    details: '指标明细',
    priorities: '提升优先级',
    findings: '数据质量',
    corrections: '数据更正',
    system: '指标体系',
    method: '方法与来源',
    full: '精确值',
  },
  raw: '原始值',
  rawSource: '来源单元格',
  correctedValue: '更正后值',
  indicatorValue: '指标值',
  priorityNo: '序号',
  currentRate: '当前得分率',
  targetRate: '目标得分率',
  key: '键',
  fullNote: '各节点得分（分），未经舍入的完整精度；其余工作表为按体系规则舍入后的值。',
  prioritiesLimited: (n) => `参评城市较多，每个城市列出可增加分数最多的前 ${n} 项；全部提升项见分城市报告（--per-city）。`,
  item: '项目',
  value: '内容',
  line: '行',
  column: '列',
  sheet: '工作表',
  cell: '单元格',
};

const en: Strings = {
  lang: 'en',
  sep: ', ',
  colon: ': ',
  paren: (x) => ` (${x})`,
  reportTitle: (s, y) => `${s}: evaluation report${y ? ` (${y})` : ''}`,
  cityReportTitle: (c, y) => `${c}: smart-city evaluation report${y ? ` (${y})` : ''}`,
  yearLabel: (y) => (y === null ? '' : String(y)),
  generated: (s, d) => `Generated by ${s}${d ? `, ${d}` : ''}`,
  contents: 'Contents',

  summary: 'Summary',
  ranking: 'Ranking',
  dimensions: 'Dimensions',
  cities: 'Cities',
  quality: 'Data quality',
  corrections: 'Corrections',
  method: 'Method and provenance',

  weightsNotice: (a, p) =>
    `The indicator system of this report contains assumed or provisional weights: ${a ? `${a} weight${a === 1 ? ' was' : 's were'} assumed by the system's authors (the source gives none)` : ''}${a && p ? '; ' : ''}${p ? `${p} weight${p === 1 ? ' has' : 's have'} a source not yet confirmed` : ''}. Scores and ranks depend on them; say so when quoting them. They are listed under "Method and provenance".`,
  weightsNoticeCity: 'The indicator system of this report contains assumed or provisional weights; scores and ranks depend on them.',
  illustrativeNotice: 'This is an illustrative system, not adopted by any authority; the results are for demonstration only.',
  baselineWarning: (w) => `Baseline comparison: ${w}`,
  latestYearNote: (y, ys) => `The results hold several years (${ys}); the charts, dimensions and city sections are for ${y}, the ranking lists every year.`,

  system: 'Indicator system',
  year: 'Year',
  citiesLabel: 'Cities',
  citiesCount: (n, s) => (n === s ? `${n}` : `${n} (${s} scored)`),
  average: 'Average',
  highest: 'Highest',
  lowest: 'Lowest',
  tierDistribution: 'Tier distribution',
  tier: 'Tier',
  tierMin: 'From',
  count: 'Cities',
  shareOfCities: 'Share',
  noTier: 'no tier',
  findingsCount: (e, w, i) => `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} note${i === 1 ? '' : 's'}`,
  dataQuality: 'Data quality',
  baseline: (f) => `Baseline results: ${f}`,
  baselineLabel: 'Baseline results',

  rank: 'Rank',
  city: 'City',
  code: 'Division code',
  yearCol: 'Year',
  total: 'Total',
  change: 'Change',
  rankChange: 'Rank change',
  groupRank: (g) => `Rank in ${g}`,
  maxPoints: 'Maximum',
  newCity: 'new',
  rankingNote: (m) => `The total is out of ${m} points; dimension columns are points.`,
  dimLegend: 'First-level indicators',

  chartRanking: 'Total score ranking',
  chartTop: (n) => ` (top ${n})`,
  chartHeatmap: 'First-level achievement by city (% of maximum)',
  chartChange: 'Change in total since the baseline',
  chartChangeSome: (n) => ` (the ${n} largest changes)`,
  chartRadar: (c) => `${c}: first-level achievement (%) against the average and the best`,
  chartLost: (c) => `${c}: points lost by first-level indicator`,
  seriesAverage: 'average',
  seriesBest: 'best',
  scoreRate: 'Achievement (%)',

  dimHeading: (id, n, m) => `${id} ${n} (maximum ${m})`,
  dimStats: (a, b, bc, l, lc) => `Average ${a}; highest ${b} (${bc}); lowest ${l} (${lc}).`,
  subIndicator: 'Second-level indicator',
  averagePoints: 'Average points',
  bestPoints: 'Best points',
  averageRate: 'Average achievement (%)',
  dimTopCities: (n) => `Top ${n} in this dimension`,

  cityLine: (t, r, o, tier) => `Total ${t}, rank ${r} of ${o}, tier: ${tier}.`,
  cityLineUnranked: (t) => `Total ${t}, not ranked.`,
  changeLine: (d, m, y) => `Change since the baseline (${y}): ${d} points, rank ${m}.`,
  gapToBest: (b, t, g) => `Gap to the best (${b}, ${t}): ${g} points.`,
  gapToGroupBest: (gr, b, t, g) => `Gap to the best of its ${gr} (${b}, ${t}): ${g} points.`,
  dimension: 'Dimension',
  points: 'Points',
  lost: 'Lost',
  peerAverage: 'Average',
  peerBest: 'Best',
  peersAll: 'Compared with every city evaluated.',
  peersGroup: (g, v) => `Compared with the cities whose ${g} is "${v}".`,
  strengths: 'Strengths',
  weaknesses: 'Weaknesses',
  standingItem: (n, v, m) => `${n}: ${v} (average ${m})`,
  none: 'none',
  priorities: 'Improvement priorities',
  prioritiesIntro: 'Points the total gains by raising each indicator to its target (each re-scored on its own, largest gain first):',
  prioritiesMore: (n) => `${n} more in the workbook (sheet "Priorities") or the city report.`,
  noPriorities: 'Every indicator is at its target.',
  indicator: 'Indicator',
  current: 'Current',
  target: 'Target',
  gain: 'Gain',
  basis: 'Target basis',
  basisFullMarks: 'full marks',
  basisNoDeduction: 'no deduction',
  basisBestPeer: 'best peer',
  qualityNotes: 'Data quality and corrections',
  noQualityNotes: 'No data-quality issues.',
  missingLeaves: (l) => `Missing (scored by the system's rule): ${l}`,
  notApplicableLeaves: (l) => `Not applicable (left out): ${l}`,
  imputedLeaves: (l) => `Imputed: ${l}`,
  imputed: 'imputed',
  treatedLeaves: (l) => `Outlier treatment: ${l}`,
  correctionItem: (f, a, b, r, v) => `Corrected ${f}: ${a} → ${b} (${r}; reviewed by ${v})`,
  perCityMoved: (n) => `${n} cities were evaluated, more than 50: each city's details are in its own report (folder cities/).`,
  perCityHint: (n) => `${n} cities were evaluated, more than 50: this report leaves out each city's details; --per-city writes a report per city.`,
  perCityLink: 'City reports',
  mainReportLink: 'Main report',
  leafDetails: 'Indicator details',
  state: 'State',
  stateName: (s) => ({ present: '', missing: 'missing', 'not-applicable': 'not applicable', invalid: 'invalid' })[s] ?? s,
  cityFindings: 'Data-quality findings',

  severity: 'Severity',
  severityName: (s) => s,
  findingLabel: () => undefined,
  findingText: (_code, message) => message,
  findingCode: 'Code',
  location: 'Location',
  message: 'Message',
  hint: 'Hint',
  moreRows: (n) => `${n} more rows in the workbook.`,
  noFindings: 'No data-quality findings.',
  noCorrections: 'No corrections were applied.',
  field: 'Field',
  original: 'Original',
  corrected: 'Corrected',
  reason: 'Reason',
  reviewer: 'Reviewer',
  origin: 'Recorded at',

  systemId: 'System id',
  version: 'Version',
  hash: 'System hash',
  title: 'Title',
  sourceDocument: 'Source document',
  chain: 'Extends',
  scoring: 'Scoring',
  scoringName: (x) => ({ absolute: 'absolute (against targets)', relative: 'relative (normalised across cities)' })[x] ?? x,
  scope: 'Normalisation scope',
  rules: 'Rules',
  aggregation: 'Aggregation',
  imputation: 'Imputation',
  outliers: 'Outliers',
  precision: 'Decimals',
  rounding: 'Rounding',
  roundingName: (r) => ({ 'half-up': 'half up', 'half-even': 'half to even' })[r] ?? r,
  assumedWeights: "Assumed weights (chosen by the system's authors)",
  provisionalWeights: 'Provisional weights (source not confirmed)',
  inputs: 'Input files',
  path: 'Path',
  kind: 'Kind',
  source: 'Source',
  bytes: 'Bytes',
  options: 'Options',
  groupBy: 'Groups',
  computedBy: 'Computed by cityscore',
  renderedBy: 'Rendered by cityscore',
  date: 'Date',
  notRecorded: 'not recorded',
  yes: 'yes',
  no: 'no',

  id: 'Id',
  name: 'Name',
  level: 'Level',
  parent: 'Parent',
  nodeKind: (k) => k,
  kindCol: 'Kind',
  weightMode: (m) => m,
  weightModeCol: 'Weight mode',
  weight: 'Weight',
  share: 'Share of parent',
  effShare: 'Share of total',
  status: 'Weight status',
  statusName: (s) => s,
  fieldOrFormula: 'Field or formula',
  rule: 'Rule',
  direction: 'Direction',
  directionName: (d) => d,
  missingPolicy: 'Missing values',

  sheets: {
    overview: 'Ranking',
    dimensions: 'Dimensions',
    details: 'Indicators',
    priorities: 'Priorities',
    findings: 'Data quality',
    corrections: 'Corrections',
    system: 'Indicator system',
    method: 'Method',
    full: 'Full precision',
  },
  raw: 'Raw value',
  rawSource: 'Source cell',
  correctedValue: 'Corrected value',
  indicatorValue: 'Indicator value',
  priorityNo: 'No.',
  currentRate: 'Current achievement',
  targetRate: 'Target achievement',
  key: 'Key',
  fullNote: 'Points of every node at full precision; the other sheets hold values rounded by the system rule.',
  prioritiesLimited: (n) => `Many cities: the ${n} largest gains of each city are listed; every priority is in the city reports (--per-city).`,
  item: 'Item',
  value: 'Value',
  line: 'Line',
  column: 'Column',
  sheet: 'Sheet',
  cell: 'Cell',
};

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': zh, en };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

export function isLang(x: unknown): x is Lang {
  return x === 'zh-CN' || x === 'en';
}

/** zh-CN for Chinese systems (a Chinese title), English otherwise. */
export function defaultLang(results: Pick<Results, 'system'>): Lang {
  const zhTitle = results.system?.title?.zh ?? '';
  return /[\u3400-\u9fff]/u.test(zhTitle) || !results.system?.title?.en ? 'zh-CN' : 'en';
}
