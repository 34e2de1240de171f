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

/** A `<prefix>X.Y.Z` tag ref as listed, before its target is peeled. */
interface ListedReleaseTag {
  tag: string;
  version: string;
  object: { sha: string; type: string };
}

/** Every `<prefix>X.Y.Z` tag of the repository; tags whose rest is not a version are left out. */
async function listReleaseTags(context: RepoContext, prefix: string): Promise<ListedReleaseTag[]> {
  const { octokit, owner, repo } = context;
  // matching-refs filters by prefix on the server and returns [] (not 404) when nothing matches.
  const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, {
    owner,
    repo,
    ref: `tags/${prefix}`,
    per_page: 100,
  });
  return refs.flatMap((ref) => {
    const tag = ref.ref.replace(/^refs\/tags\//, '');
    const version = tag.startsWith(prefix) ? semver.valid(tag.slice(prefix.length)) : null;
    return version === null ? [] : [{ tag, version, object: ref.object }];
  });
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
  const { prefix, before } = options;
  const limit = before === undefined ? null : semver.valid(before.slice(prefix.length));
  let best: ListedReleaseTag | null = null;
  for (const listed of await listReleaseTags(options, prefix)) {
    if (limit !== null && !semver.lt(listed.version, limit)) continue;
    if (best === null || semver.gt(listed.version, best.version)) best = listed;
  }
  if (best === null) return null;
  return { tag: best.tag, version: best.version, sha: await peelTag(options, best.object) };
}

/** Input of `findReleaseTagOf`. */
export interface FindReleaseTagOfOptions extends RepoContext {
  /** Tag prefix from config `release.tag_prefix`, e.g. `model-v`. */
  prefix: string;
  /** The commit that may have been released. */
  sha: string;
}

/**
 * The `<prefix>X.Y.Z` tag that already points at `sha`, whichever version it is: the commit
 * was released before. Every tag counts, not only the newest, because a re-run of an older
 * push run comes after newer releases and must find its own. When a commit carries several
 * release tags, see `releaseTagAmong`. Null when the commit was never released.
 */
export async function findReleaseTagOf(
  options: FindReleaseTagOfOptions,
): Promise<ReleaseTag | null> {
  return releaseTagAmong(options, (await readReleaseTags(options)).onCommit);
}

/**
 * The release tag of a commit that carries `onCommit` (lowest version first): the lowest one
 * with a GitHub release, else the lowest. Several tags on one commit are concurrent claimers
 * of it (`claimReleaseTag`); a tag with a release is the one published, and the lowest tag's
 * claimer only ever deletes it for a higher tag that has a release, so without one the lowest
 * is the tag that gets published. A commit with one tag costs no request.
 */
export async function releaseTagAmong(
  context: RepoContext,
  onCommit: readonly ReleaseTag[],
): Promise<ReleaseTag | null> {
  const released = onCommit.length > 1 ? await firstReleased(context, onCommit) : null;
  return released ?? onCommit[0] ?? null;
}

/** The first of `tags` that has a (published) GitHub release; one request per tag looked at. */
export async function firstReleased(
  context: RepoContext,
  tags: readonly ReleaseTag[],
): Promise<ReleaseTag | null> {
  const { octokit, owner, repo } = context;
  for (const candidate of tags) {
    try {
      await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: candidate.tag });
      return candidate;
    } catch (error) {
      if (!isHttpStatus(error, 404)) throw error;
    }
  }
  return null;
}

/** One listing of the release tags, seen from one commit. */
export interface ReleaseTagsOfCommit {
  /** The highest release tag of the repository, as `findPreviousReleaseTag` finds it. */
  newest: ReleaseTag | null;
  /** The release tags pointing at the commit, lowest version first. */
  onCommit: ReleaseTag[];
}

/**
 * The newest release tag and the commit's own release tags, from a single listing.
 * `claimReleaseTag` needs both to describe the same moment: from two listings, a tag made in
 * between by a concurrent release of this commit could be missing from the first and counted
 * as the newest in the second, and the commit would be tagged with the version after it.
 */
export async function readReleaseTags(
  options: FindReleaseTagOfOptions,
): Promise<ReleaseTagsOfCommit> {
  const { prefix, sha } = options;
  const tags: ReleaseTag[] = [];
  for (const listed of await listReleaseTags(options, prefix)) {
    // Lightweight tags (the ones modelgate makes) name their commit; only annotated ones cost
    // a request.
    const target = await peelTag(options, listed.object);
    tags.push({ tag: listed.tag, version: listed.version, sha: target });
  }
  tags.sort(byVersion);
  return { newest: tags.at(-1) ?? null, onCommit: tags.filter((tag) => tag.sha === sha) };
}

/** Ascending semver order; the tag name breaks ties (`v1.0.0` and `1.0.0` after one prefix). */
function byVersion(a: ReleaseTag, b: ReleaseTag): number {
  return semver.compare(a.version, b.version) || a.tag.localeCompare(b.tag);
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
