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
  type ArtifactLister,
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
  options: {
    includeModel?: boolean;
    files?: readonly ReportFile[];
    listArtifacts?: ArtifactLister;
  } = {},
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
    ...(options.listArtifacts === undefined ? {} : { listArtifacts: options.listArtifacts }),
  });
}

/** The run's `modelgate-drift` artifact, unzipped: its drift.json and performance.json. */
export interface DriftArtifact {
  files: ReadonlyMap<string, Uint8Array>;
  /** `artifact modelgate-drift of run <id>`, the start of every error sentence about it. */
  label: string;
}

/**
 * The run's `modelgate-drift` artifact, downloaded and unzipped once for both of its reports;
 * null when the run has none. It comes from a workflow run and is checked like the training
 * report: size before and after download, zip entries while inflating; each reader then
 * decodes its file strictly against its schema.
 */
export async function fetchDriftArtifact(
  ctx: RepoContext,
  runId: number,
  listArtifacts?: ArtifactLister,
): Promise<DriftArtifact | null> {
  const fetched = await fetchArtifactZip({
    octokit: ctx.octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    runId,
    name: DRIFT_ARTIFACT_NAME,
    maxBytes: MAX_DRIFT_ARTIFACT_BYTES,
    ...(listArtifacts === undefined ? {} : { listArtifacts }),
  });
  if (fetched === null) return null;
  const { zip, label } = fetched;
  const wanted = new Set<string>([DRIFT_FILES.report, DRIFT_FILES.performance]);
  try {
    const files = safeUnzip(zip, (name) => wanted.has(name), {
      maxEntries: 100,
      maxTotalBytes: MAX_DRIFT_ARTIFACT_BYTES * 4,
      maxEntryBytes: () => MAX_DRIFT_ARTIFACT_BYTES * 4,
    });
    return { files, label };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${label}: ${error.message}.`);
    throw error;
  }
}

/** The drift report of a drift artifact, validated against the drift schema; null without one. */
export function driftReportOf(artifact: DriftArtifact | null): DriftReport | null {
  if (artifact === null) return null;
  const bytes = artifact.files.get(DRIFT_FILES.report);
  if (bytes === undefined) throw new InputError(`${artifact.label} has no ${DRIFT_FILES.report}.`);
  return parseUntrustedJson(bytes, DriftReportSchema, `${artifact.label}: ${DRIFT_FILES.report}`);
}

/**
 * The performance report of a drift artifact, validated like the drift report; null when there
 * is no artifact or it has no performance.json (a run without `monitor.performance`).
 */
export function performanceReportOf(artifact: DriftArtifact | null): PerformanceReport | null {
  const bytes = artifact?.files.get(DRIFT_FILES.performance);
  if (artifact === null || bytes === undefined) return null;
  return parseUntrustedJson(
    bytes,
    PerformanceReportSchema,
    `${artifact.label}: ${DRIFT_FILES.performance}`,
  );
}
