/**
 * Git object formats the sandbox reads and writes: commit and tag headers, identities, tree
 * listings, and `cat-file --batch` output. Pure parsing, no processes.
 */

/** A file to write in a commit; `null` deletes the path. */
export type FileChange = string | Uint8Array | null;

/** Author or committer of a commit, as git stores it. */
export interface GitIdentity {
  name: string;
  email: string;
  /** ISO 8601 */
  date: string;
}

/** A parsed commit object. */
export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}

/** A parsed annotated tag object. */
export interface GitTag {
  sha: string;
  object: string;
  type: string;
  tag: string;
  tagger: GitIdentity;
  message: string;
}

/** One entry of a tree listing. */
export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size: number;
  path: string;
}

export function parseIdentity(line: string): GitIdentity {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match) throw new Error(`Unparseable git identity line: ${line}`);
  const [, name = '', email = '', seconds = '0'] = match;
  return {
    name,
    email,
    date: new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

export function formatIdentity(identity: GitIdentity): string {
  const seconds = Math.floor(Date.parse(identity.date) / 1000);
  return `${identity.name} <${identity.email}> ${seconds} +0000`;
}

/** Splits a raw commit or tag object into its header fields and message. */
export function parseObject(raw: string): { headers: Map<string, string[]>; message: string } {
  const split = raw.indexOf('\n\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const message = split === -1 ? '' : raw.slice(split + 2);
  const headers = new Map<string, string[]>();
  for (const line of head.split('\n')) {
    // Continuation lines (gpgsig) start with a space and are not needed here.
    if (line.startsWith(' ')) continue;
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    headers.set(key, [...(headers.get(key) ?? []), line.slice(space + 1)]);
  }
  return { headers, message };
}

/** Parses a commit object's text. */
export function parseCommit(sha: string, raw: string): GitCommit {
  const { headers, message } = parseObject(raw);
  return {
    sha,
    tree: headers.get('tree')?.[0] ?? '',
    parents: headers.get('parent') ?? [],
    author: parseIdentity(headers.get('author')?.[0] ?? ''),
    committer: parseIdentity(headers.get('committer')?.[0] ?? ''),
    message,
  };
}

/** Splits `git cat-file --batch` output into objects (`<sha> <type> <size>\n<content>\n`). */
export function parseBatch(out: Buffer): { sha: string; type: string; content: Buffer }[] {
  const objects: { sha: string; type: string; content: Buffer }[] = [];
  let offset = 0;
  while (offset < out.length) {
    const newline = out.indexOf(10, offset);
    if (newline === -1) break;
    const header = out.subarray(offset, newline).toString('utf8');
    const [sha = '', type = '', size = ''] = header.split(' ');
    if (type === 'missing') throw new Error(`git object ${sha} is missing`);
    const length = Number(size);
    objects.push({ sha, type, content: out.subarray(newline + 1, newline + 1 + length) });
    offset = newline + 1 + length + 1;
  }
  return objects;
}

/** Parses `ls-tree -l -z` output. */
export function parseTreeListing(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', sha = '', size = '-'] = record.slice(0, tab).split(/\s+/);
    if (type !== 'blob' && type !== 'tree' && type !== 'commit') continue;
    entries.push({
      mode,
      type,
      sha,
      size: size === '-' ? 0 : Number(size),
      path: record.slice(tab + 1),
    });
  }
  return entries;
}
