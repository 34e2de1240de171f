import { isHttpStatus, type OctokitLike } from './octokit.ts';

/** The account a workflow's `GITHUB_TOKEN` writes as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * Login of the account a token acts as, so the tool can recognise its own comments. A
 * personal token answers `GET /user`; a workflow `GITHUB_TOKEN` (or an installation token)
 * gets 403 "Resource not accessible by integration" there, and its writes appear as
 * `github-actions[bot]`.
 */
export async function tokenLogin(octokit: OctokitLike): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (isHttpStatus(error, 403, 404)) return ACTIONS_BOT_LOGIN;
    throw error;
  }
}
