import { z } from 'zod';
import { PERFORMANCE_HISTORY_DIR, PERFORMANCE_RUN_SCHEMA } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { MetricValueSchema } from '../core/metrics-report.ts';
import { parseUntrustedJson } from '../github/untrusted-json.ts';
import { createHistoryFile, readHistoryFile, type HistoryContext } from './api-store.ts';
import { listWholeHistoryDirectory } from './whole-folder.ts';

/**
 * One monitoring run's metrics of a release, a point of the performance trend. Kept on the
 * history branch, one file per run attempt, `monitoring/<release>/<run id>-<attempt>.json`:
 * append-only like the metrics records (a file is created once and never rewritten), so two
 * writers of one run (the Action and the App) agree, and no run's point is ever lost.
 */
export const PerformanceRunRecordSchema = z
  .object({
    schema: z.literal(PERFORMANCE_RUN_SCHEMA),
    release_tag: z.string().min(1).max(200),
    run: z.object({ id: z.number().int().nonnegative(), attempt: z.number().int().positive() }),
    basis: z.enum(['realised', 'estimated', 'none']),
    /** The metrics the run judged by (realised, else estimated). */
    values: z.record(z.string().regex(/^[a-z0-9_]{1,64}$/), MetricValueSchema),
  })
  .strict();

/** A parsed performance run record. */
export type PerformanceRunRecord = z.infer<typeof PerformanceRunRecordSchema>;

/** Points the trend reads back: the chart shows 30, the table 50. */
const MAX_TREND_RUNS = 50;

/** The release's directory; a tag with characters a path should not hold is spelled safely. */
function releaseDirectory(releaseTag: string): string {
  return `${PERFORMANCE_HISTORY_DIR}/${releaseTag.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`;
}

const RUN_FILE = /^(\d+)-(\d+)\.json$/;

/** Writes this run's point unless it is there; `exists` when another writer was first. */
export async function recordPerformanceRun(
  context: HistoryContext,
  record: PerformanceRunRecord,
): Promise<'created' | 'exists'> {
  const path = `${releaseDirectory(record.release_tag)}/${record.run.id}-${record.run.attempt}.json`;
  const result = await createHistoryFile(
    context,
    path,
    `${JSON.stringify(record, null, 2)}\n`,
    `modelgate: record monitoring run ${record.run.id} of ${record.release_tag}`,
  );
  return result.action;
}

/**
 * The release's recorded runs, oldest first (the latest MAX_TREND_RUNS). A file that is not a
 * valid record is left out: the branch is writable by anyone who may push, so it is checked.
 */
export async function readPerformanceTrend(
  context: HistoryContext,
  releaseTag: string,
): Promise<PerformanceRunRecord[]> {
  const directory = releaseDirectory(releaseTag);
  const runs = (await listWholeHistoryDirectory(context, directory))
    .flatMap((entry) => {
      const match = entry.type === 'file' ? RUN_FILE.exec(entry.name) : null;
      return match === null
        ? []
        : [{ name: entry.name, id: Number(match[1]), attempt: Number(match[2]) }];
    })
    .sort((a, b) => a.id - b.id || a.attempt - b.attempt)
    .slice(-MAX_TREND_RUNS);
  const records: PerformanceRunRecord[] = [];
  for (const run of runs) {
    const path = `${directory}/${run.name}`;
    const bytes = await readHistoryFile(context, path);
    if (bytes === null) continue;
    try {
      const record = parseUntrustedJson(bytes, PerformanceRunRecordSchema, path);
      if (record.release_tag === releaseTag) records.push(record);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return records;
}
