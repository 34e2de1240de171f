import { CHECK_RUN_NAME } from '../core/constants.ts';
import type { GateCheck } from '../flows/ports.ts';
import { convergeGateChecks } from './gate-check-convergence.ts';
import { SEND_ONCE, writeLookingFirst } from './lost-answer.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';

/** GitHub rejects a check run whose `output.summary` or `output.text` exceeds 65535 characters. */
export const CHECK_OUTPUT_LIMIT = 65_535;

/** Input of `publishGateCheck`. */
export interface PublishGateCheckOptions extends RepoContext {
  /** The pull request head commit the gate is about. */
  headSha: string;
  conclusion: 'success' | 'failure';
  title: string;
  /** Markdown; truncated with a note when longer than GitHub allows. */
  summary: string;
  /** Optional markdown shown below the summary. */
  text?: string;
  /** Link from the check to where the details live (the sticky comment, the run). */
  detailsUrl?: string;
  /** Only reuse check runs created by this GitHub App (Probot knows its own id). */
  appId?: number;
  /** Which run the verdict judged (`run:<id>:<attempt>`), so a later one can tell it is newer. */
  externalId?: string;
  /** The check as the caller already found it (null: none), so the checks are listed once. */
  existing?: { id: number } | null;
}

/** The gate check run, and whether it was created or updated. */
export interface PublishGateCheckResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/** Cuts `text` to `limit` characters, saying so at the end instead of failing the request. */
export function truncateOutput(text: string, limit = CHECK_OUTPUT_LIMIT): string {
  if (text.length <= limit) return text;
  const note = (omitted: number): string =>
    `\n\n… truncated: ${omitted} more characters did not fit GitHub's ${limit}-character limit.`;
  // The note for the whole length is at least as long as the final one, so the result fits.
  const room = limit - note(text.length).length;
  return `${text.slice(0, room)}${note(text.length - room)}`;
}

/**
 * The newest `modelgate / gate` check run on a commit, over all pages — by `appId`'s App
 * when given, since another App's check of the same name is not ours — or null.
 */
export async function findGateCheck(
  options: RepoContext & { headSha: string; appId?: number },
): Promise<GateCheck | null> {
  const { octokit, owner, repo, headSha, appId } = options;
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner,
    repo,
    ref: headSha,
    check_name: CHECK_RUN_NAME,
    filter: 'all',
    per_page: 100,
    ...(appId === undefined ? {} : { app_id: appId }),
  });
  const ours = runs
    .filter((run) => run.name === CHECK_RUN_NAME && run.head_sha === headSha)
    .sort((a, b) => b.id - a.id)[0];
  if (ours === undefined) return null;
  return {
    id: ours.id,
    url: ours.html_url ?? ours.url,
    conclusion: ours.status === 'completed' ? (ours.conclusion ?? null) : null,
    title: ours.output.title ?? null,
    summary: ours.output.summary ?? null,
    externalId: ours.external_id ?? null,
  };
}

/**
 * Publishes the gate for a head commit as the completed check run `modelgate / gate`. One gate
 * per head commit: an existing run of that name on the commit is updated (a rerun, an
 * override, a redelivered webhook) rather than a second one created. Branch protection reads
 * the conclusion.
 */
export async function publishGateCheck(
  options: PublishGateCheckOptions,
): Promise<PublishGateCheckResult> {
  const { octokit, owner, repo, headSha, conclusion, detailsUrl } = options;
  const output = {
    title: options.title.slice(0, 1000),
    summary: truncateOutput(options.summary),
    ...(options.text === undefined ? {} : { text: truncateOutput(options.text) }),
  };
  const fields = {
    status: 'completed' as const,
    conclusion,
    completed_at: new Date().toISOString(),
    output,
    ...(detailsUrl === undefined ? {} : { details_url: detailsUrl }),
    ...(options.externalId === undefined ? {} : { external_id: options.externalId }),
  };

  const existing = options.existing === undefined ? await findGateCheck(options) : options.existing;
  if (existing !== null) {
    try {
      const { data } = await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: existing.id,
        ...fields,
      });
      return { id: data.id, url: data.html_url ?? data.url, action: 'updated' };
    } catch (error) {
      // A run of the same name made by another app (e.g. an earlier workflow token) cannot be
      // edited by us; fall through and create our own.
      if (!isHttpStatus(error, 403, 404)) throw error;
    }
  }
  // A check run that appeared since the lookup is the one a lost answer made.
  const made = async (): Promise<{ id: number; url: string } | null> => {
    const found = await findGateCheck(options);
    return found === null || found.id === existing?.id ? null : found;
  };
  const created = await writeLookingFirst(async () => {
    const { data } = await octokit.rest.checks.create({
      owner,
      repo,
      name: CHECK_RUN_NAME,
      head_sha: headSha,
      ...fields,
      ...SEND_ONCE,
    });
    return { id: data.id, url: data.html_url ?? data.url };
  }, made);
  // A concurrent writer may have created one too; the newest is the gate (see the function).
  const gate = await convergeGateChecks({ ...options, created: created.id });
  if (gate !== created.id) {
    const visible = await findGateCheck(options);
    if (visible !== null) return { ...visible, action: 'created' };
  }
  return { ...created, action: 'created' };
}
