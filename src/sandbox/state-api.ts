import { randomUUID } from 'node:crypto';
import { finishedArtifact, zipFiles, type ArtifactFiles } from './artifact-records.ts';
import type { GitRepo } from './git-repo.ts';
import type { InstallationRecord, Permissions, WorkflowRunRecord } from './model.ts';
import { identityOf } from './repo-service.ts';
import { runnerEnvironment, type RunnerEnvironment } from './runner-env.ts';
import { RepoState, type RepoRef } from './state-repos.ts';
import { timestamp } from './timestamp.ts';

/**
 * The typed state API (second half): tokens, installations, workflow runs with artifacts and
 * the runner environment of a run. `Sandbox` extends it with the server.
 */

export type { RepoRef, RepoHandle, PullHandle } from './state-repos.ts';
export type { ArtifactFiles } from './artifact-records.ts';

/** Input of `addWorkflowRun`. */
export interface WorkflowRunInput {
  repo: RepoRef;
  headSha: string;
  headBranch: string;
  event?: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?:
    | 'success'
    | 'failure'
    | 'cancelled'
    | 'skipped'
    | 'neutral'
    | 'timed_out'
    | 'action_required'
    | null;
  /** Pull request numbers (left out of the payload for fork heads, as GitHub does). */
  pullRequests?: number[];
  /** Artifacts by name, zipped like GitHub's artifact downloads. */
  artifacts?: Record<string, ArtifactFiles>;
  name?: string;
  path?: string;
  /** Repository the head commit lives in (a fork); default the run's repository. */
  headRepo?: RepoRef;
  /**
   * The run's id, for a test that needs ids as GitHub hands them out today (ten digits, each
   * run's above the last); default the next of the sandbox's one id sequence.
   */
  id?: number;
}

/** Base class of `Sandbox`: everything about GitHub's state, none of the server plumbing. */
export class StateApi extends RepoState {
  /**
   * Issues a workflow-style token (`GITHUB_TOKEN`) for one repository. Permissions default to
   * the read-only set GitHub gives fork pull requests.
   */
  createToken(input: { repo: RepoRef; permissions?: Permissions; actor?: string }): string {
    const repo = this.repoRecord(input.repo);
    return this.core.store.issueToken({
      kind: 'workflow',
      actor: input.actor ? this.core.store.account(input.actor) : this.core.actionsBot,
      permissions: input.permissions ?? {
        contents: 'read',
        metadata: 'read',
        pull_requests: 'read',
        actions: 'read',
        checks: 'read',
        issues: 'read',
      },
      repositoryIds: [repo.id],
      installation: null,
    }).token;
  }

  /** A personal token for `login` (owner access to its repositories, read elsewhere). */
  createUserToken(login: string): string {
    return this.core.store.issueToken({
      kind: 'user',
      actor: this.core.store.account(login),
      permissions: {},
      repositoryIds: null,
      installation: null,
    }).token;
  }

  /** Installs the App on an account (all its repositories unless `repositories` is given). */
  createInstallation(
    input: { account?: string; repositories?: RepoRef[]; permissions?: Permissions } = {},
  ): { id: number } {
    const app = [...this.core.store.apps.values()][0];
    if (!app) throw new Error('createInstallation: the sandbox has no App.');
    const account = input.account ? this.core.store.account(input.account) : this.core.defaultOwner;
    const installation: InstallationRecord = {
      id: this.core.store.id(),
      app,
      account,
      repositoryIds: input.repositories
        ? input.repositories.map((ref) => this.repoRecord(ref).id)
        : null,
      permissions: input.permissions ?? app.permissions,
      createdAt: timestamp(),
    };
    this.core.store.installations.set(installation.id, installation);
    return { id: installation.id };
  }

  /** An installation token without the JWT exchange (for tests that are not about auth). */
  createInstallationToken(installationId: number): string {
    const installation = this.core.store.installations.get(installationId);
    if (!installation) throw new Error(`No installation ${installationId}.`);
    return this.core.store.issueToken({
      kind: 'installation',
      actor: this.core.store.account(`${installation.app.slug}[bot]`, 'Bot'),
      permissions: installation.permissions,
      repositoryIds: installation.repositoryIds,
      installation,
    }).token;
  }

  /** Records a workflow run (and zips its artifacts the way GitHub serves them). */
  async addWorkflowRun(input: WorkflowRunInput): Promise<WorkflowRunRecord> {
    const repo = this.repoRecord(input.repo);
    const data = this.core.store.repoData(repo);
    const now = timestamp();
    const status = input.status ?? 'completed';
    if (input.id !== undefined && data.workflowRuns.some((other) => other.id === input.id)) {
      throw new Error(`addWorkflowRun: run ${input.id} already exists.`);
    }
    const run: WorkflowRunRecord = {
      id: input.id ?? this.core.store.id(),
      repoId: repo.id,
      name: input.name ?? 'modelgate',
      path: input.path ?? '.github/workflows/modelgate.yml',
      workflowId: 4242,
      runNumber: data.workflowRuns.length + 1,
      attempt: 1,
      headSha: input.headSha,
      headBranch: input.headBranch,
      headRepo: input.headRepo ? this.repoRecord(input.headRepo) : repo,
      event: input.event ?? 'pull_request',
      status,
      conclusion:
        status === 'completed'
          ? input.conclusion === undefined
            ? 'success'
            : input.conclusion
          : null,
      pullRequestNumbers: input.pullRequests ?? [],
      actor: repo.owner,
      createdAt: now,
      updatedAt: now,
      backendId: randomUUID(),
      jobBackendId: randomUUID(),
      artifacts: [],
    };
    for (const [name, files] of Object.entries(input.artifacts ?? {})) {
      run.artifacts.push(finishedArtifact(this.core, run, name, zipFiles(files)));
    }
    data.workflowRuns.push(run);
    return run;
  }

  /**
   * Re-runs a run as GitHub's "Re-run jobs" does: the same id, the next attempt, a new result
   * and, when given, the artifacts this attempt uploaded in place of the last attempt's.
   */
  rerunWorkflowRun(
    run: WorkflowRunRecord,
    result: {
      conclusion: NonNullable<WorkflowRunInput['conclusion']>;
      artifacts?: WorkflowRunInput['artifacts'];
    },
  ): WorkflowRunRecord {
    run.attempt += 1;
    run.status = 'completed';
    run.conclusion = result.conclusion;
    run.updatedAt = timestamp();
    if (result.artifacts !== undefined) {
      run.artifacts = Object.entries(result.artifacts).map(([name, files]) =>
        finishedArtifact(this.core, run, name, zipFiles(files)),
      );
    }
    return run;
  }

  /** Marks a run completed (after an in-process Action run uploaded its artifacts). */
  completeWorkflowRun(
    run: WorkflowRunRecord,
    conclusion: NonNullable<WorkflowRunInput['conclusion']> = 'success',
  ): void {
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = timestamp();
  }

  /**
   * The environment a runner gives a job of `run`: `GITHUB_*` variables pointing at this
   * sandbox, a workflow token, and the results-service URL and `ACTIONS_RUNTIME_TOKEN` that
   * `@actions/artifact` uploads with.
   */
  runnerEnvironment(
    run: WorkflowRunRecord,
    options: { token?: string; workspace?: string } = {},
  ): RunnerEnvironment {
    const repo = this.core.store.repoById(run.repoId);
    if (!repo)
      throw new Error(`runnerEnvironment: run ${run.id} belongs to no repository of this sandbox.`);
    return runnerEnvironment(this.core, repo, run, {
      token:
        options.token ?? this.createToken({ repo: { owner: repo.owner.login, name: repo.name } }),
      ...(options.workspace ? { workspace: options.workspace } : {}),
    });
  }

  /** Artifacts uploaded through the results service, unzipped bytes not included. */
  get uploadedArtifacts(): { runId: number; name: string; size: number; digest: string | null }[] {
    const result: { runId: number; name: string; size: number; digest: string | null }[] = [];
    for (const data of this.core.store.data.values()) {
      for (const run of data.workflowRuns) {
        for (const artifact of run.artifacts) {
          if (artifact.zip)
            result.push({
              runId: run.id,
              name: artifact.name,
              size: artifact.zip.length,
              digest: artifact.digest,
            });
        }
      }
    }
    return result;
  }

  /** The bare repository behind a repository, for tests that inspect git directly. */
  gitRepo(ref: RepoRef): GitRepo {
    return this.repoRecord(ref).git;
  }

  /** The git identity the sandbox uses for an account. */
  identity(login: string): ReturnType<typeof identityOf> {
    return identityOf(this.core.store.account(login));
  }
}
