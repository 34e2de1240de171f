import type { ReleaseAsset } from '../core/release/release-assets.ts';
import type { DeploymentFirstStatus } from '../flows/ports.ts';
import { InputError } from '../core/errors.ts';
import { sha256Hex } from './asset-digest.ts';
import { createDeployment, type DeploymentResult } from './deployment.ts';
import { SEND_ONCE, answerMayBeLost, writeLookingFirst } from './lost-answer.ts';
import { backoff, isHttpStatus, type RepoContext } from './octokit.ts';
import {
  firstReleased,
  peelTag,
  readReleaseTags,
  releaseTagAmong,
  type ReleaseTag,
} from './release-lookup.ts';

export type { ReleaseAsset } from '../core/release/release-assets.ts';

/**
 * Attempts at tagging a release before giving up. Each lost attempt means another commit was
 * released in between; five in a row would take five releases landing within seconds.
 */
export const MAX_TAG_ATTEMPTS = 5;

/** The version a release takes; null when the commit is not to be released (release:skip). */
export type ChooseVersion = (latest: ReleaseTag | null) => { tag: string; reason: string } | null;

/** Input of `claimReleaseTag`. */
export interface ClaimReleaseTagOptions extends RepoContext {
  /** The commit to release. */
  sha: string;
  /** Tag prefix from config `release.tag_prefix`. */
  prefix: string;
  /** Picks the next version from the newest release tag present when the attempt starts. */
  choose: ChooseVersion;
}

/** The tag `claimReleaseTag` put (or found) on the commit. */
export interface ClaimedReleaseTag {
  tag: string;
  reason: string;
  /**
   * True for exactly one claimer of a commit: the one that publishes the release. False when
   * the commit already carried a release tag, or a concurrent delivery for the same commit
   * tagged it first; that delivery publishes, and this one must not (two publishers would race
   * to create the deployment, and deployments are not unique on GitHub's side).
   */
  created: boolean;
}

/**
 * Tags `sha` with the next release version, once per commit however many deliveries race.
 *
 * Different commits: two releases computed at once (the App on two replicas, or the App and a
 * runner) see the same newest tag and pick the same version; only one `createRef` wins, and
 * the loser lists the tags again and picks the version after the winner's.
 *
 * The same commit (a redelivery, a re-run, the Action and the App): each attempt first looks
 * for a release tag already on `sha`, in the same listing that gives the newest version, and
 * returns it uncreated (`releaseTagAmong`: one with a release, else the lowest). Two claimers
 * can still both tag the commit, with different versions, when each listed before the other's
 * tag existed; so after tagging, a claimer lists the commit's tags once more (`settleClaim`):
 * - a lower release tag on the commit: it deletes its own and returns that one uncreated;
 * - else a higher one that has a GitHub release (its claimer published): likewise;
 * - else its tag wins: `created: true`, and it publishes.
 *
 * At least one claimer publishes. A claimer gives way only to a lower tag or to a released
 * one. Unless some claimer published, every claimer that gave way did so for a lower tag;
 * the lowest tag ever put on the commit had none below it, so its claimer did not give way,
 * and published. (Giving way to a tag found at the start of an attempt is the same: the
 * lowest tag's claimer, or one that published.) No waiting is involved, so a slow claimer
 * cannot make the others give up.
 *
 * Both can publish in one narrow window: the higher claimer H saw no lower tag, decided it
 * won and has not created its release yet, while the lower claimer L tags the commit and
 * sees H's tag without a release. L chose a lower version only because it read an older
 * newest tag than H (a release of another commit landed between their listings), so this
 * needs that release in the middle of two deliveries of one commit; then the commit gets two
 * releases rather than none. Null when `choose` says the commit is not released.
 */
export async function claimReleaseTag(
  options: ClaimReleaseTagOptions,
): Promise<ClaimedReleaseTag | null> {
  const { octokit, owner, repo, sha, prefix } = options;
  const taken: string[] = [];
  for (let attempt = 0; ; attempt += 1) {
    // The look after the last attempt is only for a concurrent claimer's tag: no wait.
    if (attempt > 0 && attempt < MAX_TAG_ATTEMPTS) await backoff(attempt);
    const { newest, onCommit } = await readReleaseTags({ octokit, owner, repo, prefix, sha });
    const released = await releaseTagAmong(options, onCommit);
    if (released !== null) return alreadyReleased(released.tag);
    if (attempt === MAX_TAG_ATTEMPTS) break;
    const next = options.choose(newest);
    if (next === null) return null;
    try {
      await octokit.rest.git.createRef({
        owner,
        repo,
        ref: `refs/tags/${next.tag}`,
        sha,
        ...SEND_ONCE,
      });
    } catch (error) {
      const lost = answerMayBeLost(error);
      // 422 is also GitHub's answer to a bad sha; only a tag that now exists means a race.
      if (!lost && !isHttpStatus(error, 422)) throw error;
      const target = await tagTarget({ octokit, owner, repo, tag: next.tag });
      if (target === null) {
        if (!lost) throw error;
        taken.push(`${next.tag} (no answer from GitHub, and no tag)`);
        continue;
      }
      if (target !== sha) {
        taken.push(`${next.tag} (on ${target.slice(0, 7)})`);
        continue;
      }
      // Sent once (no retry behind our back), a 422 means someone else tagged the commit
      // first; a lost answer with the tag on our commit means our write went through. (Were
      // it a concurrent claimer's of the same version at that very moment, it got our 422
      // and gives way, so still exactly one claimer goes on to publish.)
      if (!lost) return { ...next, created: false };
    }
    const winner = await settleClaim(options, next.tag);
    if (winner === next.tag) return { ...next, created: true };
    if (winner !== null) return alreadyReleased(winner);
    taken.push(`${next.tag} (gone from this commit after tagging it)`);
  }
  throw new Error(
    `Could not tag ${sha} for release: other commits took every version it tried (${taken.join(', ')}); re-run the release once the other releases have finished.`,
  );
}

function alreadyReleased(tag: string): ClaimedReleaseTag {
  return { tag, reason: `${tag} already tags this commit`, created: false };
}

/**
 * Decides, after `ours` was created on the commit, which claimer of the commit releases it
 * (the rule is in `claimReleaseTag`): `ours`, or the tag of a concurrent claimer this one
 * gives way to (ours is then deleted), or null when ours is no longer on the commit (deleted
 * by hand) and the claimer must look again from the start.
 */
async function settleClaim(options: ClaimReleaseTagOptions, ours: string): Promise<string | null> {
  const { octokit, owner, repo, sha, prefix } = options;
  const { onCommit } = await readReleaseTags({ octokit, owner, repo, prefix, sha });
  const index = onCommit.findIndex((tag) => tag.tag === ours);
  if (index === -1) return null;
  // A lower tag first: its claimer keeps it unless a higher tag has a release.
  const winner = index > 0 ? onCommit[0] : await firstReleased(options, onCommit.slice(index + 1));
  if (winner === null || winner === undefined) return ours;
  await deleteTag(options, ours);
  return winner.tag;
}

/** Deletes `refs/tags/<tag>`; one that is already gone is not an error. */
async function deleteTag(context: RepoContext, tag: string): Promise<void> {
  const { octokit, owner, repo } = context;
  try {
    await octokit.rest.git.deleteRef({ owner, repo, ref: `tags/${tag}` });
  } catch (error) {
    // GitHub answers 422 "Reference does not exist" for a ref that is gone.
    if (!isHttpStatus(error, 404, 422)) throw error;
  }
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
  /** The deployment's first status (`release.deployment_status`); `success` when omitted. */
  deploymentStatus?: DeploymentFirstStatus;
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
 * that version is taken (`claimReleaseTag` picks a version that is not, before this is called).
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
      release = await writeLookingFirst(
        async () =>
          (
            await octokit.rest.repos.createRelease({
              owner,
              repo,
              tag_name: tag,
              target_commitish: sha,
              name: options.name,
              body: options.notes,
              ...SEND_ONCE,
            })
          ).data,
        () => findRelease(options),
      );
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
      ...(options.deploymentStatus === undefined ? {} : { status: options.deploymentStatus }),
      assets: Object.fromEntries(
        options.assets.map((asset) => [asset.name, sha256Hex(asset.data)]),
      ),
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

/** The release of `tag`, or null when there is none. */
async function findRelease(
  options: RepoContext & { tag: string },
): Promise<{ id: number; html_url: string; upload_url: string } | null> {
  const { octokit, owner, repo, tag } = options;
  try {
    return (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data;
  } catch (error) {
    if (isHttpStatus(error, 404)) return null;
    throw error;
  }
}

/** Creates `refs/tags/<tag>` at `sha`; true when created, false when it was already there. */
async function ensureTag(options: PublishReleaseOptions): Promise<boolean> {
  const { octokit, owner, repo, sha, tag } = options;
  const existing = await tagTarget(options);
  if (existing === null) {
    try {
      return await writeLookingFirst(
        async () => {
          await octokit.rest.git.createRef({
            owner,
            repo,
            ref: `refs/tags/${tag}`,
            sha,
            ...SEND_ONCE,
          });
          return true;
        },
        async () => ((await tagTarget(options)) === sha ? true : null),
      );
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

/** The commit `tag` points to, or null when there is no such tag. */
async function tagTarget(options: RepoContext & { tag: string }): Promise<string | null> {
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
