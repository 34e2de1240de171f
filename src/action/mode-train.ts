import { resolve } from 'node:path';
import * as core from '@actions/core';
import { gateOutcome } from '../core/gate/compare.ts';
import { compareReport } from '../core/gate/verdict.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { renderJobSummary } from '../core/render/job-summary.ts';
import { recordHistoryWithGit } from '../history/git-store.ts';
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
import type { ActionOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { ownReport } from './own-report.ts';
import { produceRun } from './produce-run.ts';
import { pullRequestTrend } from './pull-request-trend.ts';
import { writeSummary } from './summary.ts';
import { bundledWasmDirectory } from './wasm-binaries.ts';
import { guardWrite } from './write-guard.ts';
import { inGroup, LOG_GROUPS } from './log-groups.ts';

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
 * The API client, loaded only when there is a token: Octokit and its REST plugins are the
 * biggest part of the bundle that a tokenless run (`token: ''`, or the CLI's `modelgate
 * train`) never needs at start.
 */
async function octokitFor(token: string, context: ActionContext): Promise<ActionOctokit> {
  const { createOctokit } = await import('./octokit.ts');
  return createOctokit(token, context.apiUrl);
}

/**
 * `train` mode: trains and evaluates the model per the config (or, with `predictions`, scores
 * what another framework predicted), sets the outputs, writes the
 * comparison with the baseline to the job summary, and uploads the `modelgate-report`
 * artifact. Runs with a read-only token (pull requests, forks included); on a push to the
 * default branch it also records the commit's metrics in the history branch, which needs
 * `contents: write`.
 */
export async function trainMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await inGroup('config', () =>
    readWorkspaceConfig(inputs.workingDirectory, inputs.config),
  );
  const commits = commitsOf(context);
  const runDir = resolve(inputs.workingDirectory, inputs.runDir);
  const produced = await produceRun(inputs, config);
  const metrics: MetricsReport = produced.metrics;
  setMetricOutputs(metrics);
  core.setOutput(OUTPUTS.reportPath, runDir);

  const historyBranch = inputs.historyBranch ?? config.history.branch;
  const octokit = inputs.token === undefined ? undefined : await octokitFor(inputs.token, context);
  const { baseline, judged } = await inGroup('compare', async () => {
    const found = await resolveBaseline({
      octokit,
      owner: context.owner,
      repo: context.repo,
      cwd: inputs.workingDirectory,
      baseSha: commits.baseSha,
      headSha: commits.headSha,
      branch: historyBranch,
    });
    // The comparison the gate flow makes (paired tests on both runs' predictions included), so
    // the job summary and the `gate` output say what the App's check will say.
    const report = compareReport(
      ownReport(metrics, produced.predictionsCsv),
      found === null
        ? null
        : { sha: found.sha, metrics: found.metrics, predictions: found.predictions },
      config.gate,
    );
    return { baseline: found, judged: report };
  });
  const { comparison } = judged;
  const outcome = gateOutcome(comparison);
  core.setOutput(OUTPUTS.gate, outcome);
  // What the pull request did to the data; a predictions run has no model modelgate can rerun.
  const data =
    produced.trained === null
      ? null
      : await dataEffect({
          context,
          octokit,
          pullRequest: commits.pullRequest,
          baseline,
          config,
          result: produced.trained,
          runDir,
          metric: comparison.primary_metric,
          wasmDir: bundledWasmDirectory(),
          backend: inputs.backend,
        });

  const notices: string[] = [...judged.notices];
  if (inputs.uploadArtifact) {
    // The upload logs the artifact's id; the summary stays about the model.
    // Loaded here: the artifact client (Azure blob storage, undici, protobuf) is a fifth of
    // the bundle, and a run with `upload-artifact: false` should not pay for parsing it.
    await inGroup('upload', async () => (await import('./upload-report.ts')).uploadReport(runDir));
  }
  // The history record (default branch only), the trend and the job summary.
  core.startGroup(LOG_GROUPS.publish);
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
          ...(produced.predictionsCsv === null ? {} : { predictions: produced.predictionsCsv }),
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
  core.endGroup();
  if (inputs.failOnGate && outcome === 'fail') {
    throw new Error(
      `The gate failed: ${comparison.failures.map((failure) => failure.reason).join('; ')}.`,
    );
  }
}
