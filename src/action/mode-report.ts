import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { RUN_FILES } from '../core/constants.ts';
import { writeJsonAtomic } from '../data/atomic-write.ts';
import { setMetricOutputs } from './metric-outputs.ts';
import { InputError } from '../core/errors.ts';
import { classifyRun } from '../core/gate/run-policy.ts';
import { applyCommand, commandComment } from '../flows/apply-command.ts';
import { judgePullRequest, type JudgeOutcome } from '../flows/judge-pull-request.ts';
import { toWorkflowRun } from '../github/workflow-run.ts';
import { listedPullNumbers } from '../flows/training-runs.ts';
import { actionPort } from './action-port.ts';
import {
  IssueCommentPayloadSchema,
  parsePayload,
  WorkflowRunPayloadSchema,
  type ActionContext,
} from './context.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { requireOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { writeSummary } from './summary.ts';
import { inGroup } from './log-groups.ts';

/**
 * `report` mode: the trusted half of the fork-safe split, for repositories without the App.
 * On `workflow_run` it judges the pull request the training run belongs to; on
 * `issue_comment` it applies `/modelgate rerun` and `/modelgate override <reason>`. Both go
 * through the same flows as the App, so a run gets the same verdict from either face; this
 * module only translates the runner's event into the flow's input and its result into outputs.
 */
export async function reportMode(inputs: Inputs, context: ActionContext): Promise<void> {
  if (context.eventName !== 'workflow_run' && context.eventName !== 'issue_comment') {
    throw new InputError(
      `'report' mode runs in a workflow triggered by workflow_run (after the pull request's training run) or issue_comment (for /modelgate commands), but this run was triggered by '${context.eventName}'.`,
    );
  }
  const octokit = requireOctokit(inputs, context, 'report');
  const notices: string[] = [];
  const payload =
    context.eventName === 'workflow_run'
      ? parsePayload(context, WorkflowRunPayloadSchema, 'a workflow_run event')
      : parsePayload(context, IssueCommentPayloadSchema, 'an issue_comment event');
  const port = await actionPort({
    octokit,
    owner: context.owner,
    repo: context.repo,
    repoId: payload.repository.id,
    defaultBranch: payload.repository.default_branch,
    configPath: repositoryPath(inputs, inputs.config),
    ...(inputs.historyBranch === undefined ? {} : { historyBranch: inputs.historyBranch }),
    workspace: inputs.workspace,
    notices,
  });

  const outcomes: JudgeOutcome[] = [];
  if ('comment' in payload) {
    if (payload.issue.pull_request === undefined) return;
    const result = await inGroup('compare', () => applyCommand(port, commandComment(payload)));
    if (result.kind === 'judged') outcomes.push(result.outcome);
  } else {
    const run = toWorkflowRun({
      ...payload.workflow_run,
      id: inputs.runId ?? payload.workflow_run.id,
    });
    const kind = classifyRun({
      ...run,
      repoId: payload.repository.id,
      defaultBranch: port.defaultBranch,
    });
    if (kind !== 'pull-request') {
      core.notice(
        `Workflow run ${run.id} (${run.event} on ${run.headBranch ?? 'no branch'}) is not a pull request run; there is no gate to report.`,
      );
      return;
    }
    const listed = listedPullNumbers(payload.workflow_run.pull_requests, payload.repository.id);
    const pulls = await port.openPullRequestsWithHead(run.headSha, listed);
    if (pulls.length === 0)
      notices.push(
        `No open pull request has head commit ${run.headSha.slice(0, 7)}; nothing was posted.`,
      );
    // Download the run's report, compare it with the baseline, publish the comment and check.
    for (const pull of pulls)
      outcomes.push(
        await inGroup('compare', () => judgePullRequest(port, { pull, delivered: run })),
      );
  }
  await inGroup('publish', () => finish(inputs, outcomes, notices));
}

/** Outputs, the job summary, and the step's own verdict. */
async function finish(inputs: Inputs, outcomes: JudgeOutcome[], notices: string[]): Promise<void> {
  const published = outcomes.flatMap((outcome) => (outcome.kind === 'published' ? [outcome] : []));
  const notes = notices.map((note) => `> ${note}`).join('\n');
  if (published.length === 0) {
    for (const outcome of outcomes)
      if (outcome.kind === 'ignored') core.notice(`Nothing reported: ${outcome.reason}.`);
    if (notes !== '') await writeSummary(`## modelgate\n\n${notes}\n`);
    return;
  }
  const [judged] = published.flatMap((outcome) =>
    outcome.metrics === null ? [] : [outcome.metrics],
  );
  if (judged !== undefined) {
    // The validated report, for later steps of the job.
    const reportDir = resolve(inputs.workingDirectory, inputs.runDir);
    await writeJsonAtomic(join(reportDir, RUN_FILES.metrics), judged);
    setMetricOutputs(judged);
    core.setOutput(OUTPUTS.reportPath, reportDir);
  }
  const failed = published.filter((outcome) => outcome.rendered.conclusion === 'failure');
  core.setOutput(OUTPUTS.gate, failed.length > 0 ? 'fail' : 'pass');
  await writeSummary(
    published.map((outcome) => outcome.rendered.jobSummary).join('\n\n') +
      (notes === '' ? '' : `\n\n${notes}`),
  );
  // A broken config fails the step whatever 'fail-on-gate' says: the setup is wrong.
  for (const { result } of published)
    if (result.kind === 'problem' && result.problem === 'config')
      throw new Error(result.detail ?? result.message);
  const [first] = failed;
  if (inputs.failOnGate && first !== undefined) throw new Error(`${first.rendered.title}.`);
}
