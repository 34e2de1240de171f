import type { SandboxCore } from '../http/route.ts';
import type { ArtifactRecord, RepoRecord, WorkflowRunRecord } from '../model.ts';
import type { GitCommit } from '../git-repo.ts';
import { api, liteRepoShape, nodeId, userShape } from './common.ts';
import { pullShas } from './issues.ts';

/**
 * `workflow-run` and `artifact`. A run's `pull_requests` carries the minimal pull request
 * objects GitHub sends — empty for runs from forks, which is why the App must find the pull
 * request by head branch and sha instead (a trap this shape reproduces on purpose).
 */

/** `artifact` */
export function artifactShape(
  core: SandboxCore,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  artifact: ArtifactRecord,
): Record<string, unknown> {
  const base = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  return {
    id: artifact.id,
    node_id: nodeId('Artifact', artifact.id),
    name: artifact.name,
    size_in_bytes: artifact.zip?.length ?? 0,
    url: `${base}/actions/artifacts/${artifact.id}`,
    archive_download_url: `${base}/actions/artifacts/${artifact.id}/zip`,
    expired: Date.parse(artifact.expiresAt) <= Date.now(),
    created_at: artifact.createdAt,
    updated_at: artifact.updatedAt,
    expires_at: artifact.expiresAt,
    digest: artifact.digest,
    workflow_run: {
      id: run.id,
      repository_id: repo.id,
      head_repository_id: run.headRepo.id,
      head_branch: run.headBranch,
      head_sha: run.headSha,
    },
  };
}

/** `workflow-run` */
export async function workflowRunShape(
  core: SandboxCore,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  headCommit: GitCommit | null,
): Promise<Record<string, unknown>> {
  const base = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${base}/actions/runs/${run.id}`;
  const minimal = (target: RepoRecord): Record<string, unknown> => ({
    id: target.id,
    url: `${api(core)}/repos/${target.owner.login}/${target.name}`,
    name: target.name,
  });
  const pullRequests: Record<string, unknown>[] = [];
  const data = core.store.repoData(repo);
  for (const number of run.pullRequestNumbers) {
    const issue = data.issues.get(number);
    if (!issue?.pull || issue.pull.headRepo !== repo) continue;
    const shas = await pullShas(repo, issue);
    pullRequests.push({
      id: issue.pull.id,
      number,
      url: `${base}/pulls/${number}`,
      head: { ref: issue.pull.headRef, sha: shas.head, repo: minimal(issue.pull.headRepo) },
      base: { ref: issue.pull.baseRef, sha: shas.base, repo: minimal(repo) },
    });
  }
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId('CheckSuite', run.id + 1),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber,
    run_attempt: run.attempt,
    referenced_workflows: [],
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${core.url}/${repo.owner.login}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: pullRequests,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userShape(core, run.actor),
    triggering_actor: userShape(core, run.actor),
    run_started_at: run.createdAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${base}/check-suites/${run.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${base}/actions/workflows/${run.workflowId}`,
    head_commit: headCommit
      ? {
          id: headCommit.sha,
          tree_id: headCommit.tree,
          message: headCommit.message.replace(/\n$/, ''),
          timestamp: headCommit.committer.date,
          author: { name: headCommit.author.name, email: headCommit.author.email },
          committer: { name: headCommit.committer.name, email: headCommit.committer.email },
        }
      : null,
    repository: liteRepoShape(core, repo),
    head_repository: liteRepoShape(core, run.headRepo),
    display_title: headCommit?.message.split('\n')[0] ?? run.name,
  };
}
