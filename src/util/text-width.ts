/** Display width in a terminal: East Asian wide and full-width characters take two columns. */
export function charWidth(cp: number): number {
  if (cp === 0) return 0;
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0; // combining marks
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += charWidth(ch.codePointAt(0)!);
  return w;
}

export function padEndW(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

export function padStartW(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : ' '.repeat(width - w) + s;
}

/** Cut to at most `width` columns, with an ellipsis when cut. */
export function truncateW(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** May be shrunk to fit the terminal. */
  shrink?: boolean;
}

/** A plain aligned table, fitted to `maxWidth` by truncating shrinkable columns. */
export function renderTable(columns: Column[], rows: string[][], maxWidth = Infinity): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  while (total() > maxWidth) {
    let best = -1;
    for (let i = 0; i < columns.length; i++) if (columns[i].shrink && widths[i] > 6 && (best < 0 || widths[i] > widths[best])) best = i;
    if (best < 0) break;
    widths[best]--;
  }
  const fmt = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const t = truncateW(cell ?? '', widths[i]);
        return columns[i].align === 'right' ? padStartW(t, widths[i]) : i === cells.length - 1 ? t : padEndW(t, widths[i]);
      })
      .join('  ')
      .replace(/\s+$/, '');
  return [fmt(columns.map((c) => c.header)), fmt(widths.map((w) => '─'.repeat(w))), ...rows.map(fmt)].join('\n');
}
