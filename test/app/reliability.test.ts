import { expect, test } from 'vitest';
import type { PullHandle } from '../../src/sandbox/state-api.ts';
import type { WorkflowRunRecord } from '../../src/sandbox/model.ts';
import {
  addPullRun,
  deliverPullRun,
  gateChecks,
  openPull,
  useHarness,
  stickyComments,
} from './harness.ts';
import { metricsReport } from './fixtures.ts';

/** 5xx, secondary rate limits, and a burst of concurrent deliveries. */

// The exchanges here are the ones the other files check against the OpenAPI description.
const h = useHarness({ validate: false, baseline: 0.9 });

test('5xx answers from GitHub are retried and nothing is lost', async () => {
  const pull = await openPull(h, 'flaky');
  const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.92 }));
  h.sandbox.injectFault({
    method: 'GET',
    path: `/repos/${h.repo.fullName}/actions/runs/${run.id}/artifacts`,
    status: 503,
  });
  h.sandbox.injectFault({
    method: 'POST',
    path: `/repos/${h.repo.fullName}/check-runs`,
    status: 500,
    times: 2,
  });
  h.sandbox.injectFault({
    method: 'POST',
    path: `/repos/${h.repo.fullName}/issues/${pull.number}/comments`,
    status: 502,
  });
  expect((await deliverPullRun(h, pull, run)).status).toBe(200);
  expect(h.sandbox.pendingFaults).toBe(0);
  expect(gateChecks(h, pull.headSha)).toMatchObject([{ conclusion: 'success' }]);
  expect(stickyComments(h, pull.number)).toHaveLength(1);
  const checkPosts = h.sandbox
    .requestsTo('POST', `/repos/${h.repo.fullName}/check-runs`)
    .map((entry) => entry.status);
  expect(checkPosts.slice(-3)).toEqual([500, 500, 201]);
});

test('secondary rate limits are waited out and the write goes through', async () => {
  const pull = await openPull(h, 'throttled');
  const run = await addPullRun(h, pull, metricsReport({ accuracy: 0.91 }));
  h.sandbox.injectFault({
    method: 'POST',
    path: `/repos/${h.repo.fullName}/issues/${pull.number}/comments`,
    status: 403,
    retryAfter: 1,
  });
  h.sandbox.injectFault({
    method: 'GET',
    path: `/repos/${h.repo.fullName}/pulls/${pull.number}`,
    status: 429,
    retryAfter: 1,
    times: 2,
  });
  expect((await deliverPullRun(h, pull, run)).status).toBe(200);
  expect(h.sandbox.pendingFaults).toBe(0);
  expect(gateChecks(h, pull.headSha)).toMatchObject([{ conclusion: 'success' }]);
  expect(stickyComments(h, pull.number)).toHaveLength(1);
  const commentPosts = h.sandbox.requestsTo(
    'POST',
    `/repos/${h.repo.fullName}/issues/${pull.number}/comments`,
  );
  expect(commentPosts.map((entry) => entry.status)).toEqual([403, 201]);
});

test('a burst of 100 deliveries for 10 pull requests ends with one comment and one gate per head commit', async () => {
  interface Planned {
    pull: PullHandle;
    run: WorkflowRunRecord;
  }
  const planned: Planned[] = [];
  const heads = new Map<number, string[]>();
  for (let index = 0; index < 10; index += 1) {
    const pull = await openPull(h, `burst-${index}`);
    const runs = [await addPullRun(h, pull, metricsReport({ accuracy: 0.9 + index / 200 }))];
    let latest = pull;
    // Every other pull request gets a second push: runs of both heads arrive interleaved.
    if (index % 2 === 1) {
      const headSha = await h.sandbox.commit({
        repo: h.repo.fullName,
        branch: `burst-${index}`,
        files: { 'more.txt': `${index}\n` },
        message: 'More',
      });
      latest = { ...pull, headSha };
      runs.push(await addPullRun(h, latest, metricsReport({ accuracy: 0.8 })));
    }
    heads.set(pull.number, [...new Set([pull.headSha, latest.headSha])]);
    for (let copy = 0; copy < 10; copy += 1) {
      const run = runs[copy % runs.length];
      if (run !== undefined) planned.push({ pull: copy % runs.length === 0 ? pull : latest, run });
    }
  }
  expect(planned).toHaveLength(100);

  const deliveries = await Promise.all(
    planned.map(({ pull, run }) => deliverPullRun(h, pull, run)),
  );
  expect(
    deliveries.filter((delivery) => delivery.status !== 200 && delivery.status !== 202),
  ).toEqual([]);
  await h.app.idle();

  for (const [number, shas] of heads) {
    expect(stickyComments(h, number), `comments on #${number}`).toHaveLength(1);
    for (const sha of shas)
      expect(gateChecks(h, sha), `gate checks of ${sha} (#${number})`).toHaveLength(1);
    // The comment reports the newest head, whatever order the deliveries were handled in.
    const newest = shas.at(-1) ?? '';
    expect(stickyComments(h, number)[0]?.body).toContain(newest.slice(0, 7));
  }
});
