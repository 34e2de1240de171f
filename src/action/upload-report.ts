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
 * Uploads files of `rootDir` (all of them when `files` is null; else these paths relative to
 * it) as the artifact `name` with `@actions/artifact`. Outside a runner (no
 * `ACTIONS_RUNTIME_TOKEN`) there is no results service, so the upload is skipped with a
 * notice rather than failing a local run.
 */
export async function uploadArtifact(
  name: string,
  files: readonly string[] | null,
  rootDir: string,
): Promise<UploadedReport | null> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.notice(
      `ACTIONS_RUNTIME_TOKEN is not set (not running on a GitHub runner): the ${name} artifact was not uploaded.`,
    );
    return null;
  }
  const paths =
    files === null ? await listFiles(rootDir) : files.map((file) => join(rootDir, file));
  const client = new DefaultArtifactClient();
  // The repository's retention setting applies, as for actions/upload-artifact's default.
  const result = await client.uploadArtifact(name, paths, rootDir);
  if (result.id === undefined)
    throw new Error(`The ${name} artifact upload returned no artifact id.`);
  core.info(
    `Uploaded the ${name} artifact (id ${result.id}, ${result.size ?? 0} bytes, ${paths.length} files).`,
  );
  return { id: result.id, size: result.size ?? 0, files: paths.length };
}

/**
 * Uploads a run directory (metrics.json, profile.json, report.md, predictions.csv, model/) as the
 * `modelgate-report` artifact. This is how the numbers of a pull request from a fork reach
 * the trusted `report` workflow or the App, which download and validate it. predictions.csv
 * is bounded when written (`MAX_PREDICTION_ROWS` / `MAX_PREDICTION_CELLS` in
 * src/train/predictions-file.ts), so it adds at most a few MB to the artifact.
 */
export function uploadReport(runDir: string): Promise<UploadedReport | null> {
  return uploadArtifact(ARTIFACT_NAME, null, runDir);
}
