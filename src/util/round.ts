/**
 * The one rounding function for every displayed value, tie and diagnosis sum.
 * half-up is 四舍五入 (away from zero at .5); half-even is banker's rounding.
 * Works on the decimal representation so that 2.675 (stored as 2.67499…) rounds as people expect
 * from its shortest decimal form: we round the shortest round-tripping decimal string.
 */
export type RoundingRule = 'half-up' | 'half-even';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

export function roundTo(x: number, precision: number, rule: RoundingRule = 'half-up'): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return 0;
  // Fast path: when x·10^p is more than 1e-6 from a tie, and below 2^31 so that the product's
  // rounding error (under 2.5e-7) cannot cross the tie, the nearest p-decimal is certain, and
  // k / 10^p (a correctly rounded division of exact integers) is the same double as the decimal
  // string's. Near a tie, and for large values, the decimal digits decide.
  if (precision < POW10.length) {
    const k = POW10[precision];
    const y = Math.abs(x) * k;
    if (y < 2 ** 31) {
      const f = Math.floor(y);
      const frac = y - f;
      if (Math.abs(frac - 0.5) > 1e-6) {
        const v = (frac > 0.5 ? f + 1 : f) / k;
        return x < 0 ? (v === 0 ? 0 : -v) : v;
      }
    }
  }
  return roundDecimal(x, precision, rule);
}

/** The decimal-digit path of roundTo, exported so tests can check the fast path against it. */
export function roundDecimal(x: number, precision: number, rule: RoundingRule = 'half-up'): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const neg = x < 0;
  const s = Math.abs(x).toPrecision(17);
  // Use the shortest representation that round-trips, then decide on its digits.
  const shortest = shortestDecimal(Math.abs(x), s);
  const r = roundDecimalString(shortest, precision, rule);
  const v = Number(r);
  return neg ? (v === 0 ? 0 : -v) : v;
}

function shortestDecimal(x: number, _p17: string): string {
  // Number.prototype.toString gives the shortest round-tripping form, possibly in exponent notation.
  const t = x.toString();
  if (!/e/i.test(t)) return t;
  const [mant, expS] = t.split(/e/i);
  const exp = Number(expS);
  const [ip, fp = ''] = mant.split('.');
  const digits = ip + fp;
  const point = ip.length + exp;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

function roundDecimalString(s: string, precision: number, rule: RoundingRule): string {
  const [ip, fp = ''] = s.split('.');
  if (fp.length <= precision) return s;
  const keep = ip + fp.slice(0, precision);
  const rest = fp.slice(precision);
  const first = rest.charCodeAt(0) - 48;
  const beyond = /[1-9]/.test(rest.slice(1));
  let up: boolean;
  if (first > 5 || (first === 5 && beyond)) up = true;
  else if (first < 5) up = false;
  else if (rule === 'half-up') up = true;
  else up = (keep.charCodeAt(keep.length - 1) - 48) % 2 === 1;
  let digits = keep;
  if (up) digits = incrementDigits(keep);
  const intLen = digits.length - precision;
  const out = precision === 0 ? digits : `${digits.slice(0, intLen) || '0'}.${digits.slice(intLen)}`;
  return out;
}

function incrementDigits(d: string): string {
  const arr = d.split('');
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === '9') {
      arr[i] = '0';
      i--;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
      return arr.join('');
    }
  }
  return '1' + arr.join('');
}

/** Format with exactly `precision` decimals after rounding by the rule. */
export function formatFixed(x: number, precision: number, rule: RoundingRule = 'half-up'): string {
  return roundTo(x, precision, rule).toFixed(precision);
}
