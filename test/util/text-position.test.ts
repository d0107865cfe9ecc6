import { describe, expect, it } from 'vitest';
import { lineCol } from '../../src/util/text-position.js';

describe('lineCol', () => {
  it('counts LF, CRLF and lone CR line ends, 1-based', () => {
    expect(lineCol('abc', 0)).toEqual({ line: 1, col: 1 });
    expect(lineCol('ab\ncd', 4)).toEqual({ line: 2, col: 2 });
    expect(lineCol('ab\r\ncd', 5)).toEqual({ line: 2, col: 2 });
    expect(lineCol('ab\rcd\ref', 7)).toEqual({ line: 3, col: 2 });
    expect(lineCol('南宁\n{x', 4)).toEqual({ line: 2, col: 2 });
  });
});
