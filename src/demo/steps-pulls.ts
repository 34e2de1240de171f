import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACT_NAME, CHECK_RUN_NAME, COMMENT_MARKER, CONFIG_PATH } from '../core/constants.ts';
import { PullSchema, type CheckRun, type Comment } from './github-api.ts';
import { commitAndPush, git } from './git.ts';
import type { Fact } from './printer.ts';
import { runWorkflow, type Stage } from './stage.ts';
import {
  editConfig,
  fact,
  metric,
  numberOutput,
  stepFacts,
  type StoryState,
} from './story-state.ts';

/** The example workflow's `train-pull-request` job: a read-only token, as for a fork. */
const TRAIN_PULL_REQUEST = { contents: 'read', metadata: 'read', actions: 'read' } as const;

/** The App's login on the sandbox (its slug plus `[bot]`). */
const APP_LOGIN = 'modelgate[bot]';

/** A pull request of the story: its branch, text and commits (config edits). */
export interface PullPlan {
  branch: string;
  title: string;
  body: string;
  commits: {
    message: string;
    /** Config keys the commit changes. */
    edits: ReadonlyArray<[string[], unknown]>;
    /** Other files' lines the commit changes (each `from` must occur in the file). */
    replace?: ReadonlyArray<{ path: string; from: string; to: string }>;
  }[];
}

/** PR 1: a hidden layer, then more epochs for it (two commits, so the comment shows a trend). */
export const IMPROVE: PullPlan = {
  branch: 'hidden-layer',
  title: 'feat: a hidden layer of 16 units',
  body: [
    'The logistic baseline underfits the larger tumours. This adds one hidden layer of 16 ReLU',
    'units (no dropout: the data set is small and the layer is narrow), then trains it longer.',
    '',
    '- [x] same seed and split as `main`',
    '- [x] gate rules unchanged',
  ].join('\n'),
  commits: [
    {
      message: 'feat: a hidden layer of 16 units',
      edits: [
        [['model'], { type: 'mlp', hidden: [16], dropout: 0 }],
        [['train', 'epochs'], 8],
      ],
    },
    { message: 'Train the hidden layer for 30 epochs', edits: [[['train', 'epochs'], 30]] },
  ],
};

/** PR 2: fewer, cheaper features, which costs accuracy the gate does not allow. */
export const REGRESS: PullPlan = {
  branch: 'three-features',
  title: 'perf: train on three cheap features only',
  body: [
    'Symmetry, fractal dimension and smoothness come straight from the scanner, so inference',
    'would not need the segmentation step. Let us see what the gate says about the accuracy.',
  ].join('\n'),
  commits: [
    {
      message: 'perf: train on three cheap features only',
      edits: [
        [
          ['data', 'features'],
          ['mean_symmetry', 'mean_fractal_dimension', 'mean_smoothness'],
        ],
      ],
    },
  ],
};

/** Pushes one commit of a plan: the config of the clone's branch, edited. */
export async function pushCommit(stage: Stage, plan: PullPlan, index: number): Promise<string> {
  const commit = plan.commits[index];
  if (commit === undefined) throw new Error(`${plan.branch} has no commit ${index + 1}`);
  if (index === 0) {
    await git(stage.clone, ['fetch', '--quiet', 'origin']);
    await git(stage.clone, [
      'checkout',
      '--quiet',
      '-B',
      plan.branch,
      `origin/${stage.repo.defaultBranch}`,
    ]);
  }
  const files: Record<string, string> = {};
  if (commit.edits.length > 0) {
    const config = await readFile(join(stage.clone, CONFIG_PATH), 'utf8');
    files[CONFIG_PATH] = editConfig(config, commit.edits);
  }
  for (const { path, from, to } of commit.replace ?? []) {
    const text = await readFile(join(stage.clone, path), 'utf8');
    if (!text.includes(from)) throw new Error(`${path} has no "${from}" for the commit to change`);
    files[path] = text.replace(from, to);
  }
  return commitAndPush({ dir: stage.clone, branch: plan.branch, files, message: commit.message });
}

/** Delivers a `pull_request` webhook to the App, as GitHub does on every change. */
async function notifyPull(
  stage: Stage,
  number: number,
  action: 'opened' | 'synchronize',
  before?: string,
): Promise<void> {
  const { sandbox, repo } = stage;
  await sandbox.emitWebhook(
    'pull_request',
    await sandbox.payloads.pullRequest({
      owner: repo.owner,
      repo: repo.name,
      number,
      action,
      ...(before === undefined ? {} : { before }),
    }),
  );
  await stage.app.idle();
}

/** The PR's `train-pull-request` run on its head; the App gates it on `workflow_run`. */
export async function trainPull(
  stage: Stage,
  number: number,
  branch: string,
  action: 'opened' | 'synchronize',
  before?: string,
): Promise<{ facts: Fact[]; head: string; accuracy: number | undefined }> {
  const { sandbox, repo, api } = stage;
  const pull = await api.get(`/pulls/${number}`, PullSchema);
  const payload = await sandbox.payloads.pullRequest({
    owner: repo.owner,
    repo: repo.name,
    number,
    action,
    ...(before === undefined ? {} : { before }),
  });
  const run = await runWorkflow(stage, {
    event: { name: 'pull_request', payload },
    headSha: pull.head.sha,
    headBranch: branch,
    pullNumber: number,
    permissions: stage.train.permissions ?? TRAIN_PULL_REQUEST,
    inputs: stage.train.inputs,
    ...(stage.train.prepare === undefined ? {} : { prepare: stage.train.prepare }),
  });
  const accuracy = numberOutput(run.step, 'accuracy');
  const facts = stepFacts(
    `${run.prepared === null ? '' : `${run.prepared}; `}the Action ${stage.train.verb} ${pull.head.sha.slice(0, 7)} with a read-only token: accuracy ${metric(accuracy)}`,
    run.step,
    run.htmlUrl,
  );
  const artifacts = await api.runArtifacts(run.runId);
  facts.push(
    fact(
      artifacts.includes(ARTIFACT_NAME),
      artifacts.includes(ARTIFACT_NAME)
        ? `artifact ${ARTIFACT_NAME} uploaded to run ${run.runId}, for the App to judge`
        : `run ${run.runId} has no ${ARTIFACT_NAME} artifact (it has: ${artifacts.join(', ') || 'none'})`,
    ),
  );
  return { facts, head: pull.head.sha, accuracy };
}

/** Opens the pull request of a plan over REST (its first commit already pushed). */
export async function openPull(
  stage: Stage,
  plan: Pick<PullPlan, 'title' | 'body' | 'branch'>,
): Promise<number> {
  const { api, repo } = stage;
  const created = PullSchema.parse(
    await api.request('POST', api.repoPath('/pulls'), {
      title: plan.title,
      body: plan.body,
      head: plan.branch,
      base: repo.defaultBranch,
    }),
  );
  await notifyPull(stage, created.number, 'opened');
  return created.number;
}

/** The App's sticky comments on a pull request. */
export function stickyComments(comments: readonly Comment[]): Comment[] {
  return comments.filter(
    (comment) =>
      comment.user?.login === APP_LOGIN && (comment.body ?? '').startsWith(COMMENT_MARKER),
  );
}

/** The completed gate check of a commit. */
export async function gateCheck(stage: Stage, sha: string): Promise<CheckRun | undefined> {
  const runs = await stage.api.checkRuns(sha, CHECK_RUN_NAME);
  return runs.find((run) => run.status === 'completed');
}

/** The fact that a commit's gate check concluded as expected. */
export function checkFact(
  check: CheckRun | undefined,
  expected: 'success' | 'failure',
  sha: string,
): Fact {
  if (check === undefined)
    return fact(false, `no completed "${CHECK_RUN_NAME}" check on ${sha.slice(0, 7)}`);
  const verdict =
    check.conclusion === 'success'
      ? 'passed'
      : check.conclusion === 'failure'
        ? 'failed'
        : (check.conclusion ?? 'pending');
  return fact(
    check.conclusion === expected,
    `gate ${verdict}: "${CHECK_RUN_NAME}" is ${check.conclusion ?? 'pending'} — ${check.output.title ?? ''}`,
    check.html_url,
  );
}

/**
 * The broken rules as the check summary lists them: each metric row's verdict cells that
 * start with ❌, prefixed with the metric's name (the table GATE renders, read as a reviewer
 * reads it).
 */
export function brokenRules(summary: string): string[] {
  const reasons: string[] = [];
  for (const line of summary.split('\n')) {
    if (!line.startsWith('|') || !line.includes('\u274C')) continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const metricName = (cells[1] ?? '').replace(/\*\*/g, '');
    for (const match of line.matchAll(/\u274C\s*([^|<]+)/g)) {
      const reason = (match[1] ?? '').trim();
      if (reason !== '') reasons.push(`${metricName}: ${reason}`);
    }
  }
  return reasons;
}

/** Step 2: PR 1 improves the model — one sticky comment, edited per push, and a passing gate. */
export async function improveModel(stage: Stage, state: StoryState): Promise<Fact[]> {
  const { api } = stage;
  const first = await pushCommit(stage, IMPROVE, 0);
  const number = await openPull(stage, IMPROVE);
  const facts: Fact[] = [];
  const run1 = await trainPull(stage, number, IMPROVE.branch, 'opened');
  facts.push(...run1.facts);
  const firstComments = stickyComments(await api.comments(number));
  const firstId = firstComments[0]?.id ?? null;

  const second = await pushCommit(stage, IMPROVE, 1);
  await notifyPull(stage, number, 'synchronize', first);
  const run2 = await trainPull(stage, number, IMPROVE.branch, 'synchronize', first);
  facts.push(...run2.facts);

  const sticky = stickyComments(await api.comments(number));
  const comment = sticky[0];
  facts.push(
    fact(
      sticky.length === 1 && comment !== undefined && comment.id === firstId,
      sticky.length === 1
        ? `one sticky comment by ${APP_LOGIN}, edited in place after the second push${comment?.id === firstId ? '' : ' (but it is not the first one)'}`
        : `${sticky.length} sticky comments on #${number} (expected exactly one)`,
      comment?.html_url,
    ),
  );
  const body = comment?.body ?? '';
  facts.push(
    fact(
      body.includes('xychart-beta') && body.includes(second.slice(0, 7)),
      body.includes('xychart-beta')
        ? 'the comment holds the metric table and the trend chart over both commits'
        : 'the comment has no trend chart',
    ),
  );
  facts.push(checkFact(await gateCheck(stage, second), 'success', second));
  state.improve = { number, firstHead: first, head: second, commentId: comment?.id ?? null };
  return facts;
}

/** Step 3: PR 2 drops features — the gate fails and says which rules broke. */
export async function regressModel(stage: Stage, state: StoryState): Promise<Fact[]> {
  const { api } = stage;
  await pushCommit(stage, REGRESS, 0);
  const number = await openPull(stage, REGRESS);
  const run = await trainPull(stage, number, REGRESS.branch, 'opened');
  const facts = [...run.facts];
  const check = await gateCheck(stage, run.head);
  facts.push(checkFact(check, 'failure', run.head));
  const reasons = brokenRules(check?.output.summary ?? '');
  facts.push(
    fact(
      reasons.length > 0,
      reasons.length > 0 ? `why: ${reasons.join('; ')}` : 'the check summary names no broken rule',
    ),
  );
  const sticky = stickyComments(await api.comments(number));
  const comment = sticky[0];
  // The comment leads with the same verdict as the check: the two must never disagree.
  const title = check?.output.title ?? '';
  facts.push(
    fact(
      sticky.length === 1 && title !== '' && (comment?.body ?? '').includes(title),
      sticky.length === 1
        ? `the sticky comment on #${number} gives the same verdict and lists every broken rule`
        : `${sticky.length} sticky comments on #${number} (expected exactly one)`,
      comment?.html_url,
    ),
  );
  state.regress = { number, head: run.head };
  return facts;
}
