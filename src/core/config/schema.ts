// The one function, not the package index, which loads all of semver (ranges, comparators)
// on every start of every command and step that reads a config.
import validVersion from 'semver/functions/valid.js';
import { z } from 'zod';
import { DEFAULT_HISTORY_BRANCH } from '../constants.ts';
import { TaskSchema } from '../metrics-report.ts';

/**
 * `.github/modelgate.yml` (DESIGN.md §3). This schema is the documentation: every field has a
 * `.describe()` text and a default, and the README's config reference is generated from it
 * (`npm run docs:config`). A two-line file (`data: { path, label }`) is a complete config.
 */

const positiveInt = z.number().int().positive();

/** TensorFlow.js backends a run can ask for (`train.backend`, `--backend`); `auto` picks. */
export const BACKEND_CHOICES = ['auto', 'node', 'wasm', 'cpu'] as const;

const fraction = z.number().min(0).max(1);

/** `data:` — the training file and its label; features default to every other column. */
export const DataConfigSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .describe('Training data, CSV or JSONL, relative to the repository root.'),
    label: z.string().min(1).default('target').describe('Name of the label column.'),
    features: z
      .array(z.string().min(1))
      .optional()
      .describe('Feature columns; all columns but the label when omitted.'),
    categorical: z
      .array(z.string().min(1))
      .optional()
      .describe('Columns to treat as categorical even when their values look numeric.'),
    delimiter: z
      .enum([',', ';', '\t', '|'])
      .optional()
      .describe('CSV field delimiter; sniffed when omitted. Not a comma: decimal commas read.'),
  })
  .strict();

/** `model:` — a built-in architecture (`mlp`, `logistic`, `linear`) or a user module. */
export const ModelConfigSchema = z
  .object({
    type: z
      .enum(['mlp', 'logistic', 'linear'])
      .default('mlp')
      .describe('Built-in architecture: `mlp`, or `logistic`/`linear` (no hidden layer).'),
    hidden: z.array(positiveInt).default([64, 32]).describe('Hidden layer sizes of the MLP.'),
    dropout: z
      .number()
      .min(0)
      .max(0.9)
      .default(0.1)
      .describe('Dropout rate after each hidden layer.'),
    activation: z
      .enum(['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'gelu'])
      .default('relu')
      .describe('Activation of the hidden layers.'),
    l2: z.number().min(0).default(0).describe('L2 weight regularisation.'),
    module: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Path of an ES module exporting `createModel(tf, { inputs, outputs, task })`; overrides `type`.',
      ),
    framework: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[\w .+#/-]+$/, 'must be a plain name such as scikit-learn or PyTorch 2.4')
      .optional()
      .describe(
        'Framework that trained the model when a workflow step trains it and passes `predictions` (e.g. `scikit-learn`); named in the release notes.',
      ),
  })
  .strict();

/** `train:` — optimisation, split, early stopping and backend; the seed makes runs repeatable. */
export const TrainConfigSchema = z
  .object({
    epochs: positiveInt
      .max(10_000)
      .optional()
      .describe(
        'Training epochs (upper bound with early stopping); when omitted, chosen by data size with early stopping on.',
      ),
    batch_size: positiveInt.default(64).describe('Mini-batch size.'),
    learning_rate: z.number().positive().max(10).default(0.001).describe('Adam learning rate.'),
    seed: z
      .number()
      .int()
      .default(42)
      .describe('Seed of the split, the initial weights and the shuffles.'),
    test_split: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.2)
      .describe('Share of rows held out for evaluation.'),
    validation_split: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe(
        "Share of training rows held out for early stopping (0: off; 0.1 when epochs is omitted); keeps the best epoch's weights.",
      ),
    patience: positiveInt
      .optional()
      .describe(
        'Epochs without validation improvement before stopping; needs `validation_split` > 0.',
      ),
    backend: z
      .enum(BACKEND_CHOICES)
      .default('auto')
      .describe('TensorFlow.js backend: tfjs-node if it loads, else wasm, else cpu.'),
  })
  .strict()
  // Early stopping watches the loss on the validation rows; without them `patience` would be
  // silently ignored and the run would train every epoch the user thought it would cut short.
  .superRefine((train, ctx) => {
    // zod runs this even when a field failed; an invalid patience has its own message.
    const { patience, validation_split: share, epochs } = train;
    const valid = patience !== undefined && Number.isInteger(patience) && patience > 0;
    // Without epochs the run splits off validation rows itself (see training-plan.ts).
    const noSplit = share === 0 || (share === undefined && epochs !== undefined);
    if (!valid || !noSplit) return;
    ctx.addIssue({
      code: 'custom',
      path: ['patience'],
      message:
        'needs train.validation_split above 0 (the held-out training rows whose loss early stopping watches); set both, or drop patience',
    });
  });

const metricName = z.string().min(1).describe('A metric key of metrics.json, e.g. `accuracy`.');

/** The bounds a gate rule can set; a rule sets exactly one of them. */
export const GATE_BOUNDS = ['min', 'max', 'max_drop', 'max_increase'] as const;
/** One of `GATE_BOUNDS`. */
export type GateBound = (typeof GATE_BOUNDS)[number];

/** One gate rule; exactly one bound per rule keeps the verdict table readable. */
export type GateRule =
  | { metric: string; min: number }
  | { metric: string; max: number }
  | { metric: string; max_drop: number; significance?: number }
  | { metric: string; max_increase: number; significance?: number };

/**
 * Parsed as one object with optional bounds rather than a union of four objects: a union's
 * error is "no variant matched", while this shape lets the loader say which key was wrong
 * (`gate[2].max_drop must be a number ≥ 0, got "5%"`) or that two bounds were given.
 */
export const GateRuleSchema = z
  .object({
    metric: metricName,
    min: z.number().optional().describe('Absolute floor: the PR value must be at least this.'),
    max: z.number().optional().describe('Absolute ceiling: the PR value must be at most this.'),
    max_drop: z
      .number()
      .min(0)
      .optional()
      .describe(
        'Largest allowed fall below the baseline, in metric units (higher-is-better metrics).',
      ),
    max_increase: z
      .number()
      .min(0)
      .optional()
      .describe(
        'Largest allowed rise above the baseline, in metric units (lower-is-better metrics).',
      ),
    significance: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(
        'With `max_drop`/`max_increase` on accuracy, roc_auc, mae or mse: the level of a paired test on the test rows (e.g. 0.05). The rule then fails only when the change passes the bound and the test says it is not noise; several such rules are Holm-corrected.',
      ),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const given = GATE_BOUNDS.filter((bound) => rule[bound] !== undefined);
    const relative = rule.max_drop !== undefined || rule.max_increase !== undefined;
    if (rule.significance !== undefined && given.length === 1 && !relative) {
      ctx.addIssue({
        code: 'custom',
        path: ['significance'],
        message:
          'applies to a comparison with the baseline; expected it next to max_drop or max_increase',
      });
    }
    if (given.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message:
        given.length === 0
          ? `needs one bound (${GATE_BOUNDS.join(', ')}) besides 'metric'`
          : `sets ${given.map((b) => `'${b}'`).join(' and ')}; a rule takes exactly one bound, so write one rule per bound`,
    });
  })
  .transform((rule): GateRule => {
    const { metric } = rule;
    if (rule.min !== undefined) return { metric, min: rule.min };
    if (rule.max !== undefined) return { metric, max: rule.max };
    const level = rule.significance === undefined ? {} : { significance: rule.significance };
    if (rule.max_drop !== undefined) return { metric, max_drop: rule.max_drop, ...level };
    if (rule.max_increase !== undefined) {
      return { metric, max_increase: rule.max_increase, ...level };
    }
    // superRefine above rejects a rule without a bound, and zod skips the transform then.
    throw new Error(`gate rule on '${metric}' has no bound`);
  });

/** `release:` — tag prefix, how the version bump is chosen, and the deployment environment. */
export const ReleaseConfigSchema = z
  .object({
    tag_prefix: z
      .string()
      .default('model-v')
      .describe('Prefix of release tags, e.g. `model-v1.4.0`.'),
    bump: z
      .enum(['labels', 'major', 'minor', 'patch'])
      .default('labels')
      .describe(
        '`labels`: from `release:*` labels, then the conventional-commit title, else patch.',
      ),
    environment: z
      .string()
      .min(1)
      .default('production')
      .describe('Deployment environment created for each release.'),
    deployment_status: z
      .enum(['success', 'queued'])
      .default('success')
      .describe(
        'First status of the deployment: `success` when the release is the deployment; `queued` when a deploy workflow on `deployment` ships it and reports in_progress, then success or failure (examples/deploy/).',
      ),
    initial_version: z
      .string()
      .refine((version) => validVersion(version) === version, {
        message: 'must be a semantic version such as 0.1.0',
      })
      .default('0.1.0')
      .describe('Version of the first release, when no earlier tag has the prefix.'),
    enabled: z.boolean().default(true).describe('Set to false to never tag releases.'),
  })
  .strict();

/**
 * `monitor.performance:` — the released model's metrics on production data, judged by the
 * gate's rule shapes: `max_drop`/`max_increase` compare with the release's own metrics.
 */
export const PerformanceMonitorSchema = z
  .object({
    rules: z
      .array(GateRuleSchema)
      .min(1)
      .default([{ metric: 'accuracy', max_drop: 0.05 }])
      .describe(
        "Rules on the production metrics, as in `gate`; `max_drop`/`max_increase` compare with the release's metrics.json. A rule fails on realised metrics when the data has labels, else on CBPE's estimates (binary classifiers: accuracy, f1, roc_auc).",
      ),
    tolerance: fraction
      .default(0.05)
      .describe(
        'When labels are there too: an estimate further than this from the realised metric is reported as not to be trusted (concept shift).',
      ),
    labels: z
      .array(z.string().min(1))
      .default(['performance'])
      .describe('Labels of the performance issue.'),
  })
  .strict()
  .superRefine((value, ctx) => {
    value.rules.forEach((rule, index) => {
      if ('significance' in rule) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'significance'],
          message:
            'needs paired predictions of two models on the same rows, which production data does not have; drop it',
        });
      }
    });
  });

/** A validated `monitor.performance` with its defaults filled in. */
export type PerformanceMonitor = z.infer<typeof PerformanceMonitorSchema>;

/** `monitor:` — the production data to check for drift, the test overrides and the drift issue labels. */
export const MonitorConfigSchema = z
  .object({
    data: z
      .string()
      .min(1)
      .optional()
      .describe('Current production data (CSV or JSONL) to check for drift.'),
    drift_share: fraction
      .default(0.5)
      .describe('Dataset drift when at least this share of columns drifted (Evidently default).'),
    method: z
      .enum(['ks', 'wasserstein', 'jensenshannon', 'chisquare', 'z', 'psi'])
      .optional()
      .describe("Test for every column instead of Evidently's default choice."),
    threshold: z
      .number()
      .positive()
      .optional()
      .describe("Threshold for `method` instead of the test's default."),
    categorical: z.array(z.string().min(1)).optional().describe('Columns to test as categorical.'),
    labels: z.array(z.string().min(1)).default(['drift']).describe('Labels of the drift issue.'),
    performance: PerformanceMonitorSchema.optional().describe(
      "Also evaluate the released model on the production data (its label column when present, else CBPE's estimates) and open a performance issue on a drop; off when omitted.",
    ),
  })
  .strict();

/** The whole `.github/modelgate.yml`; also the source of the README's config reference. */
export const ConfigSchema = z
  .object({
    data: DataConfigSchema.describe('Training data: the only required setting.'),
    task: TaskSchema.optional().describe('Inferred from the label column when omitted.'),
    model: ModelConfigSchema.default(ModelConfigSchema.parse({})).describe('The model to train.'),
    train: TrainConfigSchema.default(TrainConfigSchema.parse({})).describe(
      'How to train and split.',
    ),
    gate: z
      .array(GateRuleSchema)
      .default([])
      .describe('Rules that must all hold for the gate to pass.'),
    release: ReleaseConfigSchema.default(ReleaseConfigSchema.parse({})).describe(
      'Tag, release and deployment when a gated pull request merges.',
    ),
    monitor: MonitorConfigSchema.default(MonitorConfigSchema.parse({})).describe(
      'Scheduled drift checks of production data against the latest release.',
    ),
    history: z
      .object({
        branch: z
          .string()
          .min(1)
          .default(DEFAULT_HISTORY_BRANCH)
          .describe('Branch holding `history/<sha>.json`.'),
      })
      .strict()
      .default({ branch: DEFAULT_HISTORY_BRANCH })
      .describe('Where per-commit metrics of the default branch are kept.'),
  })
  .strict();

/** A validated config with every default filled in. */
export type Config = z.infer<typeof ConfigSchema>;
/** What a user may write: the config before defaults (for tests and fixtures). */
export type ConfigInput = z.input<typeof ConfigSchema>;
