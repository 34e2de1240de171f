import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_SCHEMA, MODEL_FILES, RUN_FILES } from '../core/constants.ts';
import { formatIssue } from '../core/config/format-issue.ts';
import { InputError } from '../core/errors.ts';
import { parseJsonText } from '../core/json-text.ts';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import { PreprocessingSchema, transform, type Preprocessing } from '../data/preprocess.ts';
import { readTable } from '../data/read-table.ts';
import { readUserText } from '../data/read-text.ts';
import { readLabels } from '../data/schema.ts';
import type { Table } from '../data/table.ts';
import { selectBackend, type BackendChoice } from './backend.ts';
import { predict } from './fit.ts';
import { gitInfo } from './git-info.ts';
import { MODEL_DIR_EXPECTED, loadModel } from './save-model.ts';
import { scoreOutputs } from './score.ts';

/** Input of `evaluateSavedModel`. */
export interface EvaluateOptions {
  /** The `model/` directory of a run (model.json, weights.bin, preprocessing.json). */
  modelDir: string;
  dataPath: string;
  backend?: BackendChoice;
  wasmDir?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Reads and validates `preprocessing.json` of a model directory. */
export async function readPreprocessing(modelDir: string): Promise<Preprocessing> {
  const path = join(modelDir, MODEL_FILES.preprocessing);
  // `--model .modelgate/run` instead of `.modelgate/run/model` is the likely slip; say so.
  if (!existsSync(path) && existsSync(join(modelDir, RUN_FILES.preprocessing))) {
    throw new InputError(
      `${modelDir} is a run directory, not a model directory; pass its model/ directory (${join(modelDir, RUN_FILES.modelDir)}).`,
    );
  }
  const text = await readUserText(path, 'The preprocessing file', MODEL_DIR_EXPECTED);
  const raw = parseJsonText(text, path, MODEL_DIR_EXPECTED);
  const parsed = PreprocessingSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const detail = issue === undefined ? 'does not match' : formatIssue(PreprocessingSchema, issue);
    throw new InputError(
      `${path}: ${detail}; expected the preprocessing written by \`modelgate train\`.`,
    );
  }
  return parsed.data;
}

/**
 * Reads the data so categorical training columns stay categorical even when the new file's
 * values all look numeric ("01" must not become 1). Only columns present can be forced,
 * and which are present is known after a first read, so a second read happens only then.
 */
export async function readLike(path: string, prep: Preprocessing): Promise<Table> {
  const table = await readTable(path);
  const categorical = prep.features
    .filter((step) => step.kind === 'categorical')
    .map((step) => step.name)
    .filter((name) => table.columns.some((c) => c.name === name && c.kind === 'numeric'));
  return categorical.length === 0 ? table : readTable(path, { categorical });
}

/**
 * Scores a saved model on new labelled data, applying the preprocessing fitted at training
 * time exactly (same imputation values, scales and category order).
 */
export async function evaluateSavedModel(
  options: EvaluateOptions,
): Promise<{ metrics: MetricsReport; table: Table }> {
  const prep = await readPreprocessing(options.modelDir);
  const table = await readLike(options.dataPath, prep);
  const schema = {
    label: prep.label,
    task: prep.task,
    features: prep.features.map((step) => ({ name: step.name, kind: step.kind })),
  };
  if (!table.columns.some((c) => c.name === prep.label)) {
    throw new InputError(
      `${table.path} has no label column "${prep.label}"; evaluate needs the true labels to compute metrics.`,
    );
  }
  const labelled =
    prep.task === 'classification' ? readLabelsLoose(table, prep.label) : readLabels(table, schema);
  const features = transform(table, prep, labelled.rows);

  const { tf, backend } = await selectBackend(options.backend ?? 'auto', {
    wasmDir: options.wasmDir,
  });
  const model = await loadModel(tf, options.modelDir);
  try {
    const inputShape = model.inputs[0]?.shape;
    if (inputShape?.[1] !== prep.inputs) {
      throw new InputError(
        `The model in ${options.modelDir} takes ${String(inputShape?.[1])} inputs but its preprocessing.json produces ${prep.inputs}; expected files from the same run.`,
      );
    }
    const started = performance.now();
    const output = predict(tf, model, features.x, features.rows, features.inputs);
    const scores = scoreOutputs(prep, labelled.values, output, features.rows);
    const evalSeconds = (performance.now() - started) / 1000;
    const warnings = [...features.warnings, ...scores.warnings];
    if (labelled.rows.length < table.rows) {
      warnings.unshift(
        `${table.rows - labelled.rows.length} row(s) without a label value were left out.`,
      );
    }
    const metrics = MetricsReportSchema.parse({
      schema: METRICS_SCHEMA,
      task: prep.task,
      ...scores,
      n_train: prep.training?.n_train ?? 0,
      n_test: features.rows,
      data: { path: table.path, sha256: table.sha256, rows: table.rows },
      model: {
        type: prep.training?.model_type ?? 'unknown',
        params: model.countParams(),
        bytes: model.weights.reduce((n, w) => n + w.read().size * 4, 0),
        backend,
      },
      timing: { train_s: 0, eval_s: Math.round(evalSeconds * 1000) / 1000, samples_per_s: 0 },
      git: await gitInfo(options.cwd, options.env),
      warnings,
    });
    return { metrics, table };
  } finally {
    model.dispose();
  }
}

/**
 * Classification labels of new data may include a class the model never saw, which is a
 * finding for the metrics (a guaranteed error), not a reason to refuse, and may hold a
 * single class; so they are read without `readLabels`' two-class check.
 */
export function readLabelsLoose(
  table: Table,
  label: string,
): { rows: Int32Array; values: string[] } {
  const column = table.columns.find((c) => c.name === label);
  const rows: number[] = [];
  const values: string[] = [];
  for (let i = 0; i < table.rows; i++) {
    const value = column?.kind === 'numeric' ? column.values[i] : column?.values[i];
    if (
      value === null ||
      value === undefined ||
      (typeof value === 'number' && !Number.isFinite(value))
    )
      continue;
    rows.push(i);
    values.push(String(value));
  }
  if (rows.length === 0)
    throw new InputError(`${table.path}: label "${label}" has no value; expected the true labels.`);
  return { rows: Int32Array.from(rows), values };
}
