/**
 * Formula parsing and the allow-list check. mathjs parses (loaded lazily: it costs ~100 ms even
 * bundled, and only systems with formulas need it); the checked tree is converted to a plain
 * FormulaAst that the engine evaluates without mathjs.
 *
 * Allowed: numbers, declared field ids, + - * / ^ %, comparisons, and/or/not, the conditional
 * `c ? a : b`, and the functions in ALLOWED_FUNCTIONS. Everything else is rejected, including
 * assignment, function definition, property or index access, matrices, ranges, objects, blocks,
 * implicit multiplication (`2x`, `5 cm`), strings, units and any function not on the list
 * (import, evaluate, parse, createUnit, ones, …).
 */
import type { MathNode } from 'mathjs';
import { ALLOWED_FUNCTIONS, FUNCTION_ARITY, type AllowedFunction, type BinaryOp, type FormulaAst } from './formula-ast.js';

export const MAX_FORMULA_LENGTH = 2000;
export const MAX_FORMULA_NODES = 500;
export const MAX_FORMULA_DEPTH = 64;

export interface FormulaProblem {
  message: string;
  /** 0-based character offset in the formula, when known. */
  offset?: number;
  hint?: string;
}

export type FormulaResult = { ok: true; ast: FormulaAst; fields: string[] } | { ok: false; problem: FormulaProblem };

type Parse = (expr: string) => MathNode;
let parsePromise: Promise<Parse> | undefined;

/** Load the mathjs parser once (a script of its own in the build: dist/vendor/mathjs-parser.cjs). */
export function loadParser(): Promise<Parse> {
  parsePromise ??= import('./mathjs-parser.js').then((m) => m.parse as unknown as Parse);
  return parsePromise;
}

const BINARY: Record<string, BinaryOp> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  mod: '%',
  smaller: '<',
  smallerEq: '<=',
  larger: '>',
  largerEq: '>=',
  equal: '==',
  unequal: '!=',
  and: 'and',
  or: 'or',
};

class Reject extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function checkFormula(parse: Parse, source: string, declared: ReadonlySet<string>, suggest?: (name: string) => string | undefined): FormulaResult {
  if (source.length > MAX_FORMULA_LENGTH) {
    return { ok: false, problem: { message: `formula is ${source.length} characters long; the limit is ${MAX_FORMULA_LENGTH}` } };
  }
  let root: MathNode;
  try {
    root = parse(source);
  } catch (e) {
    const err = e as Error & { char?: number };
    const offset = typeof err.char === 'number' ? Math.max(0, err.char - 1) : undefined;
    return { ok: false, problem: { message: `formula syntax error: ${err.message.replace(/\s*\(char \d+\)$/, '')}`, offset } };
  }
  let count = 0;
  const fields = new Set<string>();
  const convert = (node: MathNode, depth: number): FormulaAst => {
    if (++count > MAX_FORMULA_NODES) throw new Reject(`formula has more than ${MAX_FORMULA_NODES} parts`);
    if (depth > MAX_FORMULA_DEPTH) throw new Reject(`formula is nested more than ${MAX_FORMULA_DEPTH} levels deep`);
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Reject(`only finite numbers are allowed as constants, not ${JSON.stringify(v)}`);
        return { k: 'num', v };
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (!declared.has(name)) {
          const s = suggest?.(name);
          throw new Reject(`formula names undeclared field "${name}"`, s ? `did you mean "${s}"?` : 'declare it under fields:');
        }
        fields.add(name);
        return { k: 'sym', name };
      }
      case 'ParenthesisNode':
        return convert(n.content as MathNode, depth + 1);
      case 'OperatorNode': {
        const fn = n.fn as string;
        const args = n.args as MathNode[];
        if (n.implicit) throw new Reject('implicit multiplication is not allowed', 'write the * explicitly (2 * x)');
        if (args.length === 1) {
          if (fn === 'unaryMinus') return { k: 'neg', a: convert(args[0], depth + 1) };
          if (fn === 'unaryPlus') return convert(args[0], depth + 1);
          if (fn === 'not') return { k: 'not', a: convert(args[0], depth + 1) };
          throw new Reject(`operator "${n.op as string}" is not allowed`);
        }
        const op = BINARY[fn];
        if (!op || args.length !== 2) throw new Reject(`operator "${n.op as string}" is not allowed`);
        return { k: 'op', op, a: convert(args[0], depth + 1), b: convert(args[1], depth + 1) };
      }
      case 'ConditionalNode':
        return {
          k: 'if',
          cond: convert(n.condition as MathNode, depth + 1),
          then: convert(n.trueExpr as MathNode, depth + 1),
          else: convert(n.falseExpr as MathNode, depth + 1),
        };
      case 'FunctionNode': {
        const fnNode = n.fn as MathNode & { name?: string };
        if (fnNode.type !== 'SymbolNode' || typeof fnNode.name !== 'string') throw new Reject('only named functions may be called');
        const name = fnNode.name;
        if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(name)) {
          throw new Reject(`function "${name}" is not allowed`, `allowed functions: ${ALLOWED_FUNCTIONS.join(', ')}`);
        }
        const args = n.args as MathNode[];
        const [lo, hi] = FUNCTION_ARITY[name as AllowedFunction];
        if (args.length < lo || args.length > hi) {
          throw new Reject(`${name}() takes ${lo === hi ? lo : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`} argument(s), got ${args.length}`);
        }
        const conv = args.map((a) => convert(a, depth + 1));
        if (name === 'if') return { k: 'if', cond: conv[0], then: conv[1], else: conv[2] };
        return { k: 'fn', name: name as AllowedFunction, args: conv };
      }
      case 'AssignmentNode':
        throw new Reject('assignment is not allowed in a formula');
      case 'FunctionAssignmentNode':
        throw new Reject('function definition is not allowed in a formula');
      case 'AccessorNode':
      case 'IndexNode':
        throw new Reject('property and index access are not allowed in a formula');
      case 'ArrayNode':
      case 'RangeNode':
        throw new Reject('matrices and ranges are not allowed in a formula');
      case 'ObjectNode':
        throw new Reject('objects are not allowed in a formula');
      case 'BlockNode':
        throw new Reject('a formula is one expression (no ; or line breaks between statements)');
      default:
        throw new Reject(`${node.type} is not allowed in a formula`);
    }
  };
  try {
    const ast = convert(root, 0);
    return { ok: true, ast, fields: [...fields].sort() };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, problem: { message: e.message, hint: e.hint } };
    throw e;
  }
}
