import { resolve } from 'node:path';
import * as core from '@actions/core';
import { buildProfile } from '../core/drift/index.ts';
import { compareRuns, gateOutcome } from '../core/gate/compare.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { renderJobSummary } from '../core/render/job-summary.ts';
import { renderRunReport } from '../core/render/run-report.ts';
import { recordHistoryWithGit } from '../history/git-store.ts';
import { trainAndEvaluate } from '../train/train-run.ts';
import { writeRunDirectory } from '../train/write-run.ts';
import { resolveBaseline } from './baseline.ts';
import { dataEffect } from './data-effect.ts';
import { readWorkspaceConfig } from './config-source.ts';
import {
  branchOfRef,
  defaultBranchFromPayload,
  parsePayload,
  PullRequestPayloadSchema,
  type ActionContext,
} from './context.ts';
import type { Inputs } from './inputs.ts';
import { setMetricOutputs } from './metric-outputs.ts';
import { createOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { pullRequestTrend } from './pull-request-trend.ts';
import { writeSummary } from './summary.ts';
import { uploadReport } from './upload-report.ts';
import { bundledWasmDirectory } from './wasm-binaries.ts';
import { guardWrite } from './write-guard.ts';

/** What the run is compared with, by event: a pull request's base, or a push's parent. */
interface Commits {
  /** Commit whose record (or nearest recorded ancestor) is the baseline; null: none. */
  baseSha: string | null;
  headSha: string;
  /** Default branch, when the run is a push to it (then the metrics are recorded). */
  recordOn: string | null;
  pullRequest: number | null;
  /** Branch the baseline belongs to, for "compared with main at abc1234". */
  baseRef: string | null;
}

function commitsOf(context: ActionContext): Commits {
  if (context.eventName === 'pull_request' || context.eventName === 'pull_request_target') {
    const { pull_request: pull } = parsePayload(
      context,
      PullRequestPayloadSchema,
      'a pull_request event',
    );
    return {
      baseSha: pull.base.sha,
      headSha: pull.head.sha,
      recordOn: null,
      pullRequest: pull.number,
      baseRef: pull.base.ref,
    };
  }
  const defaultBranch = defaultBranchFromPayload(context.payload);
  const onDefault = defaultBranch !== undefined && branchOfRef(context.ref) === defaultBranch;
  const before =
    typeof context.payload === 'object' && context.payload !== null && 'before' in context.payload
      ? context.payload.before
      : undefined;
  // A push compares with what the branch held before; a new branch's `before` is all zeros.
  const baseSha =
    typeof before === 'string' && /^[0-9a-f]{40}$/.test(before) && !/^0+$/.test(before)
      ? before
      : null;
  return {
    baseSha,
    headSha: context.sha,
    recordOn: context.eventName === 'push' && onDefault ? defaultBranch : null,
    pullRequest: null,
    baseRef: branchOfRef(context.ref) ?? null,
  };
}

/**
 * `train` mode: trains and evaluates the model per the config, sets the outputs, writes the
 * comparison with the baseline to the job summary, and uploads the `modelgate-report`
 * artifact. Runs with a read-only token (pull requests, forks included); on a push to the
 * default branch it also records the commit's metrics in the history branch, which needs
 * `contents: write`.
 */
export async function trainMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await readWorkspaceConfig(inputs.workingDirectory, inputs.config);
  const commits = commitsOf(context);
  const wasmDir = bundledWasmDirectory();
  const runDir = resolve(inputs.workingDirectory, inputs.runDir);

  core.startGroup('Training');
  const result = await trainAndEvaluate({
    config,
    ...(inputs.backend === undefined ? {} : { backend: inputs.backend }),
    ...(wasmDir === null ? {} : { wasmDir }),
    cwd: inputs.workingDirectory,
    onEpoch: (log) =>
      core.info(
        `epoch ${log.epoch}/${log.epochs} loss ${log.loss.toFixed(4)}${log.valLoss === undefined ? '' : ` val_loss ${log.valLoss.toFixed(4)}`}`,
      ),
  });
  await writeRunDirectory(runDir, {
    metrics: result.metrics,
    report: renderRunReport(result.metrics),
    // The label is left out: production data, which monitoring compares with this profile,
    // rarely has it.
    profile: buildProfile(result.table, { exclude: [config.data.label] }),
    model: { serialized: result.model, preprocessing: result.preprocessing },
    // In the artifact, so a pull request's gate can pair its test rows with the baseline's.
    predictions: result.predictions.text,
    // In the artifact, so the gate can say what the pull request did to the data.
    dataSummary: result.dataSummary,
  });
  core.endGroup();
  const metrics: MetricsReport = result.metrics;
  setMetricOutputs(metrics);
  core.setOutput(OUTPUTS.reportPath, runDir);

  const historyBranch = inputs.historyBranch ?? config.history.branch;
  const octokit =
    inputs.token === undefined ? undefined : createOctokit(inputs.token, context.apiUrl);
  const baseline = await resolveBaseline({
    octokit,
    owner: context.owner,
    repo: context.repo,
    cwd: inputs.workingDirectory,
    baseSha: commits.baseSha,
    headSha: commits.headSha,
    branch: historyBranch,
  });
  const comparison = compareRuns({
    baseline: baseline?.metrics ?? null,
    candidate: metrics,
    rules: config.gate,
    baselineSha: baseline?.sha ?? null,
  });
  const outcome = gateOutcome(comparison);
  core.setOutput(OUTPUTS.gate, outcome);
  const data = await dataEffect({
    context,
    octokit,
    pullRequest: commits.pullRequest,
    baseline,
    config,
    result,
    runDir,
    metric: comparison.primary_metric,
    wasmDir,
    backend: inputs.backend,
  });

  const notices: string[] = [];
  if (inputs.uploadArtifact) {
    // The upload logs the artifact's id; the summary stays about the model.
    await uploadReport(runDir);
  }
  if (commits.recordOn !== null) {
    const recorded = await guardWrite(
      `record the metrics of ${context.sha.slice(0, 7)} in ${historyBranch}`,
      'contents: write',
      () =>
        recordHistoryWithGit({
          cwd: inputs.workingDirectory,
          remote: 'origin',
          branch: historyBranch,
          sha: context.sha,
          metrics,
          predictions: result.predictions.text,
        }),
    );
    notices.push(
      !recorded.ok
        ? `The metrics were not recorded: ${recorded.reason}`
        : recorded.value.action === 'created'
          ? `Recorded the metrics in \`${historyBranch}\`.`
          : `The metrics of this commit were already in \`${historyBranch}\` and were left as they are.`,
    );
  }
  const trend =
    octokit !== undefined && commits.pullRequest !== null
      ? await pullRequestTrend({
          octokit,
          owner: context.owner,
          repo: context.repo,
          number: commits.pullRequest,
          headSha: commits.headSha,
          current: metrics,
        })
      : [];
  const runUrl =
    context.runId === undefined
      ? null
      : `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`;
  await writeSummary(
    renderJobSummary({ comparison, trend, runUrl, baseRef: commits.baseRef, notices, data }),
  );
  if (inputs.failOnGate && outcome === 'fail') {
    throw new Error(
      `The gate failed: ${comparison.failures.map((failure) => failure.reason).join('; ')}.`,
    );
  }
}
