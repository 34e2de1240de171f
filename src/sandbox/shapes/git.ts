import type { SandboxCore } from '../http/route.ts';
import type { GitCommit, GitTag, TreeEntry } from '../git-repo.ts';
import type { RepoRecord } from '../model.ts';
import { api, nodeId } from './common.ts';

/**
 * Wire shapes built from git objects: `commit` (REST commits), `git-commit`, `git-ref`,
 * `git-tag`, content entries, `short-branch`. Commit authors are not mapped to accounts
 * (the sandbox has no e-mail → user table), so `author`/`committer` are null as GitHub sends
 * for unknown e-mails.
 */

function repoApi(core: SandboxCore, repo: RepoRecord): string {
  return `${api(core)}/repos/${repo.owner.login}/${repo.name}`;
}

function repoHtml(core: SandboxCore, repo: RepoRecord): string {
  return `${core.url}/${repo.owner.login}/${repo.name}`;
}

/** `commit` (GET /repos/{o}/{r}/commits/{ref}, list items, compare entries) */
export function commitShape(
  core: SandboxCore,
  repo: RepoRecord,
  commit: GitCommit,
): Record<string, unknown> {
  const base = repoApi(core, repo);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${base}/commits/${commit.sha}`,
    html_url: `${repoHtml(core, repo)}/commit/${commit.sha}`,
    comments_url: `${base}/commits/${commit.sha}/comments`,
    commit: {
      url: `${base}/git/commits/${commit.sha}`,
      author: { ...commit.author },
      committer: { ...commit.committer },
      message: commit.message.replace(/\n$/, ''),
      tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${base}/commits/${sha}`,
      html_url: `${repoHtml(core, repo)}/commit/${sha}`,
    })),
  };
}

/** `git-commit` (GET/POST /git/commits) */
export function gitCommitShape(
  core: SandboxCore,
  repo: RepoRecord,
  commit: GitCommit,
): Record<string, unknown> {
  const base = repoApi(core, repo);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${base}/git/commits/${commit.sha}`,
    html_url: `${repoHtml(core, repo)}/commit/${commit.sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
    message: commit.message.replace(/\n$/, ''),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${base}/git/commits/${sha}`,
      html_url: `${repoHtml(core, repo)}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

/** `git-tag` (GET /git/tags/{sha}) */
export function gitTagShape(
  core: SandboxCore,
  repo: RepoRecord,
  tag: GitTag,
): Record<string, unknown> {
  const base = repoApi(core, repo);
  const objectPath =
    tag.type === 'commit' ? 'commits' : tag.type === 'tag' ? 'tags' : `${tag.type}s`;
  return {
    node_id: nodeId('Tag', tag.sha),
    tag: tag.tag,
    sha: tag.sha,
    url: `${base}/git/tags/${tag.sha}`,
    message: tag.message.replace(/\n$/, ''),
    tagger: { ...tag.tagger },
    object: { type: tag.type, sha: tag.object, url: `${base}/git/${objectPath}/${tag.object}` },
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

/** `git-ref` */
export function refShape(
  core: SandboxCore,
  repo: RepoRecord,
  ref: { ref: string; sha: string; type: string },
): Record<string, unknown> {
  const base = repoApi(core, repo);
  const objectPath = ref.type === 'tag' ? 'tags' : 'commits';
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', `${repo.id}:${ref.ref}`),
    url: `${base}/git/${ref.ref}`,
    object: { type: ref.type, sha: ref.sha, url: `${base}/git/${objectPath}/${ref.sha}` },
  };
}

/** The common fields of `content-file` / `content-directory` entries. */
export function contentEntryShape(
  core: SandboxCore,
  repo: RepoRecord,
  entry: TreeEntry,
  ref: string,
): Record<string, unknown> {
  const base = repoApi(core, repo);
  const type = entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file';
  const encodedPath = entry.path.split('/').map(encodeURIComponent).join('/');
  const self = `${base}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${base}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`;
  const html = `${repoHtml(core, repo)}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${encodedPath}`;
  return {
    type,
    size: entry.size,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: gitUrl,
    html_url: html,
    download_url:
      type === 'file'
        ? `${core.url}/raw/${repo.owner.login}/${repo.name}/${ref}/${encodedPath}`
        : null,
    _links: { self, git: gitUrl, html },
  };
}

/** `short-branch` (GET /repos/{o}/{r}/branches list items) */
export function shortBranchShape(
  core: SandboxCore,
  repo: RepoRecord,
  name: string,
  sha: string,
): Record<string, unknown> {
  return {
    name,
    commit: { sha, url: `${repoApi(core, repo)}/commits/${sha}` },
    protected: false,
  };
}
