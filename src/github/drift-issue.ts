import {
  driftAuthors,
  driftIssueMarker,
  findOpenDriftIssues,
  latestClosedDriftIssue,
  type DriftAuthors,
  type DriftIssue,
} from './drift-lookup.ts';
import {
  compareDriftRuns,
  driftRunMarker,
  reportedDriftRuns,
  type DriftRun,
} from './drift-runs.ts';
import { ensureLabels } from './labels.ts';
import { DRIFT_RUN_MARKER_PREFIX } from '../core/constants.ts';
import type { RepoContext } from './octokit.ts';

/**
 * What kind of monitoring issue a release has: drift of its inputs, or a drop of its
 * performance. Each kind has its own markers, so a release can have one of each, and the
 * lifecycle (open, comment, close on a clean run, reopen) is the same code for both.
 */
export interface MonitorIssueKind {
  issueMarker(releaseTag: string): string;
  runMarkerPrefix: string;
  title(releaseTag: string): string;
  /** Leads the comment that closes the issue on a clean run. */
  clean(releaseTag: string): string;
  /** Leads the comment that reopens the issue when the problem is back. */
  back(releaseTag: string): string;
}

/** The drift issue of a release (the default kind). */
export const DRIFT_ISSUE_KIND: MonitorIssueKind = {
  issueMarker: driftIssueMarker,
  runMarkerPrefix: DRIFT_RUN_MARKER_PREFIX,
  title: (tag) => `Data drift detected for model ${tag}`,
  clean: (tag) => `No data drift in the latest check of ${tag}; closing.`,
  back: (tag) => `Data drift is back for ${tag}; reopening.`,
};

// Re-exported for callers that imported them from here first.
export { driftIssueMarker, findOpenDriftIssues, type DriftAuthors, type DriftIssue };

/** Input of `syncDriftIssue`. */
export interface SyncDriftIssueOptions extends RepoContext {
  /** The released model whose production data was checked. */
  releaseTag: string;
  /** The verdict: `dataset_drift` true when the issue should be open (a drift report fits). */
  report: { dataset_drift: boolean };
  /** Drift by default; `PERFORMANCE_ISSUE_KIND` for a performance drop. */
  kind?: MonitorIssueKind;
  /** The report rendered as markdown (the per-feature table); untrusted text already escaped. */
  body: string;
  /** Labels of a new issue (config `monitor.labels`); created in the repository when missing. */
  labels: readonly string[];
  /** Title of a new issue. */
  title?: string;
  /**
   * The monitoring run attempt being reported. Its hidden marker goes into what is written,
   * and nothing is written when the release's issue already reports it or a newer run: the
   * Action and the App may both report one run, and deliveries can repeat or come late.
   */
  run?: DriftRun;
  /**
   * Whose issues and run markers count (see `DriftAuthors`); when omitted, the token's own
   * identity (`driftAuthors`). A marker anyone else wrote is ignored.
   */
  authors?: DriftAuthors;
}

/** What `syncDriftIssue` did, and the issue it did it to (null for `none`). */
export interface SyncDriftIssueResult {
  action: 'opened' | 'reopened' | 'commented' | 'closed' | 'none';
  issue: DriftIssue | null;
  /**
   * Set when nothing was written because `issue` already reports this run attempt or a newer
   * one: the newest run attempt it reports.
   */
  reported?: DriftRun;
}

/** Issue and comment bodies are cut here, leaving room under GitHub's 65536 for the note. */
const MAX_BODY = 65_000;

function clip(text: string): string {
  return text.length <= MAX_BODY ? text : `${text.slice(0, MAX_BODY)}\n\n… truncated.`;
}

/**
 * Brings the drift issue of a release in line with the latest monitoring run: drift opens the
 * issue (or comments on the open one), a clean run comments and closes it, and drift coming
 * back reopens it, so a release keeps one issue with its whole monitoring history. There is
 * never more than one open issue per release: the lookup is repeated right before creating,
 * and if a concurrent run still slipped in a second one, the newer is closed as a duplicate.
 */
export async function syncDriftIssue(
  options: SyncDriftIssueOptions,
): Promise<SyncDriftIssueResult> {
  const { octokit, owner, repo, releaseTag, report, run } = options;
  const kind = options.kind ?? DRIFT_ISSUE_KIND;
  const authors = await driftAuthors(options, options.authors);
  const lookup = { ...options, authors, issueMarker: kind.issueMarker };
  const open = await findOpenDriftIssues(lookup);
  const current = open[0];
  // The run marker leads, so clipping a long report never cuts it off.
  const withRun = (body: string): string =>
    run === undefined ? body : `${driftRunMarker(run, kind.runMarkerPrefix)}\n${body}`;
  const comment = async (issue: DriftIssue, body: string): Promise<void> => {
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: clip(withRun(body)),
    });
  };

  if (!report.dataset_drift && current === undefined) return { action: 'none', issue: null };
  // The release's issue closed by a clean run (or by hand), looked up once and only when no
  // issue is open: drift reopens it, unless this run is older than what it already reports.
  const closed =
    current === undefined
      ? await latestClosedDriftIssue(lookup, kind.issueMarker(releaseTag))
      : undefined;
  if (run !== undefined) {
    // The open issue, else the closed one: a stale "drift" delivered late must not reopen it.
    const issue = current ?? closed;
    if (issue !== undefined) {
      const newest = (await reportedDriftRuns(options, issue.number, authors, kind.runMarkerPrefix))
        .sort(compareDriftRuns)
        .at(-1);
      if (newest !== undefined && compareDriftRuns(newest, run) >= 0) {
        return { action: 'none', issue, reported: newest };
      }
    }
  }

  if (!report.dataset_drift) {
    if (current === undefined) return { action: 'none', issue: null };
    const body = `${kind.clean(releaseTag)}\n\n${options.body}`;
    await comment(current, body);
    await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: current.number,
      state: 'closed',
      state_reason: 'completed',
    });
    return { action: 'closed', issue: { ...current, state: 'closed' } };
  }

  if (current !== undefined) {
    await comment(current, options.body);
    return { action: 'commented', issue: current };
  }

  if (closed !== undefined) {
    await octokit.rest.issues.update({ owner, repo, issue_number: closed.number, state: 'open' });
    const reopened: DriftIssue = { ...closed, state: 'open' };
    await comment(reopened, `${kind.back(releaseTag)}\n\n${options.body}`);
    return { action: 'reopened', issue: reopened };
  }

  await ensureLabels(options, options.labels);
  // Looked up again after the label calls: a concurrent run may have opened it meanwhile.
  const again = (await findOpenDriftIssues(lookup))[0];
  if (again !== undefined) {
    await comment(again, options.body);
    return { action: 'commented', issue: again };
  }
  const { data } = await octokit.rest.issues.create({
    owner,
    repo,
    title: options.title ?? kind.title(releaseTag),
    body: clip(`${kind.issueMarker(releaseTag)}\n${withRun(options.body)}`),
    labels: [...options.labels],
  });
  const created: DriftIssue = { number: data.number, url: data.html_url, state: 'open' };

  const after = await findOpenDriftIssues(lookup);
  const oldest = after[0];
  if (oldest !== undefined && oldest.number !== created.number) {
    await comment(
      created,
      `Duplicate of #${oldest.number}, opened by a concurrent monitoring run.`,
    );
    await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: created.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    await comment(oldest, options.body);
    return { action: 'commented', issue: oldest };
  }
  return { action: 'opened', issue: created };
}
