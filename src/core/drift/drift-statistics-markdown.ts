/**
 * The "All statistics" part of a drift report in markdown: every statistic of every tested
 * column, one table per column type, since numerical and categorical columns have different
 * statistics and one table of both was ten columns wide, too cramped for an issue on GitHub.
 */
import { escapeShort } from '../render/escape.ts';
import type { DriftFeature } from './drift-report-schema.ts';
import { groupDigits } from '../group-digits.ts';

/** Four significant digits; exponent form only for values a decimal would show as 0 or 1000000. */
function num(x: number | undefined, digits = 4): string {
  if (x === undefined) return '–';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(digits)));
}

/** `400 / 398`, with the values dropped before testing (missing, ±inf) when there were any. */
function sizes(feature: DriftFeature): string {
  const { reference, current } = feature.dropped;
  const dropped = reference.missing + reference.infinite + current.missing + current.infinite;
  const counts = `${groupDigits(feature.n_reference)} / ${groupDigits(feature.n_current)}`;
  return dropped === 0 ? counts : `${counts} (${groupDigits(dropped)} dropped)`;
}

function numericalRow(feature: DriftFeature, name: string): string {
  const mean = feature.summary
    ? `${num(feature.summary.reference.mean)} → ${num(feature.summary.current.mean)}`
    : '–';
  const ks = feature.ks ? `${num(feature.ks.statistic)} (p ${num(feature.ks.p_value)})` : '–';
  return `| ${name} | ${sizes(feature)} | ${mean} | ${ks} | ${num(feature.wasserstein_norm)} | ${num(feature.psi)} | ${num(feature.js_distance)} |`;
}

function categoricalRow(feature: DriftFeature, name: string): string {
  const chi2 = feature.chi2
    ? `${num(feature.chi2.statistic)} (p ${num(feature.chi2.p_value)}, dof ${feature.chi2.dof})`
    : '–';
  return `| ${name} | ${sizes(feature)} | ${chi2} | ${num(feature.psi)} | ${num(feature.js_distance)} |`;
}

/**
 * The tables of every statistic, numerical columns then categorical ones, each row named by
 * `nameOf` (the escaped, wrappable column name the main table shows).
 */
export function statisticsTables(
  tested: readonly DriftFeature[],
  nameOf: (feature: DriftFeature) => string = (feature) => escapeShort(feature.name),
): string[] {
  const numerical = tested.filter((feature) => feature.type === 'numerical');
  const categorical = tested.filter((feature) => feature.type === 'categorical');
  const lines: string[] = [];
  if (numerical.length > 0) {
    lines.push(
      '**Numerical columns**',
      '',
      '| Column | n ref / cur | Mean ref → cur | KS D (p) | Wasserstein (normed) | PSI | JS distance |',
      '|---|--:|--:|--:|--:|--:|--:|',
      ...numerical.map((feature) => numericalRow(feature, nameOf(feature))),
      '',
    );
  }
  if (categorical.length > 0) {
    lines.push(
      '**Categorical columns**',
      '',
      '| Column | n ref / cur | χ² (p, dof) | PSI | JS distance |',
      '|---|--:|--:|--:|--:|',
      ...categorical.map((feature) => categoricalRow(feature, nameOf(feature))),
      '',
    );
  }
  return lines;
}
