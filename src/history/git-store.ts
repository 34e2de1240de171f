import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { MetricsReportSchema, type MetricsReport } from '../core/metrics-report.ts';
import { InputError } from '../core/errors.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';
import { backoff } from '../github/octokit.ts';
import { parsePredictionsCsv } from '../github/predictions-csv.ts';
import { parseUntrustedJson } from '../github/untrusted-json.ts';
import {
  HISTORY_README,
  historyDirectory,
  historyPredictionsPath,
  historyRecordPath,
  recordCommitMessage,
  serializeRecord,
  type HistoryScope,
} from './record.ts';

/** The identity of history commits when the caller gives none (runners have no git identity). */
export const DEFAULT_HISTORY_AUTHOR = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** The record of one commit on the history branch of a checkout's remote. */
export interface GitHistoryOptions {
  /** A git checkout whose remote (and its credentials, e.g. actions/checkout's) is used. */
  cwd: string;
  /** Remote name or URL; defaults to `origin`. */
  remote?: string;
  /** History branch (config `history.branch`). */
  branch: string;
  sha: string;
  scope?: HistoryScope;
}

/** Input of `recordHistoryWithGit`. */
export interface RecordHistoryWithGitOptions extends GitHistoryOptions {
  metrics: MetricsReport;
  /** predictions.csv of the run, committed beside the record (default-branch scope only). */
  predictions?: string;
  author?: { name: string; email: string };
  /** How many times to retry after another writer pushed first; defaults to 8. */
  maxAttempts?: number;
}

/** What `recordHistoryWithGit` did. */
export interface RecordHistoryWithGitResult {
  action: 'created' | 'exists';
  path: string;
  /** The pushed history commit; null when the record existed. */
  commit: string | null;
  /** Pushes tried: more than 1 when another writer pushed first. */
  attempts: number;
}

/** Background maintenance races with temp-dir cleanup and is pointless for a one-shot write. */
const GIT_CONFIG = ['maintenance.auto=false', 'gc.auto=0'];

/** Rejections that mean "someone else pushed first": fetch again and retry. */
const LOST_RACE =
  /\[rejected\][^\n]*\((?:fetch first|non-fast-forward)\)|cannot lock ref|failed to update ref|incorrect old value|stale info/i;

/**
 * A private ref per call for the fetched tip: remote-tracking refs stay untouched, and two
 * writers in one clone do not fight over one ref's lock.
 */
function scratchRef(branch: string): string {
  return `refs/modelgate/${branch}/${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The URLs behind a remote name. Fetching and pushing by URL rather than by name keeps git
 * from "opportunistically" updating the user's remote-tracking refs (and failing on their
 * locks); credentials keyed by URL (actions/checkout's extraheader, credential programs) still apply.
 */
async function remoteUrls(
  git: SimpleGit,
  remote: string,
): Promise<{ fetch: string; push: string }> {
  if (/[:/\\]/.test(remote)) return { fetch: remote, push: remote };
  const fetch = (await git.raw(['remote', 'get-url', remote])).trim();
  const push = (await git.raw(['remote', 'get-url', '--push', remote])).trim();
  return { fetch, push };
}

/**
 * Every git runs with the process's own environment, as a plain `git` would, plus a fixed
 * locale (the push rejections and "couldn't find remote ref" are matched as text and git
 * translates them) and, for the plumbing, a temporary index and the commit identity.
 * simple-git vets an explicit environment for variables that make git launch programs
 * (ssh, askpass, credential programs, editors), a guard against injected values; nothing of
 * the kind is added here, and the user's own settings (an SSH command, an askpass program,
 * GIT_CONFIG_GLOBAL for safe.directory on runners) must keep working, so they are allowed.
 */
async function open(cwd: string, extra: Record<string, string> = {}): Promise<SimpleGit> {
  // Loaded when git is needed: a run that neither records nor compares never parses it.
  const { simpleGit } = await import('simple-git');
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined) inherited[name] = value;
  }
  return simpleGit({
    baseDir: cwd,
    config: GIT_CONFIG,
    unsafe: {
      allowUnsafeAskPass: true,
      allowUnsafeConfigEnvCount: true,
      allowUnsafeConfigPaths: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeDiffExternal: true,
      allowUnsafeEditor: true,
      allowUnsafeGitProxy: true,
      allowUnsafePager: true,
      allowUnsafeSshCommand: true,
      allowUnsafeTemplateDir: true,
    },
  }).env({ ...inherited, LC_ALL: 'C', ...extra });
}

/** Fetches the history branch into `ref`; its commit, or null when the remote has no such branch. */
async function fetchHistory(
  git: SimpleGit,
  url: string,
  branch: string,
  ref: string,
): Promise<string | null> {
  try {
    await git.raw([
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      url,
      `+refs/heads/${branch}:${ref}`,
    ]);
  } catch (error) {
    if (!/couldn't find remote ref/i.test(String(error))) throw error;
    return null;
  }
  return (await git.revparse([ref])).trim();
}

async function hasPath(git: SimpleGit, commit: string, path: string): Promise<boolean> {
  try {
    await git.raw(['cat-file', '-e', `${commit}:${path}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Records the metrics of commit `sha` on the history branch with plain git, for the Action's
 * default-branch runs. The user's checkout is not disturbed: no checkout, no worktree, no
 * change to HEAD or the index — the commit is built with git's plumbing in a temporary index
 * on top of the fetched branch (or as an orphan root when the branch does not exist yet) and
 * pushed by SHA. When another run pushed first the push is rejected as non-fast-forward; the
 * branch is fetched again and the commit rebuilt on the new tip. An existing record for the
 * commit is never overwritten.
 */
export async function recordHistoryWithGit(
  options: RecordHistoryWithGitOptions,
): Promise<RecordHistoryWithGitResult> {
  const remote = options.remote ?? 'origin';
  const scope = options.scope ?? 'default-branch';
  const path = historyRecordPath(options.sha, scope);
  const author = options.author ?? DEFAULT_HISTORY_AUTHOR;
  const maxAttempts = options.maxAttempts ?? 8;
  const git = await open(options.cwd);
  const urls = await remoteUrls(git, remote);
  const ref = scratchRef(options.branch);
  const scratch = await mkdtemp(join(tmpdir(), 'modelgate-history-'));
  try {
    const recordFile = join(scratch, 'record.json');
    await writeFile(recordFile, serializeRecord(options.metrics));
    const readmeFile = join(scratch, 'README.md');
    await writeFile(readmeFile, HISTORY_README);
    const predictionsFile = join(scratch, 'predictions.csv');
    const keepPredictions = options.predictions !== undefined && scope === 'default-branch';
    if (keepPredictions) await writeFile(predictionsFile, options.predictions ?? '');
    const plumbing = await open(options.cwd, {
      GIT_INDEX_FILE: join(scratch, 'index'),
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    });

    for (let attempt = 0; ; attempt += 1) {
      const parent = await fetchHistory(git, urls.fetch, options.branch, ref);
      if (parent !== null && (await hasPath(git, parent, path)))
        return { action: 'exists', path, commit: null, attempts: attempt + 1 };

      await plumbing.raw(parent === null ? ['read-tree', '--empty'] : ['read-tree', parent]);
      const blob = (await plumbing.raw(['hash-object', '-w', '--no-filters', recordFile])).trim();
      await plumbing.raw(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`]);
      // One commit holds both files; the record's absence (checked above) means neither is
      // there yet, so nothing is overwritten.
      if (keepPredictions) {
        const csv = (
          await plumbing.raw(['hash-object', '-w', '--no-filters', predictionsFile])
        ).trim();
        const at = historyPredictionsPath(options.sha);
        await plumbing.raw(['update-index', '--add', '--cacheinfo', `100644,${csv},${at}`]);
      }
      if (parent === null) {
        const readme = (
          await plumbing.raw(['hash-object', '-w', '--no-filters', readmeFile])
        ).trim();
        await plumbing.raw(['update-index', '--add', '--cacheinfo', `100644,${readme},README.md`]);
      }
      const tree = (await plumbing.raw(['write-tree'])).trim();
      const message = recordCommitMessage(options.sha, scope);
      const commit = (
        await plumbing.raw([
          'commit-tree',
          tree,
          ...(parent === null ? [] : ['-p', parent]),
          '-m',
          message,
        ])
      ).trim();

      try {
        // No force: the push only lands on top of the tip we built on.
        await git.raw(['push', '--quiet', urls.push, `${commit}:refs/heads/${options.branch}`]);
        return { action: 'created', path, commit, attempts: attempt + 1 };
      } catch (error) {
        if (!LOST_RACE.test(String(error)) || attempt + 1 >= maxAttempts) throw error;
        await backoff(attempt);
      }
    }
  } finally {
    await git.raw(['update-ref', '-d', ref]).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Input of `findRecordWithGit`: the commits to look for, best first. */
export interface FindRecordWithGitOptions extends Omit<GitHistoryOptions, 'sha'> {
  candidates: readonly string[];
}

/** A record found by `findRecordWithGit`. */
export interface FoundGitRecord {
  sha: string;
  /** Position of `sha` in the candidates. */
  index: number;
  metrics: MetricsReport;
  /** Predictions beside the record; null when none, or invalid (then no paired tests). */
  predictions: PredictionSet | null;
}

/**
 * The first of `candidates` that has a record on the remote's history branch, read with git
 * and validated (the branch is written by workflow runs, so its content is untrusted); null
 * when none has one or the branch does not exist. One fetch serves the listing and the read.
 * A fetch the remote refuses (no permission) is thrown as git reported it.
 */
export async function findRecordWithGit(
  options: FindRecordWithGitOptions,
): Promise<FoundGitRecord | null> {
  const git = await open(options.cwd);
  const ref = scratchRef(options.branch);
  try {
    const urls = await remoteUrls(git, options.remote ?? 'origin');
    const tip = await fetchHistory(git, urls.fetch, options.branch, ref);
    if (tip === null) return null;
    const listed = await git.raw([
      'ls-tree',
      '-r',
      '--name-only',
      tip,
      `${historyDirectory(options.scope)}/`,
    ]);
    const present = new Set(listed.split('\n').filter(Boolean));
    const index = options.candidates.findIndex((sha) =>
      present.has(historyRecordPath(sha, options.scope)),
    );
    const sha = options.candidates[index];
    if (sha === undefined) return null;
    const path = historyRecordPath(sha, options.scope);
    const text = await git.raw(['show', `${tip}:${path}`]);
    const metrics = parseUntrustedJson(
      Buffer.from(text),
      MetricsReportSchema,
      `history record ${path} on branch ${options.branch}`,
    );
    return {
      sha,
      index,
      metrics,
      predictions: await readPredictions(git, tip, sha, metrics, options.branch),
    };
  } finally {
    await git.raw(['update-ref', '-d', ref]).catch(() => undefined);
  }
}

async function readPredictions(
  git: SimpleGit,
  tip: string,
  sha: string,
  metrics: MetricsReport,
  branch: string,
): Promise<PredictionSet | null> {
  const path = historyPredictionsPath(sha);
  if (!(await hasPath(git, tip, path))) return null;
  // Bytes, not text: the strict UTF-8 check happens in the parser.
  const data: unknown = await git.binaryCatFile(['blob', `${tip}:${path}`]);
  if (!(data instanceof Uint8Array)) return null;
  try {
    return parsePredictionsCsv(data, metrics, `${path} on branch ${branch}`);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/**
 * Reads the record of commit `sha` from the remote's history branch with git (for a job that
 * has a checkout but should not spend API calls); null when the branch or record is missing.
 */
export async function readHistoryWithGit(
  options: GitHistoryOptions,
): Promise<MetricsReport | null> {
  const { sha, ...rest } = options;
  return (await findRecordWithGit({ ...rest, candidates: [sha] }))?.metrics ?? null;
}
