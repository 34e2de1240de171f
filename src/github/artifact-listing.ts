import type { ArtifactLister, ListedArtifact } from './artifact.ts';
import { memoise } from './delivery-memo.ts';
import type { RepoContext } from './octokit.ts';

/** A port's listings of runs' artifacts (see `artifactListing`). */
export interface ArtifactListing {
  /** Every artifact of the run. */
  all(runId: number): Promise<readonly ListedArtifact[]>;
  /** The run's artifacts called `name`, possibly among others (the caller filters). */
  named: ArtifactLister;
}

/**
 * A run's artifacts, listed at most once per question for one port (one delivery): the whole
 * listing when a flow asks which artifacts a run has; one name's when it downloads one,
 * served from the whole listing when that was made already (a monitoring run: its names,
 * then the drift artifact), else asked with GitHub's name filter, which stays one page
 * however many artifacts a matrix run left.
 */
export function artifactListing(ctx: RepoContext): ArtifactListing {
  const { octokit, owner, repo } = ctx;
  const listed = new Set<number>();
  const all = memoise((runId: number) =>
    octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
      owner,
      repo,
      run_id: runId,
      per_page: 100,
    }),
  );
  const named = memoise((runId: number, name: string) =>
    octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
      owner,
      repo,
      run_id: runId,
      name,
      per_page: 100,
    }),
  );
  return {
    all(runId) {
      listed.add(runId);
      return all(runId);
    },
    named: (runId, name) => (listed.has(runId) ? all(runId) : named(runId, name)),
  };
}
