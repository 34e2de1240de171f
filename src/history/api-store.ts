import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { MetricsReportSchema } from '../core/metrics-report.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import { backoff, isHttpStatus, toBytes, type RepoContext } from '../github/octokit.ts';
import { parsePredictionsCsv } from '../github/predictions-csv.ts';
import { parseUntrustedJson } from '../github/untrusted-json.ts';
import {
  HISTORY_README,
  historyPredictionsPath,
  historyRecordPath,
  recordCommitMessage,
  serializeRecord,
  type HistoryScope,
} from './record.ts';

/** Where the history lives: a repository and its history branch (config `history.branch`). */
export interface HistoryContext extends RepoContext {
  branch: string;
}

/** How often a write that lost a race for the branch head is retried. */
const MAX_WRITE_ATTEMPTS = 8;

/** Reads the file at `path` on the branch; null when the file or the branch does not exist. */
export async function readHistoryFile(
  context: HistoryContext,
  path: string,
): Promise<Uint8Array | null> {
  const { octokit, owner, repo, branch } = context;
  let data;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path,
      ref: `refs/heads/${branch}`,
    }));
  } catch (error) {
    if (isHttpStatus(error, 404)) return null;
    throw error;
  }
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
  if (data.encoding === 'base64' && data.content !== '') return Buffer.from(data.content, 'base64');
  // Files over 1 MB come without inline content; fetch the blob itself.
  const blob = await octokit.rest.git.getBlob({
    owner,
    repo,
    file_sha: data.sha,
    headers: { accept: 'application/vnd.github.raw' },
  });
  return toBytes(blob.data);
}

/** The record of one commit on the history branch. */
export interface HistoryRecordOptions extends HistoryContext {
  sha: string;
  scope?: HistoryScope;
}

/**
 * The metrics recorded for commit `sha`, or null when there is none (or no history branch
 * yet). A record that fails validation is an InputError naming its path.
 */
export async function readHistoryRecord(
  options: HistoryRecordOptions,
): Promise<MetricsReport | null> {
  const path = historyRecordPath(options.sha, options.scope);
  const bytes = await readHistoryFile(options, path);
  if (bytes === null) return null;
  return parseUntrustedJson(
    bytes,
    MetricsReportSchema,
    `history record ${path} on branch ${options.branch}`,
  );
}

/**
 * Creates the history branch as an orphan (no shared history with the code, so it never
 * shows up in the code's log or diffs) when it does not exist. Safe to race: the loser's
 * createRef fails with 422 and the winner's branch is used.
 */
export async function ensureHistoryBranch(context: HistoryContext): Promise<void> {
  const { octokit, owner, repo, branch } = context;
  try {
    await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    return;
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
  }
  const { data: tree } = await octokit.rest.git.createTree({
    owner,
    repo,
    tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: HISTORY_README }],
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: 'modelgate: start the metrics history',
    tree: tree.sha,
    parents: [],
  });
  try {
    await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  } catch (error) {
    if (!isHttpStatus(error, 422)) throw error;
  }
}

/** Input of `writeHistoryRecord`. */
export interface WriteHistoryRecordOptions extends HistoryRecordOptions {
  metrics: MetricsReport;
}

/** What `writeHistoryRecord` did. */
export interface WriteHistoryRecordResult {
  /** `exists`: a record for this commit was already there and was left as it is. */
  action: 'created' | 'exists';
  path: string;
  /** The history commit that added the record; null when it existed. */
  commitSha: string | null;
}

/**
 * Records `metrics` for commit `sha` through the contents API. Never overwrites: the file is
 * created without a blob SHA, which GitHub refuses (422) when the path exists. When another
 * writer moved the branch in between (409), the write is retried with backoff; a retried
 * request that had in fact gone through finds its own record and reports `exists`.
 */
export async function writeHistoryRecord(
  options: WriteHistoryRecordOptions,
): Promise<WriteHistoryRecordResult> {
  const scope = options.scope ?? 'default-branch';
  const path = historyRecordPath(options.sha, scope);
  return createHistoryFile(
    options,
    path,
    serializeRecord(options.metrics),
    recordCommitMessage(options.sha, scope),
  );
}

/**
 * Writes `history/<sha>.predictions.csv` unless it is there, as `writeHistoryRecord` writes a
 * record; called before the record, so a record found later has its predictions beside it.
 */
export async function writeHistoryPredictions(
  options: HistoryRecordOptions & { csv: string },
): Promise<WriteHistoryRecordResult> {
  return createHistoryFile(
    options,
    historyPredictionsPath(options.sha),
    options.csv,
    `modelgate: record predictions of commit ${options.sha.slice(0, 12)}`,
  );
}

/**
 * The predictions beside the record of `sha`, checked against that record's metrics; null
 * when there are none, or when they are invalid (a baseline without predictions: the gate
 * then applies its rules as without significance).
 */
export async function readHistoryPredictions(
  options: HistoryRecordOptions & { metrics: MetricsReport },
): Promise<PredictionSet | null> {
  const path = historyPredictionsPath(options.sha);
  const bytes = await readHistoryFile(options, path);
  if (bytes === null) return null;
  try {
    return parsePredictionsCsv(bytes, options.metrics, `${path} on branch ${options.branch}`);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/**
 * Creates `path` on the history branch through the contents API. Never overwrites: the file
 * is created without a blob SHA, which GitHub refuses (422) when the path exists. When another
 * writer moved the branch in between (409), the write is retried with backoff; a retried
 * request that had in fact gone through finds its own file and reports `exists`.
 */
export async function createHistoryFile(
  options: HistoryContext,
  path: string,
  text: string,
  message: string,
): Promise<WriteHistoryRecordResult> {
  const { octokit, owner, repo, branch } = options;
  const content = Buffer.from(text).toString('base64');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { data } = await octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        branch,
        message,
        content,
      });
      return { action: 'created', path, commitSha: data.commit.sha ?? null };
    } catch (error) {
      if (!isHttpStatus(error, 404, 409, 422)) throw error;
      if ((await readHistoryFile(options, path)) !== null)
        return { action: 'exists', path, commitSha: null };
      if (attempt + 1 >= MAX_WRITE_ATTEMPTS) throw error;
      // GitHub answers a write to a missing branch with 404/422: create it, then write again.
      if (isHttpStatus(error, 404, 422)) await ensureHistoryBranch(options);
      await backoff(attempt);
    }
  }
}

/** GitHub's contents API lists at most this many entries of a directory. */
export const DIRECTORY_LISTING_LIMIT = 1000;

/**
 * The entries of a folder of the history branch; empty when the branch or the folder does not
 * exist, or the path is a file. GitHub lists at most DIRECTORY_LISTING_LIMIT entries.
 */
export async function listHistoryDirectory(
  context: HistoryContext,
  directory: string,
): Promise<{ type: string; name: string; path: string }[]> {
  const { octokit, owner, repo, branch } = context;
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: directory,
      ref: `refs/heads/${branch}`,
    });
    return Array.isArray(data) ? data : [];
  } catch (error) {
    if (isHttpStatus(error, 404)) return [];
    throw error;
  }
}
