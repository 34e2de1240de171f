import { isHttpStatus, type RepoContext } from './octokit.ts';

/** Colour and description for labels modelgate creates when the repository lacks them. */
const LABEL_STYLE = { color: 'd93f0b', description: 'Opened by modelgate' };

/**
 * Makes sure every label exists, creating missing ones. Creating is done explicitly, with a
 * colour and description, rather than relying on GitHub's implicit creation of unknown labels.
 */
export async function ensureLabels(context: RepoContext, names: readonly string[]): Promise<void> {
  const { octokit, owner, repo } = context;
  if (names.length === 0) return;
  const existing = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, {
    owner,
    repo,
    per_page: 100,
  });
  // GitHub compares label names case-insensitively.
  const present = new Set(existing.map((label) => label.name.toLowerCase()));
  for (const name of new Set(names)) {
    if (present.has(name.toLowerCase())) continue;
    try {
      await octokit.rest.issues.createLabel({ owner, repo, name, ...LABEL_STYLE });
    } catch (error) {
      // 422 already_exists: another run created it in between.
      if (!isHttpStatus(error, 422)) throw error;
    }
  }
}
