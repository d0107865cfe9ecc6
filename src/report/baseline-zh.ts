/**
 * The baseline comparison's warnings (engine/baseline.ts writes them in English) in Chinese, for
 * zh-CN reports. A warning of a kind not listed here is shown as written.
 */
const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^the baseline was scored under (.+?) \((\S+)\), these results under (.+?) \((\S+)\)/,
    (m) => `基期结果按 ${m[1]}（${m[2]}）计分，本期按 ${m[3]}（${m[4]}）计分：变化中既有数据变化也有体系变化（cityscore diff 可将二者分开）`,
  ],
  [/^the scoring method differs from the baseline's \((.*)\): changes are not like for like$/, (m) => `计分方法与基期不同（${m[1]}）：变化并非同口径比较`],
  [
    /^the baseline holds the same years? as these results \((.*?)\)/,
    (m) => `基期结果与本期年份相同（${m[1]}）：${m[1]} 年的各城市比较的是同一年度的另一次评价，而非与上一年度比较`,
  ],
  [/^relative scores normalised per year/, () => '相对计分按年度分别标准化：变化反映的是在当年参评城市中相对位置的变化，而非绝对进步'],
  [/^relative scores from a separate evaluation/, () => '相对计分与基期分别标准化，所依据的城市集合不同：变化仅供参考'],
];

export function baselineWarningZh(w: string): string {
  for (const [re, zh] of RULES) {
    const m = re.exec(w);
    if (m) return zh(m);
  }
  return w;
}
