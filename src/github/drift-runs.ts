import { DRIFT_RUN_MARKER_PREFIX } from '../core/constants.ts';
import type { DriftIssue } from './drift-issue.ts';
import type { RepoContext } from './octokit.ts';

/**
 * One attempt of a monitoring workflow run. A re-run keeps the run id and counts the attempt
 * up, and it checks the data again, so it is a new report.
 */
export interface DriftRun {
  id: number;
  attempt: number;
}

/** The hidden marker of the run attempt an issue body or comment reports. */
export function driftRunMarker(run: DriftRun): string {
  return `${DRIFT_RUN_MARKER_PREFIX} ${run.id}:${run.attempt} -->`;
}

const RUN_MARKER = /<!-- modelgate:drift-run (\d+):(\d+) -->/g;

/** Every run attempt whose marker appears in the texts. */
export function parseDriftRuns(texts: readonly string[]): DriftRun[] {
  return texts.flatMap((text) =>
    [...text.matchAll(RUN_MARKER)].map((match) => ({
      id: Number(match[1]),
      attempt: Number(match[2]),
    })),
  );
}

/** Orders run attempts by time: run ids grow, and within one run the attempts count up. */
export function compareDriftRuns(a: DriftRun, b: DriftRun): number {
  return a.id === b.id ? a.attempt - b.attempt : a.id - b.id;
}

/**
 * The run attempts reported on one issue, from its body and all its comments. The Action and
 * the App both report a monitoring run (the Action while the run is going, when its token can
 * write issues; the App when the run has completed), so each looks here first.
 */
export async function reportedDriftRuns(
  context: RepoContext,
  issueNumber: number,
): Promise<DriftRun[]> {
  const { octokit, owner, repo } = context;
  const { data: issue } = await octokit.rest.issues.get({
    owner,
    repo,
    issue_number: issueNumber,
  });
  const bodies = [issue.body ?? ''];
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) {
    bodies.push(...page.data.map((comment) => comment.body ?? ''));
  }
  return parseDriftRuns(bodies);
}

/**
 * The most recently updated closed issue of a release (among the 100 latest closed issues with
 * the drift labels), or undefined. Only recent ones: a release whose issue was closed long ago
 * (or lost its labels) gets a new issue when drift comes back.
 */
export async function latestClosedDriftIssue(
  context: RepoContext & { labels: readonly string[] },
  marker: string,
): Promise<DriftIssue | undefined> {
  const { octokit, owner, repo, labels } = context;
  const { data: closed } = await octokit.rest.issues.listForRepo({
    owner,
    repo,
    state: 'closed',
    ...(labels.length === 0 ? {} : { labels: labels.join(',') }),
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  const issue = closed.find(
    (candidate) => candidate.pull_request === undefined && (candidate.body ?? '').includes(marker),
  );
  return issue === undefined
    ? undefined
    : { number: issue.number, url: issue.html_url, state: 'closed' };
}
