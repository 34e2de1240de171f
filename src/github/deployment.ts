import { SEND_ONCE, writeLookingFirst } from './lost-answer.ts';
import type { RepoContext } from './octokit.ts';

/** Input of `createDeployment`. */
export interface CreateDeploymentOptions extends RepoContext {
  sha: string;
  /** Release tag; recorded in the deployment payload so deploy workflows know what to ship. */
  tag: string;
  environment: string;
  /** Shown as the environment's link on GitHub (the release page). */
  environmentUrl?: string;
  /**
   * The first status: `success` (the default) when releasing is deploying; `queued` when a
   * deploy workflow ships the release and reports in_progress, then success or failure.
   */
  status?: 'success' | 'queued';
  /**
   * sha256 of each release asset by name, in the payload: a deploy workflow checks what it
   * downloaded against the digests modelgate computed from the bytes it uploaded.
   */
  assets?: Readonly<Record<string, string>>;
}

/** The deployment of a release, and whether this call made it. */
export interface DeploymentResult {
  id: number;
  environment: string;
  action: 'created' | 'existing';
}

/** Task name of modelgate's deployments; deploy workflows can filter on it. */
export const DEPLOYMENT_TASK = 'deploy:model';

/**
 * Creates a deployment of `sha` to `environment` with a first status (`success`, or `queued`
 * for a deploy workflow to move on) — the event that deployment workflows listen to. A
 * deployment of the same tag to the same environment is reused (webhook redelivery), and the
 * first status is only added while the deployment has none: a redelivery must not set it
 * back after a deploy workflow reported progress.
 */
export async function createDeployment(
  options: CreateDeploymentOptions,
): Promise<DeploymentResult> {
  const { octokit, owner, repo, sha, tag, environment } = options;
  // The deployment of this tag, if an earlier attempt (or a lost answer) made it.
  const findPrevious = async (): Promise<number | null> => {
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
      owner,
      repo,
      sha,
      environment,
      task: DEPLOYMENT_TASK,
      per_page: 100,
    });
    return deployments.find((deployment) => payloadTag(deployment.payload) === tag)?.id ?? null;
  };
  const previous = await findPrevious();

  let id: number;
  let action: DeploymentResult['action'];
  if (previous !== null) {
    id = previous;
    action = 'existing';
  } else {
    id = await writeLookingFirst(() => create(), findPrevious);
    action = 'created';
  }

  const state = options.status ?? 'success';
  const hasStatus = async (): Promise<true | null> => {
    const statuses = await octokit.paginate(octokit.rest.repos.listDeploymentStatuses, {
      owner,
      repo,
      deployment_id: id,
      per_page: 100,
    });
    return statuses.length > 0 ? true : null;
  };
  if ((await hasStatus()) === null) {
    await writeLookingFirst(async () => {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state,
        description:
          state === 'success'
            ? `Model ${tag} released`
            : `Model ${tag} released, waiting to deploy`,
        ...(options.environmentUrl === undefined
          ? {}
          : { environment_url: options.environmentUrl }),
        ...SEND_ONCE,
      });
      return true;
    }, hasStatus);
    action = 'created';
  }
  return { id, environment, action };

  async function create(): Promise<number> {
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: sha,
      task: DEPLOYMENT_TASK,
      environment,
      description: `Model ${tag}`,
      payload: { tag, ...(options.assets === undefined ? {} : { assets: options.assets }) },
      // The gate already ran on this commit; other required contexts must not block the
      // deployment record, and merging the default branch into the ref is not wanted.
      auto_merge: false,
      required_contexts: [],
      production_environment: environment === 'production',
      ...SEND_ONCE,
    });
    if (!('id' in data))
      throw new Error(`GitHub did not create the deployment of ${tag}: ${data.message ?? ''}`);
    return data.id;
  }
}

/** The tag recorded in a deployment payload, which GitHub returns as an object or a string. */
function payloadTag(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    'tag' in value &&
    typeof value.tag === 'string'
  ) {
    return value.tag;
  }
  return undefined;
}
