/**
 * The small histograms behind the report's distribution picture: both sides on the same bins,
 * as shares, so the eye can compare shapes.
 */
import type { DriftHistogram } from '../drift-report-schema.ts';
import type { ValueCounts } from '../statistics/binning.ts';

/** Bins of a numerical picture. */
export const PICTURE_BINS = 12;
/** Categories shown before the rest are pooled into "(other)". */
export const PICTURE_CATEGORIES = 10;

function quantileOf(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const x = sorted[lo] ?? NaN;
  return x + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? x) - x);
}

function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e5 || abs < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

function shares(sorted: Float64Array, lo: number, width: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const raw = width > 0 ? Math.floor(((sorted[i] ?? 0) - lo) / width) : 0;
    // Tails beyond the 1st/99th percentiles are folded into the end bins.
    const bin = Math.min(Math.max(raw, 0), bins - 1);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((c) => c / sorted.length);
}

/**
 * Equal-width bins over the central range of the pooled data (from the lower of the two 1st
 * percentiles to the higher of the two 99th), so one outlier does not squash the picture.
 */
export function numericalHistogram(reference: Float64Array, current: Float64Array): DriftHistogram {
  let lo = Math.min(quantileOf(reference, 0.01), quantileOf(current, 0.01));
  let hi = Math.max(quantileOf(reference, 0.99), quantileOf(current, 0.99));
  if (!(hi > lo)) {
    lo = Math.min(reference[0] ?? 0, current[0] ?? 0);
    hi = Math.max(reference[reference.length - 1] ?? 0, current[current.length - 1] ?? 0);
  }
  const bins = hi > lo ? PICTURE_BINS : 1;
  const width = (hi - lo) / bins;
  // The end bins also hold the folded tails, so their labels are open-ended: every value
  // counted in a bin lies inside its label.
  const labels = Array.from({ length: bins }, (_, i) => {
    if (bins === 1) return formatNumber(lo);
    const from = formatNumber(lo + i * width);
    const to = formatNumber(lo + (i + 1) * width);
    if (i === 0) return `< ${to}`;
    return i === bins - 1 ? `≥ ${from}` : `[${from}, ${to})`;
  });
  return {
    labels,
    reference: shares(reference, lo, width, bins),
    current: shares(current, lo, width, bins),
  };
}

/** The most common categories of either side, the rest pooled as "(other)". */
export function categoricalHistogram(counts: ValueCounts<string>): DriftHistogram {
  const nRef = counts.reference.reduce((s, c) => s + c, 0);
  const nCur = counts.current.reduce((s, c) => s + c, 0);
  const rows = counts.keys.map((key, i) => ({
    key,
    reference: (counts.reference[i] ?? 0) / nRef,
    current: (counts.current[i] ?? 0) / nCur,
  }));
  rows.sort((a, b) => Math.max(b.reference, b.current) - Math.max(a.reference, a.current));
  const shown = rows.slice(0, PICTURE_CATEGORIES);
  const rest = rows.slice(PICTURE_CATEGORIES);
  const histogram: DriftHistogram = {
    labels: shown.map((row) => row.key.slice(0, 200)),
    reference: shown.map((row) => row.reference),
    current: shown.map((row) => row.current),
  };
  if (rest.length > 0) {
    histogram.labels.push(`(${rest.length} other)`);
    histogram.reference.push(
      Math.min(
        1,
        rest.reduce((s, row) => s + row.reference, 0),
      ),
    );
    histogram.current.push(
      Math.min(
        1,
        rest.reduce((s, row) => s + row.current, 0),
      ),
    );
  }
  return histogram;
}
