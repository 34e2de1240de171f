/**
 * data-summary.json (`modelgate/data-summary@1`): what a pull request's gate compares of the
 * training data, without the data. A training run writes it into the report artifact; the
 * gate reads the pull request's and the baseline's and diffs them (`diffData`). It comes from
 * an artifact a pull request made, so every part is bounded and checked here.
 */
import { z } from 'zod';
import { DATA_SUMMARY_SCHEMA } from '../constants.ts';
import { ProfileSchema } from '../drift/profile-schema.ts';

/**
 * Most row hashes a summary keeps: the smallest ones (a bottom-k sketch), so two summaries of
 * large tables still estimate how many rows they share. 50,000 hashes are about 1 MB of JSON.
 */
export const MAX_ROW_HASHES = 50_000;
/** Most classes whose counts a summary keeps. */
export const MAX_LABEL_CLASSES = 1000;
/** Most columns a summary describes. */
export const MAX_COLUMNS = 10_000;
/** Largest data-summary.json read from an artifact. */
export const MAX_DATA_SUMMARY_BYTES = 16 * 1024 * 1024;

const count = z.number().int().nonnegative();
/** A row id of `rowIds`: 16 hex digits, `.n` for the n-th duplicate. */
const RowHash = z.string().regex(/^[0-9a-f]{16}(?:\.[1-9][0-9]{0,8})?$/);

const RowHashesSchema = z
  .object({
    /** Rows hashed (every labelled row). */
    total: count,
    /** True when `hashes` holds every row's hash. */
    exact: z.boolean(),
    /** The smallest hashes, ascending by code point, no duplicates. */
    hashes: z.array(RowHash).max(MAX_ROW_HASHES),
  })
  .superRefine((value, ctx) => {
    for (let i = 1; i < value.hashes.length; i++) {
      if ((value.hashes[i - 1] ?? '') >= (value.hashes[i] ?? '')) {
        ctx.addIssue({ code: 'custom', path: ['hashes', i], message: 'is not ascending' });
        return;
      }
    }
    const size = value.hashes.length;
    if (size > value.total || (value.exact && size !== value.total)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hashes'],
        message: `does not fit total ${value.total}`,
      });
    }
  });

/** The base model and the pull request's model on each other's test rows (the 2×2 table). */
export const CrossEvaluationSchema = z.object({
  /** Metric of the off-diagonal cells (the comparison's primary metric). */
  metric: z.string().min(1).max(100),
  /** `ok`: both cells measured; otherwise why not, said in `detail`. */
  status: z.enum(['ok', 'expired', 'missing', 'not-comparable']),
  detail: z.string().max(500),
  /** Commit whose default-branch run's model was the base model. */
  base_sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable(),
  base_model_on_pr_rows: z.number().nullable(),
  pr_model_on_base_rows: z.number().nullable(),
});

/** Validator of data-summary.json. */
export const DataSummarySchema = z.object({
  schema: z.literal(DATA_SUMMARY_SCHEMA),
  path: z.string().max(4096),
  sha256: z.string().max(128),
  rows: count,
  columns: z
    .array(
      z.object({ name: z.string().min(1).max(1000), type: z.enum(['numeric', 'categorical']) }),
    )
    .max(MAX_COLUMNS),
  label: z.string().min(1).max(1000),
  task: z.enum(['classification', 'regression']),
  /** [class, rows] most frequent first; null for regression (its profile has the label). */
  label_counts: z
    .array(z.tuple([z.string().max(1000), count]))
    .max(MAX_LABEL_CLASSES)
    .nullable(),
  row_hashes: RowHashesSchema,
  /** The held-out rows: how many, and sha256 over their sorted hashes (changed = differs). */
  test_rows: z.object({ count, digest: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Every column, label included, with a small sample cap (drift from base to PR). */
  profile: ProfileSchema,
  cross: CrossEvaluationSchema.optional(),
});

/** A validated data-summary.json. */
export type DataSummary = z.infer<typeof DataSummarySchema>;
/** The 2×2 table's measured cells. */
export type CrossEvaluation = z.infer<typeof CrossEvaluationSchema>;
