import type { SandboxCore } from './http/route.ts';
import type { ServiceHandler } from './http/server.ts';
import type { ArtifactRecord, AssetRecord } from './model.ts';
import { resolveCommitish } from './repo-service.ts';
import { verifySignedUrl } from './signed-url.ts';

/**
 * Downloads outside the REST API: artifact zips behind signed URLs (where the REST download
 * redirects to), release assets at `browser_download_url`, and raw files at a contents entry's
 * `download_url`.
 */

function findArtifact(core: SandboxCore, id: number): ArtifactRecord | undefined {
  for (const data of core.store.data.values()) {
    for (const run of data.workflowRuns) {
      const artifact = run.artifacts.find((candidate) => candidate.id === id);
      if (artifact) return artifact;
    }
  }
  return undefined;
}

function findAssetById(core: SandboxCore, id: number): AssetRecord | undefined {
  for (const data of core.store.data.values()) {
    for (const release of data.releases) {
      const asset = release.assets.find((candidate) => candidate.id === id);
      if (asset) return asset;
    }
  }
  return undefined;
}

/** Blob storage's answer to a missing or expired signature. */
function forbidden(res: Parameters<ServiceHandler>[1]): true {
  res.writeHead(403, { 'content-type': 'application/xml' });
  res.end(
    '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Signature did not match or has expired.</Message></Error>',
  );
  return true;
}

function notFound(res: Parameters<ServiceHandler>[1]): true {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not Found\n');
  return true;
}

/** The download service. */
export function downloadService(core: SandboxCore): ServiceHandler {
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const artifactMatch = /^\/_blobs\/artifacts\/(\d+)\.zip$/.exec(url.pathname);
    if (artifactMatch) {
      if (!verifySignedUrl(core.signingKey, url)) return forbidden(res);
      const artifact = findArtifact(core, Number(artifactMatch[1]));
      if (!artifact?.zip) return notFound(res);
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': String(artifact.zip.length),
      });
      res.end(req.method === 'HEAD' ? undefined : artifact.zip);
      return true;
    }
    const signedAsset = /^\/_blobs\/assets\/(\d+)$/.exec(url.pathname);
    if (signedAsset) {
      if (!verifySignedUrl(core.signingKey, url)) return forbidden(res);
      const asset = findAssetById(core, Number(signedAsset[1]));
      if (!asset) return notFound(res);
      // Storage serves asset bytes as octet-stream whatever type the upload declared.
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(asset.data.length),
      });
      res.end(req.method === 'HEAD' ? undefined : asset.data);
      return true;
    }
    const assetMatch = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(
      url.pathname,
    );
    if (assetMatch) {
      const [, owner = '', name = '', tag = '', file = ''] = assetMatch;
      const repo = core.store.repo(owner, name);
      const release = repo
        ? core.store
            .repoData(repo)
            .releases.find((item) => item.tagName === decodeURIComponent(tag))
        : undefined;
      const asset = release?.assets.find((item) => item.name === decodeURIComponent(file));
      if (!asset) return notFound(res);
      res.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': String(asset.data.length),
      });
      res.end(req.method === 'HEAD' ? undefined : asset.data);
      return true;
    }
    const rawMatch = /^\/raw\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (rawMatch) {
      const [, owner = '', name = '', ref = '', path = ''] = rawMatch;
      const repo = core.store.repo(owner, name);
      if (!repo || repo.private) return notFound(res);
      const commit = await resolveCommitish(repo, decodeURIComponent(ref)).catch(() => null);
      const entry = commit ? await repo.git.entry(commit, decodeURIComponent(path)) : null;
      if (!entry || entry.type !== 'blob') return notFound(res);
      const data = await repo.git.blob(entry.sha);
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(data.length),
      });
      res.end(req.method === 'HEAD' ? undefined : data);
      return true;
    }
    return false;
  };
}
