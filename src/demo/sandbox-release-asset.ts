import { json, repoRoute, type Route } from '../sandbox/index.ts';

/**
 * `GET /repos/{owner}/{repo}/releases/assets/{asset_id}`, which the sandbox does not serve yet
 * and the Action's `monitor` mode needs to download the release's `profile.json`
 * (`octokit.rest.repos.getReleaseAsset` with `Accept: application/octet-stream`). Passed to
 * `startSandbox` through its `routes` option, which tries extra routes first — so once the
 * sandbox has its own, this one can go. Answers the bytes for the octet-stream media type and
 * the asset's JSON otherwise, like GitHub (which redirects the bytes to a signed URL).
 */
export const releaseAssetRoute: Route = repoRoute(
  'GET',
  '/repos/{owner}/{repo}/releases/assets/{asset_id}',
  'contents',
  'read',
  async (ctx) => {
    const id = Number(ctx.params['asset_id']);
    for (const release of ctx.data.releases) {
      const asset = release.assets.find((candidate) => candidate.id === id);
      if (asset === undefined) continue;
      if ((ctx.headers.accept ?? '').includes('application/octet-stream')) {
        return {
          status: 200,
          raw: asset.data,
          headers: { 'content-type': 'application/octet-stream' },
        };
      }
      return json(200, {
        id: asset.id,
        name: asset.name,
        label: asset.label,
        state: 'uploaded',
        content_type: asset.contentType,
        size: asset.data.length,
        url: `${ctx.core.url}/api/v3/repos/${ctx.repo.owner.login}/${ctx.repo.name}/releases/assets/${asset.id}`,
        browser_download_url: `${ctx.core.url}/${ctx.repo.owner.login}/${ctx.repo.name}/releases/download/${encodeURIComponent(release.tagName)}/${encodeURIComponent(asset.name)}`,
      });
    }
    return json(404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/releases/assets#get-a-release-asset',
    });
  },
);
