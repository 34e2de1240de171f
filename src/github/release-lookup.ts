import semver from 'semver';
import { InputError } from '../core/errors.ts';
import { isHttpStatus, toBytes, type RepoContext } from './octokit.ts';

// Re-exported for callers that imported it from here first.
export { toBytes } from './octokit.ts';

/** A release tag of the model: `<prefix><semver>`. */
export interface ReleaseTag {
  tag: string;
  version: string;
  /** The commit the tag points to (annotated tags are peeled). */
  sha: string;
}

/** Input of `findPreviousReleaseTag`. */
export interface FindPreviousReleaseTagOptions extends RepoContext {
  /** Tag prefix from config `release.tag_prefix`, e.g. `model-v`. */
  prefix: string;
  /** Only tags with a lower version than this one count (the release being made now). */
  before?: string;
}

/**
 * The highest `<prefix>X.Y.Z` tag of the repository by semver order (not by date or by
 * string order: `model-v1.10.0` is newer than `model-v1.9.0`). Tags whose rest is not a
 * version are ignored. Null when there is none.
 */
export async function findPreviousReleaseTag(
  options: FindPreviousReleaseTagOptions,
): Promise<ReleaseTag | null> {
  const { octokit, owner, repo, prefix, before } = options;
  // matching-refs filters by prefix on the server and returns [] (not 404) when nothing matches.
  const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, {
    owner,
    repo,
    ref: `tags/${prefix}`,
    per_page: 100,
  });
  const limit = before === undefined ? null : semver.valid(before.slice(prefix.length));
  let best: { tag: string; version: string; object: { sha: string; type: string } } | null = null;
  for (const ref of refs) {
    const tag = ref.ref.replace(/^refs\/tags\//, '');
    if (!tag.startsWith(prefix)) continue;
    const version = semver.valid(tag.slice(prefix.length));
    if (version === null) continue;
    if (limit !== null && !semver.lt(version, limit)) continue;
    if (best === null || semver.gt(version, best.version))
      best = { tag, version, object: ref.object };
  }
  if (best === null) return null;
  return {
    tag: best.tag,
    version: best.version,
    sha: await peelTag({ octokit, owner, repo }, best.object),
  };
}

/** The commit a tag ref points to, following annotated tag objects. */
export async function peelTag(
  context: RepoContext,
  object: { sha: string; type: string },
): Promise<string> {
  const { octokit, owner, repo } = context;
  let current = object;
  // A tag of a tag is legal git; bound the walk so a cycle cannot loop forever.
  for (let depth = 0; current.type === 'tag' && depth < 5; depth += 1) {
    const { data } = await octokit.rest.git.getTag({ owner, repo, tag_sha: current.sha });
    current = data.object;
  }
  return current.sha;
}

/** Input of `downloadReleaseAsset`. */
export interface DownloadReleaseAssetOptions extends RepoContext {
  tag: string;
  /** Asset file name, e.g. `profile.json`. */
  name: string;
  /** Refuse assets larger than this many bytes. */
  maxBytes: number;
}

/**
 * Downloads one asset of the release with tag `tag` (monitoring reads the released
 * `profile.json`). A missing release or asset is an InputError naming both.
 */
export async function downloadReleaseAsset(
  options: DownloadReleaseAssetOptions,
): Promise<Uint8Array> {
  const { octokit, owner, repo, tag, name, maxBytes } = options;
  let releaseId: number;
  try {
    releaseId = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data.id;
  } catch (error) {
    if (isHttpStatus(error, 404))
      throw new InputError(`Release ${tag} of ${owner}/${repo} does not exist.`);
    throw error;
  }
  const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
    owner,
    repo,
    release_id: releaseId,
    per_page: 100,
  });
  const asset = assets.find((candidate) => candidate.name === name);
  if (asset === undefined) {
    const present = assets.map((candidate) => candidate.name).join(', ') || 'none';
    throw new InputError(`Release ${tag} has no asset ${name} (assets: ${present}).`);
  }
  if (asset.size > maxBytes) {
    throw new InputError(
      `Release asset ${name} of ${tag} is ${asset.size} bytes; the limit is ${maxBytes} bytes.`,
    );
  }
  const response = await octokit.rest.repos.getReleaseAsset({
    owner,
    repo,
    asset_id: asset.id,
    headers: { accept: 'application/octet-stream' },
  });
  const bytes = toBytes(response.data);
  if (bytes.byteLength > maxBytes) {
    throw new InputError(
      `Release asset ${name} of ${tag} is larger than the limit of ${maxBytes} bytes.`,
    );
  }
  return bytes;
}
