import type { Config } from '../core/config/schema.ts';
import { validateGateRules } from '../core/config/validate-gate.ts';
import { METRICS_SCHEMA } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { buildProfile } from '../core/drift/profile.ts';
import type { Profile } from '../core/drift/profile-schema.ts';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import {
  encodeClasses,
  fitPreprocessing,
  standardiseTarget,
  transform,
  type Preprocessing,
} from '../data/preprocess.ts';
import { readTable } from '../data/read-table.ts';
import { inferSchema, readLabels } from '../data/schema.ts';
import { splitRows } from '../data/split.ts';
import type { Table } from '../data/table.ts';
import { selectBackend, type BackendChoice } from './backend.ts';
import { fit, predict, type EpochLog, type FitResult } from './fit.ts';
import { gitInfo } from './git-info.ts';
import { buildModel } from './model.ts';
import { serializeModel, type SerializedModel } from './save-model.ts';
import { predictionsFile, type PredictionsFile } from './predictions-file.ts';
import { buildDataSummary } from './data-summary.ts';
import type { DataSummary } from '../core/data-diff/data-summary-schema.ts';
import { trainingPlan } from './training-plan.ts';
import { decodeClasses, scoreOutputs } from './score.ts';
import { fitCalibrationFile, type CalibrationFile } from '../core/performance/calibration-file.ts';

/** Input of `trainAndEvaluate`. */
export interface TrainOptions {
  /** The parsed config (defaults filled in); `data.path` is read as given. */
  config: Config;
  /** Where the config came from, for messages (`.github/modelgate.yml`). */
  configSource?: string | null;
  /** Overrides `train.backend`. */
  backend?: BackendChoice;
  /** Where a bundle keeps tfjs-backend-wasm's `.wasm` files (see `selectBackend`). */
  wasmDir?: string;
  /** Working tree whose commit is recorded in metrics.json. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onEpoch?: (log: EpochLog) => void;
  /** Called as each phase starts, so a face can label its log (the Action's log groups). */
  onPhase?: (phase: TrainPhase) => void;
  /** Gradient path of built-in models (see FitOptions); the benchmark's reference row uses autodiff. */
  gradients?: 'analytic' | 'autodiff';
}

/** The phases of `trainAndEvaluate`, in the order they start. */
export type TrainPhase = 'read' | 'train' | 'evaluate';

/** Everything a run produces, in memory; `writeRunDirectory` puts it on disk. */
export interface TrainResult {
  metrics: MetricsReport;
  preprocessing: Preprocessing;
  model: SerializedModel;
  /** profile.json: the feature columns of the whole file, the reference for drift monitoring. */
  profile: Profile;
  table: Table;
  fit: FitResult;
  /** predictions.csv: the test rows' ids and predictions, for paired significance tests. */
  predictions: PredictionsFile;
  /** model/calibration.json of a binary classifier (CBPE in monitoring); null otherwise. */
  calibration: CalibrationFile | null;
  /** data-summary.json: row hashes, schema, label counts, so a gate can diff the data. */
  dataSummary: DataSummary;
  /** Table rows held out for testing (the 2×2 table scores the base model on them). */
  testRows: Int32Array;
}

function pickNumbers(values: Float64Array, positions: Int32Array): Float64Array {
  return Float64Array.from(positions, (p) => values[p] ?? NaN);
}

function pickLabels(values: readonly string[], positions: Int32Array): string[] {
  return Array.from(positions, (p) => values[p] ?? '');
}

/**
 * Trains and evaluates the configured model: read, infer the schema, split by seed
 * (stratified for classification), fit the preprocessing on the training rows, train,
 * score the held-out rows. Deterministic for a seed, data and backend.
 */
export async function trainAndEvaluate(options: TrainOptions): Promise<TrainResult> {
  const { config } = options;
  options.onPhase?.('read');
  const table = await readTable(config.data.path, {
    categorical: config.data.categorical,
    delimiter: config.data.delimiter,
  });
  const schema = inferSchema(table, {
    label: config.data.label,
    features: config.data.features,
    task: config.task,
    categorical: config.data.categorical,
  });
  const labelled = readLabels(table, schema);
  // The config loader knew neither the task (when inferred) nor the classes: a rule on `roc_auc`
  // for three classes would pass it and fail only at the comparison, after training.
  validateGateRules(config.gate, {
    task: labelled.task,
    classes: labelled.task === 'classification' ? labelled.classes.length : undefined,
    source: options.configSource ?? undefined,
  });
  const warnings: string[] = [];
  if (labelled.rows.length < table.rows) {
    warnings.push(
      `${table.rows - labelled.rows.length} row(s) without a label value were left out.`,
    );
  }
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, config.train.test_split, config.train.seed, strata);
  if (split.train.length === 0 || split.test.length === 0) {
    throw new InputError(
      `${table.path} has too few labelled rows (${labelled.rows.length}) to hold out a test set of ${config.train.test_split} and train on the rest; expected more rows (every class keeps one for training).`,
    );
  }
  const trainRows = Int32Array.from(split.train, (p) => labelled.rows[p] ?? 0);
  const testRows = Int32Array.from(split.test, (p) => labelled.rows[p] ?? 0);

  const trainTarget =
    labelled.task === 'classification'
      ? { classes: labelled.classes }
      : { values: pickNumbers(labelled.values, split.train) };
  const preprocessing = fitPreprocessing(table, schema, trainRows, trainTarget);
  const xTrain = transform(table, preprocessing, trainRows);
  const xTest = transform(table, preprocessing, testRows);
  warnings.push(
    ...xTrain.warnings.map((w) => `Training rows: ${w}`),
    ...xTest.warnings.map((w) => `Test rows: ${w}`),
  );

  options.onPhase?.('train');
  const { tf, backend } = await selectBackend(options.backend ?? config.train.backend, {
    wasmDir: options.wasmDir,
  });
  const classes = labelled.task === 'classification' ? labelled.classes.length : 0;
  const shape = { inputs: preprocessing.inputs, outputs: classes || 1, task: schema.task };
  const built = await buildModel(tf, config.model, shape, config.train.seed);
  try {
    const y =
      labelled.task === 'classification'
        ? encodeClasses(pickLabels(labelled.values, split.train), labelled.classes)
        : standardiseTarget(pickNumbers(labelled.values, split.train), preprocessing);
    const plan = trainingPlan(config.train, split.train.length);
    const started = performance.now();
    const result = fit(
      tf,
      built,
      { x: xTrain.x, rows: xTrain.rows, inputs: xTrain.inputs, y, classes },
      {
        epochs: plan.epochs,
        batchSize: config.train.batch_size,
        learningRate: config.train.learning_rate,
        seed: config.train.seed,
        validationSplit: plan.validationSplit,
        patience: plan.patience,
        onEpoch: options.onEpoch,
        gradients: options.gradients,
      },
    );
    const trainSeconds = (performance.now() - started) / 1000;
    // An automatic plan expects to stop early; a configured epoch count that was cut short is news.
    if (result.stoppedEarly && !plan.auto) {
      warnings.push(
        `Early stopping after epoch ${result.epochs}; kept the weights of epoch ${result.bestEpoch}.`,
      );
    }
    if (!result.loss.every(Number.isFinite)) {
      warnings.push('The training loss became NaN or infinite; try a lower learning_rate.');
    }

    options.onPhase?.('evaluate');
    const evalStarted = performance.now();
    const output = predict(tf, built.model, xTest.x, xTest.rows, xTest.inputs);
    const yTest =
      labelled.task === 'classification'
        ? pickLabels(labelled.values, split.test)
        : pickNumbers(labelled.values, split.test);
    const scores = scoreOutputs(preprocessing, yTest, output, xTest.rows);
    const evalSeconds = (performance.now() - evalStarted) / 1000;
    const predictions = predictionsFile({
      table,
      schema,
      preprocessing,
      testRows,
      yTest,
      output,
    });
    if (predictions.warning !== undefined) warnings.push(predictions.warning);

    const calibration = calibrationOf(preprocessing, yTest, output, xTest.rows);
    const model = await serializeModel(tf, built.model);
    const metrics = MetricsReportSchema.parse({
      schema: METRICS_SCHEMA,
      task: schema.task,
      ...scores,
      n_train: split.train.length,
      n_test: split.test.length,
      data: { path: table.path, sha256: table.sha256, rows: table.rows },
      model: {
        type: built.type,
        params: built.model.countParams(),
        bytes: model.weights.byteLength,
        backend,
      },
      timing: {
        train_s: round(trainSeconds),
        eval_s: round(evalSeconds),
        samples_per_s: Math.round(result.samples / Math.max(trainSeconds, 1e-9)),
      },
      git: await gitInfo(options.cwd, options.env),
      warnings: [...warnings, ...scores.warnings],
    });
    const training = {
      n_train: split.train.length,
      model_type: built.type,
      data_sha256: table.sha256,
    };
    // The label is left out: production data, which monitoring compares with this profile,
    // rarely has it.
    const profile = buildProfile(table, { exclude: [schema.label] });
    return {
      metrics,
      preprocessing: { ...preprocessing, training },
      model,
      profile,
      table,
      fit: result,
      predictions,
      calibration,
      dataSummary: buildDataSummary({ table, schema, labelled, test: split.test }),
      testRows,
    };
  } finally {
    built.model.dispose();
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * A binary classifier's isotonic calibrator, fitted on its test rows: monitoring estimates
 * performance on unlabelled production data from calibrated probabilities (CBPE). The test
 * split, not the training rows, because the model is overconfident on rows it was fitted to.
 */
function calibrationOf(
  prep: Preprocessing,
  yTest: readonly string[] | Float64Array,
  output: Float32Array,
  rows: number,
): CalibrationFile | null {
  if (prep.task !== 'classification' || prep.classes.length !== 2 || yTest instanceof Float64Array)
    return null;
  const positiveLabel = prep.classes[1] ?? '';
  const { proba } = decodeClasses(output, rows, prep.classes);
  return fitCalibrationFile({
    scores: proba[1] ?? new Float64Array(0),
    positive: yTest.map((label) => label === positiveLabel),
    positiveLabel,
  });
}
