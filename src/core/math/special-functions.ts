/**
 * The few special functions the drift tests need (log-gamma, the regularised incomplete gamma
 * function, erfc, the normal CDF), written out because no maintained npm package gives them
 * with documented double precision; jStat and simple-statistics stop near 1e-7, which is too
 * coarse for p-values compared with scipy at a relative 1e-9.
 */

/** Lanczos coefficients for g = 607/128, 15 terms (Godfrey; also Apache Commons Math). */
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746,
  -0.4919138160976202, 3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5,
  0.0001580887032249125, -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639,
  8.441822398385275e-5, -2.6190838401581408e-5, 3.6899182659531625e-6,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 2.220446049250313e-16;
/** Smallest positive normal double, the guard of the modified Lentz algorithm. */
const TINY = 2.2250738585072014e-308;
const MAX_ITERATIONS = 100_000;

function lanczosSum(x: number): number {
  let sum = 0;
  for (let i = LANCZOS.length - 1; i > 0; i--) sum += (LANCZOS[i] ?? 0) / (x + i);
  return sum + (LANCZOS[0] ?? 0);
}

/**
 * ln Γ(x) for x > 0, relative error about 1e-15. Small arguments use Γ(x) = Γ(x+1)/x so the
 * Lanczos sum is only evaluated where it is accurate.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const tmp = x + LANCZOS_G + 0.5;
  return (x + 0.5) * Math.log(tmp) - tmp + HALF_LOG_2PI + Math.log(lanczosSum(x) / x);
}

/** x^a e^{-x} / Γ(a), the common prefactor of both incomplete-gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(a * Math.log(x) - x - logGamma(a));
}

/** Lower series: P(a, x) = prefactor · Σ x^k / (a (a+1) ... (a+k)); converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < MAX_ITERATIONS; k++) {
    term *= x / (a + k);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * EPSILON) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Legendre's continued fraction for Q(a, x), evaluated by the modified Lentz method (x >= a + 1). */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPSILON) break;
  }
  return h * gammaPrefactor(a, x);
}

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), as cephes `igamc`. Each branch
 * computes the side that does not cancel, so tiny tail probabilities keep their relative
 * precision (about 1e-13 for the arguments chi-squared tests produce).
 */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

/**
 * Survival function of the chi-squared distribution, `scipy.stats.chi2.sf(x, dof)`. Like
 * scipy it is NaN for dof <= 0 (the 0-degree case of a one-category goodness-of-fit test).
 */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(dof / 2, x / 2);
}

/** Complementary error function; erfc(x) = Q(1/2, x²) for x >= 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === 0) return 1;
  return gammaQ(0.5, x * x);
}

/**
 * Standard normal CDF Φ(z), computed the way cephes `ndtr` is: from erfc on the far side so
 * that the lower tail keeps its relative precision.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = 0.5 * erfc(Math.abs(z) * Math.SQRT1_2);
  return z > 0 ? 1 - half : half;
}

/** x · 2^exponent without overflow in the intermediate power of two (C's `ldexp`). */
export function ldexp(x: number, exponent: number): number {
  let result = x;
  let e = exponent;
  while (e > 1000) {
    result *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    result *= 2 ** -1000;
    e += 1000;
  }
  return result * 2 ** e;
}
