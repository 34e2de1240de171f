import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { expect, test } from 'vitest';
import { startAppServer } from '../../src/app/server.ts';
import type { PullHandle } from '../../src/sandbox/state-api.ts';
import {
  addPullRun,
  deliverPullRun,
  gateChecks,
  normalize,
  openPull,
  sign,
  addPushRun,
  useHarness,
  writes,
} from './harness.ts';
import { metricsReport, reportArtifact } from './fixtures.ts';
import { workflowRunCompleted } from './payloads.ts';

/** Merge of a gated pull request → history record, tag, release with assets, deployment. */

const h = useHarness({ baseline: 0.9 });

/** Gates, merges and runs training on the merge commit; returns the run's payload. */
async function mergeAndRun(pull: PullHandle, accuracy: number) {
  const sha = await h.sandbox.mergePullRequest({ repo: h.repo.fullName, number: pull.number });
  const run = await addPushRun(h, sha, accuracy);
  return { sha, payload: workflowRunCompleted(h.target, { run }) };
}

async function gatedPull(
  branch: string,
  accuracy: number,
  options: { labels?: string[]; title?: string } = {},
) {
  const pull = await openPull(h, branch, options);
  await deliverPullRun(h, pull, await addPullRun(h, pull, metricsReport({ accuracy })));
  return pull;
}

test('merging a gated pull request tags, releases and deploys it exactly once', async () => {
  const pull = await gatedPull('better', 0.93, { title: 'feat: add tenure buckets' });
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  const { sha, payload } = await mergeAndRun(pull, 0.93);
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);

  const history = await h.sandbox.readFile(
    h.repo.fullName,
    `history/${sha}.json`,
    'refs/heads/modelgate-history',
  );
  expect(JSON.parse(history ?? '{}')).toMatchObject({ metrics: { accuracy: 0.93 }, git: { sha } });

  const records = h.sandbox.records(h.repo.fullName);
  expect(records.releases.map((release) => release.tagName)).toEqual(['model-v0.1.0']);
  const [release] = records.releases;
  expect(release?.targetCommitish).toBe(sha);
  expect(await h.sandbox.gitRepo(h.repo.fullName).resolve('refs/tags/model-v0.1.0')).toBe(sha);
  // The notes list exactly the files attached, by the names they have on the release.
  const listed = (release?.body ?? '').split('### Assets')[1] ?? '';
  expect(
    [...listed.matchAll(/^\| `([^`]+)` \| `[0-9a-f]{64}` \|/gm)].map((match) => match[1]).sort(),
  ).toEqual(release?.assets.map((asset) => asset.name).sort());
  expect(release?.assets.map((asset) => asset.name).sort()).toEqual([
    'metrics.json',
    'model.json',
    'profile.json',
    'weights.bin',
  ]);
  // Each digest in the notes is the sha256 of the bytes attached under that name.
  for (const asset of release?.assets ?? []) {
    const digest = createHash('sha256').update(asset.data).digest('hex');
    expect(release?.body).toContain(`| \`${asset.name}\` | \`${digest}\` |`);
  }
  // metrics.json names the merge commit, whose sha moves with the commit's time: its digest
  // is checked above and left out of the snapshot.
  const notes = normalize(h, release?.body ?? '').replace(
    /(\| `metrics\.json` \| `)[0-9a-f]{64}`/,
    '$1<sha256>`',
  );
  expect(notes).toMatchSnapshot('release notes');
  expect(records.deployments).toHaveLength(1);
  expect(records.deployments[0]).toMatchObject({
    sha,
    environment: 'production',
    payload: { tag: 'model-v0.1.0' },
  });
  expect(records.deployments[0]?.statuses.map((status) => status.state)).toEqual(['success']);

  // GitHub redelivers: nothing new is written, no second version is computed.
  const before = writes(h).length;
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);
  expect(writes(h).slice(before)).toEqual([]);
  expect(h.sandbox.records(h.repo.fullName).releases).toHaveLength(1);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(1);

  // Re-runs of the same commit's workflow, delivered together: still the one release.
  const reruns = await Promise.all(
    [1, 2, 3].map(() =>
      h.sandbox.addWorkflowRun({
        repo: h.repo.fullName,
        headSha: sha,
        headBranch: h.repo.defaultBranch,
        event: 'push',
        artifacts: { 'modelgate-report': reportArtifact(metricsReport({ accuracy: 0.93 }, sha)) },
      }),
    ),
  );
  await Promise.all(
    reruns.map((run) => h.deliver('workflow_run', workflowRunCompleted(h.target, { run }))),
  );
  expect(h.sandbox.records(h.repo.fullName).releases.map((release) => release.tagName)).toEqual([
    'model-v0.1.0',
  ]);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(1);
});

test('the next merge bumps from its label and compares with the previous release', async () => {
  const pull = await gatedPull('bigger', 0.95, {
    labels: ['release:major'],
    title: 'Retrain on 2026 data',
  });
  const { payload } = await mergeAndRun(pull, 0.95);
  await h.deliver('workflow_run', payload);
  const releases = h.sandbox.records(h.repo.fullName).releases;
  expect(releases.map((release) => release.tagName)).toEqual(['model-v0.1.0', 'model-v1.0.0']);
  const notes = releases[1]?.body ?? '';
  expect(notes).toContain(
    'Version model-v1.0.0 (label release&#58;major); previous release model-v0.1.0.',
  );
  expect(notes).toContain('| Accuracy | 0.9300 | 0.9500 |');
});

test('a pull request merged with a failing gate, or labelled release:skip, is not released', async () => {
  const failing = await gatedPull('worse', 0.5);
  expect(gateChecks(h, failing.headSha)[0]?.conclusion).toBe('failure');
  await h.deliver('workflow_run', (await mergeAndRun(failing, 0.5)).payload);
  const skipped = await gatedPull('docs', 0.95, { labels: ['release:skip'] });
  await h.deliver('workflow_run', (await mergeAndRun(skipped, 0.95)).payload);
  expect(h.sandbox.records(h.repo.fullName).releases).toHaveLength(2);
  expect(h.sandbox.records(h.repo.fullName).deployments).toHaveLength(2);
});

/**
 * A pass-through to the sandbox's REST API that runs `hold` before forwarding the `nth`
 * request matching `method` and `path`: the second replica's view of GitHub, paused at the
 * moment it matters so that the two replicas interleave the same way on every run. `after`
 * lists the requests forwarded after the hold, as `METHOD path`.
 */
async function pausingProxy(
  method: string,
  path: RegExp,
  hold: () => Promise<void>,
  nth = 1,
): Promise<{ url: string; held: () => boolean; after: string[]; close: () => Promise<void> }> {
  let held = false;
  let seen = 0;
  const after: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = request.url ?? '/';
        if (held) after.push(`${request.method ?? 'GET'} ${url}`);
        if (!held && request.method === method && path.test(url) && (seen += 1) === nth) {
          held = true;
          await hold();
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (name === 'host' || name === 'connection' || value === undefined) continue;
          headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const body = Buffer.concat(chunks);
        const answer = await fetch(`${h.sandbox.url}${url}`, {
          method: request.method ?? 'GET',
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          // fetch has already decoded and measured the body.
          if (name !== 'content-encoding' && name !== 'content-length') out[name] = value;
        });
        response.writeHead(answer.status, out);
        response.end(Buffer.from(await answer.arrayBuffer()));
      })().catch((error: unknown) => {
        response.writeHead(502);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}${new URL(h.sandbox.apiUrl).pathname}`,
    held: () => held,
    after,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs a second App process on the same GitHub, seen through `proxy`: its own in-process
 * queue, as on another machine. Delivers `payload` to it and waits until it has handled it.
 */
async function deliverToReplica(proxyUrl: string, payload: Record<string, unknown>) {
  const replica = await startAppServer({
    appId: h.sandbox.app.id,
    privateKey: h.sandbox.app.privateKey,
    secret: h.secret,
    baseUrl: proxyUrl,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'fatal',
    octokit: { writeIntervalMs: 0, retryBaseMs: 5 },
  });
  try {
    const body = JSON.stringify(payload);
    const response = await fetch(replica.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(h.secret, body),
      },
      body,
    });
    await replica.idle();
    return response.status;
  } finally {
    await replica.close();
  }
}

test('two merges finishing at once on two App replicas are both released, with two versions', async () => {
  const first = await mergeAndRun(await gatedPull('replica-one', 0.95), 0.95);
  const second = await mergeAndRun(await gatedPull('replica-two', 0.95), 0.95);
  // Replica 2 has chosen the next version for the second merge; just before its tag goes out,
  // replica 1 releases the first merge, with that same version.
  const proxy = await pausingProxy('POST', /\/git\/refs$/, async () => {
    expect((await h.deliver('workflow_run', first.payload)).status).toBe(200);
  });
  try {
    expect(await deliverToReplica(proxy.url, second.payload)).toBe(200);
    expect(proxy.held()).toBe(true);

    const { releases, deployments } = h.sandbox.records(h.repo.fullName);
    const tagsOf = (sha: string) =>
      releases.filter((release) => release.targetCommitish === sha).map((r) => r.tagName);
    expect([tagsOf(first.sha), tagsOf(second.sha)]).toEqual([['model-v1.0.1'], ['model-v1.0.2']]);
    expect(await h.sandbox.gitRepo(h.repo.fullName).resolve('refs/tags/model-v1.0.2')).toBe(
      second.sha,
    );
    expect(deployments.filter((d) => d.sha === first.sha || d.sha === second.sha)).toHaveLength(2);
  } finally {
    await proxy.close();
  }
});

test('one merge delivered to two App replicas at once is released once', async () => {
  const { sha, payload } = await mergeAndRun(await gatedPull('replica-same', 0.95), 0.95);
  // Replica 2 has found no release tag on the commit and is about to claim one (its second
  // look at the tags); just then, replica 1 releases the same run in full.
  const proxy = await pausingProxy(
    'GET',
    /\/git\/matching-refs\/tags(\/|%2F)model-v/,
    async () => {
      expect((await h.deliver('workflow_run', payload)).status).toBe(200);
    },
    2,
  );
  try {
    expect(await deliverToReplica(proxy.url, payload)).toBe(200);
    expect(proxy.held()).toBe(true);
    // It finds replica 1's tag: no second tag, and it leaves the publishing to replica 1.
    expect(
      proxy.after.filter((request) => /\/(git\/refs|releases|deployments)/.test(request)),
    ).toEqual([]);

    const { releases, deployments } = h.sandbox.records(h.repo.fullName);
    expect(releases.filter((release) => release.targetCommitish === sha)).toHaveLength(1);
    expect(deployments.filter((deployment) => deployment.sha === sha)).toHaveLength(1);
    const tags = await h.sandbox.gitRepo(h.repo.fullName).refs('refs/tags/');
    expect(tags.filter((tag) => tag.sha === sha)).toHaveLength(1);
  } finally {
    await proxy.close();
  }
});

test('a merged model whose own report fails the gate is not tagged, released or deployed', async () => {
  const pull = await gatedPull('passed-then-broke', 0.95);
  expect(gateChecks(h, pull.headSha)[0]?.conclusion).toBe('success');
  const before = h.sandbox.records(h.repo.fullName).releases.length;
  // The merge commit trains a far worse model than the pull request's run did.
  const { sha, payload } = await mergeAndRun(pull, 0.3);
  expect((await h.deliver('workflow_run', payload)).status).toBe(200);
  const records = h.sandbox.records(h.repo.fullName);
  expect(records.releases).toHaveLength(before);
  expect(records.deployments.filter((deployment) => deployment.sha === sha)).toEqual([]);
  expect(await h.sandbox.gitRepo(h.repo.fullName).refs('refs/tags/')).not.toContainEqual(
    expect.objectContaining({ sha }),
  );
  const [check] = gateChecks(h, sha);
  expect(check?.conclusion).toBe('failure');
  expect(check?.title).toMatch(/^Not released: /);
  expect(check?.summary).toContain('0.3000');
});
