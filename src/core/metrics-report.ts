import { z } from 'zod';
import { METRICS_SCHEMA } from './constants.ts';

/**
 * `metrics.json` (DESIGN.md §5). The schema is also the validator the App and the `report`
 * mode apply to an artifact from a pull request, which is untrusted input: every number must
 * be finite, every string bounded, every array bounded.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const count = z.number().int().nonnegative();
const shortText = z.string().max(1000);

/** A metric value is finite, or null when the metric is undefined (see `warnings`). */
export const MetricValueSchema = finite.nullable();

/**
 * The range each metric can take (sklearn's definitions): a report outside it was not made by
 * modelgate's engine, and a gate comparing it would be fooled (an accuracy of 7 passes every
 * floor). A name is matched by its family: `precision_macro` is a precision.
 */
const METRIC_RANGES: readonly { pattern: RegExp; min?: number; max?: number; says: string }[] = [
  {
    pattern: /^(accuracy|(precision|recall|f1)(_.*)?|roc_auc(_.*)?)$/,
    min: 0,
    max: 1,
    says: 'must be between 0 and 1',
  },
  { pattern: /^(log_loss|mae|mse|rmse)$/, min: 0, says: 'must be 0 or more' },
  { pattern: /^r2$/, max: 1, says: 'must be 1 or less' },
];

/** Metric values: finite or null, each within its metric's range. */
const MetricsSchema = z
  .record(z.string().max(100), MetricValueSchema)
  .superRefine((metrics, ctx) => {
    for (const [name, value] of Object.entries(metrics)) {
      if (value === null) continue;
      const range = METRIC_RANGES.find((candidate) => candidate.pattern.test(name));
      if (range === undefined) continue;
      if (
        (range.min !== undefined && value < range.min) ||
        (range.max !== undefined && value > range.max)
      ) {
        ctx.addIssue({ code: 'custom', path: [name], message: range.says, input: value });
      }
    }
  });

/** The two tasks modelgate trains and scores. */
export const TaskSchema = z.enum(['classification', 'regression']);
/** `classification` or `regression`. */
export type Task = z.infer<typeof TaskSchema>;

/** Validator of metrics.json (`modelgate/metrics@1`), for our own output and for artifacts. */
export const MetricsReportSchema = z.object({
  schema: z.literal(METRICS_SCHEMA),
  task: TaskSchema,
  /** Class labels in sklearn order (sorted); empty for regression. */
  labels: z.array(shortText).max(1000),
  metrics: MetricsSchema,
  confusion_matrix: z.array(z.array(count).max(1000)).max(1000).optional(),
  per_class: z
    .object({
      precision: z.array(finite).max(1000),
      recall: z.array(finite).max(1000),
      f1: z.array(finite).max(1000),
      support: z.array(count).max(1000),
    })
    .optional(),
  n_train: count,
  n_test: count,
  data: z.object({
    path: shortText,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex sha256'),
    rows: count,
  }),
  model: z.object({
    type: shortText,
    params: count,
    bytes: count,
    backend: shortText,
  }),
  timing: z.object({
    train_s: finite,
    eval_s: finite,
    samples_per_s: finite,
  }),
  git: z
    .object({
      sha: z.string().max(64).nullable(),
      ref: shortText.nullable(),
    })
    .optional(),
  warnings: z.array(shortText).max(1000),
});

/** A validated metrics.json. */
export type MetricsReport = z.infer<typeof MetricsReportSchema>;
