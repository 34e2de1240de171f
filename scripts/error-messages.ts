/**
 * Generates docs/error-messages.md: every message of a user's mistake (`new InputError(…)`)
 * in src/, read from the sources with the TypeScript parser, so the troubleshooting docs list
 * them all and cannot fall behind the code.
 *
 *   npm run docs:errors            rewrite docs/error-messages.md
 *   npm run docs:errors -- --check exit 1 when it is stale (CI)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { writeFileAtomic } from '../src/data/atomic-write.ts';

/** One message as a reader sees it: literal text, `…` where a value is filled in. */
export interface ErrorMessage {
  /** Path under src/, e.g. `data/read-table.ts`. */
  readonly file: string;
  readonly text: string;
}

/** Where the messages of a folder come from, as a user meets them; the order of the page. */
const AREAS: readonly { readonly prefix: string; readonly title: string }[] = [
  { prefix: 'core/config/', title: 'The config file' },
  { prefix: 'data/', title: 'Data files' },
  { prefix: 'train/', title: 'Training and saved models' },
  { prefix: 'core/metrics/', title: 'Metrics and predictions' },
  { prefix: 'core/significance/', title: 'Metrics and predictions' },
  { prefix: 'core/gate/', title: 'Comparing runs' },
  { prefix: 'core/drift/', title: 'Drift and profiles' },
  { prefix: 'cli/', title: 'The CLI: flags and files' },
  { prefix: 'action/', title: 'The Action: inputs and events' },
  { prefix: 'app/', title: 'The App: environment' },
  { prefix: 'github/', title: 'Artifacts and GitHub data (App and Action)' },
  { prefix: 'history/', title: 'Artifacts and GitHub data (App and Action)' },
  { prefix: '', title: 'Other' },
];

/** The message text of an expression: literals kept, anything computed shown as `…`. */
function messageText(node: ts.Expression): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join('');
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return messageText(node.left) + messageText(node.right);
  }
  if (ts.isParenthesizedExpression(node)) return messageText(node.expression);
  return '…';
}

/** Messages of one source file, in source order. */
export function messagesOf(file: string, source: string): ErrorMessage[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: ErrorMessage[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'InputError' &&
      node.arguments?.[0] !== undefined
    ) {
      // Runs of "…" from nested values read as one gap.
      const text = messageText(node.arguments[0])
        .replace(/(…\s*)+…/g, '…')
        .replace(/\s+/g, ' ');
      // A message built elsewhere and passed in whole (`new InputError(message)`) has no text
      // of its own here; the function that builds it is listed where it throws, or in
      // troubleshooting.md (the config schema's messages).
      const trimmed = text.trim();
      if (/\p{L}{2}/u.test(trimmed) && !found.some((m) => m.text === trimmed))
        found.push({ file, text: trimmed });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Every InputError message under `srcDir`, by file path. */
export async function collectMessages(srcDir: string): Promise<ErrorMessage[]> {
  const entries = await readdir(srcDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const messages: ErrorMessage[] = [];
  for (const path of files) {
    const file = relative(srcDir, path).split('\\').join('/');
    // The sandbox is the demo's and the tests' stand-in for GitHub, not something users run into.
    if (file.startsWith('sandbox/')) continue;
    messages.push(...messagesOf(file, await readFile(path, 'utf8')));
  }
  return messages;
}

/**
 * A message as markdown text: its own code spans kept, elsewhere the characters markdown
 * would read as emphasis, links or HTML escaped.
 */
function markdownText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/[\\*_[\]<>#|]/g, (char) => `\\${char}`),
    )
    .join('');
}

/** The page: one list per area, each message with the file that says it. */
export function renderMessagesPage(messages: readonly ErrorMessage[]): string {
  const byArea = new Map<string, ErrorMessage[]>();
  for (const message of messages) {
    const area = AREAS.find((candidate) => message.file.startsWith(candidate.prefix));
    const title = area?.title ?? 'Other';
    byArea.set(title, [...(byArea.get(title) ?? []), message]);
  }
  const titles = [...new Set(AREAS.map((area) => area.title))].filter((t) => byArea.has(t));
  const lines = [
    '# Every error message',
    '',
    '<!-- Generated by `npm run docs:errors` from the sources; do not edit by hand. -->',
    '',
    `Each message a mistake in the input can cause (${messages.length} in all), as modelgate`,
    'prints it: one sentence saying what was wrong and what was expected, `…` standing for the',
    'file, key or value it names. The CLI prints it on stderr and exits 2; the Action fails the',
    "step with it; the App puts it in the pull request's check. The most common ones, with",
    'their causes and fixes, are in [troubleshooting](troubleshooting.md).',
  ];
  for (const title of titles) {
    const list = byArea.get(title) ?? [];
    lines.push('', `## ${title}`, '');
    for (const message of list) {
      lines.push(`- ${markdownText(message.text)} (\`src/${message.file}\`)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** docs/error-messages.md as it should read for the sources under `root`, Prettier-formatted. */
export async function messagesPage(root: string): Promise<string> {
  const target = join(root, 'docs', 'error-messages.md');
  return prettier.format(renderMessagesPage(await collectMessages(join(root, 'src'))), {
    ...((await prettier.resolveConfig(target)) ?? {}),
    parser: 'markdown',
  });
}

async function run(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(
      `error-messages: unknown argument ${unknown[0]}; expected only --check.\n`,
    );
    return 2;
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const target = join(root, 'docs', 'error-messages.md');
  const page = await messagesPage(root);
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === page) {
    process.stdout.write('docs/error-messages.md is up to date.\n');
    return 0;
  }
  if (argv.includes('--check')) {
    process.stderr.write(
      'docs/error-messages.md does not list the messages in src/; run `npm run docs:errors`.\n',
    );
    return 1;
  }
  await writeFileAtomic(target, page);
  process.stdout.write('docs/error-messages.md updated.\n');
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await run(process.argv.slice(2));
}
