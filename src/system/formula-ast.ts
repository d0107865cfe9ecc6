/**
 * The checked, serialisable form of a formula. The system loader builds it from mathjs's parse
 * tree after the allow-list check; the engine compiles it to closures. Keeping it plain data
 * means the engine never needs mathjs.
 */
export type FormulaAst =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'op'; op: BinaryOp; a: FormulaAst; b: FormulaAst }
  | { k: 'neg'; a: FormulaAst }
  | { k: 'not'; a: FormulaAst }
  | { k: 'fn'; name: AllowedFunction; args: FormulaAst[] }
  | { k: 'if'; cond: FormulaAst; then: FormulaAst; else: FormulaAst };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export const ALLOWED_FUNCTIONS = ['min', 'max', 'abs', 'round', 'floor', 'ceil', 'log', 'log10', 'ln', 'sqrt', 'exp', 'pow', 'clamp', 'if'] as const;
export type AllowedFunction = (typeof ALLOWED_FUNCTIONS)[number];

/** Arity limits per function: [min, max] (max Infinity for variadic). */
export const FUNCTION_ARITY: Record<AllowedFunction, [number, number]> = {
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  ln: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  pow: [2, 2],
  clamp: [3, 3],
  if: [3, 3],
};

export function formulaFields(ast: FormulaAst, out: Set<string> = new Set()): Set<string> {
  switch (ast.k) {
    case 'sym':
      out.add(ast.name);
      break;
    case 'op':
      formulaFields(ast.a, out);
      formulaFields(ast.b, out);
      break;
    case 'neg':
    case 'not':
      formulaFields(ast.a, out);
      break;
    case 'fn':
      for (const a of ast.args) formulaFields(a, out);
      break;
    case 'if':
      formulaFields(ast.cond, out);
      formulaFields(ast.then, out);
      formulaFields(ast.else, out);
      break;
    case 'num':
      break;
  }
  return out;
}
