import { DriftReportSchema, type DriftReport } from '../core/drift/drift-report.ts';
import { InputError } from '../core/errors.ts';
import { downloadRunArtifact, type RunArtifact } from '../github/artifact.ts';
import { toBytes } from '../github/release-lookup.ts';
import { safeUnzip } from '../github/safe-unzip.ts';
import { parseUntrustedJson } from '../github/untrusted-json.ts';
import type { HandlerContext } from './handler-context.ts';

/**
 * Artifact a monitoring run uploads: `drift.json` (`modelgate/drift@1`). Its presence is how
 * the App tells a monitoring run from a training run, whatever the workflow is called.
 */
export const DRIFT_ARTIFACT_NAME = 'modelgate-drift';
/** The file inside the drift artifact. */
export const DRIFT_FILE = 'drift.json';

/** Largest training report artifact the App downloads (the model travels in it). */
export const MAX_REPORT_ARTIFACT_BYTES = 100 * 1024 * 1024;
/** Largest drift artifact; drift.json is a per-feature table, far below this. */
export const MAX_DRIFT_ARTIFACT_BYTES = 8 * 1024 * 1024;

/** Names of the artifacts a run uploaded (unexpired), over all pages. */
export async function listRunArtifactNames(ctx: HandlerContext, runId: number): Promise<string[]> {
  const { octokit, owner, repo } = ctx;
  const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
    owner,
    repo,
    run_id: runId,
    per_page: 100,
  });
  return [
    ...new Set(artifacts.filter((artifact) => !artifact.expired).map((artifact) => artifact.name)),
  ];
}

/**
 * The run's `modelgate-report`, validated as untrusted input; null when the run has none.
 * Throws InputError (one sentence: which file, what was wrong) for a bad artifact.
 */
export function downloadReport(
  ctx: HandlerContext,
  runId: number,
  options: { includeModel?: boolean } = {},
): Promise<RunArtifact | null> {
  return downloadRunArtifact({
    octokit: ctx.octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    runId,
    maxBytes: MAX_REPORT_ARTIFACT_BYTES,
    includeModel: options.includeModel ?? false,
  });
}

/**
 * The run's drift report from the `modelgate-drift` artifact, validated against the drift
 * schema; null when the run has none. The artifact comes from a workflow run and is checked
 * like the training report: size before download, zip entries while inflating, then schema.
 */
export async function downloadDriftReport(
  ctx: HandlerContext,
  runId: number,
): Promise<DriftReport | null> {
  const { octokit, owner, repo } = ctx;
  const label = `artifact ${DRIFT_ARTIFACT_NAME} of run ${runId}`;
  const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
    owner,
    repo,
    run_id: runId,
    name: DRIFT_ARTIFACT_NAME,
    per_page: 100,
  });
  const artifact = artifacts
    .filter((candidate) => candidate.name === DRIFT_ARTIFACT_NAME && !candidate.expired)
    .sort((a, b) => b.id - a.id)[0];
  if (artifact === undefined) return null;
  if (artifact.size_in_bytes > MAX_DRIFT_ARTIFACT_BYTES) {
    throw new InputError(
      `${label} is ${artifact.size_in_bytes} bytes; the limit is ${MAX_DRIFT_ARTIFACT_BYTES} bytes.`,
    );
  }
  const response = await octokit.rest.actions.downloadArtifact({
    owner,
    repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  const zip = toBytes(response.data);
  if (zip.byteLength > MAX_DRIFT_ARTIFACT_BYTES) {
    throw new InputError(
      `${label} downloaded as ${zip.byteLength} bytes; the limit is ${MAX_DRIFT_ARTIFACT_BYTES} bytes.`,
    );
  }
  let files: Map<string, Uint8Array>;
  try {
    files = safeUnzip(zip, (name) => name === DRIFT_FILE, {
      maxEntries: 100,
      maxTotalBytes: MAX_DRIFT_ARTIFACT_BYTES * 4,
      maxEntryBytes: () => MAX_DRIFT_ARTIFACT_BYTES * 4,
    });
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${label}: ${error.message}.`);
    throw error;
  }
  const bytes = files.get(DRIFT_FILE);
  if (bytes === undefined) throw new InputError(`${label} has no ${DRIFT_FILE}.`);
  return parseUntrustedJson(bytes, DriftReportSchema, `${label}: ${DRIFT_FILE}`);
}
