/**
 * Compiles a checked FormulaAst (src/system/formula-ast.ts) once into closures and evaluates it
 * per unit over numbers only. No mathjs here.
 *
 * Domain problems do not throw: the closure returns NaN and records the first problem in the
 * evaluation state, so that the caller can turn it into a located finding for that city and
 * indicator. Booleans are 1/0 (any non-zero number is true), as in mathjs.
 */
import type { FormulaAst } from '../system/formula-ast.js';
import { roundTo } from '../util/round.js';

export type FormulaProblem =
  'division by zero' | 'logarithm of a non-positive number' | 'square root of a negative number' | 'non-real power' | 'non-finite result';

export interface FormulaState {
  problem: FormulaProblem | null;
}

/** Values of the formula's fields, one array per slot (the order of `fields`), and the unit row. */
export type FormulaFn = (cols: readonly ArrayLike<number>[], row: number, st: FormulaState) => number;

export interface CompiledFormula {
  /** Field ids in slot order. */
  fields: string[];
  fn: FormulaFn;
}

function fail(st: FormulaState, p: FormulaProblem): number {
  if (st.problem === null) st.problem = p;
  return NaN;
}

export function compileFormula(ast: FormulaAst): CompiledFormula {
  const slots = new Map<string, number>();
  const slot = (name: string) => {
    let i = slots.get(name);
    if (i === undefined) {
      i = slots.size;
      slots.set(name, i);
    }
    return i;
  };
  const c = (a: FormulaAst): FormulaFn => {
    switch (a.k) {
      case 'num': {
        const v = a.v;
        return () => v;
      }
      case 'sym': {
        const i = slot(a.name);
        return (cols, r) => cols[i][r];
      }
      case 'neg': {
        const f = c(a.a);
        return (cols, r, st) => -f(cols, r, st);
      }
      case 'not': {
        const f = c(a.a);
        return (cols, r, st) => (f(cols, r, st) === 0 ? 1 : 0);
      }
      case 'if': {
        const cond = c(a.cond);
        const t = c(a.then);
        const e = c(a.else);
        return (cols, r, st) => {
          const v = cond(cols, r, st);
          if (Number.isNaN(v)) return NaN;
          return v !== 0 ? t(cols, r, st) : e(cols, r, st);
        };
      }
      case 'op':
        return binary(a.op, c(a.a), c(a.b));
      case 'fn':
        return call(a.name, a.args.map(c));
    }
  };
  const root = c(ast);
  const fn: FormulaFn = (cols, r, st) => {
    const v = root(cols, r, st);
    if (!Number.isFinite(v)) return st.problem === null ? fail(st, 'non-finite result') : NaN;
    return v;
  };
  return { fields: [...slots.keys()], fn };
}

function binary(op: string, f: FormulaFn, g: FormulaFn): FormulaFn {
  switch (op) {
    case '+':
      return (cols, r, st) => f(cols, r, st) + g(cols, r, st);
    case '-':
      return (cols, r, st) => f(cols, r, st) - g(cols, r, st);
    case '*':
      return (cols, r, st) => f(cols, r, st) * g(cols, r, st);
    case '/':
      return (cols, r, st) => {
        const a = f(cols, r, st);
        const b = g(cols, r, st);
        return b === 0 ? fail(st, 'division by zero') : a / b;
      };
    case '%':
      // mathjs mod: x − y·floor(x/y), the sign of the divisor.
      return (cols, r, st) => {
        const a = f(cols, r, st);
        const b = g(cols, r, st);
        return b === 0 ? fail(st, 'division by zero') : a - b * Math.floor(a / b);
      };
    case '^':
      return (cols, r, st) => power(f(cols, r, st), g(cols, r, st), st);
    case '<':
      return (cols, r, st) => (f(cols, r, st) < g(cols, r, st) ? 1 : 0);
    case '<=':
      return (cols, r, st) => (f(cols, r, st) <= g(cols, r, st) ? 1 : 0);
    case '>':
      return (cols, r, st) => (f(cols, r, st) > g(cols, r, st) ? 1 : 0);
    case '>=':
      return (cols, r, st) => (f(cols, r, st) >= g(cols, r, st) ? 1 : 0);
    case '==':
      return (cols, r, st) => (f(cols, r, st) === g(cols, r, st) ? 1 : 0);
    case '!=':
      return (cols, r, st) => (f(cols, r, st) !== g(cols, r, st) ? 1 : 0);
    case 'and':
      return (cols, r, st) => (f(cols, r, st) !== 0 && g(cols, r, st) !== 0 ? 1 : 0);
    case 'or':
      return (cols, r, st) => (f(cols, r, st) !== 0 || g(cols, r, st) !== 0 ? 1 : 0);
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

function power(a: number, b: number, st: FormulaState): number {
  const v = a ** b;
  if (Number.isNaN(v) && !Number.isNaN(a) && !Number.isNaN(b)) return fail(st, 'non-real power');
  if (a === 0 && b < 0) return fail(st, 'division by zero');
  return v;
}

function call(name: string, args: FormulaFn[]): FormulaFn {
  const [f, g, h] = args;
  switch (name) {
    case 'min':
      return (cols, r, st) => {
        let m = Infinity;
        for (const a of args) m = Math.min(m, a(cols, r, st));
        return m;
      };
    case 'max':
      return (cols, r, st) => {
        let m = -Infinity;
        for (const a of args) m = Math.max(m, a(cols, r, st));
        return m;
      };
    case 'abs':
      return (cols, r, st) => Math.abs(f(cols, r, st));
    case 'round':
      return g
        ? (cols, r, st) => roundTo(f(cols, r, st), Math.max(0, Math.min(15, Math.trunc(g(cols, r, st)))), 'half-up')
        : (cols, r, st) => roundTo(f(cols, r, st), 0, 'half-up');
    case 'floor':
      return (cols, r, st) => Math.floor(f(cols, r, st));
    case 'ceil':
      return (cols, r, st) => Math.ceil(f(cols, r, st));
    case 'ln':
      return (cols, r, st) => ln(f(cols, r, st), st);
    case 'log':
      return g
        ? (cols, r, st) => {
            const a = ln(f(cols, r, st), st);
            const b = ln(g(cols, r, st), st);
            return b === 0 ? fail(st, 'division by zero') : a / b;
          }
        : (cols, r, st) => ln(f(cols, r, st), st);
    case 'log10':
      return (cols, r, st) => {
        const v = f(cols, r, st);
        return v <= 0 ? fail(st, 'logarithm of a non-positive number') : Math.log10(v);
      };
    case 'sqrt':
      return (cols, r, st) => {
        const v = f(cols, r, st);
        return v < 0 ? fail(st, 'square root of a negative number') : Math.sqrt(v);
      };
    case 'exp':
      return (cols, r, st) => Math.exp(f(cols, r, st));
    case 'pow':
      return (cols, r, st) => power(f(cols, r, st), g(cols, r, st), st);
    case 'clamp':
      return (cols, r, st) => {
        const v = f(cols, r, st);
        const lo = g(cols, r, st);
        const hi = h(cols, r, st);
        return v < lo ? lo : v > hi ? hi : v;
      };
    case 'if':
      return (cols, r, st) => {
        const v = f(cols, r, st);
        if (Number.isNaN(v)) return NaN;
        return v !== 0 ? g(cols, r, st) : h(cols, r, st);
      };
    default:
      throw new Error(`unknown function ${name}`);
  }
}

function ln(v: number, st: FormulaState): number {
  return v <= 0 ? fail(st, 'logarithm of a non-positive number') : Math.log(v);
}
