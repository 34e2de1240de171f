import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * Event payloads for the Action's runs: GitHub's own examples from
 * `@octokit/webhooks-examples`, with the repository, commits and numbers of the sandbox
 * scenario put in, so every field the Action does not look at stays as GitHub sends it.
 */

const ExamplesSchema = z.array(
  z.object({ name: z.string(), examples: z.array(z.record(z.string(), z.unknown())) }),
);
// The package's main is a JSON file; require reads it without an import attribute.
const examples = ExamplesSchema.parse(createRequire(import.meta.url)('@octokit/webhooks-examples'));

function example(event: string, action?: string): Record<string, unknown> {
  const group = examples.find((candidate) => candidate.name === event);
  const payload = group?.examples.find(
    (candidate) => action === undefined || candidate.action === action,
  );
  if (payload === undefined)
    throw new Error(`@octokit/webhooks-examples has no ${event}.${action ?? ''} payload`);
  return structuredClone(payload);
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

/** The repository a payload is about. */
export interface ScenarioRepo {
  owner: string;
  name: string;
  defaultBranch: string;
}

function repository(base: unknown, repo: ScenarioRepo): Record<string, unknown> {
  return {
    ...object(base),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    owner: { ...object(object(base).owner), login: repo.owner },
  };
}

/** A `pull_request.opened` payload for pull request `number` of the scenario. */
export function pullRequestPayload(input: {
  repo: ScenarioRepo;
  number: number;
  title: string;
  base: { sha: string; ref: string };
  head: { sha: string; ref: string; owner?: string };
}): Record<string, unknown> {
  const payload = example('pull_request', 'opened');
  const pull = object(payload.pull_request);
  const headRepo = { ...input.repo, owner: input.head.owner ?? input.repo.owner };
  payload.number = input.number;
  payload.repository = repository(payload.repository, input.repo);
  payload.pull_request = {
    ...pull,
    number: input.number,
    title: input.title,
    labels: [],
    base: {
      ...object(pull.base),
      sha: input.base.sha,
      ref: input.base.ref,
      repo: repository(object(pull.base).repo, input.repo),
    },
    head: {
      ...object(pull.head),
      sha: input.head.sha,
      ref: input.head.ref,
      label: `${headRepo.owner}:${input.head.ref}`,
      repo: repository(object(pull.head).repo, headRepo),
    },
  };
  return payload;
}

/** A `push` payload for a push that moved `ref` from `before` to `after`. */
export function pushPayload(input: {
  repo: ScenarioRepo;
  before: string | null;
  after: string;
  ref: string;
}): Record<string, unknown> {
  const payload = example('push');
  payload.ref = input.ref;
  payload.before = input.before ?? '0000000000000000000000000000000000000000';
  payload.after = input.after;
  payload.repository = repository(payload.repository, input.repo);
  return payload;
}

/** A `workflow_run.completed` payload for the pull request run `runId`. */
export function workflowRunPayload(input: {
  repo: ScenarioRepo;
  runId: number;
  headSha: string;
  headBranch: string;
  headOwner?: string;
  /** How the pull request run ended; default `success`. */
  conclusion?: string;
  pullRequests: {
    number: number;
    base: { sha: string; ref: string };
    head: { sha: string; ref: string };
  }[];
}): Record<string, unknown> {
  const payload = example('workflow_run', 'completed');
  const run = object(payload.workflow_run);
  payload.repository = repository(payload.repository, input.repo);
  payload.workflow_run = {
    ...run,
    id: input.runId,
    path: '.github/workflows/modelgate.yml',
    run_attempt: 1,
    event: 'pull_request',
    status: 'completed',
    conclusion: input.conclusion ?? 'success',
    head_sha: input.headSha,
    head_branch: input.headBranch,
    head_repository: repository(run.head_repository, {
      ...input.repo,
      owner: input.headOwner ?? input.repo.owner,
    }),
    repository: repository(run.repository, input.repo),
    pull_requests: input.pullRequests.map((pull) => ({
      number: pull.number,
      base: { sha: pull.base.sha, ref: pull.base.ref },
      head: { sha: pull.head.sha, ref: pull.head.ref },
    })),
  };
  return payload;
}

/** A `schedule` payload (GitHub sends only the cron expression). */
export function schedulePayload(): Record<string, unknown> {
  return { schedule: '17 6 * * *' };
}
