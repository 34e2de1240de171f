import { describe, expect, it } from 'vitest';
import { kolmogorovSf } from '../../../src/core/drift/statistics/kolmogorov-n.ts';
import { kolmogorovLimitSf, smirnovSf } from '../../../src/core/drift/statistics/smirnov.ts';
import { chi2Sf, erfc, logGamma, normalCdf } from '../../../src/core/math/special-functions.ts';

/**
 * Reference values printed by scipy 1.10.1 (`/usr/bin/python3` on Debian 12): `stats.kstwo.sf`,
 * `special.smirnov`, `special.kolmogorov`, `stats.chi2.sf`, `special.erfc`, `math.lgamma`.
 * The (n, x) pairs reach every branch of scipy's `_kolmogn`: Ruben–Gambino ends, Durbin's
 * matrix, Pomeranz, Pelz–Good, the Smirnov sum and its n > 10⁶ approximation.
 */

function close(actual: number, expected: number, rel: number, abs = 1e-300): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

const KSTWO: [number, number, number][] = [
  [5, 0.05, 1.0],
  [5, 0.15, 0.9988],
  [5, 0.9, 1.9999999999999978e-5],
  [10, 0.12, 0.9948566839762616],
  [10, 0.2, 0.7487190399999999],
  [10, 0.3, 0.27053557479999946],
  [40, 0.1, 0.7818109707182903],
  [40, 0.25, 0.01089552086854928],
  [40, 0.4, 2.7416081587210553e-6],
  [140, 0.05, 0.8576480297656114],
  [140, 0.12, 0.03252638258561632],
  [140, 0.2, 2.1981563302200222e-5],
  [141, 0.05, 0.8548456930096628],
  [141, 0.13, 0.015449346308454497],
  [1000, 0.02, 0.8108971656895577],
  [1000, 0.06, 0.001428597887952891],
  [4737, 0.01, 0.72671873349625],
  [4737, 0.03, 0.0003878995956275737],
  [10000, 0.0088, 0.41854167903462236],
  [50000, 0.002, 0.9880386605338913],
  [100000, 0.0005, 1.0],
  [250000, 0.001, 0.9637319876831367],
  [500000, 0.003, 0.00024632301239186754],
  [2000000, 0.0012, 0.006297183259583361],
  [3, 0.6, 0.14400000000000004],
  [7, 0.95, 1.5625000000000096e-9],
];

describe('kolmogorovSf = scipy.stats.kstwo.sf', () => {
  it.each(KSTWO)('n=%d x=%d', (n, x, expected) => close(kolmogorovSf(n, x), expected, 1e-10));
  it('is 1 at and below x = 1/(2n), 0 at x >= 1, NaN for a non-integer n', () => {
    expect(kolmogorovSf(10, 0.05)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
    expect(kolmogorovSf(10.5, 0.3)).toBeNaN();
  });
});

describe('smirnovSf = scipy.special.smirnov', () => {
  it.each([
    [1, 0.3, 0.7],
    [5, 0.1, 0.85359],
    [20, 0.3, 0.021533604376327058],
    [100, 0.05, 0.5871453380805337],
    [1000, 0.01, 0.8133237754763678],
    [1000, 0.1, 1.8518435484088554e-9],
    [12, 0.02, 0.975132513832107],
    [500000, 0.003, 0.00012316150619593377],
    [2000000, 0.001, 0.018303432023617325],
  ])('n=%d x=%d', (n, x, expected) => close(smirnovSf(n, x), expected, 1e-10));
});

describe('kolmogorovLimitSf = scipy.special.kolmogorov', () => {
  it.each([
    [0.03, 1.0],
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.82, 0.5119717052984973],
    [0.83, 0.4961909953505036],
    [1.0, 0.26999967167735456],
    [1.5, 0.022217962616525127],
    [3.0, 3.045995948942526e-8],
    [6.0, 1.0760372320042276e-31],
  ])('x=%d', (x, expected) => close(kolmogorovLimitSf(x), expected, 1e-14));
});

describe('chi2Sf = scipy.stats.chi2.sf', () => {
  it.each([
    [0.5, 1, 0.47950012218695337],
    [3.84, 1, 0.05004352124870519],
    [42.9, 2, 4.834853990209875e-10],
    [10, 7, 0.18857346751344997],
    [800, 19, 2.1498513349010723e-157],
    [5000, 4000, 1.6633156038804178e-25],
    [0.001, 30, 1.0],
  ])('x=%d dof=%d', (x, dof, expected) => close(chi2Sf(x, dof), expected, 1e-11));
  it('is NaN for 0 degrees of freedom, 1 at 0 and 0 at infinity', () => {
    expect(chi2Sf(0, 0)).toBeNaN();
    expect(chi2Sf(0, 3)).toBe(1);
    expect(chi2Sf(Infinity, 3)).toBe(0);
  });
});

describe('erfc, normalCdf and logGamma', () => {
  it.each([
    [-1.5, 1.9661051464753108],
    [0.1, 0.8875370839817152],
    [1.0, 0.15729920705028516],
    [3.0, 2.2090496998585445e-5],
    [10.0, 2.0884875837625446e-45],
    [26.0, 5.663192408856145e-296],
  ])('erfc(%d)', (x, expected) => close(erfc(x), expected, 1e-13));
  it('normalCdf keeps the lower tail relative', () => {
    close(normalCdf(-8), 6.22096057427174e-16, 1e-13);
    close(normalCdf(3), 0.9986501019683699, 1e-15);
  });
  it.each([
    [0.1, 2.2527126517342055],
    [0.5, 0.5723649429247004],
    [1.5, -0.12078223763524543],
    [3.0, 0.693147180559945],
    [17.5, 32.081114895947344],
    [1000.25, 5906.947268271117],
  ])('logGamma(%d)', (x, expected) => close(logGamma(x), expected, 1e-14, 1e-15));
});
