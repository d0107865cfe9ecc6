/**
 * Strings in UTF-16 code-unit order (JavaScript's `<`; code-point order but for characters beyond
 * U+FFFF): the same on every machine, whatever its locale. localeCompare depends on the locale, and
 * loading its collation data costs milliseconds at start-up.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
