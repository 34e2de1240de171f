/**
 * Chi-squared tests on category counts: the 2×K contingency test of reference vs current
 * (`scipy.stats.chi2_contingency`, Yates' correction on 2×2) and the goodness-of-fit form
 * Evidently's `chisquare` test uses (`scipy.stats.chisquare` with expected = reference counts
 * scaled to the current size).
 */
import { chi2Sf } from '../../math/special-functions.ts';
import { numpySum } from './summation.ts';

/** `scipy.stats.chi2_contingency` on the 2×K table of category counts. */
export interface Chi2ContingencyResult {
  statistic: number;
  p_value: number;
  dof: number;
  /** Whether Yates' continuity correction was applied (only when dof = 1). */
  yates_applied: boolean;
}

/**
 * Pearson's χ² on the 2×K table [referenceCounts; currentCounts]. Expected E_ij = R_i·C_j/N;
 * dof = K − 1. With `correction` (scipy's default) and dof = 1, every |O − E| is reduced by
 * 0.5 but by no more than |O − E|. K = 1 gives dof 0, statistic 0 and p 1, as scipy does.
 * Every column must have a non-zero total (categories come from the observed union).
 */
export function chi2Contingency(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  correction = true,
): Chi2ContingencyResult {
  const k = referenceCounts.length;
  const rows = [referenceCounts, currentCounts];
  const rowTotals = rows.map((row) => numpySum(row));
  const columnTotals = referenceCounts.map((ref, j) => ref + (currentCounts[j] ?? 0));
  const total = numpySum(rowTotals);
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, p_value: 1, dof, yates_applied: false };
  const yates = correction && dof === 1;
  const terms: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < k; j++) {
      const expected = ((rowTotals[i] ?? 0) * (columnTotals[j] ?? 0)) / total;
      let observed = rows[i]?.[j] ?? 0;
      if (yates) {
        const diff = expected - observed;
        observed += Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
      }
      terms.push((observed - expected) ** 2 / expected);
    }
  }
  const statistic = numpySum(terms);
  return { statistic, p_value: chi2Sf(statistic, dof), dof, yates_applied: yates };
}

/** `scipy.stats.chisquare` goodness of fit (Evidently's `chisquare` test). */
export interface ChisquareResult {
  statistic: number;
  p_value: number;
}

/**
 * Goodness of fit of the current counts to the reference shares, Evidently's `chisquare`:
 * f_exp = reference count · (n_cur / n_ref). A category unseen in the reference has f_exp = 0,
 * so the statistic is +∞ and p = 0; a single category has 0 degrees of freedom and p = NaN.
 */
export function chisquareGoodnessOfFit(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
): ChisquareResult {
  const nRef = numpySum(referenceCounts);
  const nCur = numpySum(currentCounts);
  const scale = nCur / nRef;
  const terms = currentCounts.map((observed, j) => {
    const expected = (referenceCounts[j] ?? 0) * scale;
    return (observed - expected) ** 2 / expected;
  });
  const statistic = numpySum(terms);
  return { statistic, p_value: chi2Sf(statistic, currentCounts.length - 1) };
}
