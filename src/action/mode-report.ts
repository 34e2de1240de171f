import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ARTIFACT_NAME, RUN_FILES } from '../core/constants.ts';
import type { Config } from '../core/config/schema.ts';
import { validateGateRules } from '../core/config/validate-gate.ts';
import { InputError } from '../core/errors.ts';
import { compareRuns, gateOutcome } from '../core/gate/compare.ts';
import type { Comparison } from '../core/gate/types.ts';
import type { MetricsReport, Task } from '../core/metrics-report.ts';
import {
  artifactRejectedProblem,
  configProblem,
  gateCheckOutput,
  noticeSection,
  renderGateProblem,
  renderJobSummary,
  renderPullRequestComment,
  runFailedProblem,
  type GateProblemReport,
  type ProblemRun,
  type TrendPoint,
} from '../core/render/index.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import { downloadRunArtifact, type RunArtifact } from '../github/artifact.ts';
import { findPullRequestsForRun, type PullRequestInfo } from '../github/pull-requests.ts';
import { FAILED_CONCLUSIONS } from '../github/run-conclusion.ts';
import { writeHistoryRecord } from '../history/api-store.ts';
import { resolveBaseline } from './baseline.ts';
import { readDefaultBranchConfig } from './config-source.ts';
import { parsePayload, WorkflowRunPayloadSchema, type ActionContext } from './context.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { setMetricOutputs } from './metric-outputs.ts';
import { requireOctokit, type ActionOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { publishGate } from './publish-gate.ts';
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
 * Writes the comparison to the pull request: the commit's record for the trend, then the
 * sticky comment and the gate check. Returns the trend it rendered.
 */
async function postComparison(input: PostInput): Promise<TrendPoint[]> {
  const { octokit, owner, repo, pull, headSha, candidate, comparison, runUrl, notices } = input;
  // This commit's record feeds the trend of the pull request's later runs.
  const recorded = await guardWrite(
    `record the metrics of ${headSha.slice(0, 7)} for the trend of #${pull.number}`,
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
  const shown = { comparison, trend, runUrl, baseRef: pull.baseRef };
  // The comment lists the notices so far (a trend that was not recorded); the check and the
  // comment come from the same comparison, so they cannot disagree.
  const comment = renderPullRequestComment({ ...shown, notices });
  await publishGate({ ...input, comment, check: gateCheckOutput(shown) });
  return trend;
}

/**
 * The default branch's config, with its gate rules checked against the run's task (the file
 * alone cannot say whether `rmse` fits a classifier). Every mistake is an InputError naming
 * the file, the key and what was expected.
 */
async function readGateConfig(
  input: Parameters<typeof readDefaultBranchConfig>[0] & { task: Task },
): Promise<Config> {
  const config = await readDefaultBranchConfig(input);
  validateGateRules(config.gate, { task: input.task, source: `${input.path}@${input.branch}` });
  return config;
}

/** What the reported run left to judge. */
type RunResult =
  | { kind: 'nothing' }
  | { kind: 'problem'; report: GateProblemReport }
  | { kind: 'artifact'; artifact: RunArtifact };

/**
 * Judges the run the way the App does: a run that failed or never finished has no metrics
 * (whatever it uploaded before failing); a run that did not train (skipped, or success
 * without the artifact) is nothing to report; otherwise its artifact must be valid.
 */
async function judgeRun(
  context: { octokit: ActionOctokit; owner: string; repo: string },
  run: ProblemRun,
): Promise<RunResult> {
  if (FAILED_CONCLUSIONS.has(run.conclusion ?? '')) {
    return { kind: 'problem', report: runFailedProblem(run) };
  }
  let artifact: RunArtifact | null;
  try {
    artifact = await downloadRunArtifact({
      ...context,
      runId: run.id,
      name: ARTIFACT_NAME,
      maxBytes: MAX_ARTIFACT_BYTES,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const report =
      run.conclusion === 'success'
        ? artifactRejectedProblem(run, error.message)
        : runFailedProblem(run);
    return { kind: 'problem', report };
  }
  if (artifact === null) return { kind: 'nothing' };
  if (run.conclusion !== 'success') return { kind: 'problem', report: runFailedProblem(run) };
  return { kind: 'artifact', artifact };
}

/** How a pull request gets a new gate after a problem, in the no-App setup. */
const PROBLEM_NEXT_STEP =
  'Fix the problem and push, or re-run the training workflow once it is fixed.';

/**
 * Reports a gate with nothing to compare (the run failed, its artifact was rejected, or the
 * default branch's config is broken): a failing check and the sticky comment say what went
 * wrong, as the App's do, so the pull request is never left with a stale comment and no
 * check on its new head.
 */
async function reportProblem(input: {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  pull: PullRequestInfo | undefined;
  headSha: string;
  report: GateProblemReport;
  runUrl: string;
  failOnGate: boolean;
}): Promise<void> {
  const { pull, headSha, report } = input;
  core.setOutput(OUTPUTS.gate, 'fail');
  const rendered = renderGateProblem({
    report,
    override: null,
    headSha,
    runUrl: input.runUrl,
    nextStep: PROBLEM_NEXT_STEP,
  });
  const notices: string[] = [];
  if (pull === undefined) notices.push(noPullRequestNotice(headSha));
  else {
    const { comment, ...check } = rendered;
    await publishGate({ ...input, pull, comment, check, notices });
  }
  const notes = noticeSection(notices);
  await writeSummary(notes === null ? rendered.summary : `${rendered.summary}\n\n${notes}`);
  if (input.failOnGate) throw new Error(`${rendered.title}.`);
}

/** A gate is about a pull request; a push run or a closed pull request has none to post to. */
function noPullRequestNotice(headSha: string): string {
  return `No open pull request has head commit ${headSha.slice(0, 7)}; nothing was posted.`;
}

/**
 * `report` mode, in a `workflow_run` workflow: the trusted half of the fork-safe split. It
 * downloads the pull request run's `modelgate-report` artifact and validates it as untrusted
 * input, reads the gate from the default branch's config (never the pull request's), finds
 * the baseline in the history branch, and posts the sticky comment and the `modelgate / gate`
 * check run with the workflow's own token. The comment and the check are rendered from one
 * comparison, so they cannot disagree. A training run that failed, whose artifact is
 * rejected, or that is judged by an invalid config still gets a failing check and a comment
 * saying so, as with the App.
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
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${runId}`;
  const headSha = run.head_sha;

  const judged = await judgeRun(
    { octokit, owner, repo },
    {
      id: runId,
      name: run.name ?? run.path ?? 'training',
      conclusion: run.conclusion,
      htmlUrl: runUrl,
    },
  );
  if (judged.kind === 'nothing') {
    core.notice(
      `Workflow run ${runId} ended with '${run.conclusion ?? 'no conclusion'}' and uploaded no ${ARTIFACT_NAME} artifact, so there is nothing to report.`,
    );
    return;
  }
  const pull = (await findPullRequestsForRun({ octokit, owner, repo, run })).find(
    (candidatePull) => candidatePull.state === 'open',
  );
  // Where a problem is posted: the pull request and the run's commit.
  const problemTarget = { octokit, owner, repo, pull, headSha, runUrl };
  if (judged.kind === 'problem') {
    await reportProblem({
      ...problemTarget,
      report: judged.report,
      failOnGate: inputs.failOnGate,
    });
    return;
  }

  const { artifact } = judged;
  const candidate = artifact.metrics;
  const reportDir = resolve(inputs.workingDirectory, inputs.runDir);
  await saveArtifact(artifact, reportDir);
  setMetricOutputs(candidate);
  core.setOutput(OUTPUTS.reportPath, reportDir);

  const configPath = repositoryPath(inputs, inputs.config);
  let config: Config;
  try {
    config = await readGateConfig({
      octokit,
      owner,
      repo,
      branch: repository.default_branch,
      path: configPath,
      task: candidate.task,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // As with the App: a broken config is a failing gate that says why, or the pull request
    // keeps the last verdict's comment and has no check on its new head. The step still
    // fails with the same sentence, whatever 'fail-on-gate' says: the setup is wrong.
    await reportProblem({
      ...problemTarget,
      report: configProblem(error.message, configPath),
      failOnGate: false,
    });
    throw error;
  }
  const historyBranch = inputs.historyBranch ?? config.history.branch;
  const baseline = await resolveBaseline({
    octokit,
    owner,
    repo,
    // The report job checks out only the Action; the workspace root is the one git directory.
    cwd: inputs.workspace,
    baseSha: pull?.baseSha ?? null,
    headSha,
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
  let trend: TrendPoint[] = [];
  if (pull === undefined) notices.push(noPullRequestNotice(headSha));
  else {
    trend = await postComparison({
      octokit,
      owner,
      repo,
      pull,
      headSha,
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
