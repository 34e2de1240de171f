import { z } from 'zod';
import { escapeShort, shortSha } from '../render/escape.ts';
import { mention } from '../render/headline.ts';
import { decodeHiddenBlock, encodeHiddenBlock } from './hidden-block.ts';

/**
 * An accepted `/modelgate override`, kept as its own comment by the trusted writer: an
 * append-only record, so two replicas (or the App and the Action) that accept overrides at
 * the same moment both keep theirs, where one state block edited by two writers would lose
 * one. The comment is also the audit line the pull request shows.
 */
const OverrideSchema = z.object({
  /** The head commit the override was given for; a later push is not overridden. */
  sha: z.string().regex(/^[0-9a-f]{7,64}$/),
  by: z.string().min(1).max(100),
  reason: z.string().min(1).max(1000),
  at: z.string().max(40),
  /** The command comment it answers: a redelivered command finds it and records nothing. */
  comment: z.number().int().nonnegative(),
});
/** One accepted override. */
export type OverrideRecord = z.infer<typeof OverrideSchema>;

const KIND = 'override';

/** The comment body that records `record`. */
export function overrideRecordBody(record: OverrideRecord): string {
  OverrideSchema.parse(record);
  return [
    `${mention(record.by)} overrode the modelgate gate for commit <code>${shortSha(record.sha)}</code>: ${escapeShort(record.reason, 500)}`,
    '',
    'A new push is gated again from scratch.',
    '',
    encodeHiddenBlock(KIND, record),
  ].join('\n');
}

/** The record in a comment body, or null when it holds none (or a damaged one). */
export function readOverrideRecord(body: string | null | undefined): OverrideRecord | null {
  const parsed = OverrideSchema.safeParse(decodeHiddenBlock(body, KIND));
  return parsed.success ? parsed.data : null;
}

/** The override that applies to `headSha`: the newest record given for exactly that commit. */
export function overrideFor(
  records: readonly OverrideRecord[],
  headSha: string,
): OverrideRecord | null {
  const mine = records.filter((record) => record.sha === headSha);
  return mine.at(-1) ?? null;
}
