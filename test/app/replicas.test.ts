import { randomBytes, randomUUID } from 'node:crypto';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SUPERSEDED_TITLE } from '../../src/github/gate-check-convergence.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import type { PullHandle, RepoHandle } from '../../src/sandbox/state-api.ts';
import { startRedisServer, redisUnavailable, type RedisServer } from '../support/redis-server.ts';
import { startReplica, type Replica } from '../support/app-replicas.ts';
import { CONFIG_YAML, WORKFLOW_YAML, metricsReport } from './fixtures.ts';
import {
  addPullRun,
  addPushRun,
  commentsOn,
  gateChecks,
  openPull,
  seedBaseline,
  stickyComments,
  type Scene,
} from './harness.ts';
import { issueCommentCreated, workflowRunCompleted, type Target } from './payloads.ts';

/**
 * Two App processes on one sandbox GitHub, without and with a shared Redis: deliveries split
 * across them and duplicated to both still give one comment and one gate per commit, keep
 * every override, and release successive versions; a replica killed mid-delivery loses nothing.
 */

const noRedis = redisUnavailable();
const MAINTAINER = 'maintainer-mia';

describe.each([
  { mode: 'without Redis', redis: false },
  { mode: 'with Redis', redis: true },
])('two replicas $mode', ({ redis }) => {
  let sandbox: Sandbox;
  let redisServer: RedisServer | undefined;
  let replicas: Replica[] = [];
  let scene: Scene & { target: Target };
  const skip = redis && noRedis !== null;

  beforeAll(async () => {
    if (skip) return;
    sandbox = await startSandbox({});
    if (redis) redisServer = await startRedisServer();
    const files = {
      'README.md': '# model\n',
      '.github/workflows/modelgate.yml': WORKFLOW_YAML,
      '.github/modelgate.yml': CONFIG_YAML,
    };
    const repo: RepoHandle = await sandbox.createRepo({ name: 'churn-model', files });
    const { id: installationId } = sandbox.createInstallation({ repositories: [repo.fullName] });
    scene = { sandbox, repo, target: { repo, installationId, baseUrl: sandbox.url } };
    sandbox.account(MAINTAINER);
    sandbox.repoRecord(repo.fullName).collaborators.set(MAINTAINER, 'maintain');
    await seedBaseline(scene, 0.9);
    const secret = randomBytes(16).toString('hex');
    const options = {
      appId: sandbox.app.id,
      privateKey: sandbox.app.privateKey,
      secret,
      baseUrl: sandbox.apiUrl,
      leaseMs: 3000,
      ...(redisServer === undefined ? {} : { redisUrl: redisServer.url }),
    };
    replicas = await Promise.all([startReplica(options), startReplica(options)]);
  }, 60_000);

  afterAll(async () => {
    try {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await redisServer?.stop();
    } finally {
      await sandbox?.close();
    }
  });

  const comment = (pull: PullHandle, body: string) =>
    issueCommentCreated(scene.target, { number: pull.number, login: MAINTAINER, body });
  /** Our gate checks on a commit that are not superseded, and the one GitHub shows (newest). */
  const gates = (sha: string) => {
    const all = gateChecks(scene, sha);
    const shown = all.reduce(
      (a, b) => (b.id > a.id ? b : a),
      all[0] ?? { id: 0, title: null, conclusion: null, summary: null },
    );
    return { live: all.filter((check) => check.title !== SUPERSEDED_TITLE), shown };
  };
  const overrideRecords = (pull: PullHandle) =>
    commentsOn(scene, pull.number).filter((c) => c.body.includes('modelgate:override'));

  test.skipIf(skip)(
    'ten pull requests with split, duplicated deliveries, overrides, reruns and two merges',
    async () => {
      expect(replicas[0]?.mode).toMatch(redis ? /^Redis at 127\.0\.0\.1:\d+/ : /^without Redis/);
      const pulls: PullHandle[] = [];
      for (let i = 0; i < 10; i++) pulls.push(await openPull(scene, `pr-${i}`));
      const jobs: Array<() => Promise<number>> = [];
      const [a, b] = replicas as [Replica, Replica];
      for (const [i, pull] of pulls.entries()) {
        // 0, 3, 6, 9 fail and stay failed; 1, 4, 7 fail and are overridden; the rest pass.
        const accuracy = i % 3 === 2 ? 0.93 : 0.85;
        const run = await addPullRun(scene, pull, metricsReport({ accuracy }));
        const payload = workflowRunCompleted(scene.target, { run, pulls: [pull] });
        const id = randomUUID();
        // GitHub sends one delivery; a retry after a lost answer lands on the other replica.
        jobs.push(() => a.deliver('workflow_run', payload, id));
        jobs.push(() => b.deliver('workflow_run', payload, id));
        if (i % 3 === 1) {
          const override = comment(pull, `/modelgate override reviewed drop ${i}`);
          const overrideId = randomUUID();
          jobs.push(() => (i % 2 ? a : b).deliver('issue_comment', override, overrideId));
          jobs.push(() => (i % 2 ? b : a).deliver('issue_comment', override, overrideId));
        }
        if (i % 3 === 2) {
          jobs.push(() =>
            (i % 2 ? b : a).deliver('issue_comment', comment(pull, '/modelgate rerun')),
          );
        }
      }
      // Interleaved: every delivery in flight at once, in an order mixing pull requests.
      const order = jobs.map((job, index) => ({ job, key: (index * 7919) % jobs.length }));
      const statuses = await Promise.all(order.sort((x, y) => x.key - y.key).map((o) => o.job()));
      expect(statuses.every((status) => status === 200 || status === 202)).toBe(true);
      await settle(() => pulls.every((pull) => gates(pull.headSha).live.length > 0));
      await quiet(sandbox);

      for (const [i, pull] of pulls.entries()) {
        expect(stickyComments(scene, pull.number), `#${pull.number}`).toHaveLength(1);
        const { live, shown } = gates(pull.headSha);
        const expected = i % 3 === 0 ? 'failure' : 'success';
        // GitHub shows and enforces the newest check of a name: that one is the gate.
        expect(shown.conclusion, `#${pull.number}`).toBe(expected);
        if (redis) {
          // Locked per pull request, the replicas never create two.
          expect(live, `#${pull.number}`).toHaveLength(1);
        } else {
          // Two writers may both create one; an older duplicate left unmarked never disagrees.
          expect(
            live.map((check) => check.conclusion),
            `#${pull.number}`,
          ).toEqual(live.map(() => expected));
        }
        // One command delivered to both replicas at once: with Redis one replica answers it;
        // without, both may write a record, and the later writer's look removes its copy.
        const records = overrideRecords(pull);
        expect(records, `#${pull.number}`).toHaveLength(i % 3 === 1 ? 1 : 0);
        for (const record of records) expect(record.body).toContain(`reviewed drop ${i}`);
      }

      // Two merges whose default-branch runs are delivered at once, to both replicas.
      const merged = [pulls[2], pulls[4]] as [PullHandle, PullHandle];
      const pushes = [];
      for (const pull of merged) {
        const sha = await sandbox.mergePullRequest({
          repo: scene.repo.fullName,
          number: pull.number,
        });
        pushes.push(
          workflowRunCompleted(scene.target, { run: await addPushRun(scene, sha, 0.93) }),
        );
      }
      await Promise.all(
        pushes.flatMap((payload) => {
          const id = randomUUID();
          return [a.deliver('workflow_run', payload, id), b.deliver('workflow_run', payload, id)];
        }),
      );
      const records = () => sandbox.records(scene.repo.fullName);
      await settle(() => records().deployments.length >= 2);
      await quiet(sandbox);
      const releases = records().releases.map((r) => r.tagName);
      const versions = releases.map((tag) => tag.replace(/^model-v/, '')).sort(semver.compare);
      expect(versions).toHaveLength(2);
      expect(new Set(versions).size).toBe(2);
      const [first, second] = versions as [string, string];
      expect([semver.inc(first, 'patch'), semver.inc(first, 'minor')]).toContain(second);
      expect(records().deployments).toHaveLength(2);
    },
    180_000,
  );

  test.skipIf(skip)(
    'a replica killed in the middle of a delivery: the redelivery to the other loses nothing',
    async () => {
      const [a, b] = replicas as [Replica, Replica];
      const pull = await openPull(scene, 'killed');
      const run = await addPullRun(scene, pull, metricsReport({ accuracy: 0.93 }));
      const payload = workflowRunCompleted(scene.target, { run, pulls: [pull] });
      const held = new Promise<void>((resolve) =>
        sandbox.injectDelay({ method: 'POST', path: /\/check-runs$/, ms: 60_000, onHold: resolve }),
      );
      const id = randomUUID();
      // Its answer may come first (202: Probot answers a slow handler early) or never.
      const lost = a.deliver('workflow_run', payload, id).catch(() => 0);
      await held; // the comment is written, the check is on its way
      expect(stickyComments(scene, pull.number)).toHaveLength(1);
      await a.kill();
      await lost;
      expect([200, 202]).toContain(await b.deliver('workflow_run', payload, id));
      await settle(() => gates(pull.headSha).live.some((check) => check.conclusion !== null));
      await quiet(sandbox);
      expect(stickyComments(scene, pull.number)).toHaveLength(1);
      const { live } = gates(pull.headSha);
      expect(live).toHaveLength(1);
      expect(live[0]?.conclusion).toBe('success');
    },
    60_000,
  );
});

/** Waits until `done` holds: a 202 answer means the replica still works after answering. */
async function settle(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 60_000; waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Waits until GitHub has heard nothing for a second: a replica that answered 202 (Probot
 * answers a slow handler early) or a duplicate's twin may still be writing.
 */
async function quiet(sandbox: Sandbox): Promise<void> {
  let seen = -1;
  for (let waited = 0; seen !== sandbox.requests.length && waited < 90_000; waited += 1000) {
    seen = sandbox.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
