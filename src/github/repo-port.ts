import { z } from 'zod';
import {
  ACTION_WRITER_MARKER,
  CONFIG_PATH,
  EXTERNAL_MODEL_TYPE,
  RUN_FILES,
} from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { releaseAssetsOf } from '../core/release/release-assets.ts';
import type { CheckOutput, FlowLog, PullRequest, FlowPort, RunReport } from '../flows/ports.ts';
import {
  readHistoryPredictions,
  readHistoryRecord,
  writeHistoryPredictions,
  writeHistoryRecord,
} from '../history/api-store.ts';
import { findBaseline } from '../history/baseline.ts';
import { createMonitorPort } from './monitor-port.ts';
import { claimReleaseTag, publishRelease } from './release.ts';
import { findPreviousReleaseTag, findReleaseTagOf } from './release-lookup.ts';
import { readRunDataSummary, readRunPredictions } from './run-predictions.ts';
import { downloadReport, driftReportOf, fetchDriftArtifact } from './run-artifacts.ts';
import { artifactListing } from './artifact-listing.ts';
import { memoise } from './delivery-memo.ts';
import { readRepoConfig } from './repo-config.ts';
import { changesPath, comparePull } from './pull-compare.ts';
import { isHttpStatus, type OctokitLike } from './octokit.ts';
import {
  findMergedPullRequest,
  hasWriteAccess,
  toPullRequestInfo,
  type PullLike,
} from './pull-requests.ts';
import {
  ACTIONS_BOT_LOGIN,
  ANY_BOT,
  upsertStickyComment,
  withActionWriterMarker,
  type CommentAuthor,
} from './sticky-comment.ts';
import { findGateCheck, publishGateCheck } from './gate-check.ts';
import { readPullThread } from './pull-thread.ts';
import { toWorkflowRun } from './workflow-run.ts';
import { usesModelgate } from './workflow-file.ts';

/** Who writes for modelgate here: the App's bot, or the Action's token. */
export interface Writer {
  /** The App's id: its check runs are the only gate checks read back. Absent for a token. */
  appId?: number;
  /** Whose comments are the writer's own (`<slug>[bot]`, a user's login, or `ANY_BOT`). */
  author: CommentAuthor;
}

/** Input of `createRepoPort`. */
export interface RepoPortOptions {
  octokit: OctokitLike;
  owner: string;
  repo: string;
  repoId: number;
  defaultBranch: string;
  writer: Writer;
  log: FlowLog;
  /** The config file's path in the repository; `.github/modelgate.yml` by default. */
  configPath?: string;
  /** The history branch when the face is told one (the Action's input), over the config's. */
  historyBranch?: string;
  /** Baseline lookup of the face when it has another route (the Action's git fallback). */
  findBaseline?: FlowPort['findBaseline'];
  now?: () => Date;
}

/** A pull request of the API as the flows see it. */
const toPullRequest = (pull: PullLike): PullRequest => toPullRequestInfo(pull);

/**
 * The flows' port over an Octokit. Every lookup is one paginated read; every write looks
 * first (the sticky comment by marker and author, the check by commit and writer), so a
 * redelivery or a retry after a lost answer changes nothing. Make one per delivery: what it
 * reads that cannot change under it (the default branch's config, a compare of two commits,
 * a finished run's artifacts) it asks GitHub once (`memoise`).
 */
export function createRepoPort(options: RepoPortOptions): FlowPort {
  const { octokit, owner, repo, writer, log } = options;
  const context = { octokit, owner, repo };
  const configPath = options.configPath ?? CONFIG_PATH;
  const isTrainingWorkflow = memoise((path: string) =>
    usesModelgate({ ...context, defaultBranch: options.defaultBranch }, path),
  );
  const pullChanges = memoise((baseSha: string, headSha: string) =>
    comparePull(context, baseSha, headSha),
  );
  const artifacts = artifactListing(context);
  const listArtifacts = artifacts.named;
  // drift.json and performance.json travel in one artifact: downloaded and unzipped once.
  const driftArtifact = memoise((runId: number) =>
    fetchDriftArtifact(context, runId, listArtifacts),
  );
  const readConfig = memoise(() =>
    readRepoConfig({
      ...context,
      defaultBranch: options.defaultBranch,
      configPath,
      ...(options.historyBranch === undefined ? {} : { historyBranch: options.historyBranch }),
    }),
  );

  const isWriter = (user: { login: string; type: string } | null | undefined, body: string) => {
    if (typeof writer.author === 'string') return user?.login === writer.author;
    // A token that cannot learn its login: a Bot whose comment carries the Action's marker.
    return writer.author === ANY_BOT && user?.type === 'Bot' && body.includes(ACTION_WRITER_MARKER);
  };
  const signed = (body: string): string =>
    writer.author === ANY_BOT ? `${body}\n${ACTION_WRITER_MARKER}` : body;

  // The App trusts its own bot and the workflow token, which may have reported a monitoring
  // run first; a token that cannot learn its login trusts bots only (no person is one).
  const monitorAuthors =
    typeof writer.author === 'string' ? [writer.author, ACTIONS_BOT_LOGIN] : undefined;

  return {
    ...createMonitorPort(context, monitorAuthors, driftArtifact),
    repoId: options.repoId,
    fullName: `${owner}/${repo}`,
    defaultBranch: options.defaultBranch,
    log,
    now: options.now ?? (() => new Date()),

    readConfig,

    async getPullRequest(number) {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
      return toPullRequest(data);
    },

    async openPullRequestsWithHead(sha, listed) {
      if (listed.length > 0) {
        // The run's payload lists them (same-repository branches): the run trained one of
        // their commits, the current head or an older one.
        const pulls: PullRequest[] = [];
        for (const number of listed) {
          const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
          pulls.push(toPullRequest(data));
        }
        return pulls.filter((pull) => pull.state === 'open');
      }
      // A fork's run lists none: the open pull requests whose head is the run's commit.
      const open = await octokit.paginate(octokit.rest.pulls.list, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
      });
      return open.map(toPullRequest).filter((pull) => pull.headSha === sha);
    },

    mergedPullRequestOf(sha) {
      return findMergedPullRequest({ ...context, sha });
    },

    async runsOfCommit(sha) {
      const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
        owner,
        repo,
        head_sha: sha,
        per_page: 100,
      });
      return runs.filter((run) => run.head_sha === sha).map(toWorkflowRun);
    },

    isTrainingWorkflow,

    async changesFile(baseSha, headSha, path) {
      return changesPath(context, await pullChanges(baseSha, headSha), headSha, path);
    },

    pullChanges,

    async artifactNames(runId) {
      const listed = await artifacts.all(runId);
      return [...new Set(listed.filter((item) => !item.expired).map((item) => item.name))];
    },

    async readReport(runId, { assets }): Promise<RunReport | null> {
      const artifact = await downloadReport(context, runId, {
        includeModel: assets,
        listArtifacts,
        ...(assets
          ? {}
          : { files: [RUN_FILES.metrics, RUN_FILES.predictions, RUN_FILES.dataSummary] }),
      });
      if (artifact === null) return null;
      const read = {
        ...readRunPredictions(artifact, runId),
        ...readRunDataSummary(artifact, runId),
      };
      if (!assets) return { metrics: artifact.metrics, assets: [], ...read };
      const files = new Map<string, Uint8Array | string>(artifact.model ?? []);
      // The run's own bytes, validated when downloaded: the same sha256 the Action releases.
      for (const [path, bytes] of artifact.raw) files.set(path, bytes);
      const { assets: list, missing } = releaseAssetsOf(files, {
        external: artifact.metrics.model.type === EXTERNAL_MODEL_TYPE,
      });
      if (missing.length > 0)
        throw new InputError(`The report of run ${runId} has no ${missing.join(', ')}.`);
      return { metrics: artifact.metrics, assets: list, ...read };
    },

    async readTextAt(ref, path, maxBytes) {
      let data: unknown;
      try {
        ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref }));
      } catch (error) {
        if (isHttpStatus(error, 404)) return null;
        throw error;
      }
      const file = z
        .object({ type: z.literal('file'), content: z.string(), size: z.number() })
        .safeParse(data);
      if (!file.success || file.data.size > maxBytes) return null;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(
          Buffer.from(file.data.content, 'base64'),
        );
      } catch {
        return null;
      }
    },

    async readDriftReport(runId) {
      return driftReportOf(await driftArtifact(runId));
    },

    findBaseline:
      options.findBaseline ??
      (async (baseSha, headSha, branch) =>
        findBaseline({
          ...context,
          baseSha,
          headSha,
          branch,
          // The compare that tells what the pull request changes names the merge base too.
          mergeBase: (await pullChanges(baseSha, headSha)).mergeBase,
        })),

    readThread(number) {
      return readPullThread(context, number, isWriter);
    },

    findGateCheck(sha) {
      return findGateCheck({
        ...context,
        headSha: sha,
        ...(writer.appId === undefined ? {} : { appId: writer.appId }),
      });
    },

    hasWriteAccess(login) {
      return hasWriteAccess({ ...context, username: login });
    },

    async publishGateCheck(sha, output: CheckOutput, existing) {
      const published = await publishGateCheck({
        ...context,
        headSha: sha,
        ...output,
        ...(writer.appId === undefined ? {} : { appId: writer.appId }),
        existing,
      });
      return published.url;
    },

    async upsertSticky(number, body, existing) {
      const result = await upsertStickyComment({
        ...context,
        issueNumber: number,
        author: writer.author,
        body: writer.author === ANY_BOT ? withActionWriterMarker(body) : body,
        existing,
      });
      return result.url;
    },

    async readHistory(sha, branch) {
      try {
        return await readHistoryRecord({ ...context, branch, sha });
      } catch (error) {
        // A record that fails validation is no baseline; it is never overwritten either.
        if (!(error instanceof InputError)) throw error;
        log.warn(`The history record of ${sha.slice(0, 7)} is invalid: ${error.message}`);
        return null;
      }
    },

    async readHistoryPredictions(sha, branch) {
      const metrics = await this.readHistory(sha, branch);
      return metrics === null ? null : readHistoryPredictions({ ...context, branch, sha, metrics });
    },

    async recordHistory(sha, branch, metrics, predictionsCsv) {
      try {
        if ((await readHistoryRecord({ ...context, branch, sha })) !== null) return 'exists';
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return 'exists';
      }
      // Predictions first: a record, once there, always has the predictions it will ever have.
      if (predictionsCsv !== undefined && predictionsCsv !== null)
        await writeHistoryPredictions({ ...context, branch, sha, csv: predictionsCsv });
      return (await writeHistoryRecord({ ...context, branch, sha, metrics })).action;
    },

    async releaseTagOf(prefix, sha) {
      const found = await findReleaseTagOf({ ...context, prefix, sha });
      return found === null ? null : { tag: found.tag, sha };
    },

    async previousReleaseTag(prefix, before) {
      const found = await findPreviousReleaseTag({
        ...context,
        prefix,
        ...(before === undefined ? {} : { before }),
      });
      return found === null ? null : { tag: found.tag, sha: found.sha };
    },

    claimReleaseTag(prefix, sha, choose) {
      return claimReleaseTag({ ...context, prefix, sha, choose });
    },

    async publishRelease(input) {
      const result = await publishRelease({ ...context, ...input, name: input.tag });
      return {
        action: result.action,
        url: result.release.url,
        deployment:
          result.deployment === null
            ? null
            : { id: result.deployment.id, environment: result.deployment.environment },
      };
    },

    async comment(number, body) {
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body: signed(body),
      });
      return true;
    },

    async deleteComments(ids) {
      for (const id of ids) {
        try {
          await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id });
        } catch (error) {
          // Another replica removed the same copy first.
          if (!isHttpStatus(error, 404)) throw error;
        }
      }
    },
  };
}
