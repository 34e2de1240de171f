import type { SandboxCore } from '../http/route.ts';
import type { CheckRunRecord, RepoRecord } from '../model.ts';
import { api, appShape, nodeId } from './common.ts';
import { pullShas } from './issues.ts';

/**
 * `check-run`. `pull_requests` lists the open pull requests of the same repository whose head
 * is the run's commit (GitHub leaves fork pull requests out of this list).
 */
export async function checkRunShape(
  core: SandboxCore,
  repo: RepoRecord,
  run: CheckRunRecord,
): Promise<Record<string, unknown>> {
  const repoApi = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${repoApi}/check-runs/${run.id}`;
  const minimalRepo = { id: repo.id, url: repoApi, name: repo.name };
  const pullRequests: Record<string, unknown>[] = [];
  for (const issue of core.store.repoData(repo).issues.values()) {
    if (!issue.pull || issue.state !== 'open' || issue.pull.headRepo !== repo) continue;
    const shas = await pullShas(repo, issue);
    if (shas.head !== run.headSha) continue;
    pullRequests.push({
      id: issue.pull.id,
      number: issue.number,
      url: `${repoApi}/pulls/${issue.number}`,
      head: { ref: issue.pull.headRef, sha: shas.head, repo: minimalRepo },
      base: { ref: issue.pull.baseRef, sha: shas.base, repo: minimalRepo },
    });
  }
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId ?? '',
    url,
    html_url: `${core.url}/${repo.owner.login}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${core.url}/${repo.owner.login}/${repo.name}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: appShape(core, run.app),
    pull_requests: pullRequests,
  };
}
