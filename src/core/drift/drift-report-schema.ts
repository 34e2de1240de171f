/**
 * drift.json (`modelgate/drift@1`): the dataset verdict, then one entry per column with the
 * test that decided it (Evidently's names and rules) and every other statistic. The App reads
 * it from workflow artifacts, so the schema also validates it as untrusted input. Numbers are
 * finite; a statistic that is undefined (a 0-degree χ² p-value) is null.
 */
import { z } from 'zod';
import { DRIFT_SCHEMA } from '../constants.ts';
import { DRIFT_TESTS } from './columns/evidently-rules.ts';

const count = z.number().int().nonnegative();
const probability = z.number().min(0).max(1);

const DroppedSchema = z.object({ missing: count, infinite: count });

/** Basic statistics of one side of a numerical column (over all its values, also when sampled). */
const SummarySchema = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number().nonnegative(),
  median: z.number(),
});

/** A small histogram of both sides on the same bins, for the report's distribution picture. */
export const HistogramSchema = z.object({
  /** Bin labels: "[a, b)" ranges for numerical columns, category names for categorical ones. */
  labels: z.array(z.string().max(200)).max(64),
  /** Share of the reference in each bin. */
  reference: z.array(probability).max(64),
  /** Share of the current data in each bin. */
  current: z.array(probability).max(64),
});

/** One column's entry in drift.json: its test, score, verdict and every statistic. */
export const DriftFeatureSchema = z.object({
  name: z.string().max(1000),
  type: z.enum(['numerical', 'categorical']),
  /** `error` when the column could not be tested (empty after dropping, on one side only, ...). */
  status: z.enum(['ok', 'error']),
  /** Why the column was not tested (status `error`). */
  error: z.string().max(2000).optional(),
  /** Values the tests used, after dropping null/NaN/±inf (a reservoir sample's size for a sampled profile). */
  n_reference: count,
  n_current: count,
  /** Values dropped before testing. */
  dropped: z.object({ reference: DroppedSchema, current: DroppedSchema }),
  /** Set when a side's values are a reservoir sample of a larger population (its size). */
  population: z.object({ reference: count, current: count }).optional(),
  /** The deciding test (Evidently's name), null when the column was not tested. */
  test: z.enum(DRIFT_TESTS).nullable(),
  /** p-value for ks, chisquare and z; the distance for wasserstein (normed), jensenshannon and psi. */
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  drifted: z.boolean(),
  /** Distinct values of both sides together (Evidently's n_values). */
  n_values: count.optional(),
  summary: z.object({ reference: SummarySchema, current: SummarySchema }).optional(),
  ks: z
    .object({ statistic: probability, p_value: probability, method: z.enum(['exact', 'asymp']) })
    .optional(),
  wasserstein: z.number().nonnegative().optional(),
  wasserstein_norm: z.number().nonnegative().optional(),
  chi2: z
    .object({ statistic: z.number().nonnegative(), p_value: probability, dof: count })
    .optional(),
  /** PSI on reference-quantile bins (numerical) or categories (categorical), ε = 1e-4. */
  psi: z.number().nonnegative().optional(),
  /** Jensen–Shannon distance (natural log) on the same bins. */
  js_distance: z.number().nonnegative().optional(),
  histogram: HistogramSchema.optional(),
});

const SideSchema = z.object({
  /** File the side came from (a data file or a profile.json). */
  source: z.string().max(4096),
  kind: z.enum(['data', 'profile']),
  rows: count,
});

/** Validator of drift.json (`modelgate/drift@1`), for our output and monitoring artifacts. */
export const DriftReportSchema = z.object({
  schema: z.literal(DRIFT_SCHEMA),
  dataset_drift: z.boolean(),
  /** Share of drifted columns at which the dataset counts as drifted. */
  drift_share: probability,
  /** Columns that were tested (errors excluded). */
  number_of_columns: count,
  number_of_drifted_columns: count,
  share_of_drifted_columns: probability,
  reference: SideSchema,
  current: SideSchema,
  features: z.array(DriftFeatureSchema).max(100_000),
  warnings: z.array(z.string().max(2000)).max(1000),
});

/** A validated drift.json. */
export type DriftReport = z.infer<typeof DriftReportSchema>;
/** One column of a drift report. */
export type DriftFeature = z.infer<typeof DriftFeatureSchema>;
/** Shares per bin on both sides, for the distribution picture. */
export type DriftHistogram = z.infer<typeof HistogramSchema>;
