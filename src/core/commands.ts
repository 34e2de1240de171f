import { Lexer, type Token } from 'marked';

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
 * Finds the first command in a comment and parses it. Returns null when the comment holds no
 * command, so ordinary discussion is ignored. The comment is read as GitHub renders it
 * (markdown, with the `marked` lexer): only a line of a top-level plain paragraph that starts
 * with `/modelgate` is a command. Code (fenced or indented), block quotes, list items, HTML
 * blocks and HTML comments are skipped: quoting someone's override in a reply, showing how to
 * use the command, or hiding one where the reader cannot see it must not run it.
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

/** GitHub refuses longer comment bodies; a longer one is not GitHub's, and is not lexed whole. */
const MAX_COMMENT_LENGTH = 65_536;

function commandLine(body: string): string | undefined {
  const blocks = Lexer.lex(body.slice(0, MAX_COMMENT_LENGTH), { gfm: true });
  for (const block of blocks) {
    if (block.type !== 'paragraph') continue;
    const tokens: readonly Token[] = block.tokens ?? [];
    const source = tokens
      .map((token) => token.raw)
      .join('')
      .split('\n');
    const visible = tokens.map(visibleRaw).join('').split('\n');
    // `visible` keeps every newline, so its lines line up with the source's.
    const index = visible.findIndex((line) => /^\/modelgate(\s|$)/i.test(line.trim()));
    if (index !== -1) return source[index]?.trim();
  }
  return undefined;
}

/**
 * A token's source with inline code and inline HTML (comments too) masked character for
 * character, newlines kept: a line they hide is no command, yet the command line itself is
 * returned as written.
 */
function visibleRaw(token: Token): string {
  return token.type === 'codespan' || token.type === 'html'
    ? token.raw.replace(/[^\n]/g, '\uFFFC')
    : token.raw;
}

/** The verb is echoed back in a reply; keep it to a short run of safe characters. */
function sanitizeVerb(verb: string): string {
  return verb.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
}
