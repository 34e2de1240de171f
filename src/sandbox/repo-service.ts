import { join } from 'node:path';
import {
  GitRepo,
  RefConflictError,
  ZERO_SHA,
  type FileChange,
  type GitIdentity,
} from './git-repo.ts';
import type { SandboxCore } from './http/route.ts';
import { HttpError } from './http/errors.ts';
import type { Account, RepoRecord } from './model.ts';
import { timestamp } from './timestamp.ts';

/**
 * Repository operations shared by the REST routes and the state API: create a repository
 * backed by a bare git repo, and commit files onto a branch with a compare-and-swap on the
 * branch tip.
 */

/** Git identity of an account, with GitHub's noreply address. */
export function identityOf(account: Account, date = new Date()): GitIdentity {
  return {
    name: account.login,
    email: `${account.id}+${account.login}@users.noreply.github.com`,
    date: timestamp(date),
  };
}

/** Input of `createRepository`. */
export interface CreateRepositoryInput {
  owner: Account;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  description?: string | null;
  /** Files of the first commit; none leaves the repository empty (no branch yet). */
  files?: Record<string, string | Uint8Array>;
  parent?: RepoRecord | null;
}

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Creates a repository and its bare git repo; an existing name is a 422 like GitHub's. */
export async function createRepository(
  core: SandboxCore,
  input: CreateRepositoryInput,
): Promise<RepoRecord> {
  if (!NAME.test(input.name) || input.name === '.' || input.name === '..') {
    throw new HttpError(422, 'Repository creation failed.', {
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name is invalid: use letters, digits, ".", "-" and "_"',
        },
      ],
    });
  }
  if (core.store.repo(input.owner.login, input.name)) {
    throw new HttpError(422, 'Repository creation failed.', {
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
    });
  }
  const defaultBranch = input.defaultBranch ?? 'main';
  const git = await GitRepo.init(
    join(core.reposRoot, input.owner.login, `${input.name}.git`),
    defaultBranch,
  );
  const now = timestamp();
  const repo: RepoRecord = {
    id: core.store.id(),
    owner: input.owner,
    name: input.name,
    defaultBranch,
    private: input.private ?? false,
    description: input.description ?? null,
    createdAt: now,
    pushedAt: now,
    git,
    parent: input.parent ?? null,
    labels: [],
    collaborators: new Map([[input.owner.login.toLowerCase(), 'admin']]),
    nextNumber: 1,
  };
  core.store.repos.set(`${input.owner.login}/${input.name}`.toLowerCase(), repo);
  core.store.repoData(repo);
  if (input.files && Object.keys(input.files).length > 0) {
    await commitToBranch(repo, {
      branch: defaultBranch,
      files: input.files,
      message: 'Initial commit',
      author: input.owner,
    });
  }
  return repo;
}

/** Input of `commitToBranch`. */
export interface CommitInput {
  branch: string;
  files: Record<string, FileChange>;
  message: string;
  author: Account;
  /** Branch tip the caller based its change on; another tip is a conflict. */
  expectedTip?: string | null;
}

/**
 * Commits `files` on top of `branch` (creating the branch when it does not exist) and moves
 * the branch; throws `RefConflictError` when the tip moved meanwhile.
 */
export async function commitToBranch(repo: RepoRecord, input: CommitInput): Promise<string> {
  return repo.git.exclusive(async () => {
    const tip = await repo.git.resolve(`refs/heads/${input.branch}`);
    if (input.expectedTip !== undefined && input.expectedTip !== tip) {
      throw new RefConflictError(
        `refs/heads/${input.branch} is at ${tip ?? 'nothing'}, not ${input.expectedTip ?? 'nothing'}`,
      );
    }
    const sha = await repo.git.createCommit({
      parents: tip ? [tip] : [],
      files: input.files,
      message: input.message,
      author: identityOf(input.author),
    });
    await repo.git.updateRef(`refs/heads/${input.branch}`, sha, tip ?? ZERO_SHA);
    repo.pushedAt = timestamp();
    return sha;
  });
}

/** The commit a user-supplied ref names (branch, tag, full ref or sha), or a 404/422. */
export async function resolveCommitish(repo: RepoRecord, ref: string): Promise<string> {
  const candidates = ref.startsWith('refs/')
    ? [ref]
    : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
  for (const candidate of candidates) {
    const sha = await repo.git.resolve(candidate);
    if (sha) return sha;
  }
  throw new HttpError(422, `No commit found for SHA: ${ref}`);
}
