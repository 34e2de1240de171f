import { z } from 'zod';
import type { TrendPoint } from '../render/trend-chart.ts';
import { decodeHiddenBlock, encodeHiddenBlock } from './hidden-block.ts';

/**
 * What modelgate remembers about a pull request between runs, kept in a hidden block at the
 * end of its own sticky comment rather than in a database: GitHub is the store of record
 * (DESIGN.md §9), so any replica, a restarted process or the Action in the next run continues
 * where the last writer stopped. Only the trusted writer's comment is read back, and the
 * block is validated like any other outside input. Overrides are not kept here: they are
 * append-only records of their own (`override-record.ts`), so two writers never lose one.
 */

const Sha = z.string().regex(/^[0-9a-f]{7,64}$/);

const TrendPointSchema = z.object({
  sha: Sha,
  /** Value of the primary metric on that commit; null when it was undefined. */
  value: z.number().refine(Number.isFinite).nullable(),
});

const StateSchema = z.object({
  v: z.literal(1),
  /** Primary metric the trend points hold; a task change restarts the trend. */
  metric: z.string().max(100).nullable(),
  trend: z.array(TrendPointSchema).max(1000),
});
/** Everything kept about one pull request. */
export type PullState = z.infer<typeof StateSchema>;

/** Commits kept in the trend: enough to show a PR's history, bounded so the comment stays small. */
export const MAX_TREND_POINTS = 30;

const KIND = 'state';

/** The state of a pull request nobody has commented on yet. */
export const EMPTY_STATE: PullState = { v: 1, metric: null, trend: [] };

/** Reads the state block of a sticky comment body; a missing or damaged block is an empty state. */
export function readPullState(body: string | null | undefined): PullState {
  const parsed = StateSchema.safeParse(decodeHiddenBlock(body, KIND));
  return parsed.success ? parsed.data : EMPTY_STATE;
}

/** Appends the state block to a rendered comment body. */
export function withPullState(body: string, state: PullState): string {
  // Parsed first: the schema fixes the key order, so the same state always encodes the same,
  // and an unchanged comment is not edited again.
  return `${body.trimEnd()}\n\n${encodeHiddenBlock(KIND, StateSchema.parse(state))}\n`;
}

/**
 * Adds (or replaces) the point of `sha` at the end of the trend. Points of other commits keep
 * their order, which is the order the runs were reported in.
 */
export function addTrendPoint(state: PullState, metric: string, point: TrendPoint): PullState {
  const previous =
    state.metric === metric ? state.trend.filter((entry) => entry.sha !== point.sha) : [];
  return { ...state, metric, trend: [...previous, point].slice(-MAX_TREND_POINTS) };
}
