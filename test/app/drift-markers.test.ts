import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMonitorRun, startHarness, writes, type Harness } from './harness.ts';
import { driftJson } from './fixtures.ts';

/**
 * Drift markers count only when the App (or the Action's bot) wrote them (issue 14, case 4):
 * a stranger who pastes a marker can neither silence monitoring nor have the App adopt,
 * comment on or close their issue.
 */

const TAG = 'model-v3.0.0';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  await h.sandbox.gitRepo(h.repo.fullName).updateRef(`refs/tags/${TAG}`, sha, null);
});
afterAll(async () => {
  await h?.close();
});

async function monitorRun(
  shifted: boolean,
): Promise<{ id: number; payload: Record<string, unknown> }> {
  const { run, payload } = await addMonitorRun(h, {
    'modelgate-drift': { 'drift.json': driftJson(shifted) },
  });
  return { id: run.id, payload };
}

const issues = () =>
  [...h.sandbox.records(h.repo.fullName).issues.values()].filter((issue) => issue.pull === null);
const commentsOn = (number: number) =>
  h.sandbox.records(h.repo.fullName).comments.filter((comment) => comment.issueNumber === number);

test("a stranger's issue carrying the drift marker is not adopted, commented on or closed", async () => {
  const decoy = h.sandbox.createIssue({
    repo: h.repo.fullName,
    title: 'Data drift detected for model model-v3.0.0',
    body: `<!-- modelgate:drift ${TAG} -->\nLooks like drift to me.`,
    labels: ['drift', 'model'],
    user: 'stranger',
  });

  await h.deliver('workflow_run', (await monitorRun(true)).payload);
  const ours = issues().filter((issue) => issue.number !== decoy);
  expect(ours).toHaveLength(1);
  expect(ours[0]?.user.login).toBe('modelgate[bot]');
  expect(commentsOn(decoy)).toEqual([]);

  // A clean run closes the App's issue and leaves the stranger's alone.
  await h.deliver('workflow_run', (await monitorRun(false)).payload);
  expect(
    ours[0] === undefined
      ? undefined
      : h.sandbox.records(h.repo.fullName).issues.get(ours[0].number)?.state,
  ).toBe('closed');
  const stranger = h.sandbox.records(h.repo.fullName).issues.get(decoy);
  expect(stranger?.state).toBe('open');
  expect(commentsOn(decoy)).toEqual([]);
});

test("a stranger's comment carrying a run marker does not silence monitoring", async () => {
  // A newer release: its own issue, whatever the first test left behind.
  const sha = await h.sandbox.branchSha(h.repo.fullName, h.repo.defaultBranch);
  if (sha === null) throw new Error('no default branch');
  await h.sandbox.gitRepo(h.repo.fullName).updateRef('refs/tags/model-v3.1.0', sha, null);
  const drift = await monitorRun(true);
  await h.deliver('workflow_run', drift.payload);
  const open = issues().find(
    (issue) => issue.state === 'open' && issue.user.login === 'modelgate[bot]',
  );
  expect(open).toBeDefined();
  const number = open?.number ?? 0;

  // The stranger claims the next runs were reported already (a huge id outranks them all).
  h.sandbox.addComment({
    repo: h.repo.fullName,
    number,
    body: '<!-- modelgate:drift-run 999999999:1 -->\nnothing to see',
    user: 'stranger',
  });
  const clean = await monitorRun(false);
  const before = writes(h).length;
  await h.deliver('workflow_run', clean.payload);
  expect(writes(h).length).toBeGreaterThan(before);
  expect(h.sandbox.records(h.repo.fullName).issues.get(number)?.state).toBe('closed');
  expect(commentsOn(number).at(-1)?.body).toContain(`modelgate:drift-run ${clean.id}:1`);
});
