import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  branchOfRef,
  defaultBranchFromPayload,
  parsePayload,
  PullRequestPayloadSchema,
  readActionContext,
} from '../../src/action/context.ts';
import { InputError } from '../../src/core/errors.ts';
import { pullRequestPayload } from './payloads.ts';

const SHA = 'a'.repeat(40);

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(
    directories.map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

async function eventFile(payload: unknown): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'modelgate-context-'));
  directories.push(directory);
  const path = join(directory, 'event.json');
  await writeFile(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

describe('readActionContext', () => {
  it('reads the runner variables and the event payload', async () => {
    const payload = { repository: { default_branch: 'trunk' } };
    const context = readActionContext({
      GITHUB_REPOSITORY: 'octo-org/model',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: await eventFile(payload),
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/trunk',
      GITHUB_RUN_ID: '77',
      GITHUB_API_URL: 'http://127.0.0.1:1/api/v3',
    });
    expect(context).toEqual({
      eventName: 'push',
      payload,
      sha: SHA,
      ref: 'refs/heads/trunk',
      owner: 'octo-org',
      repo: 'model',
      runId: 77,
      runAttempt: 1,
      workflow: undefined,
      serverUrl: 'https://github.com',
      apiUrl: 'http://127.0.0.1:1/api/v3',
    });
    expect(defaultBranchFromPayload(context.payload)).toBe('trunk');
    expect(branchOfRef(context.ref)).toBe('trunk');
    expect(branchOfRef('refs/pull/3/merge')).toBeUndefined();
  });

  it('says which variable is missing outside a runner', () => {
    expect(() => readActionContext({ GITHUB_REPOSITORY: 'o/r' })).toThrow(
      new InputError(
        'The environment variable GITHUB_EVENT_NAME is not set; the Action must run as a step of a GitHub Actions workflow.',
      ),
    );
  });

  it('rejects an event file that is not JSON with its path', async () => {
    const path = await eventFile('{ not json');
    expect(() =>
      readActionContext({
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: SHA,
        GITHUB_EVENT_PATH: path,
      }),
    ).toThrow(`The event payload GITHUB_EVENT_PATH=${path} could not be read as JSON`);
  });
});

describe('parsePayload', () => {
  const base = {
    workflow: undefined,
    eventName: 'pull_request',
    sha: SHA,
    ref: undefined,
    owner: 'o',
    repo: 'r',
    runId: 1,
    runAttempt: 1,
    serverUrl: '',
    apiUrl: '',
  };

  it('accepts a real pull_request payload', () => {
    const payload = pullRequestPayload({
      repo: { owner: 'o', name: 'r', defaultBranch: 'main' },
      number: 5,
      title: 'feat: x',
      base: { sha: 'b'.repeat(40), ref: 'main' },
      head: { sha: 'c'.repeat(40), ref: 'x' },
    });
    const parsed = parsePayload(
      { ...base, payload },
      PullRequestPayloadSchema,
      'a pull_request event',
    );
    expect(parsed.pull_request).toMatchObject({
      number: 5,
      base: { sha: 'b'.repeat(40) },
      head: { ref: 'x' },
    });
  });

  it('names the field that is wrong', () => {
    expect(() =>
      parsePayload(
        { ...base, payload: { pull_request: { number: 5 } } },
        PullRequestPayloadSchema,
        'a pull_request event',
      ),
    ).toThrow(
      /^The 'pull_request' event payload is not a pull_request event: pull_request\.title /,
    );
  });
});
