import { z } from 'zod';

/**
 * What the App remembers about a pull request between deliveries, kept in a hidden block at
 * the end of the sticky comment rather than in a database: the App keeps no state of its own
 * (DESIGN.md §9), so any replica, or a restarted process, continues where the last one
 * stopped. Only comments written by the App itself are read back, and the block is validated
 * like any other outside input.
 */

const Sha = z.string().regex(/^[0-9a-f]{7,64}$/);

const OverrideSchema = z.object({
  /** The head commit the override was given for; a new push makes it stale. */
  sha: Sha,
  by: z.string().min(1).max(100),
  reason: z.string().min(1).max(1000),
  at: z.string().max(40),
});
/** An accepted `/modelgate override`, tied to the head commit it was given for. */
export type OverrideRecord = z.infer<typeof OverrideSchema>;

const TrendPointSchema = z.object({
  sha: Sha,
  /** Value of the primary metric on that commit; null when it was undefined. */
  value: z.number().refine(Number.isFinite).nullable(),
});
/** The primary metric at one commit of the pull request. */
export type TrendPoint = z.infer<typeof TrendPointSchema>;

const StateSchema = z.object({
  v: z.literal(1),
  /** Primary metric the trend points hold; a task change restarts the trend. */
  metric: z.string().max(100).nullable(),
  trend: z.array(TrendPointSchema).max(1000),
  override: OverrideSchema.nullable(),
});
/** Everything the App keeps about one pull request. */
export type CommentState = z.infer<typeof StateSchema>;

/** Commits kept in the trend: enough to show a PR's history, bounded so the comment stays small. */
export const MAX_TREND_POINTS = 30;

const OPEN = '<!-- modelgate:state ';
const CLOSE = ' -->';

/** The state of a pull request the App has not commented on yet. */
export const EMPTY_STATE: CommentState = { v: 1, metric: null, trend: [], override: null };

/** Reads the state block of a sticky comment body; a missing or damaged block is an empty state. */
export function readCommentState(body: string | null | undefined): CommentState {
  if (!body) return EMPTY_STATE;
  const start = body.lastIndexOf(OPEN);
  if (start === -1) return EMPTY_STATE;
  const end = body.indexOf(CLOSE, start + OPEN.length);
  if (end === -1) return EMPTY_STATE;
  try {
    // base64url keeps "-->" and any markdown out of the hidden HTML comment.
    const json: unknown = JSON.parse(
      Buffer.from(body.slice(start + OPEN.length, end), 'base64url').toString('utf8'),
    );
    const parsed = StateSchema.safeParse(json);
    return parsed.success ? parsed.data : EMPTY_STATE;
  } catch {
    return EMPTY_STATE;
  }
}

/** Appends the state block to a rendered comment body. */
export function withCommentState(body: string, state: CommentState): string {
  // Parsed first: the schema fixes the key order, so the same state always encodes the same,
  // and an unchanged comment is not edited again.
  const encoded = Buffer.from(JSON.stringify(StateSchema.parse(state)), 'utf8').toString(
    'base64url',
  );
  return `${body.trimEnd()}\n\n${OPEN}${encoded}${CLOSE}\n`;
}

/**
 * Adds (or replaces) the point of `sha` at the end of the trend. Points of other commits keep
 * their order, which is the order the runs were reported in.
 */
export function addTrendPoint(
  state: CommentState,
  metric: string,
  point: TrendPoint,
): CommentState {
  const previous =
    state.metric === metric ? state.trend.filter((entry) => entry.sha !== point.sha) : [];
  return { ...state, metric, trend: [...previous, point].slice(-MAX_TREND_POINTS) };
}

/** The override if it was given for this head commit, else null. */
export function overrideFor(state: CommentState, headSha: string): OverrideRecord | null {
  return state.override !== null && state.override.sha === headSha ? state.override : null;
}
