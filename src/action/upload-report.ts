import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { ARTIFACT_NAME } from '../core/constants.ts';

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The uploaded artifact, as the results service acknowledged it. */
export interface UploadedReport {
  id: number;
  size: number;
  files: number;
}

/**
 * Uploads a run directory (metrics.json, profile.json, report.md, model/) as the
 * `modelgate-report` artifact with `@actions/artifact`. This is how the numbers of a pull
 * request from a fork reach the trusted `report` workflow or the App, which download and
 * validate it. Outside a runner (no `ACTIONS_RUNTIME_TOKEN`) there is no results service, so
 * the upload is skipped with a notice rather than failing a local run.
 */
export async function uploadReport(runDir: string): Promise<UploadedReport | null> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.notice(
      `ACTIONS_RUNTIME_TOKEN is not set (not running on a GitHub runner): the ${ARTIFACT_NAME} artifact was not uploaded.`,
    );
    return null;
  }
  const files = await listFiles(runDir);
  const client = new DefaultArtifactClient();
  // The repository's retention setting applies, as for actions/upload-artifact's default.
  const result = await client.uploadArtifact(ARTIFACT_NAME, files, runDir);
  if (result.id === undefined)
    throw new Error(`The ${ARTIFACT_NAME} artifact upload returned no artifact id.`);
  core.info(
    `Uploaded the ${ARTIFACT_NAME} artifact (id ${result.id}, ${result.size ?? 0} bytes, ${files.length} files).`,
  );
  return { id: result.id, size: result.size ?? 0, files: files.length };
}
