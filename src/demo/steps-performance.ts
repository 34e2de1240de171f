import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CONFIG_PATH } from '../core/constants.ts';
import { commitAndPush } from './git.ts';
import { IssueSchema, type Issue } from './github-api.ts';
import type { Fact } from './printer.ts';
import { runWorkflow, type Stage } from './stage.ts';
import { editConfig, fact, stepFacts, type StoryState } from './story-state.ts';

/** The example workflow's `monitor` job. */
const MONITOR = { contents: 'write', issues: 'write', metadata: 'read' } as const;
/** Production rows whose labels have arrived, as the release saw them at training. */
const LABELLED = 'monitoring/labelled.csv';
/** The same rows, but the world changed: many of their true labels now differ. */
const LABELLED_DROP = 'monitoring/labelled-drop.csv';
const PERFORMANCE_LABEL = 'performance';

const BranchSchema = z.object({ commit: z.object({ sha: z.string() }) });

/** The performance issue found by a step, kept for the next one. */
let performanceIssue: number | undefined;

/**
 * Labelled production data made from the example's training rows: the first 120 as they are,
 * and a copy where two of every five labels are flipped (a concept shift: the inputs look
 * the same, so drift monitoring sees nothing, but the model is now often wrong).
 */
function labelledFiles(train: string): Record<string, string> {
  const [header = '', ...rows] = train.trimEnd().split('\n');
  const kept = rows.slice(0, 120);
  const flip = (row: string, i: number) => {
    if (i % 5 >= 2) return row;
    const cut = row.lastIndexOf(',');
    const label = row.slice(cut + 1);
    return `${row.slice(0, cut + 1)}${label === 'benign' ? 'malignant' : 'benign'}`;
  };
  return {
    [LABELLED]: `${[header, ...kept].join('\n')}\n`,
    [LABELLED_DROP]: `${[header, ...kept.map(flip)].join('\n')}\n`,
  };
}

/** A scheduled `monitor` run on main with `data`. */
async function monitor(stage: Stage, data: string) {
  const { api, repo } = stage;
  const sha = (await api.get(`/branches/${repo.defaultBranch}`, BranchSchema)).commit.sha;
  return runWorkflow(stage, {
    event: { name: 'schedule', payload: { schedule: '17 6 * * *' } },
    headSha: sha,
    headBranch: repo.defaultBranch,
    permissions: MONITOR,
    inputs: { mode: 'monitor', data },
  });
}

async function openPerformanceIssues(stage: Stage): Promise<Issue[]> {
  const issues = await stage.api.list(
    `/issues?state=open&labels=${PERFORMANCE_LABEL}`,
    IssueSchema,
  );
  return issues.filter((issue) => issue.pull_request === undefined);
}

/**
 * Step 7: the team turns on performance monitoring and labels arrive for last month's
 * production rows; accuracy fell, so the release's performance issue opens.
 */
export async function performanceDrops(stage: Stage, state: StoryState): Promise<Fact[]> {
  const { repo } = stage;
  const config = await readFile(join(stage.clone, CONFIG_PATH), 'utf8');
  const train = await readFile(join(stage.clone, 'data', 'train.csv'), 'utf8');
  await commitAndPush({
    dir: stage.clone,
    branch: repo.defaultBranch,
    from: repo.defaultBranch,
    files: {
      [CONFIG_PATH]: editConfig(config, [
        [['monitor', 'performance'], { rules: [{ metric: 'accuracy', max_drop: 0.05 }] }],
      ]),
      ...labelledFiles(train),
    },
    message: 'Monitor the released model on labelled production data',
  });
  const run = await monitor(stage, LABELLED_DROP);
  const tag = state.release?.tag ?? 'the latest release';
  const facts = stepFacts(`the Action evaluated ${tag} on ${LABELLED_DROP}`, run.step, run.htmlUrl);
  const drop = run.step.outputs['performance-drop'] === 'true';
  facts.push(fact(drop, `performance drop: ${drop ? 'yes' : 'no'} (accuracy max_drop 0.05)`));
  const open = await openPerformanceIssues(stage);
  const issue = open[0];
  facts.push(
    fact(
      open.length === 1 && issue !== undefined && issue.title.includes(tag),
      issue === undefined
        ? 'no open performance issue'
        : `performance issue #${issue.number} opened: "${issue.title}" (${open.length} open)`,
      issue?.html_url,
    ),
  );
  performanceIssue = issue?.number;
  return facts;
}

/** Step 8: labelled data the model still gets right: the performance issue is closed. */
export async function performanceRecovers(stage: Stage, state: StoryState): Promise<Fact[]> {
  const run = await monitor(stage, LABELLED);
  const tag = state.release?.tag ?? 'the latest release';
  const facts = stepFacts(`the Action evaluated ${tag} on ${LABELLED}`, run.step, run.htmlUrl);
  const clean = run.step.outputs['performance-drop'] === 'false';
  facts.push(fact(clean, `performance drop: ${clean ? 'no' : 'yes'}`));
  if (performanceIssue === undefined)
    return [...facts, fact(false, 'there was no performance issue to close')];
  const issue = await stage.api.issue(performanceIssue);
  const comments = await stage.api.comments(issue.number);
  facts.push(
    fact(
      issue.state === 'closed' && comments.length > 0,
      `performance issue #${issue.number} is ${issue.state}, with ${comments.length} comment${comments.length === 1 ? '' : 's'}`,
      comments.at(-1)?.html_url ?? issue.html_url,
    ),
  );
  facts.push(
    fact((await openPerformanceIssues(stage)).length === 0, 'no performance issue left open'),
  );
  return facts;
}
