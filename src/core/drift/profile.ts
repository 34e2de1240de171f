/**
 * Building and merging profiles (profile.json). A numerical feature keeps every finite value
 * up to `sample_cap` (default 100,000) and a seeded uniform reservoir sample beyond that, plus
 * exact count/min/max/mean/std; a categorical feature keeps exact category counts. That is
 * enough to run every drift test later: exactly below the cap, on a uniform sample above it.
 */
import { InputError } from '../errors.ts';
import { listNames } from '../name-list.ts';
import type { Column, Table } from '../table.ts';
import { PROFILE_SCHEMA } from '../constants.ts';
import { compareCodePoints } from './statistics/binning.ts';
import { categoricalSample, numericalSample, type ColumnSample } from './samples/column-sample.ts';
import { decodeSample, encodeSample } from './samples/float64-codec.ts';
import {
  DEFAULT_SAMPLE_CAP,
  type CategoricalProfileFeature,
  type NumericalProfileFeature,
  type NumericalStats,
  type Profile,
  type ProfileFeature,
} from './profile-schema.ts';
import { mergeSamples, reservoirSample, seededRandom } from './samples/reservoir.ts';
import { sortFloat64 } from './samples/sort-float64.ts';
import { binaryScale, quantile, summarize } from './statistics/summary.ts';

/** What a profile keeps: excluded columns, the exact-value cap and the sampling seed. */
export interface BuildProfileOptions {
  /** Columns left out (e.g. the label). Nothing is excluded by default. */
  exclude?: readonly string[];
  /** Exact values kept per numerical feature before reservoir sampling starts. */
  sampleCap?: number;
  /** Seed of the reservoir sampling. */
  seed?: number;
}

/** Default reservoir seed, so two runs on the same data write the same profile. */
export const DEFAULT_PROFILE_SEED = 42;

function quantiles(sorted: Float64Array): NumericalStats['quantiles'] {
  return {
    p01: quantile(sorted, 0.01),
    p05: quantile(sorted, 0.05),
    p25: quantile(sorted, 0.25),
    p50: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
  };
}

/** A different but reproducible seed per feature, so features are not sampled in lockstep. */
function featureSeed(seed: number, index: number): number {
  return (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

function numericalFeature(
  name: string,
  values: Float64Array,
  cap: number,
  seed: number,
): NumericalProfileFeature {
  const { sorted, dropped } = numericalSample(values);
  const n = sorted.length;
  // Statistics over every value; only the stored values are sampled.
  const summary = n > 0 ? summarize(sorted) : undefined;
  const sample = sortFloat64(reservoirSample(sorted, cap, seededRandom(seed)));
  return {
    name,
    type: 'numerical',
    count: n,
    missing: dropped.missing,
    infinite: dropped.infinite,
    stats:
      summary === undefined
        ? null
        : {
            min: summary.min,
            max: summary.max,
            mean: summary.mean,
            std: summary.std,
            quantiles: quantiles(sorted),
          },
    sample: {
      exact: sample.length === n,
      size: sample.length,
      encoding: 'float64le-base64',
      ...encodeSample(sample),
    },
  };
}

function sortedCategories(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
}

function categoricalFeature(
  name: string,
  values: readonly (string | null)[],
): CategoricalProfileFeature {
  const sample = categoricalSample(values);
  return {
    name,
    type: 'categorical',
    count: sample.total,
    missing: sample.dropped.missing,
    categories: sortedCategories(sample.counts),
  };
}

function profileFeature(column: Column, index: number, cap: number, seed: number): ProfileFeature {
  return column.kind === 'numeric'
    ? numericalFeature(column.name, column.values, cap, featureSeed(seed, index))
    : categoricalFeature(column.name, column.values);
}

/** Profiles every column of a table (minus `exclude`), as `modelgate profile` and `train` write it. */
export function buildProfile(table: Table, options: BuildProfileOptions = {}): Profile {
  const cap = options.sampleCap ?? DEFAULT_SAMPLE_CAP;
  const seed = options.seed ?? DEFAULT_PROFILE_SEED;
  const exclude = new Set(options.exclude ?? []);
  return {
    schema: PROFILE_SCHEMA,
    rows: table.rows,
    sources: [{ path: table.path, sha256: table.sha256, rows: table.rows }],
    sample_cap: cap,
    seed,
    features: table.columns
      .filter((column) => !exclude.has(column.name))
      .map((column, index) => profileFeature(column, index, cap, seed)),
  };
}

/** The values of a validated numerical feature's sample, ascending. */
export function featureSampleValues(feature: NumericalProfileFeature): Float64Array {
  const values = decodeSample(feature.sample);
  if (typeof values === 'string') {
    throw new InputError(`Profile feature '${feature.name}' has an invalid sample: ${values}.`);
  }
  return values;
}

/** A profile feature in the form the drift tests take (the sample stands in for the data). */
export function profileColumnSample(feature: ProfileFeature): ColumnSample {
  if (feature.type === 'categorical') {
    return {
      type: 'categorical',
      counts: new Map(feature.categories),
      total: feature.count,
      dropped: { missing: feature.missing, infinite: 0 },
    };
  }
  const sorted = featureSampleValues(feature);
  const { stats } = feature;
  return {
    type: 'numerical',
    sorted,
    population: feature.count,
    dropped: { missing: feature.missing, infinite: feature.infinite },
    ...(stats === null
      ? {}
      : {
          summary: {
            min: stats.min,
            max: stats.max,
            mean: stats.mean,
            std: stats.std,
            median: stats.quantiles.p50,
          },
        }),
  };
}

/** A table column in the form the drift tests take. */
export function tableColumnSample(column: Column): ColumnSample {
  return column.kind === 'numeric'
    ? numericalSample(column.values)
    : categoricalSample(column.values);
}

function mergeStats(
  a: NumericalProfileFeature,
  b: NumericalProfileFeature,
  sample: Float64Array,
): NumericalStats | null {
  if (a.stats === null) return b.stats && { ...b.stats, quantiles: quantiles(sample) };
  if (b.stats === null) return { ...a.stats, quantiles: quantiles(sample) };
  const n = a.count + b.count;
  // In units of a power of two near the largest magnitude, so that squares of stds beyond
  // 1.3e154 stay finite (as in populationMoments); exact scaling, same doubles otherwise.
  const unit = binaryScale(
    Math.max(Math.abs(a.stats.mean), Math.abs(b.stats.mean), a.stats.std, b.stats.std),
  );
  const meanA = a.stats.mean / unit;
  const stdA = a.stats.std / unit;
  const stdB = b.stats.std / unit;
  const delta = b.stats.mean / unit - meanA;
  const mean = meanA + (delta * b.count) / n;
  // Chan, Golub & LeVeque's pairwise update of the sum of squared deviations.
  const m2 = stdA ** 2 * a.count + stdB ** 2 * b.count + (delta * delta * a.count * b.count) / n;
  return {
    min: Math.min(a.stats.min, b.stats.min),
    max: Math.max(a.stats.max, b.stats.max),
    mean: mean * unit,
    std: Math.sqrt(m2 / n) * unit,
    quantiles: quantiles(sample),
  };
}

function mergeNumerical(
  a: NumericalProfileFeature,
  b: NumericalProfileFeature,
  cap: number,
  seed: number,
): NumericalProfileFeature {
  const sampleA = featureSampleValues(a);
  const sampleB = featureSampleValues(b);
  const count = a.count + b.count;
  let merged: Float64Array;
  if (a.sample.exact && b.sample.exact && count <= cap) {
    merged = new Float64Array(count);
    merged.set(sampleA, 0);
    merged.set(sampleB, sampleA.length);
  } else {
    merged = mergeSamples(
      { values: sampleA, population: a.count },
      { values: sampleB, population: b.count },
      cap,
      seededRandom(seed),
    );
  }
  sortFloat64(merged);
  return {
    name: a.name,
    type: 'numerical',
    count,
    missing: a.missing + b.missing,
    infinite: a.infinite + b.infinite,
    stats: mergeStats(a, b, merged),
    sample: {
      exact: merged.length === count,
      size: merged.length,
      encoding: 'float64le-base64',
      ...encodeSample(merged),
    },
  };
}

function mergeCategorical(
  a: CategoricalProfileFeature,
  b: CategoricalProfileFeature,
): CategoricalProfileFeature {
  const counts = new Map(a.categories);
  for (const [category, n] of b.categories) counts.set(category, (counts.get(category) ?? 0) + n);
  return {
    name: a.name,
    type: 'categorical',
    count: a.count + b.count,
    missing: a.missing + b.missing,
    categories: sortedCategories(counts),
  };
}

/**
 * A feature without a single value (every cell missing) as a feature of `type`: such a
 * column reads as numerical (pandas reads it as float64) although its other shards may hold
 * text, so it matches either type. Undefined when the feature holds values (±inf included).
 */
function emptyAs(
  feature: ProfileFeature,
  type: ProfileFeature['type'],
): ProfileFeature | undefined {
  if (feature.count > 0 || (feature.type === 'numerical' && feature.infinite > 0)) return undefined;
  const { name, missing } = feature;
  if (type === 'categorical') return { name, type, count: 0, missing, categories: [] };
  const sample = encodeSample(new Float64Array(0));
  return {
    name,
    type,
    count: 0,
    missing,
    infinite: 0,
    stats: null,
    sample: { exact: true, size: 0, encoding: 'float64le-base64', ...sample },
  };
}

/** The two shards' features of a column, an empty one given the other's type. */
function sameTypes(a: ProfileFeature, b: ProfileFeature): [ProfileFeature, ProfileFeature] {
  if (a.type === b.type) return [a, b];
  const emptyA = emptyAs(a, b.type);
  if (emptyA) return [emptyA, b];
  return [a, emptyAs(b, a.type) ?? b];
}

/**
 * Merges the profiles of two shards of one dataset into the profile of their union. Exact when
 * both samples are exact and the union fits the cap; otherwise a uniform sample of the union
 * (hypergeometric split between the shards), capped at the smaller of the two caps. Both
 * profiles must have the same features with the same types, except that a feature without
 * any value on one side takes the other side's type.
 */
export function mergeProfiles(a: Profile, b: Profile): Profile {
  const namesA = a.features.map((f) => f.name);
  const namesB = new Set(b.features.map((f) => f.name));
  const onlyA = namesA.filter((name) => !namesB.has(name));
  const onlyB = b.features.map((f) => f.name).filter((name) => !namesA.includes(name));
  if (onlyA.length > 0 || onlyB.length > 0) {
    // Two unrelated profiles differ in every column; a few names make the point.
    const list = (names: string[]) => listNames(names, { quote: "'", max: 5 });
    throw new InputError(
      `Profiles to merge must have the same features: ${onlyA.length > 0 ? `${list(onlyA)} only in the first` : ''}${onlyA.length > 0 && onlyB.length > 0 ? '; ' : ''}${onlyB.length > 0 ? `${list(onlyB)} only in the second` : ''}.`,
    );
  }
  const cap = Math.min(a.sample_cap, b.sample_cap);
  const byName = new Map(b.features.map((f) => [f.name, f]));
  const features = a.features.map((first, index): ProfileFeature => {
    const second = byName.get(first.name);
    if (second === undefined)
      throw new InputError(`Feature '${first.name}' is missing from the second profile.`);
    const [fa, fb] = sameTypes(first, second);
    if (fa.type === 'numerical' && fb.type === 'numerical') {
      const seed = featureSeed(
        (a.seed ^ Math.imul(b.seed, 0x85ebca6b) ^ fa.count ^ Math.imul(fb.count, 31)) >>> 0,
        index,
      );
      return mergeNumerical(fa, fb, cap, seed);
    }
    if (fa.type === 'categorical' && fb.type === 'categorical') return mergeCategorical(fa, fb);
    throw new InputError(
      `Feature '${fa.name}' is ${fa.type} in the first profile but ${fb.type} in the second; profile the shards with the same --categorical columns.`,
    );
  });
  return {
    schema: PROFILE_SCHEMA,
    rows: a.rows + b.rows,
    sources: [...a.sources, ...b.sources],
    sample_cap: cap,
    seed: a.seed,
    features,
  };
}
