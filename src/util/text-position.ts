/**
 * Line and column (1-based; the column in UTF-16 characters) of offset `pos` in `text`. A line
 * ends at LF, CRLF or a lone CR.
 */
export function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: pos - start + 1 };
}
