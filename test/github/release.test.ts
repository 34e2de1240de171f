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

/**
 * An Octokit for the sandbox that runs `before` just ahead of each of its tag creations
 * (`POST /git/refs`), so that a competing release lands between its version choice and its
 * tag: the interleaving of two App replicas, made deterministic.
 */
function racingOctokit(before: (ref: string) => Promise<void>): OctokitLike {
  return new Octokit({
    baseUrl: env.sandbox.apiUrl,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    auth: env.sandbox.createToken({
      repo: env.repo.fullName,
      permissions: { contents: 'write', deployments: 'write' },
    }),
    request: {
      fetch: async (url: string, init: RequestInit) => {
        if (init.method === 'POST' && /\/git\/refs$/.test(new URL(url).pathname)) {
          const body: unknown = JSON.parse(String(init.body));
          if (typeof body === 'object' && body !== null && 'ref' in body)
            await before(String(body.ref));
        }
        return fetch(url, init);
      },
    },
  });
}

describe('claimReleaseTag', () => {
  const prefix = 'race-v';
  const choose = (latest: { tag: string } | null) =>
    nextVersion({ previousTag: latest?.tag ?? null, prefix, bump: 'patch' });

  /** A whole release of `sha` as a face makes it: claim the next version, then publish it. */
  async function releaseCommit(octokit: OctokitLike, sha: string) {
    const claimed = await claimReleaseTag({
      octokit,
      owner: env.owner,
      repo: env.name,
      sha,
      prefix,
      choose,
    });
    if (claimed === null) throw new Error('not released');
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
    expect(result.action).toBe('created');

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
    expect(result.action).toBe('existing');
    const { data: tags } = await env.octokit.rest.git.listMatchingRefs({
      ...env.context,
      ref: `tags/${prefix}`,
    });
    expect(tags.filter((ref) => ref.object.sha === sha).map((ref) => ref.ref)).toEqual([
      'refs/tags/race-v0.1.2',
    ]);
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
});
