import { CHECK_RUN_NAME } from '../../core/constants.ts';
import {
  DeploymentSchema,
  DeploymentStatusSchema,
  ReleaseSchema,
  type CheckRun,
  type Comment,
  type Deployment,
  type Issue,
  type Pull,
  type Release,
} from '../github-api.ts';
import type { Stage } from '../stage.ts';
import type { StoryState } from '../story-state.ts';

/** A pull request page: the conversation and the gate check of its head. */
export interface PullPage {
  pull: Pull;
  comments: Comment[];
  check: CheckRun | null;
}

/** An issue page with its comments. */
export interface IssuePage {
  issue: Issue;
  comments: Comment[];
}

/** Everything the report shows, as read back from GitHub's REST API after the story. */
export interface ReportData {
  repository: string;
  /** Base URL of the sandbox: links under it point at pages of the report. */
  baseUrl: string;
  pulls: PullPage[];
  release: { release: Release; deployments: { deployment: Deployment; state: string }[] } | null;
  issue: IssuePage | null;
}

/** Reads the pull requests, the release and the drift issue the story made. */
export async function collectReport(stage: Stage, state: StoryState): Promise<ReportData> {
  const { api } = stage;
  const pulls: PullPage[] = [];
  for (const number of [state.improve?.number, state.regress?.number, state.noise?.number]) {
    if (number === undefined) continue;
    const pull = await api.pull(number);
    const checks = await api.checkRuns(pull.head.sha, CHECK_RUN_NAME);
    pulls.push({ pull, comments: await api.comments(number), check: checks[0] ?? null });
  }
  let release: ReportData['release'] = null;
  if (state.release !== undefined) {
    const found = await api.find(
      `/releases/tags/${encodeURIComponent(state.release.tag)}`,
      ReleaseSchema,
    );
    if (found !== null) {
      const deployments = [];
      for (const deployment of await api.list(
        `/deployments?sha=${state.release.sha}`,
        DeploymentSchema,
      )) {
        // Statuses are listed newest first; the first one is the deployment's state.
        const statuses = await api.list(
          `/deployments/${deployment.id}/statuses`,
          DeploymentStatusSchema,
        );
        deployments.push({ deployment, state: statuses[0]?.state ?? 'pending' });
      }
      release = { release: found, deployments };
    }
  }
  let issue: IssuePage | null = null;
  if (state.driftIssue !== undefined) {
    issue = {
      issue: await api.issue(state.driftIssue),
      comments: await api.comments(state.driftIssue),
    };
  }
  return { repository: stage.repo.fullName, baseUrl: stage.sandbox.url, pulls, release, issue };
}
