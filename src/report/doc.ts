/**
 * A small document model that the Markdown and the HTML renderers share, so both formats always
 * hold the same content. Text is plain (renderers escape it); numbers arrive formatted, with the
 * full-precision value alongside for sorting.
 */

export type Inline = string | { b: string } | { code: string } | { a: string; href: string };

/** A table cell: text as shown, and optionally a number for sorting (HTML). */
export type Cell = string | { text: string; v?: number | null; b?: boolean };

export interface Column {
  label: string;
  num?: boolean;
}

export type Block =
  | { t: 'h'; level: 1 | 2 | 3 | 4; text: string; id?: string }
  | { t: 'p'; c: Inline[]; small?: boolean }
  | { t: 'notice'; c: Inline[]; kind: 'warn' | 'info' }
  | { t: 'list'; items: Inline[][] }
  | { t: 'table'; cols: Column[]; rows: Cell[][]; id?: string; sortable?: boolean; rowIds?: string[] }
  | { t: 'figure'; name: string; svg: string; caption: string };

export interface Doc {
  lang: string;
  title: string;
  blocks: Block[];
}

export const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.text);

/** A numeric cell: shown text and the value to sort by. */
export const num = (text: string, v: number | null | undefined): Cell => ({ text, v: typeof v === 'number' && Number.isFinite(v) ? v : null });

/** Section anchor ids: deterministic, ASCII. */
export function anchor(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9_-]+/g, '_')}`;
}
