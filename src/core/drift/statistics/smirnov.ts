/**
 * The one-sided Smirnov distribution and Kolmogorov's limiting distribution, as
 * `scipy.special.smirnov` and `scipy.special.kolmogorov` (cephes `kolmogorov.c` after
 * van Mulbregt's 2018 rewrite) compute them. Both feed the two-sample KS p-value.
 */

/** cephes MINLOG: ln of the smallest subnormal double; exp() of anything below is 0. */
const MIN_LOG = -745.1332191019412;
/** cephes switches to the Gaussian-tail approximation above this n. */
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const KOLMOGOROV_CUTOVER = 0.82;
/** exp() of anything below -708 - 38 is 0 even through subnormals. */
const MIN_EXPABLE = -708 - 38;
const EPSILON = 2.220446049250313e-16;

/**
 * Survival function of Kolmogorov's limiting distribution, P(√n·D > x) as n → ∞
 * (`scipy.stats.kstwobign.sf`). Two Jacobi-theta series, each used where it converges in at
 * most four terms, exactly as cephes unrolls them.
 */
export function kolmogorovLimitSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x <= Math.PI / Math.sqrt(-MIN_EXPABLE * 8)) return 1;
  let sf: number;
  if (x <= KOLMOGOROV_CUTOVER) {
    const w = Math.sqrt(2 * Math.PI) / x;
    const logu8 = (-Math.PI * Math.PI) / (x * x);
    const u = Math.exp(logu8 / 8);
    let cdf: number;
    if (u === 0) {
      cdf = Math.exp(logu8 / 8 + Math.log(w));
    } else {
      const u8 = Math.exp(logu8);
      let p = 1;
      p = 1 + u8 ** 3 * p;
      p = 1 + u8 * u8 * p;
      p = 1 + u8 * p;
      cdf = w * u * p;
    }
    sf = 1 - cdf;
  } else {
    const v = Math.exp(-2 * x * x);
    const v3 = v ** 3;
    let p = 1;
    p = 1 - v3 * v3 * v * p;
    p = 1 - v3 * v * v * p;
    p = 1 - v3 * p;
    sf = 2 * v * p;
  }
  return Math.min(Math.max(sf, 0), 1);
}

/** a·b as an unevaluated sum hi + lo (Dekker's product with Veltkamp's split). */
function twoProduct(a: number, b: number): [number, number] {
  const hi = a * b;
  const split = 134217729; // 2^27 + 1
  const ca = split * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = split * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  const lo = aHi * bHi - hi + aHi * bLo + aLo * bHi + aLo * bLo;
  return [hi, lo];
}

/**
 * floor(n·x) and the fractional part, computed exactly from the double-double product so that
 * a product that rounds onto an integer is not misclassified (cephes `modNX`).
 */
function floorAndFraction(n: number, x: number): { floor: number; alpha: number } {
  const [hi, lo] = twoProduct(n, x);
  let floor = Math.floor(hi);
  let alpha = hi - floor + lo;
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha = 0;
  }
  return { floor, alpha };
}

/**
 * Adds terms given as (log|t|, sign) to a running sum without overflow or underflow: the sum
 * is kept as scale · e^{logScale}, rescaled whenever a larger term arrives.
 */
class LogSum {
  private logScale = -Infinity;
  private sum = 0;

  add(logTerm: number, sign = 1): void {
    if (logTerm === -Infinity) return;
    if (logTerm > this.logScale) {
      this.sum = this.sum * Math.exp(this.logScale - logTerm) + sign;
      this.logScale = logTerm;
    } else {
      this.sum += sign * Math.exp(logTerm - this.logScale);
    }
  }

  /** ln of the sum (which must be positive) plus an extra log factor. */
  log(extra = 0): number {
    return this.logScale + Math.log(this.sum) + extra;
  }

  /** The current largest-term-relative size, for the early-exit test. */
  relative(logTerm: number): number {
    return Math.exp(logTerm - this.logScale) / this.sum;
  }
}

/**
 * P(D⁺ₙ > x), the one-sided one-sample KS survival function (`scipy.special.smirnov`).
 *
 * Birnbaum–Tingey / Smirnov: sf = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (x+v/n)^{v−1} (1−x−v/n)^{n−v}.
 * cephes sums these terms in double-double with a separate binary exponent; here each term is
 * summed in log space, which keeps about 12 significant digits for n up to a million and
 * cannot overflow. The few-term "upper sum" for small x and the closed forms at the ends
 * follow cephes so the same formula is chosen for the same inputs.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  const { floor: nxFloor, alpha } = floorAndFraction(n, x);
  let lowerLast = n - nxFloor - (alpha === 0 ? 0 : 1);
  let upperFirst = n - nxFloor;
  if (alpha === 0) {
    lowerLast -= 1;
    upperFirst += 1;
  }

  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    // x <= 1/n: only the v = 0 term of the upper sum, cdf = x (1+x)^(n−1).
    return 1 - x * (1 + x) ** (n - 1);
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }

  const upperTerms = n - upperFirst + 1;
  const useUpper =
    (upperTerms <= 1 && x < 0.5) || (n >= 10 && upperTerms <= 3 && x <= 0.5 / Math.sqrt(n));

  // ln of the v-th term; bases are (nxFloor + alpha ± v)/n so no digits cancel near 0.
  const logTerm = (v: number, logBinomial: number): { log: number; sign: number } => {
    const base1 = (nxFloor + v + alpha) / n; // x + v/n
    const base2 = (n - v - nxFloor - alpha) / n; // 1 - x - v/n, negative in the upper sum
    const power2 = n - v;
    const sign = base2 < 0 && power2 % 2 === 1 ? -1 : 1;
    const log2 = power2 === 0 ? 0 : power2 * Math.log(Math.abs(base2));
    return { log: logBinomial + (v - 1) * Math.log(base1) + log2, sign };
  };

  const sum = new LogSum();
  if (useUpper) {
    // cdf = x Σ_{v=n}^{upperFirst} ...; C(n, v) built downwards from C(n, n) = 1.
    let logBinomial = 0;
    for (let v = n; v >= upperFirst; v--) {
      const term = logTerm(v, logBinomial);
      sum.add(term.log, term.sign);
      logBinomial += Math.log(v / (n - v + 1));
    }
    const cdf = Math.exp(sum.log(Math.log(x)));
    return Math.min(Math.max(1 - cdf, 0), 1);
  }
  let logBinomial = 0;
  let compensation = 0;
  for (let v = 0; v <= lowerLast; v++) {
    const term = logTerm(v, logBinomial);
    sum.add(term.log);
    // Past the peak the terms fall geometrically; stop once the rest cannot matter (cephes' rule).
    if (v > 0 && v < lowerLast && 4 * (lowerLast - v + 1) * sum.relative(term.log) < EPSILON) break;
    // Kahan-compensated running ln C(n, v+1), so a million steps do not drift.
    const step = Math.log((n - v) / (v + 1)) - compensation;
    const next = logBinomial + step;
    compensation = next - logBinomial - step;
    logBinomial = next;
  }
  return Math.min(Math.max(Math.exp(sum.log(Math.log(x))), 0), 1);
}
