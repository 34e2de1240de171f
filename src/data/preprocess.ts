import { z } from 'zod';
import { PREPROCESSING_SCHEMA } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { populationMoments } from '../core/drift/statistics/summary.ts';
import { TaskSchema } from '../core/metrics-report.ts';
import { identityOrder } from './random.ts';
import type { DatasetSchema } from './schema.ts';
import type { Column, Table } from '../core/table.ts';

/**
 * The fitted preprocessing, saved as `model/preprocessing.json` next to the weights: the
 * model's inputs are meaningless without it. Numerics are median-imputed then standardised
 * (sklearn's SimpleImputer(strategy='median') + StandardScaler); categoricals are imputed
 * with their most frequent value and one-hot encoded in sorted category order, with an
 * unseen category encoded as all zeros (OneHotEncoder(handle_unknown='ignore')). Everything
 * is fitted on the training rows only, so nothing leaks from the test set.
 */
const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

const NumericStepSchema = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  fill: finite,
  mean: finite,
  scale: finite.refine((v) => v > 0, { message: 'must be positive' }),
});
const CategoricalStepSchema = z.object({
  name: z.string(),
  kind: z.literal('categorical'),
  fill: z.string().nullable(),
  categories: z.array(z.string()),
});

/** Validator of model/preprocessing.json (`modelgate/preprocessing@1`), saved with the model. */
export const PreprocessingSchema = z.object({
  schema: z.literal(PREPROCESSING_SCHEMA),
  task: TaskSchema,
  label: z.string(),
  /** Class labels in output-unit order (sklearn order); empty for regression. */
  classes: z.array(z.string()),
  /** Standardisation of a regression target; the model predicts in standard units. */
  target: z.object({ mean: finite, scale: finite }).nullable(),
  features: z.array(z.discriminatedUnion('kind', [NumericStepSchema, CategoricalStepSchema])),
  inputs: z.number().int().positive(),
  /** What the model was trained on, so `evaluate` can report it (absent in hand-made files). */
  training: z
    .object({
      n_train: z.number().int().nonnegative(),
      model_type: z.string(),
      data_sha256: z.string(),
    })
    .optional(),
});
/** The fitted preprocessing: imputation, scaling, one-hot categories, classes. */
export type Preprocessing = z.infer<typeof PreprocessingSchema>;
type FeatureStep = Preprocessing['features'][number];

function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column) {
    throw new InputError(
      `${table.path} has no column "${name}", which the model was trained on; expected every feature column.`,
    );
  }
  return column;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

type NumericStep = z.infer<typeof NumericStepSchema>;

function fitNumeric(name: string, values: Float64Array, rows: Int32Array): NumericStep {
  // Plain indexed loops: a mapping callback per value costs ~60 ms per million rows.
  const present = new Float64Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const value = values[rows[i] ?? -1] ?? NaN;
    if (Number.isFinite(value)) present[count++] = value;
  }
  const fill = median(present.subarray(0, count).sort());
  const imputed = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = values[rows[i] ?? -1] ?? NaN;
    imputed[i] = Number.isFinite(value) ? value : fill;
  }
  // np.mean / np.std as StandardScaler takes them, but finite for |x| beyond 1.3e154, where
  // the squares overflow: an Infinity scale would be saved as null and the model refused.
  const { mean, std } = populationMoments(imputed);
  // A constant column has no scale; sklearn's StandardScaler leaves it unscaled (scale 1).
  return { name, kind: 'numeric', fill, mean, scale: std > 0 ? std : 1 };
}

function fitCategorical(name: string, values: (string | null)[], rows: Int32Array): FeatureStep {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = values[row] ?? null;
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const categories = [...counts.keys()].sort();
  let fill: string | null = null;
  let best = 0;
  // Ties go to the smallest category, as in SimpleImputer(strategy='most_frequent').
  for (const category of categories) {
    const count = counts.get(category) ?? 0;
    if (count > best) [fill, best] = [category, count];
  }
  return { name, kind: 'categorical', fill, categories };
}

/** Fits the preprocessing on the given (training) rows of the table. */
export function fitPreprocessing(
  table: Table,
  schema: DatasetSchema,
  trainRows: Int32Array,
  target: { classes: string[] } | { values: Float64Array },
): Preprocessing {
  const features = schema.features.map((feature) => {
    const column = columnOf(table, feature.name);
    return column.kind === 'numeric'
      ? fitNumeric(column.name, column.values, trainRows)
      : fitCategorical(column.name, column.values, trainRows);
  });
  const inputs = features.reduce(
    (n, step) => n + (step.kind === 'numeric' ? 1 : step.categories.length),
    0,
  );
  if (inputs === 0) {
    throw new InputError(
      `${table.path}: the feature columns hold no value in the training rows; expected some data.`,
    );
  }
  let standardTarget: Preprocessing['target'] = null;
  if ('values' in target) {
    const { fill, mean, scale } = fitNumeric(
      'target',
      target.values,
      Int32Array.from(target.values.keys()),
    );
    void fill;
    standardTarget = { mean, scale };
  }
  return {
    schema: PREPROCESSING_SCHEMA,
    task: schema.task,
    label: schema.label,
    classes: 'classes' in target ? target.classes : [],
    target: standardTarget,
    features,
    inputs,
  };
}

/** The feature matrix of some rows, row-major float32 (what TensorFlow.js trains on). */
export interface FeatureMatrix {
  x: Float32Array;
  rows: number;
  inputs: number;
  /** Imputed non-finite values and unseen categories, one line per column. */
  warnings: string[];
}

/** Applies fitted preprocessing to rows of a table (all rows when `rows` is omitted). */
export function transform(table: Table, prep: Preprocessing, rows?: Int32Array): FeatureMatrix {
  const index = rows ?? identityOrder(table.rows);
  const n = index.length;
  const x = new Float32Array(n * prep.inputs);
  const warnings: string[] = [];
  let offset = 0;
  for (const step of prep.features) {
    const column = columnOf(table, step.name);
    if (step.kind === 'numeric') {
      if (column.kind !== 'numeric') {
        const example = column.values.find((v) => v !== null && Number.isNaN(Number(v)));
        throw new InputError(
          `${table.path}: column "${step.name}" holds text (e.g. ${JSON.stringify(example)}); the model was trained on numbers there.`,
        );
      }
      let imputed = 0;
      for (let r = 0; r < n; r++) {
        let value = column.values[index[r] ?? 0] ?? NaN;
        if (!Number.isFinite(value)) {
          value = step.fill;
          imputed++;
        }
        x[r * prep.inputs + offset] = (value - step.mean) / step.scale;
      }
      if (imputed > 0) {
        warnings.push(
          `Column "${step.name}": ${imputed} missing or infinite value(s) replaced by the training median ${step.fill}.`,
        );
      }
      offset += 1;
      continue;
    }
    const position = new Map(step.categories.map((category, i) => [category, i]));
    const unseen = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const raw =
        column.kind === 'numeric' ? column.values[index[r] ?? 0] : column.values[index[r] ?? 0];
      const value =
        raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw))
          ? step.fill
          : String(raw);
      if (value === null) continue;
      const at = position.get(value);
      if (at === undefined) unseen.set(value, (unseen.get(value) ?? 0) + 1);
      else x[r * prep.inputs + offset + at] = 1;
    }
    if (unseen.size > 0) {
      const total = [...unseen.values()].reduce((a, b) => a + b, 0);
      const examples = [...unseen.keys()]
        .slice(0, 3)
        .map((v) => JSON.stringify(v))
        .join(', ');
      warnings.push(
        `Column "${step.name}": ${total} row(s) with categories unseen in training (${examples}) encoded as all zeros.`,
      );
    }
    offset += step.categories.length;
  }
  return { x, rows: n, inputs: prep.inputs, warnings };
}

/** Class indices of classification labels (every label must be a training class). */
export function encodeClasses(values: readonly string[], classes: readonly string[]): Int32Array {
  const position = new Map(classes.map((label, i) => [label, i]));
  return Int32Array.from(values, (value) => position.get(value) ?? -1);
}

/** Standardises a regression target with the fitted mean and scale. */
export function standardiseTarget(values: Float64Array, prep: Preprocessing): Float32Array {
  const { mean, scale } = prep.target ?? { mean: 0, scale: 1 };
  return Float32Array.from(values, (value) => (value - mean) / scale);
}

/** Maps standardised predictions back to the target's units. */
export function restoreTarget(
  values: Float32Array | Float64Array,
  prep: Preprocessing,
): Float64Array {
  const { mean, scale } = prep.target ?? { mean: 0, scale: 1 };
  return Float64Array.from(values, (value) => value * scale + mean);
}
