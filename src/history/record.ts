import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';

/**
 * Layout of the history branch. Default-branch commits (trusted: the default-branch run or
 * the App wrote them) are `history/<sha>.json`; pull request commits, kept only for the trend
 * over a pull request, live apart in `history/pull-requests/<sha>.json`, so a number from an
 * untrusted pull request run can never become a baseline.
 */
export type HistoryScope = 'default-branch' | 'pull-request';

/** Directory of the records on the history branch. */
export const HISTORY_DIR = 'history';
const SCOPE_DIRS: Record<HistoryScope, string> = {
  'default-branch': HISTORY_DIR,
  'pull-request': `${HISTORY_DIR}/pull-requests`,
};

/** A commit SHA: 40 hex digits (SHA-1) or 64 (SHA-256 repositories). */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Checks a commit SHA before it becomes part of a path. */
export function assertCommitSha(sha: string): void {
  if (!SHA.test(sha)) {
    throw new InputError(
      `History records are keyed by a full commit SHA (40 hex digits), got ${JSON.stringify(sha)}.`,
    );
  }
}

/** The directory holding the records of `scope`. */
export function historyDirectory(scope: HistoryScope = 'default-branch'): string {
  return SCOPE_DIRS[scope];
}

/** `history/<sha>.json` (or the pull-request directory) on the history branch. */
export function historyRecordPath(sha: string, scope: HistoryScope = 'default-branch'): string {
  assertCommitSha(sha);
  return `${SCOPE_DIRS[scope]}/${sha}.json`;
}

/**
 * `history/<sha>.predictions.csv`: the test rows' predictions of a default-branch run, kept
 * beside its record so a pull request's paired tests have a baseline side. Written before the
 * record and, like it, never overwritten; read only once the record exists.
 */
export function historyPredictionsPath(sha: string): string {
  assertCommitSha(sha);
  return `${HISTORY_DIR}/${sha}.predictions.csv`;
}

/** The SHA a path of `scope` holds, or null for any other file. */
export function shaOfRecordPath(
  path: string,
  scope: HistoryScope = 'default-branch',
): string | null {
  const prefix = `${SCOPE_DIRS[scope]}/`;
  if (!path.startsWith(prefix) || !path.endsWith('.json')) return null;
  const sha = path.slice(prefix.length, -'.json'.length);
  return SHA.test(sha) ? sha : null;
}

/** The bytes of a record: the metrics.json, pretty, with a trailing newline (diffs read well). */
export function serializeRecord(metrics: MetricsReport): string {
  return `${JSON.stringify(metrics, null, 2)}\n`;
}

/** README of a freshly created history branch, so a person who opens it knows what it is. */
export const HISTORY_README = `# modelgate history

Metrics of evaluated commits, one file per commit: \`history/<commit sha>.json\` holds the
\`metrics.json\` of that default-branch commit and \`history/<commit sha>.predictions.csv\` its
test rows' predictions (for paired significance tests); \`history/pull-requests/\` holds pull request
commits for the trend shown in the pull request comment. Written by modelgate; records are
never overwritten.
`;

/** Commit message of a record. */
export function recordCommitMessage(sha: string, scope: HistoryScope): string {
  return `modelgate: record metrics of ${scope === 'pull-request' ? 'pull request commit' : 'commit'} ${sha.slice(0, 12)}`;
}
