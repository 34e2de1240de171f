import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EXTERNAL_MODEL_TYPE, METRICS_SCHEMA } from '../core/constants.ts';
import { buildProfile } from '../core/drift/profile.ts';
import type { Profile } from '../core/drift/profile-schema.ts';
import { InputError } from '../core/errors.ts';
import { scorePredictionTable } from '../core/metrics/prediction-metrics.ts';
import { MetricsReportSchema, type MetricsReport, type Task } from '../core/metrics-report.ts';
import { RELEASE_FILES } from '../core/release/release-assets.ts';
import { packDirectory } from '../data/pack-directory.ts';
import { readTable, type ReadTableOptions } from '../data/read-table.ts';
import { gitInfo } from './git-info.ts';

/** Input of `scorePredictionsRun`. */
export interface PredictionsRunOptions {
  /** The test predictions another framework wrote, in `modelgate metrics`' layout. */
  predictions: string;
  task?: Task;
  /** Data to profile for drift monitoring (the training data); none: no profile. */
  profileData?: string;
  /** Columns of `profileData` left out of the profile (the label: production data lacks it). */
  exclude?: readonly string[];
  /** Columns of `profileData` read as categorical, and its delimiter, as the config says. */
  categorical?: readonly string[];
  delimiter?: ReadTableOptions['delimiter'];
  /** The model to release: a file, or a folder packed as `<folder>.tar.gz`. */
  model?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A run scored from predictions: the same files a trained run writes, but its own model. */
export interface PredictionsRunResult {
  metrics: MetricsReport;
  profile: Profile | null;
  /** The predictions file's text when it carries `row_id` (paired significance tests). */
  predictionsCsv: string | null;
  /** Files for `model/`, by flat name: the user's file, or their folder packed. */
  modelFiles: Map<string, Uint8Array>;
}

/** Names the run directory already uses for its own files; a model file may not take one. */
const RESERVED = new Set(RELEASE_FILES.map((file) => file.name));
/** A release asset name that is plainly safe to show and to download. */
const SAFE_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** The user's model, as the files under `model/`: a file as it is, a folder as one archive. */
export async function modelFilesOf(path: string): Promise<Map<string, Uint8Array>> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined)
    throw new InputError(
      `The model ${path} does not exist; expected the file or folder your training step wrote.`,
    );
  const name = info.isDirectory() ? `${basename(resolve(path))}.tar.gz` : basename(path);
  if (!SAFE_NAME.test(name) || RESERVED.has(name))
    throw new InputError(
      `The model ${path} would be released as "${name}"; expected a name of letters, digits, '.', '_' or '-' that is not one of ${[...RESERVED].join(', ')}.`,
    );
  const bytes = info.isDirectory()
    ? await packDirectory(path, basename(resolve(path)))
    : new Uint8Array(await readFile(path));
  return new Map([[name, bytes]]);
}

/**
 * Scores the predictions exactly as `modelgate metrics` does and shapes them as metrics.json,
 * so the gate, the comment, the history and the release treat the run like a trained one.
 * modelgate did not train this model: `model.type` is `external`, parameters and timings 0.
 */
export async function scorePredictionsRun(
  options: PredictionsRunOptions,
): Promise<PredictionsRunResult> {
  const table = await readTable(options.predictions);
  const scored = scorePredictionTable(
    table,
    options.task === undefined ? {} : { task: options.task },
  );
  const modelFiles =
    options.model === undefined ? new Map<string, Uint8Array>() : await modelFilesOf(options.model);
  let profile: Profile | null = null;
  if (options.profileData !== undefined) {
    const data = await readTable(options.profileData, {
      ...(options.categorical === undefined ? {} : { categorical: [...options.categorical] }),
      delimiter: options.delimiter,
    });
    profile = buildProfile(data, { exclude: [...(options.exclude ?? [])] });
  }
  const bytes = [...modelFiles.values()].reduce((sum, file) => sum + file.byteLength, 0);
  const metrics = MetricsReportSchema.parse({
    schema: METRICS_SCHEMA,
    task: scored.task,
    labels: scored.labels,
    metrics: scored.metrics,
    ...(scored.confusion_matrix === undefined ? {} : { confusion_matrix: scored.confusion_matrix }),
    ...(scored.per_class === undefined ? {} : { per_class: scored.per_class }),
    n_train: 0,
    n_test: scored.data.rows,
    data: scored.data,
    model: { type: EXTERNAL_MODEL_TYPE, params: 0, bytes, backend: 'none' },
    timing: { train_s: 0, eval_s: 0, samples_per_s: 0 },
    git: await gitInfo(options.cwd, options.env),
    warnings: scored.warnings,
  });
  const first = table.columns[0]?.name;
  const predictionsCsv = first === 'row_id' ? await readFile(options.predictions, 'utf8') : null;
  return { metrics, profile, predictionsCsv, modelFiles };
}
