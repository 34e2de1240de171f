/** Slash commands a pull request comment can carry (DESIGN.md §6). */
export type SlashCommand =
  | { kind: 'rerun' }
  | { kind: 'override'; reason: string }
  /** A `/modelgate` line that is not a valid command; `message` says what was expected. */
  | { kind: 'invalid'; message: string };

/** Longest override reason kept; the reason is shown in the comment and the check summary. */
export const MAX_OVERRIDE_REASON = 500;

const USAGE = 'Commands: `/modelgate rerun` or `/modelgate override <reason>`.';

/**
 * Finds the first line of a comment that starts with `/modelgate` and parses it. Returns null
 * when the comment holds no command, so ordinary discussion is ignored. Quoted lines (`> `)
 * and fenced code blocks are skipped: quoting someone's override in a reply, or showing how to
 * use the command, must not run it again.
 */
export function parseSlashCommand(body: string): SlashCommand | null {
  const line = commandLine(body);
  if (line === undefined) return null;
  const [, verb = '', rest = ''] = /^\/modelgate\s*(\S*)\s*(.*)$/i.exec(line) ?? [];
  switch (verb.toLowerCase()) {
    case 'rerun':
      return { kind: 'rerun' };
    case 'override': {
      const reason = rest.trim();
      if (reason === '') {
        return {
          kind: 'invalid',
          message:
            'An override needs a reason: `/modelgate override <why this change may merge anyway>`.',
        };
      }
      if (reason.length > MAX_OVERRIDE_REASON) {
        return {
          kind: 'invalid',
          message: `The override reason is ${reason.length} characters long; keep it to ${MAX_OVERRIDE_REASON}.`,
        };
      }
      return { kind: 'override', reason };
    }
    case '':
      return { kind: 'invalid', message: `\`/modelgate\` needs a command. ${USAGE}` };
    default:
      return {
        kind: 'invalid',
        message: `\`/modelgate ${sanitizeVerb(verb)}\` is not a command. ${USAGE}`,
      };
  }
}

function commandLine(body: string): string | undefined {
  let inFence = false;
  for (const raw of body.split(/\r?\n/)) {
    const text = raw.trim();
    if (/^(```|~~~)/.test(text)) inFence = !inFence;
    else if (!inFence && /^\/modelgate(\s|$)/i.test(text)) return text;
  }
  return undefined;
}

/** The verb is echoed back in a reply; keep it to a short run of safe characters. */
function sanitizeVerb(verb: string): string {
  return verb.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
}
