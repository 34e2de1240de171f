import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PullHandle, RepoHandle } from '../../src/sandbox/state-api.ts';
import type { WorkflowRunRecord, CheckRunRecord } from '../../src/sandbox/model.ts';

/** The fields of a sandbox run the payload carries. */
type RunFields = Pick<
  WorkflowRunRecord,
  | 'id'
  | 'name'
  | 'path'
  | 'workflowId'
  | 'runNumber'
  | 'headSha'
  | 'headBranch'
  | 'event'
  | 'conclusion'
> &
  Partial<Pick<WorkflowRunRecord, 'attempt'>>;
type CheckFields = Pick<CheckRunRecord, 'id' | 'name' | 'headSha' | 'status' | 'conclusion'>;

/**
 * Webhook payloads for the App tests, built from GitHub's own examples
 * (`@octokit/webhooks-examples`) with modelgate's data patched in: the sandbox repository,
 * the installation, and the run, pull request or comment of the scenario.
 */

type Json = Record<string, unknown>;

const ExamplesSchema = z.array(
  z.object({ name: z.string(), examples: z.array(z.record(z.string(), z.unknown())) }),
);
const examples = ExamplesSchema.parse(createRequire(import.meta.url)('@octokit/webhooks-examples'));

function object(value: unknown, what: string): Json {
  const parsed = z.record(z.string(), z.unknown()).safeParse(value);
  if (!parsed.success) throw new Error(`webhook example: ${what} is not an object`);
  return parsed.data;
}

/** A deep copy of the first example of `event` matching `predicate`. */
function example(event: string, predicate: (payload: Json) => boolean): Json {
  const found = examples.find((definition) => definition.name === event)?.examples.find(predicate);
  if (found === undefined)
    throw new Error(`@octokit/webhooks-examples has no matching ${event} example`);
  return structuredClone(found);
}

/** Where the payload points: the sandbox repository and the App installation. */
export interface Target {
  repo: RepoHandle;
  installationId: number;
  /** `sandbox.url`, for the html/api URLs inside payloads. */
  baseUrl: string;
}

function repository(target: Target, template: unknown, handle: RepoHandle = target.repo): Json {
  const base = object(template, 'repository');
  const api = `${target.baseUrl}/api/v3/repos/${handle.fullName}`;
  return {
    ...base,
    id: handle.id,
    name: handle.name,
    full_name: handle.fullName,
    default_branch: handle.defaultBranch,
    private: false,
    fork: handle.fullName !== target.repo.fullName,
    html_url: `${target.baseUrl}/${handle.fullName}`,
    url: api,
    owner: { ...object(base.owner, 'repository.owner'), login: handle.owner, type: 'Organization' },
  };
}

function installation(target: Target): Json {
  return {
    id: target.installationId,
    node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${target.installationId}`,
  };
}

/** `pull-request-minimal`, as workflow runs and check runs list their pull requests. */
function pullRequestMinimal(target: Target, repo: Json, pull: PullHandle): Json {
  const base = { id: target.repo.id, name: target.repo.name, url: repo.url };
  return {
    url: `${target.baseUrl}/api/v3/repos/${target.repo.fullName}/pulls/${pull.number}`,
    id: pull.id,
    number: pull.number,
    head: { ref: pull.headRef, sha: pull.headSha, repo: base },
    base: { ref: pull.baseRef, sha: pull.baseSha, repo: base },
  };
}

export interface WorkflowRunOptions {
  run: RunFields;
  /** Same-repository pull requests the run belongs to (GitHub lists none for forks). */
  pulls?: PullHandle[];
  /** The fork the head commit came from, for a fork pull request. */
  headRepo?: RepoHandle;
  /** A late delivery of an earlier attempt: its attempt number and how it ended. */
  attempt?: number;
  conclusion?: string | null;
}

/** `workflow_run.completed` for a sandbox run. */
export function workflowRunCompleted(target: Target, options: WorkflowRunOptions): Json {
  const payload = example('workflow_run', (candidate) => {
    const run = object(candidate.workflow_run, 'workflow_run');
    return (
      candidate.action === 'completed' &&
      Array.isArray(run.pull_requests) &&
      run.pull_requests.length > 0
    );
  });
  const template = object(payload.workflow_run, 'workflow_run');
  const { run } = options;
  const repo = repository(target, payload.repository);
  // Inside workflow_run GitHub sends the short repository shape; keep the example's fields.
  const lite = (handle: RepoHandle): Json => {
    const base = object(template.repository, 'workflow_run.repository');
    return {
      ...base,
      id: handle.id,
      name: handle.name,
      full_name: handle.fullName,
      html_url: `${target.baseUrl}/${handle.fullName}`,
      url: `${target.baseUrl}/api/v3/repos/${handle.fullName}`,
      owner: { ...object(base.owner, 'workflow_run.repository.owner'), login: handle.owner },
    };
  };
  const runUrl = `${target.baseUrl}/${target.repo.fullName}/actions/runs/${run.id}`;
  return {
    ...payload,
    repository: repo,
    installation: installation(target),
    organization: { ...object(payload.organization, 'organization'), login: target.repo.owner },
    workflow: {
      ...object(payload.workflow, 'workflow'),
      id: run.workflowId,
      name: run.name,
      path: run.path,
    },
    workflow_run: {
      ...template,
      id: run.id,
      name: run.name,
      path: run.path,
      workflow_id: run.workflowId,
      run_number: run.runNumber,
      run_attempt: options.attempt ?? run.attempt ?? 1,
      head_sha: run.headSha,
      head_branch: run.headBranch,
      head_commit: { ...object(template.head_commit, 'head_commit'), id: run.headSha },
      event: run.event,
      status: 'completed',
      conclusion: options.conclusion === undefined ? run.conclusion : options.conclusion,
      html_url: runUrl,
      url: `${target.baseUrl}/api/v3/repos/${target.repo.fullName}/actions/runs/${run.id}`,
      repository: lite(target.repo),
      head_repository: lite(options.headRepo ?? target.repo),
      pull_requests: (options.pulls ?? []).map((pull) => pullRequestMinimal(target, repo, pull)),
    },
  };
}

export interface IssueCommentOptions {
  /** When the comment was written; now by default. */
  createdAt?: string;
  number: number;
  body: string;
  login: string;
  userType?: 'User' | 'Bot';
  commentId?: number;
}

/** `issue_comment.created` on a pull request. */
export function issueCommentCreated(target: Target, options: IssueCommentOptions): Json {
  const payload = example(
    'issue_comment',
    (candidate) => candidate.action === 'created' && candidate.installation !== undefined,
  );
  const issue = object(payload.issue, 'issue');
  const comment = object(payload.comment, 'comment');
  const user = {
    ...object(comment.user, 'comment.user'),
    login: options.login,
    type: options.userType ?? 'User',
  };
  const prUrl = `${target.baseUrl}/${target.repo.fullName}/pull/${options.number}`;
  return {
    ...payload,
    repository: repository(target, payload.repository),
    installation: installation(target),
    sender: user,
    issue: {
      ...issue,
      number: options.number,
      html_url: prUrl,
      state: 'open',
      pull_request: {
        url: `${target.baseUrl}/api/v3/repos/${target.repo.fullName}/pulls/${options.number}`,
        html_url: prUrl,
        diff_url: `${prUrl}.diff`,
        patch_url: `${prUrl}.patch`,
        merged_at: null,
      },
    },
    comment: {
      ...comment,
      id: options.commentId ?? Math.floor(Math.random() * 1e9),
      // Written now, as a live comment is: an override binds to the head current at this time.
      created_at: options.createdAt ?? new Date().toISOString(),
      body: options.body,
      user,
    },
  };
}

/** `check_run.rerequested` for a check run the App created. */
export function checkRunRerequested(
  target: Target,
  options: { check: CheckFields; appId: number; pulls: PullHandle[] },
): Json {
  const payload = example('check_run', (candidate) => candidate.action === 'rerequested');
  const template = object(payload.check_run, 'check_run');
  const suite = object(template.check_suite, 'check_suite');
  const repo = repository(target, payload.repository);
  // The example's app timestamps are not ISO 8601 as GitHub sends them (and the schema wants).
  const app = {
    ...object(template.app, 'check_run.app'),
    id: options.appId,
    slug: 'modelgate',
    created_at: '2026-01-05T10:00:00Z',
    updated_at: '2026-01-05T10:00:00Z',
  };
  const pullRequests = options.pulls.map((pull) => pullRequestMinimal(target, repo, pull));
  return {
    ...payload,
    repository: repo,
    installation: installation(target),
    check_run: {
      ...template,
      id: options.check.id,
      name: options.check.name,
      head_sha: options.check.headSha,
      status: options.check.status,
      conclusion: options.check.conclusion,
      app,
      check_suite: { ...suite, app, head_sha: options.check.headSha, pull_requests: pullRequests },
      pull_requests: pullRequests,
    },
  };
}

/** `pull_request.edited`, with `changes` saying what the edit changed (base branch or title). */
export function pullRequestEdited(
  target: Target,
  options: { pull: PullHandle; changes: Record<string, unknown> },
): Json {
  const payload = example(
    'pull_request',
    (candidate) => candidate.action === 'opened' && candidate.installation !== undefined,
  );
  const template = object(payload.pull_request, 'pull_request');
  const repo = repository(target, payload.repository);
  const { pull } = options;
  return {
    ...payload,
    action: 'edited',
    number: pull.number,
    changes: options.changes,
    repository: repo,
    installation: installation(target),
    pull_request: {
      ...template,
      id: pull.id,
      number: pull.number,
      state: 'open',
      html_url: `${target.baseUrl}/${target.repo.fullName}/pull/${pull.number}`,
      head: { ...object(template.head, 'head'), ref: pull.headRef, sha: pull.headSha, repo },
      base: { ...object(template.base, 'base'), ref: pull.baseRef, sha: pull.baseSha, repo },
    },
  };
}
