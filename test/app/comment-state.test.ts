import { expect, test } from 'vitest';
import {
  EMPTY_STATE,
  MAX_TREND_POINTS,
  addTrendPoint,
  overrideFor,
  readCommentState,
  withCommentState,
} from '../../src/app/comment-state.ts';

const sha = (n: number): string => n.toString(16).padStart(40, '0');

test('the state block survives a round trip through the comment body', () => {
  const state = addTrendPoint(
    {
      ...EMPTY_STATE,
      override: { sha: sha(1), by: 'octocat', reason: 'noise --> <b>', at: '2026-01-01T00:00:00Z' },
    },
    'accuracy',
    { sha: sha(1), value: 0.9 },
  );
  const body = withCommentState('<!-- modelgate:report -->\n### report', state);
  expect(body).not.toContain('noise -->');
  expect(readCommentState(body)).toEqual(state);
});

test('a missing, damaged or forged block reads as empty', () => {
  expect(readCommentState(null)).toEqual(EMPTY_STATE);
  expect(readCommentState('<!-- modelgate:state not-base64!! -->')).toEqual(EMPTY_STATE);
  const forged = Buffer.from(
    JSON.stringify({ v: 1, metric: 'accuracy', trend: [{ sha: 'zz', value: 1 }], override: null }),
  ).toString('base64url');
  expect(readCommentState(`<!-- modelgate:state ${forged} -->`)).toEqual(EMPTY_STATE);
});

test('the trend keeps one point per commit, the newest last, and restarts on a new metric', () => {
  let state = addTrendPoint(EMPTY_STATE, 'accuracy', { sha: sha(1), value: 0.8 });
  state = addTrendPoint(state, 'accuracy', { sha: sha(2), value: 0.85 });
  state = addTrendPoint(state, 'accuracy', { sha: sha(1), value: 0.9 });
  expect(state.trend).toEqual([
    { sha: sha(2), value: 0.85 },
    { sha: sha(1), value: 0.9 },
  ]);
  expect(addTrendPoint(state, 'r2', { sha: sha(3), value: 0.5 }).trend).toEqual([
    { sha: sha(3), value: 0.5 },
  ]);
  for (let i = 0; i < 2 * MAX_TREND_POINTS; i += 1)
    state = addTrendPoint(state, 'accuracy', { sha: sha(100 + i), value: i / 100 });
  expect(state.trend).toHaveLength(MAX_TREND_POINTS);
});

test('an override only applies to the commit it was given for', () => {
  const state = {
    ...EMPTY_STATE,
    override: { sha: sha(1), by: 'octocat', reason: 'ok', at: 'now' },
  };
  expect(overrideFor(state, sha(1))?.by).toBe('octocat');
  expect(overrideFor(state, sha(2))).toBeNull();
});

test('the same state encodes the same whatever order its fields were set in', () => {
  const override = { sha: sha(1), by: 'octocat', reason: 'ok', at: 'now' };
  const reordered = { at: 'now', reason: 'ok', by: 'octocat', sha: sha(1) };
  expect(withCommentState('x', { ...EMPTY_STATE, override })).toBe(
    withCommentState('x', { ...EMPTY_STATE, override: reordered }),
  );
});
