import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';

/**
 * What the runner tells a step about the run, read once from the environment the runner sets
 * (https://docs.github.com/actions/reference/variables-reference). The event payload stays
 * `unknown` here; each mode validates the part it needs with the schemas below, because a
 * missing field should fail with a sentence, not a `TypeError` deep inside a mode.
 */
export interface ActionContext {
  eventName: string;
  payload: unknown;
  /** Commit the run is for (`GITHUB_SHA`). */
  sha: string;
  /** `refs/heads/<branch>`, `refs/pull/<n>/merge`, … (`GITHUB_REF`). */
  ref: string | undefined;
  owner: string;
  repo: string;
  runId: number | undefined;
  /** Attempt of the run (`GITHUB_RUN_ATTEMPT`): 1, and one more for each re-run. */
  runAttempt: number;
  /** Name of the workflow (`GITHUB_WORKFLOW`). */
  workflow: string | undefined;
  serverUrl: string;
  apiUrl: string;
}

function requireVariable(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new InputError(
      `The environment variable ${name} is not set; the Action must run as a step of a GitHub Actions workflow.`,
    );
  }
  return value;
}

function readPayload(path: string | undefined): unknown {
  if (path === undefined || path === '') return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(
      `The event payload GITHUB_EVENT_PATH=${path} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

/** Reads the runner's environment; throws InputError when a variable every mode needs is missing. */
export function readActionContext(env: NodeJS.ProcessEnv = process.env): ActionContext {
  const repository = requireVariable(env, 'GITHUB_REPOSITORY');
  const match = /^([^/]+)\/([^/]+)$/.exec(repository);
  if (!match?.[1] || !match[2]) {
    throw new InputError(`GITHUB_REPOSITORY must look like "owner/name", got "${repository}".`);
  }
  const runId = Number(env.GITHUB_RUN_ID);
  const runAttempt = Number(env.GITHUB_RUN_ATTEMPT);
  return {
    eventName: requireVariable(env, 'GITHUB_EVENT_NAME'),
    payload: readPayload(env.GITHUB_EVENT_PATH),
    sha: requireVariable(env, 'GITHUB_SHA'),
    ref: env.GITHUB_REF || undefined,
    owner: match[1],
    repo: match[2],
    runId: Number.isSafeInteger(runId) && runId > 0 ? runId : undefined,
    runAttempt: Number.isSafeInteger(runAttempt) && runAttempt > 0 ? runAttempt : 1,
    workflow: env.GITHUB_WORKFLOW || undefined,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
  };
}

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit sha');

/** The fields of a `pull_request` / `pull_request_target` payload the Action uses. */
export const PullRequestPayloadSchema = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    base: z.object({ sha, ref: z.string() }),
    head: z.object({ sha, ref: z.string() }),
    labels: z.array(z.object({ name: z.string() })).default([]),
  }),
  repository: z.object({ default_branch: z.string() }),
});
/** A validated pull request payload. */
export type PullRequestPayload = z.infer<typeof PullRequestPayloadSchema>;

/** The fields of a `workflow_run` payload the `report` mode uses. */
export const WorkflowRunPayloadSchema = z.object({
  workflow_run: z.object({
    id: z.number().int().positive(),
    run_attempt: z.number().int().positive().optional(),
    /** The workflow's name, shown in a failed gate's message. */
    name: z.string().nullish(),
    path: z.string().default(''),
    event: z.string(),
    status: z.string().nullable().default('completed'),
    conclusion: z.string().nullable(),
    head_sha: sha,
    head_branch: z.string().nullable(),
    head_repository: z
      .object({ id: z.number(), full_name: z.string(), owner: z.object({ login: z.string() }) })
      .nullable()
      .optional(),
    html_url: z.string().default(''),
    created_at: z.string().default(''),
    pull_requests: z
      .array(
        z.object({
          number: z.number().int().positive(),
          base: z.object({
            sha,
            ref: z.string(),
            repo: z.object({ id: z.number() }).optional(),
          }),
        }),
      )
      .default([]),
  }),
  repository: z.object({ id: z.number().default(0), default_branch: z.string() }),
});
/** A validated workflow_run payload. */
export type WorkflowRunPayload = z.infer<typeof WorkflowRunPayloadSchema>;

/** The fields of an `issue_comment` payload the `report` mode uses for commands. */
export const IssueCommentPayloadSchema = z.object({
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z.string().max(65_536),
    created_at: z.string(),
    user: z.object({ login: z.string(), type: z.string().optional() }).nullable(),
  }),
  repository: z.object({ id: z.number().default(0), default_branch: z.string() }),
});

/** The field of a payload that names the default branch (absent on `schedule`). */
const RepositoryPayloadSchema = z.object({ repository: z.object({ default_branch: z.string() }) });

/** Validates `payload` against `schema`, or throws InputError naming the event and the field. */
export function parsePayload<T>(context: ActionContext, schema: z.ZodType<T>, expected: string): T {
  const result = schema.safeParse(context.payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? issue.path.join('.') || '(root)' : '(root)';
  throw new InputError(
    `The '${context.eventName}' event payload is not ${expected}: ${where} ${issue?.message ?? 'is invalid'}.`,
  );
}

/** The default branch named in the payload, or `undefined` for events without a repository. */
export function defaultBranchFromPayload(payload: unknown): string | undefined {
  const result = RepositoryPayloadSchema.safeParse(payload);
  return result.success ? result.data.repository.default_branch : undefined;
}

/** The branch name of a `refs/heads/<branch>` ref, else `undefined`. */
export function branchOfRef(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
