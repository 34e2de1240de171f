import { join } from 'node:path';
import * as core from '@actions/core';
import type { Config } from '../core/config/schema.ts';
import { RUN_FILES } from '../core/constants.ts';
import { dataChange, type DataChange } from '../core/data-diff/diff-data.ts';
import { writeJsonAtomic } from '../data/atomic-write.ts';
import type { Baseline } from '../history/baseline.ts';
import type { TrainResult } from '../train/train-run.ts';
import { baseDataAndModel } from './base-data.ts';
import { defaultBranchFromPayload, type ActionContext } from './context.ts';
import type { Inputs } from './inputs.ts';
import type { ActionOctokit } from './octokit.ts';

/**
 * When a pull request's data differs from the baseline's (by the hash of the file each run
 * read), measures the 2×2 table's cells against the base commit's model and data, keeps them
 * in the run's data-summary.json (uploaded next), and returns the data section of the job
 * summary. Null for pushes, without a token or baseline, and when the data is the same.
 */
export async function dataEffect(input: {
  context: ActionContext;
  octokit: ActionOctokit | undefined;
  /** The pull request the run trained; null for a push. */
  pullRequest: number | null;
  baseline: Baseline | null;
  config: Config;
  result: TrainResult;
  runDir: string;
  metric: string;
  wasmDir: string | null;
  backend: Inputs['backend'];
}): Promise<DataChange | null> {
  const { context, octokit, baseline, result } = input;
  const defaultBranch = defaultBranchFromPayload(context.payload);
  if (input.pullRequest === null || octokit === undefined || baseline === null) return null;
  if (defaultBranch === undefined || baseline.metrics.data.sha256 === result.metrics.data.sha256)
    return null;
  core.startGroup('Data effect or model effect');
  const base = await baseDataAndModel({
    octokit,
    owner: context.owner,
    repo: context.repo,
    defaultBranch,
    baseSha: baseline.sha,
    cwd: process.cwd(),
    config: input.config,
    metric: input.metric,
    result,
    prModelDir: join(input.runDir, RUN_FILES.modelDir),
    ...(input.backend === undefined ? {} : { backend: input.backend }),
    ...(input.wasmDir === null ? {} : { wasmDir: input.wasmDir }),
  });
  core.info(
    base.cross.status === 'ok'
      ? `Base model on the PR's test rows: ${String(base.cross.base_model_on_pr_rows)}; PR model on the base's: ${String(base.cross.pr_model_on_base_rows)}.`
      : `The 2×2 table was not measured: ${base.cross.detail}`,
  );
  core.endGroup();
  const summary = { ...result.dataSummary, cross: base.cross };
  await writeJsonAtomic(join(input.runDir, RUN_FILES.dataSummary), summary);
  return dataChange({
    base: base.summary,
    baseProblem: null,
    pr: summary,
    fileChanged: true,
    dvc: null,
  });
}
