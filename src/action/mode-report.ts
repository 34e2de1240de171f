import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ARTIFACT_NAME, RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { compareRuns, gateOutcome } from '../core/gate/compare.ts';
import type { Comparison } from '../core/gate/types.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import {
  gateCheckOutput,
  renderJobSummary,
  renderPullRequestComment,
  type TrendPoint,
} from '../core/render/index.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import { downloadRunArtifact, type RunArtifact } from '../github/artifact.ts';
import { publishGateCheck } from '../github/gate-check.ts';
import { findPullRequestsForRun, type PullRequestInfo } from '../github/pull-requests.ts';
import { upsertStickyComment } from '../github/sticky-comment.ts';
import { writeHistoryRecord } from '../history/api-store.ts';
import { resolveBaseline } from './baseline.ts';
import { readDefaultBranchConfig } from './config-source.ts';
import { parsePayload, WorkflowRunPayloadSchema, type ActionContext } from './context.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { setMetricOutputs } from './metric-outputs.ts';
import { requireOctokit, type ActionOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { pullRequestTrend } from './pull-request-trend.ts';
import { writeSummary } from './summary.ts';
import { guardWrite } from './write-guard.ts';

/** The artifact holds a small model and three small files; anything far bigger is hostile. */
const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

/** Keeps the validated artifact where `report-path` says, for later steps of the job. */
async function saveArtifact(artifact: RunArtifact, directory: string): Promise<void> {
  await writeJsonAtomic(join(directory, RUN_FILES.metrics), artifact.metrics);
  if (artifact.profile !== null)
    await writeJsonAtomic(join(directory, RUN_FILES.profile), artifact.profile);
  if (artifact.report !== null)
    await writeFileAtomic(join(directory, RUN_FILES.report), artifact.report);
}

interface PostInput {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  pull: PullRequestInfo;
  /** The commit the reported run trained. */
  headSha: string;
  candidate: MetricsReport;
  comparison: Comparison;
  historyBranch: string;
  runUrl: string;
  /** Collects what could not be done, for the comment and the job summary. */
  notices: string[];
}

/**
 * Writes the report to the pull request: the commit's record for the trend, the sticky
 * comment and the gate check, each a guarded write (a read-only token warns, never fails).
 * Returns the trend it rendered.
 */
async function postToPullRequest(input: PostInput): Promise<TrendPoint[]> {
  const { octokit, owner, repo, pull, headSha, candidate, comparison, runUrl, notices } = input;
  const short = headSha.slice(0, 7);
  // This commit's record feeds the trend of the pull request's later runs.
  const recorded = await guardWrite(
    `record the metrics of ${short} for the trend of #${pull.number}`,
    'contents: write',
    () =>
      writeHistoryRecord({
        octokit,
        owner,
        repo,
        branch: input.historyBranch,
        sha: headSha,
        scope: 'pull-request',
        metrics: candidate,
      }),
  );
  if (!recorded.ok) notices.push(`The trend was not recorded: ${recorded.reason}`);
  const trend = await pullRequestTrend({
    octokit,
    owner,
    repo,
    branch: input.historyBranch,
    number: pull.number,
    headSha,
    current: candidate,
  });

  let commentUrl: string | undefined;
  if (pull.headSha !== headSha) {
    // A run of an older commit finished after a newer push: the comment shows the newest
    // commit's report, which that commit's own run will post.
    notices.push(
      `#${pull.number} has moved on to ${pull.headSha.slice(0, 7)}; the comment was left for that commit's run.`,
    );
  } else {
    const body = renderPullRequestComment({
      comparison,
      trend,
      runUrl,
      baseRef: pull.baseRef,
      notices,
    });
    const comment = await guardWrite(
      `post the sticky comment on #${pull.number}`,
      'pull-requests: write',
      () => upsertStickyComment({ octokit, owner, repo, issueNumber: pull.number, body }),
    );
    if (comment.ok) {
      commentUrl = comment.value.url;
      core.info(`Sticky comment ${comment.value.action}: ${comment.value.url}`);
    } else {
      notices.push(`The comment was not posted: ${comment.reason}`);
    }
  }

  // The check and the comment come from the same comparison, so they cannot disagree.
  const output = gateCheckOutput({ comparison, trend, runUrl, baseRef: pull.baseRef });
  const check = await guardWrite(`publish the gate check on ${short}`, 'checks: write', () =>
    publishGateCheck({
      octokit,
      owner,
      repo,
      headSha,
      ...output,
      ...(commentUrl === undefined ? {} : { detailsUrl: commentUrl }),
    }),
  );
  if (check.ok)
    core.info(`Gate check ${check.value.action} (${output.conclusion}): ${check.value.url}`);
  else notices.push(`The gate check was not published: ${check.reason}`);
  return trend;
}

/**
 * `report` mode, in a `workflow_run` workflow: the trusted half of the fork-safe split. It
 * downloads the pull request run's `modelgate-report` artifact and validates it as untrusted
 * input, reads the gate from the default branch's config (never the pull request's), finds
 * the baseline in the history branch, and posts the sticky comment and the `modelgate / gate`
 * check run with the workflow's own token. The comment and the check are rendered from one
 * comparison, so they cannot disagree.
 */
export async function reportMode(inputs: Inputs, context: ActionContext): Promise<void> {
  if (context.eventName !== 'workflow_run') {
    throw new InputError(
      `'report' mode runs in a workflow triggered by workflow_run (after the pull request's training run), but this run was triggered by '${context.eventName}'.`,
    );
  }
  const { workflow_run: run, repository } = parsePayload(
    context,
    WorkflowRunPayloadSchema,
    'a workflow_run event',
  );
  const octokit = requireOctokit(inputs, context, 'report');
  const { owner, repo } = context;
  const runId = inputs.runId ?? run.id;

  const artifact = await downloadRunArtifact({
    octokit,
    owner,
    repo,
    runId,
    name: ARTIFACT_NAME,
    maxBytes: MAX_ARTIFACT_BYTES,
  });
  if (artifact === null) {
    core.notice(
      `Workflow run ${runId} uploaded no ${ARTIFACT_NAME} artifact, so there is nothing to report.`,
    );
    return;
  }
  const candidate = artifact.metrics;
  const reportDir = resolve(inputs.workingDirectory, inputs.runDir);
  await saveArtifact(artifact, reportDir);
  setMetricOutputs(candidate);
  core.setOutput(OUTPUTS.reportPath, reportDir);

  const config = await readDefaultBranchConfig({
    octokit,
    owner,
    repo,
    branch: repository.default_branch,
    path: repositoryPath(inputs, inputs.config),
  });
  const historyBranch = inputs.historyBranch ?? config.history.branch;
  const pull = (await findPullRequestsForRun({ octokit, owner, repo, run })).find(
    (candidatePull) => candidatePull.state === 'open',
  );
  const baseline = await resolveBaseline({
    octokit,
    owner,
    repo,
    // The report job checks out only the Action; the workspace root is the one git directory.
    cwd: inputs.workspace,
    baseSha: pull?.baseSha ?? null,
    headSha: run.head_sha,
    branch: historyBranch,
  });
  const comparison = compareRuns({
    baseline: baseline?.metrics ?? null,
    candidate,
    rules: config.gate,
    baselineSha: baseline?.sha ?? null,
  });
  const outcome = gateOutcome(comparison);
  core.setOutput(OUTPUTS.gate, outcome);

  const notices: string[] = [];
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${runId}`;
  let trend: TrendPoint[] = [];
  if (pull === undefined) {
    // A gate is about a pull request; without one (a push run, a closed pull request) there
    // is nothing to post and no commit whose merge waits for a check.
    notices.push(
      `No open pull request has head commit ${run.head_sha.slice(0, 7)}; nothing was posted.`,
    );
  } else {
    trend = await postToPullRequest({
      octokit,
      owner,
      repo,
      pull,
      headSha: run.head_sha,
      candidate,
      comparison,
      historyBranch,
      runUrl,
      notices,
    });
  }
  await writeSummary(
    renderJobSummary({ comparison, trend, runUrl, baseRef: pull?.baseRef ?? null, notices }),
  );
  if (inputs.failOnGate && outcome === 'fail') {
    throw new Error(
      `The gate failed: ${comparison.failures.map((failure) => failure.reason).join('; ')}.`,
    );
  }
}
