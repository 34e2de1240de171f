import { CHECK_RUN_NAME } from '../core/constants.ts';
import { compareRunOrder, parseRunOrderKey } from '../core/gate/run-policy.ts';
import type { RepoContext } from './octokit.ts';

/** Title of a gate check that a concurrent writer's newer one replaced. */
export const SUPERSEDED_TITLE = 'Superseded by a newer modelgate / gate check';

/** The fields of a check run that `convergeGateChecks` copies or compares. */
interface CheckFields {
  id: number;
  external_id?: string | null;
  conclusion?: string | null;
  output: { title?: string | null; summary?: string | null; text?: string | null };
  details_url?: string | null;
}

/**
 * After creating the gate check of `headSha`: when a concurrent writer (another replica, the
 * Action) created one too, the commit has two. GitHub cannot delete check runs, and it shows
 * and enforces only the most recent one of a name, so that one is the gate: marking the newer
 * one neutral, as one might for a comment, would pass branch protection. Instead every older
 * one is marked `neutral` with `SUPERSEDED_TITLE` (GitHub ignores it; readers of the API see
 * plainly which one counts), after the creator copied its verdict onto the newest when it
 * judged a newer run. Returns the id of the check that is the gate.
 */
export async function convergeGateChecks(
  options: RepoContext & { headSha: string; appId?: number; created: number },
): Promise<number> {
  const { octokit, owner, repo, headSha, created } = options;
  const runs: CheckFields[] = (
    await octokit.paginate(octokit.rest.checks.listForRef, {
      owner,
      repo,
      ref: headSha,
      check_name: CHECK_RUN_NAME,
      filter: 'all',
      per_page: 100,
      ...(options.appId === undefined ? {} : { app_id: options.appId }),
    })
  ).filter((run) => run.name === CHECK_RUN_NAME && run.head_sha === headSha);
  const newest = runs.reduce<CheckFields | null>(
    (best, run) => (best === null || run.id > best.id ? run : best),
    null,
  );
  const ours = runs.find((run) => run.id === created);
  if (newest === null || ours === undefined) return created;

  const mine = parseRunOrderKey(ours.external_id);
  const theirs = parseRunOrderKey(newest.external_id);
  if (
    newest.id !== created &&
    mine !== null &&
    (theirs === null || compareRunOrder(mine, theirs) > 0)
  ) {
    // Ours judged a newer run than the visible gate: the visible gate takes our verdict.
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: newest.id,
      status: 'completed',
      conclusion: ours.conclusion === 'success' ? 'success' : 'failure',
      external_id: ours.external_id ?? '',
      output: {
        title: ours.output.title ?? '',
        summary: ours.output.summary ?? '',
        ...(ours.output.text ? { text: ours.output.text } : {}),
      },
      ...(ours.details_url ? { details_url: ours.details_url } : {}),
    });
  }
  // Every older one is marked, by whichever writer sees it first (its creator may have looked
  // before the newer one existed); marking twice writes the same thing.
  const older = runs.filter((run) => run.id !== newest.id && run.output.title !== SUPERSEDED_TITLE);
  for (const run of older) {
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      status: 'completed',
      conclusion: 'neutral',
      output: {
        title: SUPERSEDED_TITLE,
        summary: `Two writers created the gate check of this commit at once; check run ${newest.id} is the gate.`,
      },
    });
  }
  return newest.id;
}
