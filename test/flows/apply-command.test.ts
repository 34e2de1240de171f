import { expect, test } from 'vitest';
import { applyCommand } from '../../src/flows/apply-command.ts';
import { portWith } from './port-with.ts';
import { listedPullNumbers } from '../../src/flows/training-runs.ts';

const HEAD = 'a'.repeat(40);

test('an override whose record cannot be written is not applied (no gate is judged)', async () => {
  const written: string[] = [];
  const port = portWith({
    readThread: async () => ({
      sticky: null,
      overrides: [],
      answered: new Set<number>(),
      duplicateAnswers: [],
    }),
    getPullRequest: async () => ({
      number: 7,
      title: 'x',
      url: 'u',
      state: 'open',
      headSha: HEAD,
      headRef: 'b',
      headRepoName: 'o/r',
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      labels: [],
      merged: false,
      mergeCommitSha: null,
    }),
    hasWriteAccess: async () => true,
    runsOfCommit: async () => [],
    now: () => new Date('2026-12-04T00:00:00Z'),
    // A token that may not comment (the Action with `pull-requests: read`).
    comment: async (_number, body) => {
      written.push(body);
      return false;
    },
  });
  const outcome = await applyCommand(port, {
    pullNumber: 7,
    id: 99,
    body: '/modelgate override ship it',
    author: 'maintainer-mia',
    authorType: 'User',
    createdAt: '2026-12-03T23:59:00Z',
  });
  expect(outcome).toEqual({ kind: 'replied', reason: 'the override could not be recorded' });
  expect(written).toHaveLength(1);
  expect(written[0]).toContain('<!-- modelgate:override ');
});

test("a run's payload lists pull requests of other repositories: only this one's count", () => {
  expect(
    listedPullNumbers(
      [
        { number: 3, base: { repo: { id: 1 } } },
        { number: 5, base: { repo: { id: 2 } } },
        null,
        { number: 8, base: {} },
      ],
      1,
    ),
  ).toEqual([3, 8]);
});
