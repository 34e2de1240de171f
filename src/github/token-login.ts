import { isHttpStatus, type OctokitLike } from './octokit.ts';
import { ANY_BOT, type CommentAuthor } from './sticky-comment.ts';

/**
 * Whose comments a token writes, so the tool can recognise its own. A personal token answers
 * `GET /user` with its login. A workflow `GITHUB_TOKEN` and an App installation token (e.g.
 * from actions/create-github-app-token) both get 403 "Resource not accessible by
 * integration" there, yet write as different bots (`github-actions[bot]`, `<slug>[bot]`):
 * guessing one login made the other post a new report on every run, so the answer is
 * "a Bot account", which no human can post as, whose comment carries the Action's writer
 * marker, which the App's does not (see `ANY_BOT`).
 */
export async function tokenCommentAuthor(octokit: OctokitLike): Promise<CommentAuthor> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (isHttpStatus(error, 403, 404)) return ANY_BOT;
    throw error;
  }
}
