import { getOctokit } from '@actions/github';
import { InputError } from '../core/errors.ts';

/** The Octokit the Action hands to `src/github` and `src/history` (REST methods under `.rest`). */
export type ActionOctokit = ReturnType<typeof getOctokit>;

/**
 * An Octokit for `token` against `apiUrl` (`GITHUB_API_URL`, which is GitHub Enterprise's
 * `/api/v3` URL there). The base URL is passed explicitly rather than left to
 * `@actions/github`, which reads the variable once at import. Node's global `fetch` replaces
 * the copy bundled into `@actions/github`, so proxies and test servers see ordinary requests.
 */
export function createOctokit(token: string, apiUrl: string): ActionOctokit {
  return getOctokit(token, { baseUrl: apiUrl, request: { fetch: globalThis.fetch } });
}

/**
 * The Octokit for a mode that cannot work without the API (`report`, `release`, `monitor`).
 * The workflow's default `${{ github.token }}` is enough; an empty `token` input is the only
 * way to get here without one.
 */
export function requireOctokit(
  inputs: { token: string | undefined },
  context: { apiUrl: string },
  mode: string,
): ActionOctokit {
  if (inputs.token === undefined) {
    throw new InputError(
      `'${mode}' mode talks to the GitHub API but the 'token' input is empty: remove the override so the default \${{ github.token }} applies, or pass a token.`,
    );
  }
  return createOctokit(inputs.token, context.apiUrl);
}
