import { z } from 'zod';
import { MetricsReportSchema } from '../core/metrics-report.ts';
import {
  DeploymentSchema,
  DeploymentStatusSchema,
  PullSchema,
  ReleaseSchema,
} from './github-api.ts';
import { git } from './git.ts';
import type { Fact } from './printer.ts';
import { runWorkflow, type Stage } from './stage.ts';
import {
  fact,
  metric,
  numberOutput,
  stepFacts,
  type StepRunner,
  type StoryState,
} from './story-state.ts';

/** Branch holding `history/<sha>.json` (the example config keeps the default). */
const HISTORY_BRANCH = 'modelgate-history';
const BranchSchema = z.object({ commit: z.object({ sha: z.string() }) });

/** Permissions of the example workflow's `train-main` job. */
const TRAIN_MAIN = { contents: 'write', metadata: 'read' } as const;

/**
 * Trains on a push to main, as the `train-main` job does (or scores the predictions of the
 * repository's own training step), and checks the history record.
 */
async function trainOnMain(
  stage: Stage,
  before: string | null,
  after: string,
): Promise<{ facts: Fact[]; accuracy: number | undefined }> {
  const { sandbox, repo, api } = stage;
  const payload = await sandbox.payloads.push({
    owner: repo.owner,
    repo: repo.name,
    ref: `refs/heads/${repo.defaultBranch}`,
    before,
    after,
  });
  const run = await runWorkflow(stage, {
    event: { name: 'push', payload },
    headSha: after,
    headBranch: repo.defaultBranch,
    permissions: stage.train.permissions ?? TRAIN_MAIN,
    inputs: stage.train.inputs,
    ...(stage.train.prepare === undefined ? {} : { prepare: stage.train.prepare }),
  });
  const accuracy = numberOutput(run.step, 'accuracy');
  const facts = stepFacts(
    `${run.prepared === null ? '' : `${run.prepared}; `}the Action ${stage.train.verb} ${after.slice(0, 7)} on main: accuracy ${metric(accuracy)}`,
    run.step,
    run.htmlUrl,
  );
  const record = await api.fileText(`history/${after}.json`, HISTORY_BRANCH);
  const recorded = record === null ? null : MetricsReportSchema.parse(JSON.parse(record.text));
  facts.push(
    fact(
      recorded !== null && recorded.metrics.accuracy === accuracy,
      recorded === null
        ? `no history/${after.slice(0, 7)}….json on ${HISTORY_BRANCH}`
        : `metrics recorded as history/${after.slice(0, 7)}….json on ${HISTORY_BRANCH} (accuracy ${metric(recorded.metrics.accuracy ?? undefined)})`,
      record?.url,
    ),
  );
  return { facts, accuracy };
}

/** Step 1: the default branch's run records the baseline. */
export async function recordBaseline(stage: Stage, state: StoryState): Promise<Fact[]> {
  const sha = await git(stage.clone, ['rev-parse', 'HEAD']);
  const { facts, accuracy } = await trainOnMain(stage, null, sha);
  if (accuracy !== undefined) state.baseline = { sha, accuracy };
  return facts;
}

/** Step 4: merging the improved model → training on main → tag, release and deployment. */
export const mergeAndRelease: StepRunner = (stage, state) =>
  mergeAndReleaseOf(stage, state, {
    branch: 'hidden-layer',
    assets: ['metrics.json', 'model.json', 'profile.json', 'weights.bin'],
  });

/**
 * Merges the improving pull request (its `branch`) and checks the tag, that the release holds
 * every one of `assets`, and the deployment. Leaves the release in `state.release`.
 */
export async function mergeAndReleaseOf(
  stage: Stage,
  state: StoryState,
  expected: { branch: string; assets: readonly string[] },
): Promise<Fact[]> {
  const { sandbox, repo, api } = stage;
  const pull = state.improve;
  if (pull === undefined) return [fact(false, 'no improving pull request to merge')];
  const before = (await api.get(`/branches/${repo.defaultBranch}`, BranchSchema)).commit.sha;
  await api.request('PUT', api.repoPath(`/pulls/${pull.number}/merge`), {
    merge_method: 'merge',
    commit_title: `Merge pull request #${pull.number} from ${repo.owner}/${expected.branch}`,
  });
  const merged = await api.get(`/pulls/${pull.number}`, PullSchema);
  const sha = merged.merge_commit_sha ?? '';
  await sandbox.emitWebhook(
    'pull_request',
    await sandbox.payloads.pullRequest({
      owner: repo.owner,
      repo: repo.name,
      number: pull.number,
      action: 'closed',
    }),
  );
  await stage.app.idle();
  const facts: Fact[] = [
    fact(
      merged.merged === true && sha !== '',
      `#${pull.number} merged as ${sha.slice(0, 7)}`,
      merged.html_url,
    ),
  ];
  const main = await trainOnMain(stage, before, sha);
  facts.push(...main.facts);

  const release = await api.find('/releases/latest', ReleaseSchema);
  if (release === null) return [...facts, fact(false, 'no release was published')];
  const tagged = await api.tagCommit(release.tag_name);
  facts.push(
    fact(
      tagged === sha,
      tagged === sha
        ? `tag ${release.tag_name} on the merge commit`
        : `tag ${release.tag_name} points at ${tagged ?? 'nothing'}, not at ${sha.slice(0, 7)}`,
    ),
  );
  const assets = release.assets.map((asset) => asset.name).sort();
  facts.push(
    fact(
      expected.assets.every((name) => assets.includes(name)),
      `release ${release.name ?? release.tag_name} with ${assets.join(', ')}`,
      release.html_url,
    ),
  );
  const deployments = await api.list(`/deployments?sha=${sha}`, DeploymentSchema);
  const deployment = deployments[0];
  const statuses =
    deployment === undefined
      ? []
      : await api.list(`/deployments/${deployment.id}/statuses`, DeploymentStatusSchema);
  facts.push(
    fact(
      // `queued` in the example (its deploy workflow moves it on), `success` by default.
      deployment !== undefined &&
        statuses.some((status) => status.state === 'queued' || status.state === 'success'),
      deployment === undefined
        ? `no deployment of ${sha.slice(0, 7)}`
        : `deployment ${deployment.id} of ${release.tag_name} to ${deployment.environment}: ${statuses.map((status) => status.state).join(', ') || 'no status'}`,
      deployment?.url,
    ),
  );
  state.release = { sha, tag: release.tag_name };
  return facts;
}
