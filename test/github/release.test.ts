import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { DEPLOYMENT_TASK } from '../../src/github/deployment.ts';
import { nextVersion } from '../../src/core/release/next-version.ts';
import {
  claimReleaseTag,
  MAX_TAG_ATTEMPTS,
  publishRelease,
  type ReleaseAsset,
} from '../../src/github/release.ts';
import {
  downloadReleaseAsset,
  findPreviousReleaseTag,
  findReleaseTagOf,
} from '../../src/github/release-lookup.ts';
import type { OctokitLike } from '../../src/github/octokit.ts';
import { metricsFixture } from '../history/fixtures.ts';
import { sandboxRepo, sandboxServes, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
beforeAll(async () => {
  env = await sandboxRepo();
});
afterAll(async () => {
  await env.sandbox.close();
});

const weights = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256);
const assets: ReleaseAsset[] = [
  { name: 'model.json', data: '{"modelTopology":{}}', contentType: 'application/json' },
  { name: 'weights.bin', data: weights, contentType: 'application/octet-stream' },
  {
    name: 'metrics.json',
    data: JSON.stringify(metricsFixture(0.91)),
    contentType: 'application/json',
  },
  {
    name: 'profile.json',
    data: '{"schema":"modelgate/profile@1"}',
    contentType: 'application/json',
  },
];

async function commitOnMain(n: number): Promise<string> {
  return env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'main',
    files: { 'v.txt': String(n) },
    message: `c${n}`,
  });
}

function release(sha: string, tag: string) {
  return publishRelease({
    ...env.context,
    sha,
    tag,
    name: `Model ${tag}`,
    notes: `accuracy 0.91 (${tag})`,
    assets,
    environment: 'production',
  });
}

describe('publishRelease', () => {
  it('tags, releases with the four assets and deploys with a success status', async () => {
    const sha = await commitOnMain(1);
    const result = await release(sha, 'model-v1.0.0');
    expect(result.action).toBe('created');
    expect(result.assets.map((a) => a.name).sort()).toEqual([
      'metrics.json',
      'model.json',
      'profile.json',
      'weights.bin',
    ]);

    const { data: ref } = await env.octokit.rest.git.getRef({
      ...env.context,
      ref: 'tags/model-v1.0.0',
    });
    expect(ref.object.sha).toBe(sha);
    const { data: published } = await env.octokit.rest.repos.getReleaseByTag({
      ...env.context,
      tag: 'model-v1.0.0',
    });
    expect(published).toMatchObject({
      name: 'Model model-v1.0.0',
      body: 'accuracy 0.91 (model-v1.0.0)',
    });
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      environment: 'production',
      task: DEPLOYMENT_TASK,
      ref: sha,
    });
    const { data: statuses } = await env.octokit.rest.repos.listDeploymentStatuses({
      ...env.context,
      deployment_id: deployments[0]?.id ?? 0,
    });
    expect(statuses.map((s) => s.state)).toEqual(['success']);
  });

  it.skipIf(!sandboxServes('GET /repos/{owner}/{repo}/releases/assets/{asset_id}'))(
    'downloads a released asset byte for byte',
    async () => {
      const downloaded = await downloadReleaseAsset({
        ...env.context,
        tag: 'model-v1.0.0',
        name: 'weights.bin',
        maxBytes: 1e6,
      });
      expect(Buffer.from(downloaded).equals(Buffer.from(weights))).toBe(true);
    },
  );

  it('refuses a missing asset or an asset over the size limit before downloading it', async () => {
    await expect(
      downloadReleaseAsset({
        ...env.context,
        tag: 'model-v1.0.0',
        name: 'drift.json',
        maxBytes: 1e6,
      }),
    ).rejects.toThrow('Release model-v1.0.0 has no asset drift.json (assets: ');
    await expect(
      downloadReleaseAsset({
        ...env.context,
        tag: 'model-v1.0.0',
        name: 'weights.bin',
        maxBytes: 100,
      }),
    ).rejects.toThrow(
      'Release asset weights.bin of model-v1.0.0 is 4096 bytes; the limit is 100 bytes.',
    );
    await expect(
      downloadReleaseAsset({
        ...env.context,
        tag: 'model-v9.9.9',
        name: 'weights.bin',
        maxBytes: 100,
      }),
    ).rejects.toThrow(`Release model-v9.9.9 of ${env.owner}/${env.name} does not exist.`);
  });

  it('changes nothing when the same release is delivered again, even concurrently', async () => {
    const sha = await commitOnMain(2);
    await release(sha, 'model-v1.1.0');
    const mark = env.sandbox.requests.length;
    const again = await Promise.all([release(sha, 'model-v1.1.0'), release(sha, 'model-v1.1.0')]);
    expect(again.map((r) => r.action)).toEqual(['existing', 'existing']);
    expect(env.requestsSince(mark).filter((r) => !r.startsWith('GET '))).toEqual([]);

    const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, {
      ...env.context,
      per_page: 100,
    });
    expect(releases.filter((r) => r.tag_name === 'model-v1.1.0')).toHaveLength(1);
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    expect(deployments).toHaveLength(1);
  });

  it.each([
    ['the tag', 'POST', /\/git\/refs$/],
    ['the release', 'POST', /\/releases$/],
    ['the assets', 'POST', /\/releases\/\d+\/assets/],
  ])(
    'ends with one release when a concurrent delivery makes %s first',
    async (_step, method, path) => {
      const sha = await commitOnMain(30 + path.source.length);
      const tag = `model-v1.2.${path.source.length}`;
      // Deterministic interleaving: just before our request for this step goes out, a whole
      // competing delivery runs, so ours meets GitHub's "already exists" answers.
      let fired = false;
      const racing = new Octokit({
        baseUrl: env.sandbox.apiUrl,
        auth: env.sandbox.createToken({
          repo: env.repo.fullName,
          permissions: { contents: 'write', deployments: 'write' },
        }),
        request: {
          fetch: async (url: string, init: RequestInit) => {
            if (!fired && init.method === method && path.test(new URL(url).pathname)) {
              fired = true;
              await release(sha, tag);
            }
            return fetch(url, init);
          },
        },
      });
      const result = await publishRelease({
        octokit: racing,
        owner: env.owner,
        repo: env.name,
        sha,
        tag,
        name: `Model ${tag}`,
        notes: 'n',
        assets,
        environment: 'production',
      });
      expect(fired).toBe(true);
      expect(result.assets.map((a) => a.name).sort()).toEqual([
        'metrics.json',
        'model.json',
        'profile.json',
        'weights.bin',
      ]);
      const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, {
        ...env.context,
        per_page: 100,
      });
      const ours = releases.filter((r) => r.tag_name === tag);
      expect(ours).toHaveLength(1);
      const { data: assetList } = await env.octokit.rest.repos.listReleaseAssets({
        ...env.context,
        release_id: ours[0]?.id ?? 0,
      });
      expect(assetList).toHaveLength(4);
      const { data: deployments } = await env.octokit.rest.repos.listDeployments({
        ...env.context,
        sha,
      });
      expect(deployments).toHaveLength(1);
    },
  );

  it('finishes a release that an earlier attempt left half made', async () => {
    const sha = await commitOnMain(4);
    await env.octokit.rest.git.createRef({ ...env.context, ref: 'refs/tags/model-v1.3.0', sha });
    const result = await release(sha, 'model-v1.3.0');
    expect(result.action).toBe('created');
    expect(result.assets).toHaveLength(4);
  });

  it('refuses a tag that already names another commit', async () => {
    const sha = await commitOnMain(5);
    const error = await release(sha, 'model-v1.0.0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toMatch(
      /Tag model-v1\.0\.0 already exists on commit [0-9a-f]{40}, not on [0-9a-f]{40}/,
    );
  });
});

describe('findPreviousReleaseTag', () => {
  it('orders by semver, ignores other tags and honours "before"', async () => {
    const sha = await commitOnMain(6);
    for (const tag of [
      'model-v1.9.0',
      'model-v1.10.0',
      'model-vnext',
      'other-v9.0.0',
      'model-v2.0.0-rc.1',
    ]) {
      await env.octokit.rest.git.createRef({ ...env.context, ref: `refs/tags/${tag}`, sha });
    }
    expect(await findPreviousReleaseTag({ ...env.context, prefix: 'model-v' })).toEqual({
      tag: 'model-v2.0.0-rc.1',
      version: '2.0.0-rc.1',
      sha,
    });
    expect(
      await findPreviousReleaseTag({
        ...env.context,
        prefix: 'model-v',
        before: 'model-v2.0.0-rc.1',
      }),
    ).toMatchObject({
      tag: 'model-v1.10.0',
    });
    expect(await findPreviousReleaseTag({ ...env.context, prefix: 'nothing-v' })).toBeNull();
  });
});

/** A request an Octokit of `pausingOctokit` is about to send (`before`) or has sent (`after`). */
interface RequestStep {
  when: 'before' | 'after';
  method: string;
  path: string;
  body: unknown;
}

const isTagCreate = (step: RequestStep) => step.method === 'POST' && /\/git\/refs$/.test(step.path);
const isTagListing = (step: RequestStep) =>
  step.method === 'GET' && /\/git\/matching-refs\//.test(step.path);

/**
 * An Octokit for the sandbox that awaits `hook` just before and just after each request: one
 * replica's view of GitHub, paused where a test lets another replica act, so that two
 * replicas interleave the same way on every run.
 */
function pausingOctokit(hook: (step: RequestStep) => Promise<void>): OctokitLike {
  return new Octokit({
    baseUrl: env.sandbox.apiUrl,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    auth: env.sandbox.createToken({
      repo: env.repo.fullName,
      permissions: { contents: 'write', deployments: 'write' },
    }),
    request: {
      fetch: async (url: string, init: RequestInit) => {
        const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : null;
        const step = { method: init.method ?? 'GET', path: new URL(url).pathname, body };
        await hook({ when: 'before', ...step });
        const response = await fetch(url, init);
        await hook({ when: 'after', ...step });
        return response;
      },
    },
  });
}

/**
 * An Octokit for the sandbox that runs `before` just ahead of each of its tag creations
 * (`POST /git/refs`), so that a competing release lands between its version choice and its
 * tag.
 */
function racingOctokit(before: (ref: string) => Promise<void>): OctokitLike {
  return pausingOctokit(async (step) => {
    if (step.when !== 'before' || !isTagCreate(step)) return;
    const { body } = step;
    if (typeof body === 'object' && body !== null && 'ref' in body) await before(String(body.ref));
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('claimReleaseTag', () => {
  const prefix = 'race-v';
  const chooser = (tagPrefix: string) => (latest: { tag: string } | null) =>
    nextVersion({ previousTag: latest?.tag ?? null, prefix: tagPrefix, bump: 'patch' });
  const choose = chooser(prefix);

  /**
   * A whole release of `sha` as a face makes it: claim the next version, then publish it,
   * unless the claim says a concurrent delivery tagged the commit first (`result` is null).
   */
  async function releaseCommit(octokit: OctokitLike, sha: string, tagPrefix = prefix) {
    const claimed = await claimReleaseTag({
      octokit,
      owner: env.owner,
      repo: env.name,
      sha,
      prefix: tagPrefix,
      choose: chooser(tagPrefix),
    });
    if (claimed === null) throw new Error('not released');
    if (!claimed.created) return { claimed, result: null };
    const result = await publishRelease({
      octokit,
      owner: env.owner,
      repo: env.name,
      sha,
      tag: claimed.tag,
      name: claimed.tag,
      notes: claimed.reason,
      assets,
      environment: 'production',
    });
    return { claimed, result };
  }

  /** The release tags (without `refs/tags/`), releases and deployments of `sha`. */
  async function madeFor(sha: string, tagPrefix: string) {
    const { data: tags } = await env.octokit.rest.git.listMatchingRefs({
      ...env.context,
      ref: `tags/${tagPrefix}`,
    });
    const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, {
      ...env.context,
      per_page: 100,
    });
    const { data: deployments } = await env.octokit.rest.repos.listDeployments({
      ...env.context,
      sha,
    });
    return {
      tags: tags.filter((ref) => ref.object.sha === sha).map((ref) => ref.ref.slice(10)),
      releases: releases.filter((r) => r.target_commitish === sha).map((r) => r.tag_name),
      deployments: deployments.length,
    };
  }

  it('two merges released at once (two replicas) get two versions, neither is lost', async () => {
    const first = await commitOnMain(70);
    const second = await commitOnMain(71);
    let raced = 0;
    // Replica 2 has chosen race-v0.1.0 for the second merge; replica 1 releases the first
    // merge with that same version just before replica 2's tag goes out.
    const replica2 = racingOctokit(async () => {
      raced += 1;
      if (raced === 1) await releaseCommit(env.octokit, first);
    });
    const { claimed, result } = await releaseCommit(replica2, second);
    expect(raced).toBe(2);
    expect(claimed).toMatchObject({ tag: 'race-v0.1.1', created: true });
    expect(result?.action).toBe('created');

    expect(await findReleaseTagOf({ ...env.context, prefix, sha: first })).toMatchObject({
      tag: 'race-v0.1.0',
    });
    expect(await findReleaseTagOf({ ...env.context, prefix, sha: second })).toMatchObject({
      tag: 'race-v0.1.1',
    });
    const releases = await env.octokit.paginate(env.octokit.rest.repos.listReleases, {
      ...env.context,
      per_page: 100,
    });
    expect(
      releases
        .filter((r) => r.tag_name.startsWith(prefix))
        .map((r) => [r.tag_name, r.target_commitish])
        .sort(),
    ).toEqual([
      ['race-v0.1.0', first],
      ['race-v0.1.1', second],
    ]);
    for (const sha of [first, second]) {
      const { data } = await env.octokit.rest.repos.listDeployments({ ...env.context, sha });
      expect(data).toHaveLength(1);
    }
  });

  it('a concurrent delivery of the same merge that tags it first is the same release', async () => {
    const sha = await commitOnMain(72);
    let raced = 0;
    const racing = racingOctokit(async () => {
      raced += 1;
      if (raced === 1) await releaseCommit(env.octokit, sha);
    });
    const { claimed, result } = await releaseCommit(racing, sha);
    expect(claimed).toMatchObject({ tag: 'race-v0.1.2', created: false });
    // The delivery that tagged it publishes; this one does not race it to a second deployment.
    expect(result).toBeNull();
    expect(await madeFor(sha, prefix)).toEqual({
      tags: ['race-v0.1.2'],
      releases: ['race-v0.1.2'],
      deployments: 1,
    });
  });

  /**
   * A commit `sha` to release under a fresh prefix whose last release, `<prefix>0.1.0`, is on
   * an older commit, and `minor()`, which releases a third commit as `<prefix>0.2.0` (a
   * release:minor merge): run in the middle of a race, it makes the two claimers of `sha`
   * choose different versions, `<prefix>0.1.1` before it and `<prefix>0.2.1` after it.
   */
  async function sameCommitRace(n: number) {
    const tagPrefix = `same${n}-v`;
    const older = await commitOnMain(100 + 10 * n);
    const other = await commitOnMain(101 + 10 * n);
    const sha = await commitOnMain(102 + 10 * n);
    const tag = (version: string, target: string) =>
      env.octokit.rest.git.createRef({
        ...env.context,
        ref: `refs/tags/${tagPrefix}${version}`,
        sha: target,
      });
    await tag('0.1.0', older);
    return { tagPrefix, sha, minor: () => tag('0.2.0', other) };
  }

  it('a delivery that checked the commit before another tagged it reuses that tag', async () => {
    // The App checks for a tag on the commit before it claims one; another replica releases
    // the commit in between.
    const { tagPrefix, sha } = await sameCommitRace(1);
    expect(await findReleaseTagOf({ ...env.context, prefix: tagPrefix, sha })).toBeNull();
    const first = await releaseCommit(env.octokit, sha, tagPrefix);
    const second = await releaseCommit(env.octokit, sha, tagPrefix);
    expect(first.claimed).toMatchObject({ tag: 'same1-v0.1.1', created: true });
    expect(second).toEqual({
      claimed: {
        tag: 'same1-v0.1.1',
        reason: 'same1-v0.1.1 already tags this commit',
        created: false,
      },
      result: null,
    });
    expect(await madeFor(sha, tagPrefix)).toEqual({
      tags: ['same1-v0.1.1'],
      releases: ['same1-v0.1.1'],
      deployments: 1,
    });
  });

  // Both claimers of one commit tag it, each before the other's check; whoever checks first,
  // and however late the higher claimer's check answers, exactly one publishes (the lower),
  // and the higher one deletes its tag.
  it.each([
    ['the higher tag checks first and gives way to the lower one', 2, 'higher'],
    ['the lower tag checks first and wins: the higher one has no release', 3, 'lower'],
    // Its listing saw both tags, but it decides only once the lower claimer has finished.
    ['the higher tag checks first but its answer comes after the lower one is done', 5, 'late'],
  ] as const)(
    'two deliveries tag the same commit with different versions: %s',
    async (_order, n, first) => {
      const { tagPrefix, sha, minor } = await sameCommitRace(n);
      const lowerTagged = deferred();
      const higherTagged = deferred();
      const lowerChecked = deferred();
      let higher: ReturnType<typeof releaseCommit> | undefined;
      let higherHasTagged = false;
      // The higher claimer lists after 0.2.0 is out and tags 0.2.1, then holds its check.
      const higherReplica = pausingOctokit(async (step) => {
        if (step.when !== 'after') return;
        if (isTagCreate(step)) {
          higherHasTagged = true;
          higherTagged.resolve();
          await (first === 'lower' ? lowerChecked.promise : lowerTagged.promise);
        } else if (first === 'late' && higherHasTagged && isTagListing(step)) {
          await lower.catch(() => undefined);
        }
      });
      // The lower claimer has chosen 0.1.1 before 0.2.0 was out; it tags once the higher did.
      let tagged = false;
      const lowerReplica = pausingOctokit(async (step) => {
        if (isTagCreate(step) && step.when === 'before' && higher === undefined) {
          await minor();
          higher = releaseCommit(higherReplica, sha, tagPrefix);
          await higherTagged.promise;
        } else if (isTagCreate(step) && step.when === 'after') {
          tagged = true;
          lowerTagged.resolve();
          if (first === 'higher') await higher;
        } else if (tagged && isTagListing(step) && step.when === 'after') {
          lowerChecked.resolve();
        }
      });
      const mark = env.sandbox.requests.length;
      const lower = releaseCommit(lowerReplica, sha, tagPrefix);
      const tag = `same${n}-v0.1.1`;
      expect((await lower).claimed).toMatchObject({ tag, created: true });
      expect((await lower).result?.action).toBe('created');
      expect(await higher).toEqual({
        claimed: { tag, reason: `${tag} already tags this commit`, created: false },
        result: null,
      });
      expect(env.requestsSince(mark).map(decodeURIComponent)).toContain(
        `DELETE /repos/${env.owner}/${env.name}/git/refs/tags/same${n}-v0.2.1`,
      );
      expect(await madeFor(sha, tagPrefix)).toEqual({
        tags: [tag],
        releases: [tag],
        deployments: 1,
      });
    },
  );

  it('a delivery that tags the commit after another delivery published a higher version gives way to that release', async () => {
    // The lower claimer stalls between its listing and its tag while 0.2.0 is released and
    // the other delivery of this commit claims 0.2.1 and publishes it. The lower tag comes
    // too late to win: the higher one has a release, so the lower claimer deletes its own.
    const { tagPrefix, sha, minor } = await sameCommitRace(4);
    let higher: Awaited<ReturnType<typeof releaseCommit>> | undefined;
    const stalled = racingOctokit(async () => {
      if (higher !== undefined) return;
      await minor();
      higher = await releaseCommit(env.octokit, sha, tagPrefix);
    });
    const mark = env.sandbox.requests.length;
    const lower = await releaseCommit(stalled, sha, tagPrefix);
    expect(higher?.claimed).toMatchObject({ tag: 'same4-v0.2.1', created: true });
    expect(lower).toEqual({
      claimed: {
        tag: 'same4-v0.2.1',
        reason: 'same4-v0.2.1 already tags this commit',
        created: false,
      },
      result: null,
    });
    expect(env.requestsSince(mark).map(decodeURIComponent)).toContain(
      `DELETE /repos/${env.owner}/${env.name}/git/refs/tags/same4-v0.1.1`,
    );
    expect(await madeFor(sha, tagPrefix)).toEqual({
      tags: ['same4-v0.2.1'],
      releases: ['same4-v0.2.1'],
      deployments: 1,
    });
  });

  it(`gives up after ${MAX_TAG_ATTEMPTS} versions taken by other commits, tagging nothing`, async () => {
    const sha = await commitOnMain(73);
    const other = await commitOnMain(74);
    let raced = 0;
    // Every version it picks is taken by another commit just before its tag goes out.
    const racing = racingOctokit(async (ref) => {
      raced += 1;
      await env.octokit.rest.git.createRef({ ...env.context, ref, sha: other });
    });
    await expect(
      claimReleaseTag({ octokit: racing, owner: env.owner, repo: env.name, sha, prefix, choose }),
    ).rejects.toThrow(
      /^Could not tag [0-9a-f]{40} for release: other commits took every version it tried \(race-v0\.1\.3 \(on [0-9a-f]{7}\), /,
    );
    expect(raced).toBe(MAX_TAG_ATTEMPTS);
    expect(await findReleaseTagOf({ ...env.context, prefix, sha })).toBeNull();
  });
});

describe('findReleaseTagOf', () => {
  it('finds a release tag of the commit even when newer releases came after it', async () => {
    const old = await commitOnMain(80);
    const newer = await commitOnMain(81);
    for (const [tag, sha] of [
      ['find-v1.0.0', old],
      ['find-v1.1.0', newer],
      ['find-vlatest', old],
    ] as const) {
      await env.octokit.rest.git.createRef({ ...env.context, ref: `refs/tags/${tag}`, sha });
    }
    expect(await findReleaseTagOf({ ...env.context, prefix: 'find-v', sha: old })).toEqual({
      tag: 'find-v1.0.0',
      version: '1.0.0',
      sha: old,
    });
    expect(
      await findReleaseTagOf({ ...env.context, prefix: 'find-v', sha: await commitOnMain(82) }),
    ).toBeNull();
  });

  it('of several tags on one commit, finds the one with a release, else the lowest', async () => {
    // Two claimers' tags on one commit: the lowest is the one that will be published, unless
    // a higher one already was.
    const sha = await commitOnMain(85);
    for (const tag of ['two-v1.0.0', 'two-v1.1.0']) {
      await env.octokit.rest.git.createRef({ ...env.context, ref: `refs/tags/${tag}`, sha });
    }
    const find = () => findReleaseTagOf({ ...env.context, prefix: 'two-v', sha });
    expect(await find()).toMatchObject({ tag: 'two-v1.0.0' });
    await env.octokit.rest.repos.createRelease({ ...env.context, tag_name: 'two-v1.1.0' });
    expect(await find()).toMatchObject({ tag: 'two-v1.1.0' });
  });

  it('peels annotated tags and reads lightweight ones without a request', async () => {
    const annotated = await commitOnMain(83);
    const light = await commitOnMain(84);
    const { data: tagObject } = await env.octokit.rest.git.createTag({
      ...env.context,
      tag: 'peel-v1.0.0',
      message: 'made by hand',
      object: annotated,
      type: 'commit',
    });
    for (const [tag, sha] of [
      ['peel-v1.0.0', tagObject.sha],
      ['peel-v1.1.0', light],
      ['peel-v1.2.0', light],
    ] as const) {
      await env.octokit.rest.git.createRef({ ...env.context, ref: `refs/tags/${tag}`, sha });
    }
    const mark = env.sandbox.requests.length;
    expect(await findReleaseTagOf({ ...env.context, prefix: 'peel-v', sha: annotated })).toEqual({
      tag: 'peel-v1.0.0',
      version: '1.0.0',
      sha: annotated,
    });
    expect(env.requestsSince(mark).filter((request) => request.includes('/git/tags/'))).toEqual([
      `GET /repos/${env.owner}/${env.name}/git/tags/${tagObject.sha}`,
    ]);
  });
});
