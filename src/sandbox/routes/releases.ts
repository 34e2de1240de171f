import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RefConflictError, ZERO_SHA } from '../git-repo.ts';
import { parseBody } from '../http/body.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { paginate } from '../http/pagination.ts';
import { json, repoRoute, type RepoContext, type Route, type SandboxCore } from '../http/route.ts';
import type { AssetRecord, ReleaseRecord, RepoRecord } from '../model.ts';
import { resolveCommitish } from '../repo-service.ts';
import { signUrl } from '../signed-url.ts';
import { api, nodeId, userShape } from '../shapes/common.ts';
import { timestamp } from '../timestamp.ts';

/**
 * Releases and their assets. Publishing a release whose tag does not exist creates the tag at
 * `target_commitish` (as GitHub does); assets are uploaded to the `upload_url` template, which
 * points at this server's upload host (`/api/uploads`, GitHub Enterprise's layout), and served
 * back from `browser_download_url`.
 */

function assetShape(
  core: SandboxCore,
  repo: RepoRecord,
  release: ReleaseRecord,
  asset: AssetRecord,
): Record<string, unknown> {
  return {
    url: `${api(core)}/repos/${repo.owner.login}/${repo.name}/releases/assets/${asset.id}`,
    browser_download_url: `${core.url}/${repo.owner.login}/${repo.name}/releases/download/${encodeURIComponent(release.tagName)}/${encodeURIComponent(asset.name)}`,
    id: asset.id,
    node_id: nodeId('ReleaseAsset', asset.id),
    name: asset.name,
    label: asset.label,
    state: 'uploaded',
    content_type: asset.contentType,
    size: asset.data.length,
    digest: `sha256:${createHash('sha256').update(asset.data).digest('hex')}`,
    download_count: 0,
    created_at: asset.createdAt,
    updated_at: asset.createdAt,
    uploader: userShape(core, asset.uploader),
  };
}

/** `release` */
export function releaseShape(
  core: SandboxCore,
  repo: RepoRecord,
  release: ReleaseRecord,
): Record<string, unknown> {
  const base = `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
  const url = `${base}/releases/${release.id}`;
  return {
    url,
    html_url: `${core.url}/${repo.owner.login}/${repo.name}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${url}/assets`,
    upload_url: `${core.url}/api/uploads/repos/${repo.owner.login}/${repo.name}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${base}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: `${base}/zipball/${encodeURIComponent(release.tagName)}`,
    id: release.id,
    node_id: nodeId('Release', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.publishedAt ?? release.createdAt,
    author: userShape(core, release.author),
    assets: release.assets.map((asset) => assetShape(core, repo, release, asset)),
  };
}

const CreateBody = z.object({
  tag_name: z.string().min(1),
  target_commitish: z.string().optional(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  prerelease: z.boolean().optional(),
  make_latest: z.enum(['true', 'false', 'legacy']).optional(),
  generate_release_notes: z.boolean().optional(),
});

async function ensureTag(ctx: RepoContext, tag: string, target: string): Promise<void> {
  if (await ctx.repo.git.resolve(`refs/tags/${tag}`, 'object')) return;
  const sha = await resolveCommitish(ctx.repo, target).catch(() => {
    throw new HttpError(422, 'Validation Failed', {
      errors: [{ resource: 'Release', code: 'invalid', field: 'target_commitish' }],
    });
  });
  try {
    await ctx.repo.git.updateRef(`refs/tags/${tag}`, sha, ZERO_SHA);
  } catch (error) {
    // Someone created the tag meanwhile; the release simply uses it.
    if (!(error instanceof RefConflictError)) throw error;
  }
}

/** The latest published release: newest non-draft, non-prerelease by creation. */
function latestOf(releases: readonly ReleaseRecord[]): ReleaseRecord | undefined {
  return [...releases].reverse().find((release) => !release.draft && !release.prerelease);
}

function releaseOf(ctx: RepoContext): ReleaseRecord {
  const release = ctx.data.releases.find(
    (candidate) => candidate.id === Number(ctx.params['release_id']),
  );
  if (!release) throw notFound();
  return release;
}

/** Release routes (the upload route is served on the upload host). */
export const releaseRoutes: Route[] = [
  repoRoute('POST', '/repos/{owner}/{repo}/releases', 'contents', 'write', async (ctx) => {
    const body = parseBody(CreateBody, ctx.body, 'Release');
    if (ctx.data.releases.some((release) => release.tagName === body.tag_name)) {
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      });
    }
    const target = body.target_commitish ?? ctx.repo.defaultBranch;
    const draft = body.draft ?? false;
    // Drafts do not create their tag until published, like GitHub.
    if (!draft) await ensureTag(ctx, body.tag_name, target);
    const at = timestamp();
    const release: ReleaseRecord = {
      id: ctx.core.store.id(),
      tagName: body.tag_name,
      targetCommitish: target,
      name: body.name ?? null,
      body: body.body ?? null,
      draft,
      prerelease: body.prerelease ?? false,
      createdAt: at,
      publishedAt: draft ? null : at,
      author: ctx.actor,
      assets: [],
    };
    ctx.data.releases.push(release);
    return json(201, releaseShape(ctx.core, ctx.repo, release));
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/releases', 'contents', 'read', async (ctx) => {
    const newestFirst = [...ctx.data.releases].reverse();
    const { page, headers } = paginate(newestFirst, ctx.requestUrl);
    return json(
      200,
      page.map((release) => releaseShape(ctx.core, ctx.repo, release)),
      headers,
    );
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/releases/latest', 'contents', 'read', async (ctx) => {
    const latest = latestOf(ctx.data.releases);
    if (!latest) throw notFound();
    return json(200, releaseShape(ctx.core, ctx.repo, latest));
  }),

  repoRoute('GET', '/repos/{owner}/{repo}/releases/tags/{tag}', 'contents', 'read', async (ctx) => {
    const release = ctx.data.releases.find(
      (candidate) => candidate.tagName === ctx.params['tag'] && !candidate.draft,
    );
    if (!release) throw notFound();
    return json(200, releaseShape(ctx.core, ctx.repo, release));
  }),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/releases/{release_id}',
    'contents',
    'read',
    async (ctx) => {
      return json(200, releaseShape(ctx.core, ctx.repo, releaseOf(ctx)));
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/releases/{release_id}/assets',
    'contents',
    'read',
    async (ctx) => {
      const release = releaseOf(ctx);
      const { page, headers } = paginate(release.assets, ctx.requestUrl);
      return json(
        200,
        page.map((asset) => assetShape(ctx.core, ctx.repo, release, asset)),
        headers,
      );
    },
  ),

  repoRoute(
    'GET',
    '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    'contents',
    'read',
    async (ctx) => {
      const id = Number(ctx.params['asset_id']);
      for (const release of ctx.data.releases) {
        const asset = release.assets.find((candidate) => candidate.id === id);
        if (!asset) continue;
        if ((ctx.headers.accept ?? '').includes('application/octet-stream')) {
          // GitHub answers the binary accept type with a redirect to signed storage.
          const location = signUrl(
            ctx.core.signingKey,
            ctx.core.url,
            `/_blobs/assets/${asset.id}`,
            60_000,
          );
          return { status: 302, headers: { location }, raw: '' };
        }
        return json(200, assetShape(ctx.core, ctx.repo, release, asset));
      }
      throw notFound();
    },
  ),

  repoRoute(
    'POST',
    '/repos/{owner}/{repo}/releases/{release_id}/assets',
    'contents',
    'write',
    async (ctx) => {
      const release = releaseOf(ctx);
      const name = ctx.query.get('name');
      if (!name) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' }],
        });
      }
      if (release.assets.some((asset) => asset.name === name)) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
        });
      }
      const asset: AssetRecord = {
        id: ctx.core.store.id(),
        name,
        label: ctx.query.get('label'),
        contentType: ctx.headers['content-type'] ?? 'application/octet-stream',
        data: ctx.rawBody,
        uploader: ctx.actor,
        createdAt: timestamp(),
      };
      release.assets.push(asset);
      return json(201, assetShape(ctx.core, ctx.repo, release, asset));
    },
    { raw: true, upload: true },
  ),
];

/** Finds an asset for the `browser_download_url` route. */
export function findAsset(release: ReleaseRecord, name: string): AssetRecord | undefined {
  return release.assets.find((asset) => asset.name === name);
}
