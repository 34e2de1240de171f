import { parseSlashCommand } from '../core/commands.ts';
import type { OverrideRecord } from '../core/records/override-record.ts';
import { overrideRecordBody } from '../core/records/override-record.ts';
import { judgePullRequest, type JudgeOutcome } from './judge-pull-request.ts';
import type { FlowPort } from './ports.ts';

/** A pull request comment that may carry `/modelgate ...`. */
export interface CommandComment {
  pullNumber: number;
  id: number;
  body: string;
  author: string | null;
  /** `Bot` for bots: bots never carry commands (the writer's own replies included). */
  authorType: string | null;
  createdAt: string;
}

/** The command comment of an `issue_comment` payload, as both faces receive it. */
export function commandComment(payload: {
  issue: { number: number };
  comment: {
    id: number;
    body: string;
    created_at: string;
    user: { login: string; type?: string | undefined } | null;
  };
}): CommandComment {
  const { issue, comment } = payload;
  return {
    pullNumber: issue.number,
    id: comment.id,
    body: comment.body,
    author: comment.user?.login ?? null,
    authorType: comment.user?.type ?? null,
    createdAt: comment.created_at,
  };
}

/**
 * How often someone without write access may ask for a rerun of one pull request. A rerun
 * only recomputes from trusted inputs, but each costs GitHub calls; a stranger's comment
 * storm must not queue a hundred of them.
 */
export interface RerunLimiter {
  /**
   * Takes one rerun for `key`: `allowed`, or `limited` the first time its allowance is spent
   * in a window (answered once), then `dropped` (not answered, not queued).
   */
  take(key: string): Promise<'allowed' | 'limited' | 'dropped'>;
}

/** What a command came to. */
export type CommandOutcome =
  | { kind: 'none' }
  | { kind: 'replied'; reason: string }
  | { kind: 'judged'; outcome: JudgeOutcome; override: OverrideRecord | null };

const REPLY_MARKER = (id: number): string => `<!-- modelgate:reply-to ${id} -->`;

/**
 * `/modelgate rerun` and `/modelgate override <reason>`, for the App and the Action alike.
 * A command is answered once, whatever the number of deliveries: its answer (a reply or the
 * override record) names the comment it answers, and is looked for first. An override needs
 * write access at the time it is applied, and binds to the head that was current when it
 * was written: one written before the head was pushed is refused, never moved to a commit
 * its author has not seen.
 */
export async function applyCommand(
  port: FlowPort,
  comment: CommandComment,
  limiter?: RerunLimiter,
): Promise<CommandOutcome> {
  if (comment.author === null || comment.authorType === 'Bot') return { kind: 'none' };
  const command = parseSlashCommand(comment.body);
  if (command === null) return { kind: 'none' };
  const thread = await port.readThread(comment.pullNumber);
  if (thread.answered.has(comment.id)) return { kind: 'replied', reason: 'already answered' };
  const login = comment.author;
  const reply = async (text: string): Promise<CommandOutcome> => {
    await port.comment(comment.pullNumber, `@${login} ${text}\n\n${REPLY_MARKER(comment.id)}`);
    return { kind: 'replied', reason: text };
  };

  if (command.kind === 'invalid') return reply(command.message);
  const pull = await port.getPullRequest(comment.pullNumber);
  if (pull.state !== 'open')
    return reply(
      `This pull request is closed; there is no gate to ${command.kind === 'rerun' ? 're-run' : 'override'}.`,
    );
  const writer = await port.hasWriteAccess(login);

  if (command.kind === 'rerun') {
    const allowance =
      writer || limiter === undefined ? 'allowed' : await limiter.take(`#${pull.number}`);
    if (allowance === 'dropped') return { kind: 'replied', reason: 'rerun limit' };
    if (allowance === 'limited')
      return reply(
        'The gate of this pull request was re-run several times in the last minutes; please wait a little, or ask a maintainer.',
      );
    return {
      kind: 'judged',
      outcome: await judgePullRequest(port, { pull, thread }),
      override: null,
    };
  }

  if (!writer)
    return reply(
      `Thanks for the suggestion — only people with write access to ${port.fullName} can override the modelgate gate. A maintainer can do it with \`/modelgate override <reason>\`.`,
    );
  const runs = await port.runsOfCommit(pull.headSha);
  const pushedAfter = runs.some((run) => Date.parse(run.createdAt) > Date.parse(comment.createdAt));
  if (pushedAfter)
    return reply(
      `Commit \`${pull.headSha.slice(0, 7)}\` was pushed after this comment was written, so the override was not applied to it. Comment \`/modelgate override <reason>\` again to pass this commit.`,
    );
  const record: OverrideRecord = {
    sha: pull.headSha,
    by: login,
    reason: command.reason,
    at: port.now().toISOString(),
    comment: comment.id,
  };
  // Applied only once it is on record: an override nobody can read back would pass this
  // verdict and vanish from the next one.
  if (!(await port.comment(pull.number, overrideRecordBody(record))))
    return { kind: 'replied', reason: 'the override could not be recorded' };
  // Listed again: another replica may have answered this very command meanwhile, neither
  // seeing the other's record. The later writer's look sees both; the newer copy goes, so
  // one command leaves one record whichever replica wrote last.
  const after = await port.readThread(pull.number);
  if (after.duplicateAnswers.length > 0) await port.deleteComments(after.duplicateAnswers);
  // A list that lags behind the write still judges with the record just written.
  const judged = after.answered.has(comment.id)
    ? after
    : { ...after, overrides: [...after.overrides, record] };
  const outcome = await judgePullRequest(port, { pull, thread: judged });
  return { kind: 'judged', outcome, override: record };
}

/**
 * A `RerunLimiter` within one process: `limit` reruns per key per `windowMs`. Several
 * replicas each keep their own (Redis shares one when configured).
 */
export function memoryRerunLimiter(
  limit = 3,
  windowMs = 10 * 60_000,
  now = Date.now,
): RerunLimiter {
  const taken = new Map<string, { times: number[]; answered: boolean }>();
  return {
    take(key) {
      const since = now() - windowMs;
      const entry = taken.get(key) ?? { times: [], answered: false };
      entry.times = entry.times.filter((time) => time > since);
      if (entry.times.length === 0) entry.answered = false;
      taken.set(key, entry);
      if (entry.times.length < limit) {
        entry.times.push(now());
        return Promise.resolve('allowed');
      }
      if (entry.answered) return Promise.resolve('dropped');
      entry.answered = true;
      return Promise.resolve('limited');
    },
  };
}
