import type { Config } from '../core/config/schema.ts';
import { RUN_FILES } from '../core/constants.ts';
import type { CrossEvaluation, DataSummary } from '../core/data-diff/data-summary-schema.ts';
import { errorMessage, InputError } from '../core/errors.ts';
import { downloadReport } from '../github/run-artifacts.ts';
import { readRunDataSummary } from '../github/run-predictions.ts';
import type { BackendChoice } from '../train/backend.ts';
import { crossEvaluate } from '../train/cross-evaluate.ts';
import type { TrainResult } from '../train/train-run.ts';
import type { ActionOctokit } from './octokit.ts';
import { isPermissionError } from './write-guard.ts';

/** Input of `baseDataAndModel`. */
export interface BaseDataOptions {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  defaultBranch: string;
  /** The baseline commit (its default-branch run holds the base model and data summary). */
  baseSha: string;
  cwd: string;
  config: Config;
  metric: string;
  result: Pick<TrainResult, 'table' | 'testRows'>;
  prModelDir: string;
  backend?: BackendChoice;
  wasmDir?: string;
}

/** What the pull request's run learns of the base: its data summary and the 2×2 cells. */
export interface BaseData {
  summary: DataSummary | null;
  cross: CrossEvaluation;
}

/**
 * For a pull request that changed the data: the base commit's default-branch run's artifact
 * (its model and data summary) and the base data from git, so the run can measure the base
 * model on the new test rows and the new model on the old ones. Every way this can fail (the
 * token may not read runs, the artifact expired, the clone is shallow) becomes a status and
 * a sentence in the 2×2 cell, never a failed step.
 */
export async function baseDataAndModel(options: BaseDataOptions): Promise<BaseData> {
  const sha = options.baseSha.slice(0, 7);
  const none = (status: CrossEvaluation['status'], detail: string): BaseData => ({
    summary: null,
    cross: {
      metric: options.metric,
      status,
      detail,
      base_sha: options.baseSha,
      base_model_on_pr_rows: null,
      pr_model_on_base_rows: null,
    },
  });
  const context = { octokit: options.octokit, owner: options.owner, repo: options.repo };
  let runId: number | undefined;
  let artifact;
  try {
    const runs = await options.octokit.paginate(
      options.octokit.rest.actions.listWorkflowRunsForRepo,
      { owner: options.owner, repo: options.repo, head_sha: options.baseSha, per_page: 100 },
    );
    runId = runs
      .filter(
        (run) =>
          run.event === 'push' &&
          run.head_branch === options.defaultBranch &&
          run.conclusion === 'success',
      )
      .sort((a, b) => b.id - a.id)[0]?.id;
    if (runId === undefined)
      return none('missing', `no default-branch run of ${sha} kept a model to compare with.`);
    artifact = await downloadReport(context, runId, {
      includeModel: true,
      files: [RUN_FILES.metrics, RUN_FILES.dataSummary],
    });
  } catch (error) {
    if (isPermissionError(error))
      return none(
        'missing',
        `the token may not read the default-branch run of ${sha} (grant \`actions: read\`).`,
      );
    if (!(error instanceof InputError)) throw error;
    const expired = /expired/.test(error.message);
    return none(
      expired ? 'expired' : 'missing',
      expired
        ? `the base model (the artifact of ${sha}'s default-branch run ${runId ?? ''}) has expired; a new run on the default branch keeps a fresh one.`
        : error.message,
    );
  }
  if (artifact === null || artifact.model === null || artifact.model.size === 0)
    return none('missing', `the default-branch run of ${sha} uploaded no model.`);
  const { dataSummary } = readRunDataSummary(artifact, runId);
  let baseData: Buffer;
  try {
    const { simpleGit } = await import('simple-git');
    const git = simpleGit({ baseDir: options.cwd, config: ['maintenance.auto=false'] });
    baseData = await git.showBuffer(
      `${options.baseSha}:${options.config.data.path.replace(/^\.\//, '')}`,
    );
  } catch (error) {
    return {
      ...none(
        'not-comparable',
        `the base data of ${sha} is not in this clone (${(errorMessage(error).split('\n')[0] ?? '').trim()}); check out with \`fetch-depth: 0\`.`,
      ),
      summary: dataSummary,
    };
  }
  const cross = await crossEvaluate({
    config: options.config,
    metric: options.metric,
    prTable: options.result.table,
    prTestRows: options.result.testRows,
    prModelDir: options.prModelDir,
    baseModel: artifact.model,
    baseSha: options.baseSha,
    baseData,
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    ...(options.wasmDir === undefined ? {} : { wasmDir: options.wasmDir }),
  });
  return { summary: dataSummary, cross };
}
