import { getOctokit } from '@actions/github';

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
