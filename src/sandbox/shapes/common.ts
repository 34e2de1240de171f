import type { SandboxCore } from '../http/route.ts';
import type {
  Account,
  AppRecord,
  InstallationRecord,
  LabelRecord,
  Permissions,
  RepoRecord,
} from '../model.ts';

/**
 * Wire shapes of accounts, repositories, labels and Apps, field for field as GitHub's
 * OpenAPI description requires them (`simple-user`, `repository`, `label`, `integration`,
 * `installation`). URLs point at the sandbox so clients following them stay offline.
 */

/** GitHub's global node id: base64 of a type-prefixed id (legacy format, still accepted). */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** `${url}/api/v3` */
export function api(core: SandboxCore): string {
  return `${core.url}/api/v3`;
}

/** `simple-user` */
export function userShape(core: SandboxCore, account: Account): Record<string, unknown> {
  // Bot logins contain brackets, which GitHub percent-encodes in URLs (`modelgate%5Bbot%5D`).
  const login = encodeURIComponent(account.login);
  const base = `${api(core)}/users/${login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `${core.url}/avatars/u/${account.id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: `${core.url}/${account.type === 'Bot' ? `apps/${login.replace(/%5Bbot%5D$/, '')}` : login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `repository` / `full-repository` (the superset; the shorter schemas accept it). */
export function repoShape(
  core: SandboxCore,
  repo: RepoRecord,
  openIssues = 0,
): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const base = `${api(core)}/repos/${fullName}`;
  const html = `${core.url}/${fullName}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    owner: userShape(core, repo.owner),
    private: repo.private,
    html_url: html,
    description: repo.description,
    fork: repo.parent !== null,
    url: base,
    archive_url: `${base}/{archive_format}{/ref}`,
    assignees_url: `${base}/assignees{/user}`,
    blobs_url: `${base}/git/blobs{/sha}`,
    branches_url: `${base}/branches{/branch}`,
    collaborators_url: `${base}/collaborators{/collaborator}`,
    comments_url: `${base}/comments{/number}`,
    commits_url: `${base}/commits{/sha}`,
    compare_url: `${base}/compare/{base}...{head}`,
    contents_url: `${base}/contents/{+path}`,
    contributors_url: `${base}/contributors`,
    deployments_url: `${base}/deployments`,
    downloads_url: `${base}/downloads`,
    events_url: `${base}/events`,
    forks_url: `${base}/forks`,
    git_commits_url: `${base}/git/commits{/sha}`,
    git_refs_url: `${base}/git/refs{/sha}`,
    git_tags_url: `${base}/git/tags{/sha}`,
    git_url: `${html.replace(/^http/, 'git')}.git`,
    issue_comment_url: `${base}/issues/comments{/number}`,
    issue_events_url: `${base}/issues/events{/number}`,
    issues_url: `${base}/issues{/number}`,
    keys_url: `${base}/keys{/key_id}`,
    labels_url: `${base}/labels{/name}`,
    languages_url: `${base}/languages`,
    merges_url: `${base}/merges`,
    milestones_url: `${base}/milestones{/number}`,
    notifications_url: `${base}/notifications{?since,all,participating}`,
    pulls_url: `${base}/pulls{/number}`,
    releases_url: `${base}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${fullName}.git`,
    stargazers_url: `${base}/stargazers`,
    statuses_url: `${base}/statuses/{sha}`,
    subscribers_url: `${base}/subscribers`,
    subscription_url: `${base}/subscription`,
    tags_url: `${base}/tags`,
    teams_url: `${base}/teams`,
    trees_url: `${base}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${base}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    network_count: 0,
    subscribers_count: 0,
  };
}

/** Keys of the repository objects inside workflow runs (`repository-lite` in webhooks). */
const LITE_EXCLUDED = new Set([
  'git_url',
  'ssh_url',
  'clone_url',
  'mirror_url',
  'svn_url',
  'homepage',
  'language',
]);

/** `minimal-repository` as workflow runs carry it: identity and API URL templates only. */
export function liteRepoShape(core: SandboxCore, repo: RepoRecord): Record<string, unknown> {
  const full = repoShape(core, repo);
  const keep = Object.keys(full).filter(
    (key) => (key.endsWith('_url') || key === 'url') && !LITE_EXCLUDED.has(key),
  );
  const result: Record<string, unknown> = {};
  for (const key of [
    'id',
    'node_id',
    'name',
    'full_name',
    'private',
    'owner',
    'html_url',
    'description',
    'fork',
    ...keep,
  ]) {
    result[key] = full[key];
  }
  return result;
}

/** `label` */
export function labelShape(
  core: SandboxCore,
  repo: RepoRecord,
  label: LabelRecord,
): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${api(core)}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

function permissionsShape(permissions: Permissions): Record<string, string> {
  return Object.fromEntries(Object.entries(permissions).filter(([, level]) => level !== undefined));
}

/** The App's OAuth client id (`Iv1.` + 16 hex digits, derived from the id). */
export function clientIdOf(app: AppRecord): string {
  return `Iv1.${app.id.toString(16).padStart(16, '0')}`;
}

/** `integration` (GET /app, `app` of a check run) */
export function appShape(core: SandboxCore, app: AppRecord): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    client_id: clientIdOf(app),
    owner: userShape(core, app.owner),
    name: app.name,
    description: null,
    external_url: `${core.url}/apps/${app.slug}`,
    html_url: `${core.url}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: permissionsShape(app.permissions),
    events: app.events,
    installations_count: 1,
  };
}

/** `installation` */
export function installationShape(
  core: SandboxCore,
  installation: InstallationRecord,
): Record<string, unknown> {
  return {
    id: installation.id,
    account: userShape(core, installation.account),
    repository_selection: installation.repositoryIds === null ? 'all' : 'selected',
    access_tokens_url: `${api(core)}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${api(core)}/installation/repositories`,
    html_url: `${core.url}/settings/installations/${installation.id}`,
    app_id: installation.app.id,
    app_slug: installation.app.slug,
    client_id: clientIdOf(installation.app),
    target_id: installation.account.id,
    target_type: installation.account.type === 'Organization' ? 'Organization' : 'User',
    permissions: permissionsShape(installation.permissions),
    events: installation.app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
