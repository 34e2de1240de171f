import { z } from 'zod';

/**
 * The demo's view of GitHub: plain REST calls with the repository owner's token, the way a
 * reviewer's browser sees the repository. Every step is checked through these reads rather
 * than through what the Action or the App returned, and the report is built from them.
 * Responses are validated with the few fields the demo reads.
 */

const User = z.object({ login: z.string() });

export const CommentSchema = z.object({
  id: z.number(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  user: User.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const PullSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullable(),
  state: z.string(),
  merged: z.boolean().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  html_url: z.string(),
  user: User.nullable(),
  head: z.object({ ref: z.string(), sha: z.string() }),
  base: z.object({ ref: z.string(), sha: z.string() }),
  labels: z.array(z.object({ name: z.string() })).default([]),
});
export type Pull = z.infer<typeof PullSchema>;

export const CheckRunSchema = z.object({
  id: z.number(),
  name: z.string(),
  head_sha: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable(),
  output: z.object({ title: z.string().nullable(), summary: z.string().nullable() }),
  app: z.object({ slug: z.string().optional() }).nullable().optional(),
});
export type CheckRun = z.infer<typeof CheckRunSchema>;

export const ReleaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullable(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  target_commitish: z.string(),
  created_at: z.string(),
  assets: z.array(z.object({ name: z.string(), size: z.number(), content_type: z.string() })),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const DeploymentSchema = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  url: z.string(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const DeploymentStatusSchema = z.object({ state: z.string() });

export const IssueSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.string(),
  html_url: z.string(),
  user: User.nullable(),
  labels: z.array(z.object({ name: z.string() })),
  comments: z.number(),
  pull_request: z.unknown().optional(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
export type Issue = z.infer<typeof IssueSchema>;

export const ContentSchema = z.object({
  type: z.literal('file'),
  encoding: z.literal('base64'),
  content: z.string(),
  html_url: z.string().nullable(),
});

export const GitRefSchema = z.object({
  object: z.object({ sha: z.string(), type: z.string() }),
});
export const GitTagSchema = z.object({ object: z.object({ sha: z.string(), type: z.string() }) });

/** A REST response that was not a success. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${method} ${path} answered ${status}: ${detail}`);
  }
}

/** A small REST client for one repository of the sandbox. */
export class RepoApi {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    readonly owner: string,
    readonly repo: string,
  ) {}

  /** `/repos/{owner}/{repo}` + `path`. */
  repoPath(path: string): string {
    return `/repos/${this.owner}/${this.repo}${path}`;
  }

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'x-github-api-version': '2022-11-28',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, method, path, text.slice(0, 300));
    return text === '' ? null : JSON.parse(text);
  }

  async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return schema.parse(await this.request('GET', this.repoPath(path)));
  }

  /** GET that answers null on 404 (a release or file that is not there). */
  async find<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
    try {
      return await this.get(path, schema);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** Every page of a list endpoint (`per_page=100`, following the page number). */
  async list<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    const separator = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page += 1) {
      const data = z
        .array(z.unknown())
        .parse(
          await this.request('GET', this.repoPath(`${path}${separator}per_page=100&page=${page}`)),
        );
      items.push(...data.map((item) => schema.parse(item)));
      if (data.length < 100) return items;
    }
  }

  pull(number: number): Promise<Pull> {
    return this.get(`/pulls/${number}`, PullSchema);
  }

  issue(number: number): Promise<Issue> {
    return this.get(`/issues/${number}`, IssueSchema);
  }

  comments(number: number): Promise<Comment[]> {
    return this.list(`/issues/${number}/comments`, CommentSchema);
  }

  async checkRuns(sha: string, name: string): Promise<CheckRun[]> {
    const data = z
      .object({ check_runs: z.array(CheckRunSchema) })
      .parse(
        await this.request(
          'GET',
          this.repoPath(`/commits/${sha}/check-runs?check_name=${encodeURIComponent(name)}`),
        ),
      );
    return data.check_runs;
  }

  /** Names of the artifacts a workflow run uploaded. */
  async runArtifacts(runId: number): Promise<string[]> {
    const data = z
      .object({ artifacts: z.array(z.object({ name: z.string() })) })
      .parse(await this.request('GET', this.repoPath(`/actions/runs/${runId}/artifacts`)));
    return data.artifacts.map((artifact) => artifact.name);
  }

  /** The text of a file at `ref`, or null when it is not there. */
  async fileText(path: string, ref: string): Promise<{ text: string; url: string | null } | null> {
    const file = await this.find(`/contents/${path}?ref=${encodeURIComponent(ref)}`, ContentSchema);
    if (file === null) return null;
    return { text: Buffer.from(file.content, 'base64').toString('utf8'), url: file.html_url };
  }

  /** The commit a tag points at (annotated tags peeled). */
  async tagCommit(tag: string): Promise<string | null> {
    const ref = await this.find(`/git/ref/tags/${encodeURIComponent(tag)}`, GitRefSchema);
    if (ref === null) return null;
    if (ref.object.type !== 'tag') return ref.object.sha;
    const annotated = await this.get(`/git/tags/${ref.object.sha}`, GitTagSchema);
    return annotated.object.sha;
  }
}
