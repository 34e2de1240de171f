import { DRIFT_ARTIFACT_NAME, DRIFT_FILES, RUN_FILES } from '../core/constants.ts';
import { DriftReportSchema, type DriftReport } from '../core/drift/drift-report.ts';
import { InputError } from '../core/errors.ts';
import {
  PerformanceReportSchema,
  type PerformanceReport,
} from '../core/performance/performance-report.ts';
import {
  downloadRunArtifact,
  fetchArtifactZip,
  type ReportFile,
  type RunArtifact,
} from './artifact.ts';
import type { RepoContext } from './octokit.ts';
import { safeUnzip } from './safe-unzip.ts';
import { parseUntrustedJson } from './untrusted-json.ts';

/** Largest training report artifact modelgate downloads (the model travels in it). */
export const MAX_REPORT_ARTIFACT_BYTES = 100 * 1024 * 1024;
/** Largest drift artifact; drift.json is a per-feature table, far below this. */
export const MAX_DRIFT_ARTIFACT_BYTES = 8 * 1024 * 1024;

/**
 * The run's `modelgate-report`, validated as untrusted input; null when the run has none.
 * Throws InputError (one sentence: which file, what was wrong) for a bad artifact. Reads only
 * metrics.json unless `files` says more, or the model is wanted (a release, which also ships
 * the profile): a pull request's gate never inflates or parses the rest.
 */
export function downloadReport(
  ctx: RepoContext,
  runId: number,
  options: { includeModel?: boolean; files?: readonly ReportFile[] } = {},
): Promise<RunArtifact | null> {
  const files = options.files ?? (options.includeModel === true ? undefined : [RUN_FILES.metrics]);
  return downloadRunArtifact({
    octokit: ctx.octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    runId,
    maxBytes: MAX_REPORT_ARTIFACT_BYTES,
    includeModel: options.includeModel ?? false,
    ...(files === undefined ? {} : { files }),
  });
}

/**
 * One file of the run's `modelgate-drift` artifact; null when the run has no such artifact,
 * `bytes` undefined when the artifact lacks the file. The artifact comes from a workflow run
 * and is checked like the training report: size before and after download, zip entries while
 * inflating; the caller then decodes strictly against its schema.
 */
async function driftArtifactEntry(
  ctx: RepoContext,
  runId: number,
  file: string,
): Promise<{ bytes: Uint8Array | undefined; label: string } | null> {
  const fetched = await fetchArtifactZip({
    octokit: ctx.octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    runId,
    name: DRIFT_ARTIFACT_NAME,
    maxBytes: MAX_DRIFT_ARTIFACT_BYTES,
  });
  if (fetched === null) return null;
  const { zip, label } = fetched;
  try {
    const files = safeUnzip(zip, (name) => name === file, {
      maxEntries: 100,
      maxTotalBytes: MAX_DRIFT_ARTIFACT_BYTES * 4,
      maxEntryBytes: () => MAX_DRIFT_ARTIFACT_BYTES * 4,
    });
    return { bytes: files.get(file), label };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${label}: ${error.message}.`);
    throw error;
  }
}

/**
 * The run's drift report from the `modelgate-drift` artifact, validated against the drift
 * schema; null when the run has none.
 */
export async function downloadDriftReport(
  ctx: RepoContext,
  runId: number,
): Promise<DriftReport | null> {
  const entry = await driftArtifactEntry(ctx, runId, DRIFT_FILES.report);
  if (entry === null) return null;
  const { bytes, label } = entry;
  if (bytes === undefined) throw new InputError(`${label} has no ${DRIFT_FILES.report}.`);
  return parseUntrustedJson(bytes, DriftReportSchema, `${label}: ${DRIFT_FILES.report}`);
}

/**
 * The run's performance report from its `modelgate-drift` artifact, validated like the drift
 * report; null when the run has no such artifact or the artifact no performance.json (a run
 * without `monitor.performance`).
 */
export async function downloadPerformanceReport(
  ctx: RepoContext,
  runId: number,
): Promise<PerformanceReport | null> {
  const entry = await driftArtifactEntry(ctx, runId, DRIFT_FILES.performance);
  if (entry?.bytes === undefined) return null;
  return parseUntrustedJson(
    entry.bytes,
    PerformanceReportSchema,
    `${entry.label}: ${DRIFT_FILES.performance}`,
  );
}
