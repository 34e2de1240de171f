import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GitMemo } from './git-memo.ts';
import { runGit, type RunOptions, type RunResult } from './git-process.ts';
import {
  formatIdentity,
  parseBatch,
  parseCommit,
  parseIdentity,
  parseObject,
  parseTreeListing,
  type FileChange,
  type GitCommit,
  type GitIdentity,
  type GitTag,
  type TreeEntry,
} from './git-objects.ts';

export type { FileChange, GitCommit, GitIdentity, GitTag, TreeEntry } from './git-objects.ts';

/**
 * One bare repository on disk, read and written only through git plumbing, so the REST view
 * and what a `git clone` over HTTP sees are the same objects. Writes build a tree in a private
 * index file and move the branch with `update-ref <new> <old>` (compare-and-swap), which is how
 * GitHub's contents API reports conflicts: the ref moved under you, you get a 409.
 */

/** The all-zero object id: `update-ref` with it as old value means "must not exist yet". */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** A plain branch ref name (no revision syntax). */
const BRANCH_REF = /^refs\/heads\/[^\s~^:?*[\\]+$/;

/** Blobs above this size are read again rather than kept in the memo. */
const BLOB_BYTES = 1 << 20;

/** Raised when a ref did not have the expected old value (a concurrent writer won). */
export class RefConflictError extends Error {
  override name = 'RefConflictError';
}

/** A bare repository and the plumbing operations the REST routes need. */
export class GitRepo {
  /** Serialises writers: each write uses its own index file, but refs move one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Answers that can never change (git-memo.ts). */
  private readonly memo = new GitMemo();

  constructor(readonly dir: string) {}

  /** Creates the bare repository with settings that suit a short-lived server. */
  static async init(dir: string, defaultBranch: string): Promise<GitRepo> {
    await runGit('/', ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, dir]);
    const repo = new GitRepo(dir);
    // Background gc/maintenance races with removing the temp dir on close.
    for (const [key, value] of [
      ['http.receivepack', 'true'],
      ['gc.auto', '0'],
      ['maintenance.auto', 'false'],
      ['receive.denyDeleteCurrent', 'warn'],
    ] as const) {
      await runGit(dir, ['config', key, value]);
    }
    return repo;
  }

  private git(args: string[], options?: RunOptions): Promise<RunResult> {
    return runGit(this.dir, args, options);
  }

  /** Runs `task` after every write queued before it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The object id a ref or revision points to, or null when it does not resolve. */
  async resolve(rev: string, peel: 'commit' | 'object' = 'commit'): Promise<string | null> {
    if (BRANCH_REF.test(rev) && !rev.includes('..')) {
      // Fast path for the most frequent lookup: a loose branch ref is a file holding a commit
      // id (git refuses to point refs/heads/* at anything else, and a loose ref overrides a
      // packed one). Packed or symbolic refs fall through to rev-parse.
      const content = await readFile(join(this.dir, rev), 'utf8').catch(() => '');
      if (/^[0-9a-f]{40}\n?$/.test(content)) return content.trim();
    }
    const spec = peel === 'commit' ? `${rev}^{commit}` : rev;
    const result = await this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', spec], {
      okCodes: [1, 128],
    });
    return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
  }

  /** Object type (`commit`, `tree`, `blob`, `tag`) or null when missing. */
  async objectType(sha: string): Promise<string | null> {
    return this.memo.ask(
      `type ${sha}`,
      [sha],
      async () => {
        const result = await this.git(['cat-file', '-t', sha], { okCodes: [1, 128] });
        return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
      },
      // A missing object may be written later.
      (type) => type !== null,
    );
  }

  /** Parses a commit object. */
  async commit(sha: string): Promise<GitCommit> {
    return this.memo.ask(`commit ${sha}`, [sha], async () => {
      const raw = (await this.git(['cat-file', 'commit', sha])).stdout.toString('utf8');
      return parseCommit(sha, raw);
    });
  }

  /** Parses many commits with one `cat-file --batch` (lists and compares read dozens). */
  async commits(shas: readonly string[]): Promise<GitCommit[]> {
    if (shas.length === 0) return [];
    const out = await this.git(['cat-file', '--batch'], { input: `${shas.join('\n')}\n` });
    return parseBatch(out.stdout).map((object) => {
      if (object.type !== 'commit')
        throw new Error(`${object.sha} is a ${object.type}, not a commit`);
      return parseCommit(object.sha, object.content.toString('utf8'));
    });
  }

  /** Parses an annotated tag object. */
  async tag(sha: string): Promise<GitTag> {
    return this.memo.ask(`tag ${sha}`, [sha], async () => {
      const raw = (await this.git(['cat-file', 'tag', sha])).stdout.toString('utf8');
      const { headers, message } = parseObject(raw);
      return {
        sha,
        object: headers.get('object')?.[0] ?? '',
        type: headers.get('type')?.[0] ?? '',
        tag: headers.get('tag')?.[0] ?? '',
        tagger: parseIdentity(headers.get('tagger')?.[0] ?? ''),
        message,
      };
    });
  }

  /** Reads a blob. */
  async blob(sha: string): Promise<Buffer> {
    const bytes = await this.memo.ask(
      `blob ${sha}`,
      [sha],
      async () => (await this.git(['cat-file', 'blob', sha])).stdout,
      (content) => content.length <= BLOB_BYTES,
    );
    // structuredClone gives a Uint8Array back; callers expect a Buffer.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * The tree entry at `path` in `commit` (null when absent). The empty path is the root tree.
   */
  async entry(commit: string, path: string): Promise<TreeEntry | null> {
    if (path === '') {
      const tree = (await this.commit(commit)).tree;
      return { mode: '040000', type: 'tree', sha: tree, size: 0, path: '' };
    }
    return this.memo.ask(`entry ${commit} ${path}`, [commit], async () => {
      const out = await this.git(['ls-tree', '-l', '-z', '--full-tree', commit, '--', path]);
      return parseTreeListing(out.stdout)[0] ?? null;
    });
  }

  /** Entries inside the tree `treeSha` (all files with `recursive`), paths prefixed by `base`. */
  async listTree(treeSha: string, base: string, recursive = false): Promise<TreeEntry[]> {
    const entries = await this.memo.ask(`tree ${treeSha} ${recursive}`, [treeSha], async () => {
      const out = await this.git(['ls-tree', '-l', '-z', ...(recursive ? ['-r'] : []), treeSha]);
      return parseTreeListing(out.stdout);
    });
    return entries.map((entry) => ({
      ...entry,
      path: base === '' ? entry.path : `${base}/${entry.path}`,
    }));
  }

  /** Commits reachable from `tip`, newest first, optionally only those touching `path`. */
  async log(
    tip: string,
    options: {
      skip?: number;
      max?: number;
      path?: string;
      exclude?: string;
      firstParent?: boolean;
    },
  ): Promise<string[]> {
    const args = ['rev-list'];
    if (options.firstParent) args.push('--first-parent');
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.max !== undefined) args.push(`--max-count=${options.max}`);
    args.push(tip);
    if (options.exclude) args.push(`^${options.exclude}`);
    if (options.path) args.push('--', options.path);
    const ids = options.exclude === undefined ? [tip] : [tip, options.exclude];
    return this.memo.ask(`log ${args.join(' ')}`, ids, async () => {
      const out = (await this.git(args)).stdout.toString('utf8').trim();
      return out === '' ? [] : out.split('\n');
    });
  }

  /** Best common ancestor of two commits, or null when unrelated. */
  async mergeBase(a: string, b: string): Promise<string | null> {
    return this.memo.ask(`merge-base ${a} ${b}`, [a, b], async () => {
      const result = await this.git(['merge-base', a, b], { okCodes: [1] });
      return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
    });
  }

  /** Whether `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return this.memo.ask(`ancestor ${ancestor} ${descendant}`, [ancestor, descendant], async () => {
      const result = await this.git(['merge-base', '--is-ancestor', ancestor, descendant], {
        okCodes: [1],
      });
      return result.code === 0;
    });
  }

  /** Paths that differ between two commits with their git status letter. */
  async diffNames(base: string, head: string): Promise<{ status: string; path: string }[]> {
    return this.memo.ask(`diff ${base} ${head}`, [base, head], async () => {
      const out = (
        await this.git(['diff', '--name-status', '-z', '--no-renames', base, head])
      ).stdout
        .toString('utf8')
        .split('\0');
      const files: { status: string; path: string }[] = [];
      for (let i = 0; i + 1 < out.length; i += 2) {
        files.push({ status: out[i] ?? '', path: out[i + 1] ?? '' });
      }
      return files;
    });
  }

  /** Every ref under `prefix` (e.g. `refs/heads/`) with the object it points to. */
  async refs(prefix: string): Promise<{ ref: string; sha: string; type: string }[]> {
    const out = (
      await this.git(['for-each-ref', '--format=%(refname) %(objectname) %(objecttype)', prefix])
    ).stdout
      .toString('utf8')
      .trim();
    if (out === '') return [];
    return out.split('\n').map((line) => {
      const [ref = '', sha = '', type = ''] = line.split(' ');
      return { ref, sha, type };
    });
  }

  /** Moves `ref` to `sha` if it still points at `expected` (ZERO_SHA: must not exist). */
  async updateRef(ref: string, sha: string, expected: string | null): Promise<void> {
    const args = ['update-ref', ref, sha];
    if (expected !== null) args.push(expected);
    try {
      await this.git(args);
    } catch (error) {
      throw new RefConflictError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Deletes a ref. */
  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  /** Writes a blob and returns its id. */
  async writeBlob(content: string | Uint8Array): Promise<string> {
    const out = await this.git(['hash-object', '-w', '--stdin'], { input: content });
    return out.stdout.toString('utf8').trim();
  }

  /**
   * Writes a tree: `base` (a tree-ish, or null for empty) with `entries` applied; an entry with
   * a null sha removes the path. Uses a private index file, so writers never share state.
   */
  async buildTree(
    base: string | null,
    entries: readonly { path: string; mode: string; sha: string | null }[],
  ): Promise<string> {
    const index = join(this.dir, `sandbox-index-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      if (base) await this.git(['read-tree', base], { env });
      else await this.git(['read-tree', '--empty'], { env });
      const lines = entries.map((entry) =>
        entry.sha === null
          ? `0 ${ZERO_SHA}\t${entry.path}`
          : `${entry.mode} ${entry.sha}\t${entry.path}`,
      );
      if (lines.length > 0) {
        await this.git(['update-index', '--index-info'], { env, input: `${lines.join('\n')}\n` });
      }
      return (await this.git(['write-tree'], { env })).stdout.toString('utf8').trim();
    } finally {
      await rm(index, { force: true });
    }
  }

  /**
   * Creates a commit whose tree is the first parent's tree with `files` applied (no parent:
   * only `files`). Does not move any ref.
   */
  async createCommit(input: {
    parents: string[];
    files: Record<string, FileChange>;
    message: string;
    author: GitIdentity;
    committer?: GitIdentity;
  }): Promise<string> {
    const entries: { path: string; mode: string; sha: string | null }[] = [];
    for (const [path, content] of Object.entries(input.files)) {
      entries.push({
        path,
        mode: '100644',
        sha: content === null ? null : await this.writeBlob(content),
      });
    }
    const tree = await this.buildTree(input.parents[0] ?? null, entries);
    return this.commitTree(tree, input.parents, input.message, input.author, input.committer);
  }

  /** `git commit-tree` with explicit identities and dates. */
  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: GitIdentity,
    committer: GitIdentity = author,
  ): Promise<string> {
    const args = ['commit-tree', tree];
    for (const parent of parents) args.push('-p', parent);
    const out = await this.git(args, {
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: formatIdentity(author).split('> ')[1] ?? '',
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: formatIdentity(committer).split('> ')[1] ?? '',
      },
    });
    return out.stdout.toString('utf8').trim();
  }

  /** Writes an annotated tag object pointing at `object`. */
  async createTag(input: {
    tag: string;
    object: string;
    type: string;
    message: string;
    tagger: GitIdentity;
  }): Promise<string> {
    const body =
      `object ${input.object}\ntype ${input.type}\ntag ${input.tag}\n` +
      `tagger ${formatIdentity(input.tagger)}\n\n${input.message}`;
    const out = await this.git(['mktag'], { input: body });
    return out.stdout.toString('utf8').trim();
  }

  /** Three-way merge of `head` into `base` without a worktree; null on conflicts. */
  async mergeTree(base: string, head: string): Promise<string | null> {
    const mergeBase = await this.mergeBase(base, head);
    if (mergeBase === null) return null;
    const index = join(this.dir, `sandbox-index-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      // git 2.38+ has `merge-tree --write-tree`; read-tree -m with trivial resolution is the
      // portable way and is enough for the non-overlapping edits the sandbox models.
      await this.git(['read-tree', '-i', '-m', '--aggressive', mergeBase, base, head], { env });
      const unmerged = (await this.git(['ls-files', '-u'], { env })).stdout.toString('utf8').trim();
      if (unmerged !== '') return null;
      return (await this.git(['write-tree'], { env })).stdout.toString('utf8').trim();
    } finally {
      await rm(index, { force: true });
    }
  }
}
