import type { GitRepo } from './git-repo.ts';

/**
 * The records the sandbox keeps besides git: what GitHub stores in its database rather than
 * in the repository (issues, pull requests, check runs, releases, ...). Wire shapes are built
 * from these in `shapes/`.
 */

/** GitHub App / fine-grained permission names the sandbox enforces. */
export type PermissionName =
  | 'actions'
  | 'checks'
  | 'contents'
  | 'deployments'
  | 'issues'
  | 'metadata'
  | 'pull_requests'
  | 'statuses';

/** Access level of one permission. */
export type Access = 'read' | 'write';

/** Permissions of a token or an installation. */
export type Permissions = Partial<Record<PermissionName, Access>>;

/** A user, bot or organization account. */
export interface Account {
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
}

/** A label defined in a repository. */
export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A repository; its files and refs live in `git`. */
export interface RepoRecord {
  id: number;
  owner: Account;
  name: string;
  defaultBranch: string;
  private: boolean;
  description: string | null;
  createdAt: string;
  pushedAt: string;
  git: GitRepo;
  /** Repository this one was forked from, for fork pull requests. */
  parent: RepoRecord | null;
  labels: LabelRecord[];
  /** Collaborator permission by login (`admin`, `write`, `read`, ...). */
  collaborators: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
  /** Issues and pull requests share one number sequence, as on GitHub. */
  nextNumber: number;
}

/** State a pull request adds to its issue. */
export interface PullState {
  id: number;
  headRepo: RepoRecord;
  headRef: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
  /** Head and base commits frozen when the pull request is merged or closed. */
  frozenHeadSha: string | null;
  frozenBaseSha: string | null;
}

/** An issue, or the issue half of a pull request. */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  user: Account;
  assignees: Account[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: PullState | null;
}

/** A comment on an issue or pull request. */
export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
}

/** A check run. */
export interface CheckRunRecord {
  id: number;
  suiteId: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  app: AppRecord;
}

/** An uploaded release asset. */
export interface AssetRecord {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  uploader: Account;
  createdAt: string;
}

/** A release. */
export interface ReleaseRecord {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  author: Account;
  assets: AssetRecord[];
}

/** A deployment status. */
export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environmentUrl: string;
  logUrl: string;
  creator: Account;
  createdAt: string;
}

/** A deployment. */
export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  creator: Account;
  createdAt: string;
  statuses: DeploymentStatusRecord[];
}

/** A finished (or in-progress) artifact of a workflow run. */
export interface ArtifactRecord {
  id: number;
  name: string;
  runId: number;
  /** The zip GitHub serves from the download URL; null until finalized. */
  zip: Buffer | null;
  /** Blocks staged through the blob API, committed by the block list. */
  stagedBlocks: Map<string, Buffer>;
  /** The committed blob, waiting for FinalizeArtifact. */
  blob: Buffer | null;
  digest: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

/** A workflow run. */
export interface WorkflowRunRecord {
  id: number;
  /** The repository the run belongs to (its head may be in a fork). */
  repoId: number;
  name: string;
  path: string;
  workflowId: number;
  runNumber: number;
  /** 1 for the first attempt; a re-run keeps the id and counts up. */
  attempt: number;
  headSha: string;
  headBranch: string;
  headRepo: RepoRecord;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  pullRequestNumbers: number[];
  actor: Account;
  createdAt: string;
  updatedAt: string;
  /** IDs the results service knows the run and its job by (JWT `scp` claim). */
  backendId: string;
  jobBackendId: string;
  artifacts: ArtifactRecord[];
}

/** The GitHub App the sandbox knows. */
export interface AppRecord {
  id: number;
  slug: string;
  name: string;
  owner: Account;
  /** PEM public key used to verify the App's JWTs. */
  publicKey: string;
  permissions: Permissions;
  events: string[];
  createdAt: string;
}

/** An installation of the App on an account. */
export interface InstallationRecord {
  id: number;
  app: AppRecord;
  account: Account;
  /** null: all repositories of the account. */
  repositoryIds: number[] | null;
  permissions: Permissions;
  createdAt: string;
}

/** Per-repository data beside the repository record. */
export interface RepoData {
  issues: Map<number, IssueRecord>;
  comments: CommentRecord[];
  checkRuns: CheckRunRecord[];
  releases: ReleaseRecord[];
  deployments: DeploymentRecord[];
  workflowRuns: WorkflowRunRecord[];
}
