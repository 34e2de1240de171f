import { DRIFT_RUN_MARKER_PREFIX } from '../core/constants.ts';
import { isByDriftAuthor, type DriftAuthors } from './drift-lookup.ts';
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
export function driftRunMarker(run: DriftRun, prefix: string = DRIFT_RUN_MARKER_PREFIX): string {
  return `${prefix} ${run.id}:${run.attempt} -->`;
}

/** The run marker pattern of a marker prefix (`<!-- modelgate:drift-run`, …). */
function runMarkerPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped} (\\d+):(\\d+) -->`, 'g');
}

/** Every run attempt whose marker (of `prefix`, the drift one by default) appears in the texts. */
export function parseDriftRuns(
  texts: readonly string[],
  prefix: string = DRIFT_RUN_MARKER_PREFIX,
): DriftRun[] {
  const pattern = runMarkerPattern(prefix);
  return texts.flatMap((text) =>
    [...text.matchAll(pattern)].map((match) => ({
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
 * The run attempts reported on one issue, from its body and all its comments, counting only
 * what `authors` wrote: a stranger's comment with a pasted marker would otherwise mark a run
 * (or, with a huge run id, every future run) as reported and silence monitoring. The Action
 * and the App both report a monitoring run (the Action while the run is going, when its token
 * can write issues; the App when the run has completed), so each looks here first.
 */
export async function reportedDriftRuns(
  context: RepoContext,
  issueNumber: number,
  authors: DriftAuthors,
  prefix: string = DRIFT_RUN_MARKER_PREFIX,
): Promise<DriftRun[]> {
  const { octokit, owner, repo } = context;
  const { data: issue } = await octokit.rest.issues.get({
    owner,
    repo,
    issue_number: issueNumber,
  });
  const bodies = isByDriftAuthor(issue.user, authors) ? [issue.body ?? ''] : [];
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) {
    for (const comment of page.data) {
      if (isByDriftAuthor(comment.user, authors)) bodies.push(comment.body ?? '');
    }
  }
  return parseDriftRuns(bodies, prefix);
}
