import { InputError } from '../core/errors.ts';
import { createDeployment, type DeploymentResult } from './deployment.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';
import { peelTag } from './release-lookup.ts';

/** A file attached to the release (model.json, weights.bin, metrics.json, profile.json). */
export interface ReleaseAsset {
  name: string;
  data: Uint8Array | string;
  contentType: string;
}

/** Input of `publishRelease`. */
export interface PublishReleaseOptions extends RepoContext {
  /** Commit to tag: the default-branch commit whose run produced the model. */
  sha: string;
  tag: string;
  /** Release title. */
  name: string;
  /** Release notes (markdown). */
  notes: string;
  assets: readonly ReleaseAsset[];
  /** Deployment environment (`release.environment`); omit for no deployment. */
  environment?: string;
}

/** The release as it stands after `publishRelease`. */
export interface PublishReleaseResult {
  /** `existing`: the tag already pointed at `sha` and everything was in place (a redelivery). */
  action: 'created' | 'existing';
  tag: string;
  release: { id: number; url: string };
  assets: { name: string; url: string }[];
  deployment: DeploymentResult | null;
}

/**
 * Tags `sha`, publishes the release with its notes and assets, and deploys it to the
 * environment. Idempotent, because webhooks are redelivered and runs retried: every step
 * first looks for what an earlier attempt made — the tag, the release, each asset, the
 * deployment — and only makes what is missing, so a crash halfway is finished by the next
 * attempt and a redelivery changes nothing. A tag that exists on another commit is an error:
 * that version is taken.
 */
export async function publishRelease(
  options: PublishReleaseOptions,
): Promise<PublishReleaseResult> {
  const { octokit, owner, repo, sha, tag } = options;
  // Whether this call made anything; false means a redelivery found everything in place.
  let made = await ensureTag(options);

  let release: { id: number; html_url: string; upload_url: string };
  try {
    release = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data;
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
    try {
      release = (
        await octokit.rest.repos.createRelease({
          owner,
          repo,
          tag_name: tag,
          target_commitish: sha,
          name: options.name,
          body: options.notes,
        })
      ).data;
      made = true;
    } catch (createError) {
      // 422 already_exists: a concurrent delivery created it between our lookup and create.
      if (!isHttpStatus(createError, 422)) throw createError;
      release = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data;
    }
  }

  let assets = await listAssets(options, release.id);
  const missing = options.assets.filter(
    (asset) => !assets.some((present) => present.name === asset.name),
  );
  for (const asset of missing) await uploadAsset(options, release.upload_url, asset);
  if (missing.length > 0) {
    assets = await listAssets(options, release.id);
    made = true;
  }

  let deployment: DeploymentResult | null = null;
  if (options.environment !== undefined) {
    deployment = await createDeployment({
      octokit,
      owner,
      repo,
      sha,
      tag,
      environment: options.environment,
      environmentUrl: release.html_url,
    });
    made = made || deployment.action === 'created';
  }

  return {
    action: made ? 'created' : 'existing',
    tag,
    release: { id: release.id, url: release.html_url },
    assets,
    deployment,
  };
}

/** Creates `refs/tags/<tag>` at `sha`; true when created, false when it was already there. */
async function ensureTag(options: PublishReleaseOptions): Promise<boolean> {
  const { octokit, owner, repo, sha, tag } = options;
  const existing = await tagTarget(options);
  if (existing === null) {
    try {
      await octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${tag}`, sha });
      return true;
    } catch (error) {
      // 422 "Reference already exists": a concurrent delivery won; check it tagged our commit.
      if (!isHttpStatus(error, 422)) throw error;
    }
  }
  const target = existing ?? (await tagTarget(options));
  if (target !== sha) {
    throw new InputError(
      `Tag ${tag} already exists on commit ${target ?? 'unknown'}, not on ${sha}; choose another version or delete the tag.`,
    );
  }
  return false;
}

async function tagTarget(options: PublishReleaseOptions): Promise<string | null> {
  const { octokit, owner, repo, tag } = options;
  try {
    const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `tags/${tag}` });
    return await peelTag(options, data.object);
  } catch (error) {
    if (isHttpStatus(error, 404)) return null;
    throw error;
  }
}

async function listAssets(
  context: RepoContext,
  releaseId: number,
): Promise<{ name: string; url: string }[]> {
  const { octokit, owner, repo } = context;
  const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
    owner,
    repo,
    release_id: releaseId,
    per_page: 100,
  });
  return assets.map((asset) => ({ name: asset.name, url: asset.browser_download_url }));
}

/**
 * Uploads to the release's `upload_url` (an RFC 6570 template such as
 * `https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}`): the upload host
 * differs from the API host on github.com and on GHES, so it must not be rebuilt by hand.
 */
async function uploadAsset(
  context: RepoContext,
  uploadUrl: string,
  asset: ReleaseAsset,
): Promise<void> {
  const data = typeof asset.data === 'string' ? new TextEncoder().encode(asset.data) : asset.data;
  try {
    await context.octokit.request({
      method: 'POST',
      url: uploadUrl,
      name: asset.name,
      data,
      headers: { 'content-type': asset.contentType, 'content-length': data.byteLength },
    });
  } catch (error) {
    // 422 already_exists: an earlier attempt uploaded it and the retry plugin sent it again.
    if (!isHttpStatus(error, 422)) throw error;
  }
}
