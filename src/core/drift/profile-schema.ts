/**
 * profile.json (`modelgate/profile@1`): what monitoring needs of the training data to run
 * every drift test later without it. It travels in workflow artifacts and release assets, so
 * it is validated as untrusted input: shapes, counts that add up, finite numbers, and sample
 * values that decode, are finite and ascending.
 */
import { z } from 'zod';
import { PROFILE_SCHEMA } from '../constants.ts';
import { decodeSample } from './samples/float64-codec.ts';

/** Default cap on the exact values kept per numerical feature; beyond it a reservoir sample. */
export const DEFAULT_SAMPLE_CAP = 100_000;
/** Largest cap a profile may declare (about 80 MB of doubles per feature). */
export const MAX_SAMPLE_CAP = 10_000_000;
/** Largest number of distinct categories a profile may carry per feature. */
export const MAX_CATEGORIES = 1_000_000;

const count = z.number().int().nonnegative();
const finite = z.number(); // zod 4 numbers are finite: NaN and ±Infinity fail

/** The quantiles a numerical profile feature records. */
export const QUANTILE_KEYS = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

const NumericalStatsSchema = z.object({
  min: finite,
  max: finite,
  mean: finite,
  /** Population standard deviation (ddof = 0). */
  std: finite.nonnegative(),
  /** Quantiles (numpy linear interpolation) of the sample; exact when the sample is. */
  quantiles: z.object({
    p01: finite,
    p05: finite,
    p25: finite,
    p50: finite,
    p75: finite,
    p95: finite,
    p99: finite,
  }),
});

const SampleSchema = z
  .object({
    /** True when the sample holds every finite value of the feature. */
    exact: z.boolean(),
    size: count.max(MAX_SAMPLE_CAP),
    encoding: z.literal('float64le-base64'),
    /** The values, ascending (the distinct values when `counts` is present). */
    values: z.string(),
    /** Run-length form: how often each distinct value occurs (base64 little-endian uint32). */
    counts: z.string().optional(),
  })
  .superRefine((sample, ctx) => {
    const decoded = decodeSample(sample);
    if (typeof decoded === 'string') ctx.addIssue({ code: 'custom', message: decoded });
  });

const NumericalFeatureSchema = z
  .object({
    name: z.string().min(1).max(1000),
    type: z.literal('numerical'),
    /** Finite values seen. */
    count,
    /** Empty, null or NaN cells. */
    missing: count,
    /** ±Infinity cells. */
    infinite: count,
    stats: NumericalStatsSchema.nullable(),
    sample: SampleSchema,
  })
  .superRefine((feature, ctx) => {
    const { sample } = feature;
    if (sample.size > feature.count || (sample.exact && sample.size !== feature.count)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sample', 'size'],
        message: `does not fit count ${feature.count}`,
      });
    }
    if ((feature.stats === null) !== (feature.count === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['stats'],
        message: 'must be null exactly when count is 0',
      });
    }
  });

const CategoricalFeatureSchema = z
  .object({
    name: z.string().min(1).max(1000),
    type: z.literal('categorical'),
    /** Non-missing values seen. */
    count,
    missing: count,
    /** [category, count] pairs, most frequent first (pairs, not an object: a category may be "__proto__"). */
    categories: z.array(z.tuple([z.string(), count.min(1)])).max(MAX_CATEGORIES),
  })
  .superRefine((feature, ctx) => {
    const seen = new Set<string>();
    let total = 0;
    for (const [category, n] of feature.categories) {
      if (seen.has(category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories'],
          message: `lists category ${JSON.stringify(category.slice(0, 80))} twice`,
        });
        return;
      }
      seen.add(category);
      total += n;
    }
    if (total !== feature.count) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: `counts add up to ${total}, count says ${feature.count}`,
      });
    }
  });

/** One profiled column: numerical (values or sample) or categorical (counts). */
export const ProfileFeatureSchema = z.discriminatedUnion('type', [
  NumericalFeatureSchema,
  CategoricalFeatureSchema,
]);

/** Validator of profile.json (`modelgate/profile@1`), which may come from an artifact. */
export const ProfileSchema = z
  .object({
    schema: z.literal(PROFILE_SCHEMA),
    /** Rows profiled (all sources together). */
    rows: count,
    /** The data files profiled; several after `profile --merge`. */
    sources: z
      .array(z.object({ path: z.string().max(4096), sha256: z.string().max(128), rows: count }))
      .max(100_000),
    /** Exact values kept per numerical feature before sampling starts. */
    sample_cap: z.number().int().positive().max(MAX_SAMPLE_CAP),
    /** Seed of the reservoir sampling, so the same data gives the same profile. */
    seed: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 32 - 1),
    features: z.array(ProfileFeatureSchema).max(100_000),
  })
  .superRefine((profile, ctx) => {
    const names = new Set<string>();
    profile.features.forEach((feature, i) => {
      if (names.has(feature.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['features', i, 'name'],
          message: `duplicates feature ${JSON.stringify(feature.name.slice(0, 80))}`,
        });
      }
      names.add(feature.name);
      const rows =
        feature.type === 'numerical'
          ? feature.count + feature.missing + feature.infinite
          : feature.count + feature.missing;
      if (rows !== profile.rows) {
        ctx.addIssue({
          code: 'custom',
          path: ['features', i],
          message: `accounts for ${rows} rows, the profile has ${profile.rows}`,
        });
      }
      if (feature.type === 'numerical' && feature.sample.size > profile.sample_cap) {
        ctx.addIssue({
          code: 'custom',
          path: ['features', i, 'sample', 'size'],
          message: `exceeds sample_cap ${profile.sample_cap}`,
        });
      }
    });
  });

/** A validated profile.json. */
export type Profile = z.infer<typeof ProfileSchema>;
/** One column of a profile. */
export type ProfileFeature = z.infer<typeof ProfileFeatureSchema>;
/** A numerical column of a profile. */
export type NumericalProfileFeature = Extract<ProfileFeature, { type: 'numerical' }>;
/** A categorical column of a profile. */
export type CategoricalProfileFeature = Extract<ProfileFeature, { type: 'categorical' }>;
/** Summary statistics of a numerical column. */
export type NumericalStats = z.infer<typeof NumericalStatsSchema>;
