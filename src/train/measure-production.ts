import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES } from '../core/constants.ts';
import { formatIssue } from '../core/config/format-issue.ts';
import { InputError } from '../core/errors.ts';
import { parseJsonText } from '../core/json-text.ts';
import { estimateBinary, type CbpeEstimate } from '../core/performance/cbpe.ts';
import {
  CalibrationFileSchema,
  type CalibrationFile,
} from '../core/performance/calibration-file.ts';
import { calibrateScores } from '../core/performance/isotonic.ts';
import { transform, type Preprocessing } from '../data/preprocess.ts';
import { readUserText } from '../data/read-text.ts';
import { readLabels } from '../data/schema.ts';
import type { Table } from '../data/table.ts';
import { selectBackend, type BackendChoice } from './backend.ts';
import { readLabelsLoose, readLike, readPreprocessing } from './evaluate-run.ts';
import { predict } from './fit.ts';
import { MODEL_DIR_EXPECTED, loadModel } from './save-model.ts';
import { decodeClasses, scoreOutputs } from './score.ts';

/** Input of `measureProduction`. */
export interface MeasureOptions {
  /** A model directory: model.json, weights.bin, preprocessing.json, maybe calibration.json. */
  modelDir: string;
  dataPath: string;
  backend?: BackendChoice;
  wasmDir?: string;
}

/** A released model's performance on production data, realised and estimated. */
export interface ProductionMeasure {
  preprocessing: Preprocessing;
  rows: number;
  labelledRows: number;
  /** Metrics on the rows with a label value; null when no row has one. */
  realised: Record<string, number | null> | null;
  /** CBPE on every row; null without a calibrator (not a binary classifier). */
  estimated: CbpeEstimate | null;
  warnings: string[];
}

/** Reads model/calibration.json when the model has one; null when it has none. */
export async function readCalibration(modelDir: string): Promise<CalibrationFile | null> {
  const path = join(modelDir, MODEL_FILES.calibration);
  if (!existsSync(path)) return null;
  const text = await readUserText(path, 'The calibration file', MODEL_DIR_EXPECTED);
  const parsed = CalibrationFileSchema.safeParse(parseJsonText(text, path, MODEL_DIR_EXPECTED));
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const detail =
      issue === undefined ? 'does not match' : formatIssue(CalibrationFileSchema, issue);
    throw new InputError(
      `${path}: ${detail}; expected the calibrator written by \`modelgate train\`.`,
    );
  }
  return parsed.data;
}

/** Whether the label column holds at least one value (labels arrive weeks after the inputs). */
function hasLabels(table: Table, label: string): boolean {
  const column = table.columns.find((c) => c.name === label);
  if (column === undefined) return false;
  for (const value of column.values) {
    if (value !== null && !(typeof value === 'number' && !Number.isFinite(value))) return true;
  }
  return false;
}

/**
 * Runs a saved model on production data with the preprocessing it was trained with: the
 * realised metrics on the rows that carry a label, and CBPE's estimate on all rows when the
 * model has a calibrator. Labels are optional; the features are not.
 */
export async function measureProduction(options: MeasureOptions): Promise<ProductionMeasure> {
  const prep = await readPreprocessing(options.modelDir);
  const calibration = await readCalibration(options.modelDir);
  const table = await readLike(options.dataPath, prep);
  if (table.rows === 0)
    throw new InputError(`${table.path} has no rows; expected production data.`);
  const features = transform(table, prep);
  const { tf } = await selectBackend(options.backend ?? 'auto', { wasmDir: options.wasmDir });
  const model = await loadModel(tf, options.modelDir);
  let output: Float32Array;
  try {
    const inputShape = model.inputs[0]?.shape;
    if (inputShape?.[1] !== prep.inputs) {
      throw new InputError(
        `The model in ${options.modelDir} takes ${String(inputShape?.[1])} inputs but its preprocessing.json produces ${prep.inputs}; expected files from the same run.`,
      );
    }
    output = predict(tf, model, features.x, features.rows, features.inputs);
  } finally {
    model.dispose();
  }
  const warnings = [...features.warnings];

  let realised: Record<string, number | null> | null = null;
  let labelledRows = 0;
  if (hasLabels(table, prep.label)) {
    const schema = {
      label: prep.label,
      task: prep.task,
      features: prep.features.map((step) => ({ name: step.name, kind: step.kind })),
    };
    const labelled =
      prep.task === 'classification'
        ? readLabelsLoose(table, prep.label)
        : readLabels(table, schema);
    const width = output.length / features.rows;
    const picked = new Float32Array(labelled.rows.length * width);
    labelled.rows.forEach((row, i) =>
      picked.set(output.subarray(row * width, (row + 1) * width), i * width),
    );
    const scores = scoreOutputs(prep, labelled.values, picked, labelled.rows.length);
    realised = scores.metrics;
    labelledRows = labelled.rows.length;
    warnings.push(...scores.warnings);
    if (labelledRows < table.rows) {
      warnings.push(
        `${table.rows - labelledRows} of ${table.rows} rows have no label yet; the realised metrics are measured on the others.`,
      );
    }
  }

  let estimated: CbpeEstimate | null = null;
  if (calibration !== null && prep.classes.length === 2) {
    const positive = prep.classes.indexOf(calibration.positive_label);
    if (positive !== 1) {
      throw new InputError(
        `${join(options.modelDir, MODEL_FILES.calibration)} calibrates class ${JSON.stringify(calibration.positive_label)}, which is not the model's positive class; expected files from the same run.`,
      );
    }
    const { proba, predicted } = decodeClasses(output, features.rows, prep.classes);
    estimated = estimateBinary(
      calibrateScores(calibration, proba[1] ?? new Float64Array(0)),
      predicted.map((label) => label === calibration.positive_label),
    );
  }
  return {
    preprocessing: prep,
    rows: table.rows,
    labelledRows,
    realised,
    estimated,
    warnings,
  };
}
