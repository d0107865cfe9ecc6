/**
 * The uncertainty/sensitivity analysis and the statistical audit as sections of the main report
 * (Markdown and HTML share them through the document model), from the JSON that `cityscore
 * sensitivity` and `cityscore audit` write. Labels in the report language; numbers as computed.
 */
import type { AuditResult } from '../analysis/audit/audit.js';
import { rankIntervalRows, rankIntervalSvg } from '../analysis/sensitivity/chart.js';
import type { SensitivityResult } from '../analysis/sensitivity/result.js';
import { num as fixT, rank as rankT } from '../analysis/sensitivity/markdown.js';
import { num, type Block } from './doc.js';
import type { Lang } from './i18n.js';
import type { ReportView } from './view.js';

interface AnalysisStrings {
  sensitivity: string;
  design: (cities: number, sa: boolean, N: number, d: number, runs: number, seq: string, seed: number) => string;
  inputs: string;
  failed: (failed: number, partial: number) => string;
  intervals: string;
  chart: string;
  city: string;
  year: string;
  nominal: string;
  median: string;
  interval: string;
  sobol: string;
  sobolOutput: (output: string, estimator: string, nboot: number) => string;
  input: string;
  first: string;
  total: string;
  audit: string;
  auditIntro: (cities: number, method: string, collinear: number, negative: number, lo: number, hi: number) => string;
  flags: string;
  noFlags: string;
  node: string;
  indicator: string;
  flagKind: (k: 'collinear' | 'negative') => string;
  alpha: string;
  children: string;
  note: string;
  name: string;
  influence: string;
  nominalShare: string;
  r2: string;
  influenceShare: string;
  ratio: string;
  flag: string;
  mismatch: (tool: string, id: string) => string;
}

const zh: AnalysisStrings = {
  sensitivity: '不确定性与敏感性分析',
  design: (c, sa, N, d, runs, seq, seed) => `${c} 个城市；${sa ? 'Sobol 敏感性分析' : '不确定性分析'}，基础样本 N = ${N}，不确定输入 d = ${d} 个，共 ${runs} 次模型运行；抽样：${seq}；随机种子 ${seed}。`,
  inputs: '不确定输入',
  failed: (f, p) => `${f} 次运行失败，${p} 次运行有城市未能得出总分；以下统计只用成功的运行。`,
  intervals: '排名区间',
  chart: '各城市排名的 5%–95% 区间（点为中位数，竖线为名义排名）',
  city: '城市',
  year: '年份',
  nominal: '名义排名',
  median: '排名中位数',
  interval: '5%–95% 区间',
  sobol: 'Sobol 指数',
  sobolOutput: (o, e, b) => `输出：${o}；估计量：${e}；自助抽样 ${b} 次（5%–95% 区间）。`,
  input: '输入',
  first: '一阶指数 S_i',
  total: '总效应指数 ST_i',
  audit: '统计审计',
  auditIntro: (c, m, col, neg, lo, hi) => `${c} 个城市；${m}。标记：共线 r > ${col}，负相关 r < ${neg}；实际影响超出名义权重的 ${lo}–${hi} 倍。`,
  flags: '节点内的相关性标记',
  noFlags: '无。',
  node: '节点',
  indicator: '指标',
  flagKind: (k) => (k === 'collinear' ? '共线' : '负相关'),
  alpha: "Cronbach's α",
  children: '下级数',
  note: '说明',
  name: '名称',
  influence: '名义权重与对总分的实际影响',
  nominalShare: '名义占比',
  r2: '与总分的 r²',
  influenceShare: '影响占比',
  ratio: '比值',
  flag: '标记',
  mismatch: (tool, id) => `注意：${tool} 的结果所用体系为 ${id}，与本报告不同。`,
};

const en: AnalysisStrings = {
  sensitivity: 'Uncertainty and sensitivity analysis',
  design: (c, sa, N, d, runs, seq, seed) => `${c} cities; ${sa ? 'Sobol sensitivity analysis' : 'uncertainty analysis'} with N = ${N} base samples and d = ${d} uncertain input(s): ${runs} model runs; sampling: ${seq}; seed ${seed}.`,
  inputs: 'Uncertain inputs',
  failed: (f, p) => `${f} run(s) failed and ${p} left cities without a total; the statistics use the runs that succeeded.`,
  intervals: 'Rank intervals',
  chart: "Each city's 5%–95% rank interval (dot: median; tick: nominal rank)",
  city: 'City',
  year: 'Year',
  nominal: 'Nominal rank',
  median: 'Median rank',
  interval: '5%–95% interval',
  sobol: 'Sobol indices',
  sobolOutput: (o, e, b) => `Output: ${o}; estimator: ${e}; ${b} bootstrap samples (5%–95% intervals).`,
  input: 'Input',
  first: 'First order S_i',
  total: 'Total order ST_i',
  audit: 'Statistical audit',
  auditIntro: (c, m, col, neg, lo, hi) => `${c} cities; ${m}. Flags: collinear r > ${col}, negative r < ${neg}; influence outside ${lo}×–${hi}× the nominal weight.`,
  flags: 'Correlation flags within nodes',
  noFlags: 'None.',
  node: 'Node',
  indicator: 'Indicator',
  flagKind: (k) => k,
  alpha: "Cronbach's alpha",
  children: 'Children',
  note: 'Note',
  name: 'Name',
  influence: 'Nominal weight against influence on the total',
  nominalShare: 'Nominal share',
  r2: 'r² with total',
  influenceShare: 'Influence',
  ratio: 'Ratio',
  flag: 'Flag',
  mismatch: (tool, id) => `Note: the ${tool} results were computed under ${id}, not this report's system.`,
};

const STRINGS: Record<Lang, AnalysisStrings> = { 'zh-CN': zh, en };

const fix = (x: number | null | undefined, d = 3) => num(fixT(x, d), x);
const rankText = (x: number | null | undefined) => num(rankT(x), x);

/** The system the analysis was run on, when it is not the report's own. */
function mismatch(v: ReportView, s: AnalysisStrings, tool: string, sys: { id: string; version: string; hash: string }): Block[] {
  return sys.hash === v.r.system?.hash ? [] : [{ t: 'notice', kind: 'warn', c: [s.mismatch(tool, `${sys.id} ${sys.version}`)] }];
}

export function sensitivityBlocks(v: ReportView, r: SensitivityResult): Block[] {
  const s = STRINGS[v.lang];
  const d = r.design;
  const blocks: Block[] = [
    { t: 'h', level: 2, text: s.sensitivity, id: 'sensitivity' },
    ...mismatch(v, s, 'sensitivity', r.system),
    { t: 'p', c: [s.design(r.cities, d.analysis === 'sa', d.N, d.d, d.runs, d.sequence, r.seed)] },
    { t: 'h', level: 3, text: s.inputs },
    { t: 'list', items: r.inputs.map((i) => [{ b: i.name }, ` (${i.type})${v.s.colon}${i.description}${i.alternatives.length ? `; ${i.alternatives.join(', ')}` : ''}`]) },
  ];
  if (r.failures.failedRuns || r.failures.partialRuns) blocks.push({ t: 'notice', kind: 'warn', c: [s.failed(r.failures.failedRuns, r.failures.partialRuns)] });
  blocks.push({ t: 'h', level: 3, text: s.intervals });
  const rows = rankIntervalRows(r);
  if (rows.length) blocks.push({ t: 'figure', name: 'rank-intervals', svg: rankIntervalSvg(rows, { title: s.chart }), caption: s.chart });
  const tiers = r.uncertainty.tiers;
  const cities = [...r.uncertainty.cities].sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.nominal.rank ?? Infinity) - (b.nominal.rank ?? Infinity));
  blocks.push({
    t: 'table',
    cols: [
      { label: s.city },
      { label: s.year, num: true },
      { label: s.nominal, num: true },
      { label: s.median, num: true },
      { label: s.interval, num: true },
      ...tiers.map((t) => ({ label: `P(${t.name})`, num: true })),
    ],
    rows: cities.map((c) => [
      c.name,
      num(c.year === null ? '' : String(c.year), c.year),
      rankText(c.nominal.rank),
      rankText(c.rank.median),
      num(`${rankT(c.rank.q5)}–${rankT(c.rank.q95)}`, c.rank.q5),
      ...tiers.map((t) => {
        const p = c.tiers?.[t.id];
        return num(p === undefined ? '—' : `${(100 * p).toFixed(1)}%`, p);
      }),
    ]),
  });
  if (r.uncertainty.tierNote) blocks.push({ t: 'p', small: true, c: [r.uncertainty.tierNote] });
  const sa = r.sensitivity;
  if (sa) {
    blocks.push({ t: 'h', level: 3, text: s.sobol }, { t: 'p', c: [s.sobolOutput(sa.output, sa.estimator, sa.nboot)] });
    blocks.push({
      t: 'table',
      cols: [{ label: s.input }, { label: s.first, num: true }, { label: '5%–95%', num: true }, { label: s.total, num: true }, { label: '5%–95%', num: true }],
      rows: sa.inputs.map((i) => [i.name, fix(i.Si), num(`${fixT(i.SiQ5)}–${fixT(i.SiQ95)}`, i.SiQ5), fix(i.STi), num(`${fixT(i.STiQ5)}–${fixT(i.STiQ95)}`, i.STiQ5)]),
    });
    for (const w of sa.warnings) blocks.push({ t: 'p', small: true, c: [w] });
  }
  return blocks;
}

export function auditBlocks(v: ReportView, a: AuditResult): Block[] {
  const s = STRINGS[v.lang];
  const th = a.thresholds;
  const blocks: Block[] = [
    { t: 'h', level: 2, text: s.audit, id: 'audit' },
    ...mismatch(v, s, 'audit', a.system),
    { t: 'p', c: [s.auditIntro(a.cities, a.method, th.collinear, th.negative, th.influenceLow, th.influenceHigh)] },
    { t: 'h', level: 3, text: s.flags },
  ];
  if (!a.flags.length) blocks.push({ t: 'p', c: [s.noFlags] });
  else
    blocks.push({
      t: 'table',
      cols: [{ label: s.node }, { label: s.indicator }, { label: s.indicator }, { label: 'r', num: true }, { label: s.flag }],
      rows: a.flags.map((f) => [f.node, f.a, f.b, fix(f.r), s.flagKind(f.kind)]),
    });
  blocks.push({ t: 'h', level: 3, text: s.alpha });
  blocks.push({
    t: 'table',
    cols: [{ label: s.node }, { label: s.name }, { label: s.children, num: true }, { label: s.alpha, num: true }, { label: s.note }],
    rows: a.cronbach.map((c) => [c.node, c.name, num(String(c.children), c.children), fix(c.alpha), c.note ?? '']),
  });
  blocks.push({ t: 'h', level: 3, text: s.influence });
  blocks.push({
    t: 'table',
    cols: [{ label: s.indicator }, { label: s.name }, { label: s.nominalShare, num: true }, { label: s.r2, num: true }, { label: s.influenceShare, num: true }, { label: s.ratio, num: true }, { label: s.flag }],
    rows: a.influence.map((i) => [i.id, i.name, fix(i.nominal), fix(i.r2), fix(i.influence), fix(i.ratio, 2), i.flag ?? '']),
  });
  for (const w of a.warnings) blocks.push({ t: 'p', small: true, c: [w] });
  return blocks;
}
