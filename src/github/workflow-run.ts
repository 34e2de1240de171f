import type { WorkflowRun } from '../flows/ports.ts';

/** The fields of a run that the API and a `workflow_run` payload both carry. */
export type RunLike = {
  id: number;
  run_attempt?: number;
  name?: string | null;
  path: string;
  event: string;
  head_sha: string;
  head_branch: string | null;
  head_repository?: { id: number; full_name: string } | null;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
};

/** A run of the API (or of a `workflow_run` payload) as the flows see it. */
export function toWorkflowRun(run: RunLike): WorkflowRun {
  return {
    id: run.id,
    attempt: run.run_attempt ?? 1,
    name: run.name ?? run.path,
    path: run.path,
    event: run.event,
    headSha: run.head_sha,
    headBranch: run.head_branch,
    headRepoId: run.head_repository?.id ?? null,
    headRepoName: run.head_repository?.full_name ?? null,
    status: run.status,
    conclusion: run.conclusion,
    htmlUrl: run.html_url,
    createdAt: run.created_at,
  };
}
