import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DriftReportSchema } from '../core/drift/index.ts';
import { errorMessage } from '../core/errors.ts';
import type { ActionStepResult } from '../sandbox/action-step.ts';
import { IssueSchema, type Issue } from './github-api.ts';
import type { Fact } from './printer.ts';
import { runWorkflow, type Stage } from './stage.ts';
import { fact, stepFacts, type StoryState } from './story-state.ts';

/** The example workflow's `monitor` job. */
const MONITOR = { contents: 'read', issues: 'write', metadata: 'read' } as const;
/** The example config's `monitor.labels`. */
const DRIFT_LABEL = 'drift';
/** What the demo feeds the first monitoring run: the recalibrated scanner's data. */
export const SHIFTED_DATA = 'monitoring/shifted.csv';

const BranchSchema = z.object({ commit: z.object({ sha: z.string() }) });

/** A scheduled run of the `monitor` job on main, optionally with other current data. */
export async function monitor(stage: Stage, data: string | undefined) {
  const { api, repo } = stage;
  const sha = (await api.get(`/branches/${repo.defaultBranch}`, BranchSchema)).commit.sha;
  return runWorkflow(stage, {
    // GitHub's `schedule` payload carries only the cron expression.
    event: { name: 'schedule', payload: { schedule: '17 6 * * *' } },
    headSha: sha,
    headBranch: repo.defaultBranch,
    permissions: MONITOR,
    inputs: { mode: 'monitor', ...(data === undefined ? {} : { data }) },
  });
}

/**
 * What the step's drift.json (at its `report-path` output, in the runner's workspace) says, in
 * a few words: the verdict itself is checked on the `drift` output and on the issue.
 */
export async function driftVerdict(step: ActionStepResult): Promise<string> {
  const path = step.outputs['report-path'];
  if (path === undefined || path === '')
    return step.outputs.drift === 'true' ? 'drift' : 'no drift';
  let report;
  try {
    report = DriftReportSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    return `but its drift.json could not be read: ${errorMessage(error)}`;
  }
  const drifted = report.features
    .filter((feature) => feature.drifted)
    .map((feature) => feature.name);
  const counts = `${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted`;
  return drifted.length === 0 ? counts : `${counts} (${drifted.join(', ')})`;
}

async function openDriftIssues(stage: Stage): Promise<Issue[]> {
  const issues = await stage.api.list(`/issues?state=open&labels=${DRIFT_LABEL}`, IssueSchema);
  return issues.filter((issue) => issue.pull_request === undefined);
}

/** Step 5: monitoring on shifted data opens one drift issue for the release. */
export async function detectDrift(stage: Stage, state: StoryState): Promise<Fact[]> {
  const run = await monitor(stage, SHIFTED_DATA);
  const facts = stepFacts(
    `the Action compared ${SHIFTED_DATA} with the profile of ${state.release?.tag ?? 'the latest release'}`,
    run.step,
    run.htmlUrl,
  );
  const drift = run.step.outputs.drift === 'true';
  facts.push(
    fact(drift, `dataset drift: ${drift ? 'yes' : 'no'}, ${await driftVerdict(run.step)}`),
  );
  const open = await openDriftIssues(stage);
  const issue = open[0];
  facts.push(
    fact(
      open.length === 1 &&
        issue !== undefined &&
        issue.title.includes(state.release?.tag ?? '\u0000'),
      issue === undefined
        ? 'no open drift issue'
        : `drift issue #${issue.number} opened: "${issue.title}" (${open.length} open)`,
      issue?.html_url,
    ),
  );
  if (issue !== undefined) state.driftIssue = issue.number;
  return facts;
}

/** Step 6: monitoring on clean data comments on the drift issue and closes it. */
export async function driftResolved(stage: Stage, state: StoryState): Promise<Fact[]> {
  const run = await monitor(stage, undefined);
  const facts = stepFacts(
    `the Action compared monitoring/current.csv with the profile of ${state.release?.tag ?? 'the latest release'}`,
    run.step,
    run.htmlUrl,
  );
  const clean = run.step.outputs.drift === 'false';
  facts.push(
    fact(clean, `dataset drift: ${clean ? 'no' : 'yes'}, ${await driftVerdict(run.step)}`),
  );
  if (state.driftIssue === undefined)
    return [...facts, fact(false, 'there was no drift issue to close')];
  const issue = await stage.api.issue(state.driftIssue);
  const comments = await stage.api.comments(issue.number);
  facts.push(
    fact(
      issue.state === 'closed' && comments.length > 0,
      `drift issue #${issue.number} is ${issue.state}, with ${comments.length} comment${comments.length === 1 ? '' : 's'}`,
      comments.at(-1)?.html_url ?? issue.html_url,
    ),
  );
  facts.push(fact((await openDriftIssues(stage)).length === 0, 'no drift issue left open'));
  return facts;
}
