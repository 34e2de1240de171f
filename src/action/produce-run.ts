import { resolve } from 'node:path';
import * as core from '@actions/core';
import type { Config } from '../core/config/schema.ts';
import { validateGateRules } from '../core/config/validate-gate.ts';
import { buildProfile } from '../core/drift/index.ts';
import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { renderRunReport } from '../core/render/run-report.ts';
import { scorePredictionsRun } from '../train/predictions-run.ts';
import { trainAndEvaluate, type TrainResult } from '../train/train-run.ts';
import { writeRunDirectory } from '../train/write-run.ts';
import type { Inputs } from './inputs.ts';
import { LOG_GROUPS, trainingGroups } from './log-groups.ts';
import { bundledWasmDirectory } from './wasm-binaries.ts';

/** What `train` mode made, already written to the run directory. */
export interface ProducedRun {
  metrics: MetricsReport;
  /** predictions.csv text for the history record; null when the run has none. */
  predictionsCsv: string | null;
  /** The training's result (the data effect reruns its model); null for a predictions run. */
  trained: TrainResult | null;
}

/** Trains the configured TF.js model and writes the run directory. */
async function trainedRun(inputs: Inputs, config: Config, runDir: string): Promise<ProducedRun> {
  const wasmDir = bundledWasmDirectory();
  // Read the data, Train, Evaluate: one log group each, opened as trainAndEvaluate enters them.
  const groups = trainingGroups();
  let result: TrainResult;
  try {
    result = await trainAndEvaluate({
      config,
      ...(inputs.backend === undefined ? {} : { backend: inputs.backend }),
      ...(wasmDir === null ? {} : { wasmDir }),
      cwd: inputs.workingDirectory,
      onPhase: groups.onPhase,
      ...(groups.onEpoch === undefined ? {} : { onEpoch: groups.onEpoch }),
    });
    await writeRunDirectory(runDir, {
      metrics: result.metrics,
      report: renderRunReport(result.metrics),
      // The label is left out: production data, which monitoring compares with this profile,
      // rarely has it.
      profile: buildProfile(result.table, { exclude: [config.data.label] }),
      model: {
        serialized: result.model,
        preprocessing: result.preprocessing,
        calibration: result.calibration,
      },
      // In the artifact, so a pull request's gate can pair its test rows with the baseline's.
      predictions: result.predictions.text,
      // In the artifact, so the gate can say what the pull request did to the data.
      dataSummary: result.dataSummary,
    });
  } finally {
    groups.close();
  }
  return { metrics: result.metrics, predictionsCsv: result.predictions.text, trained: result };
}

/**
 * Scores the predictions an earlier step wrote (any framework) as `modelgate metrics` does,
 * profiles the data for drift monitoring, and writes the same run directory a training run
 * writes, with the user's model file or packed folder under `model/`.
 */
async function predictionsRun(
  inputs: Inputs & { predictions: string },
  config: Config,
  runDir: string,
): Promise<ProducedRun> {
  const at = (path: string): string => resolve(inputs.workingDirectory, path);
  core.startGroup(LOG_GROUPS.evaluate);
  const run = await scorePredictionsRun({
    predictions: at(inputs.predictions),
    ...(config.task === undefined ? {} : { task: config.task }),
    profileData: at(inputs.data ?? config.data.path),
    exclude: [config.data.label],
    ...(config.data.categorical === undefined ? {} : { categorical: config.data.categorical }),
    delimiter: config.data.delimiter,
    ...(inputs.model === undefined ? {} : { model: at(inputs.model) }),
    cwd: inputs.workingDirectory,
  });
  // Shown relative to the workspace, as a trained run shows its data path.
  const metrics: MetricsReport = {
    ...run.metrics,
    data: { ...run.metrics.data, path: inputs.predictions },
  };
  validateGateRules(config.gate, {
    task: metrics.task,
    classes: metrics.task === 'classification' ? metrics.labels.length : undefined,
    source: inputs.config,
  });
  if (run.profile === null)
    throw new InputError('The predictions run has no data to profile; set the `data` input.');
  await writeRunDirectory(runDir, {
    metrics,
    report: renderRunReport(metrics),
    profile: run.profile,
    modelFiles: run.modelFiles,
    ...(run.predictionsCsv === null ? {} : { predictions: run.predictionsCsv }),
  });
  const released = [...run.modelFiles.keys()].join(', ') || 'no model file';
  core.info(`Scored ${metrics.n_test} predictions from ${inputs.predictions}; model: ${released}.`);
  core.endGroup();
  return { metrics, predictionsCsv: run.predictionsCsv, trained: null };
}

/** The run of `train` mode: trained by modelgate, or scored from `predictions`. */
export function produceRun(inputs: Inputs, config: Config): Promise<ProducedRun> {
  const runDir = resolve(inputs.workingDirectory, inputs.runDir);
  const { predictions } = inputs;
  if (predictions === undefined) {
    if (inputs.model !== undefined)
      throw new InputError(
        "The 'model' input needs 'predictions': it names the model another framework trained; without 'predictions' modelgate trains and releases its own.",
      );
    return trainedRun(inputs, config, runDir);
  }
  return predictionsRun({ ...inputs, predictions }, config, runDir);
}
