import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { SandboxCore } from './http/route.ts';
import type { ArtifactRecord, WorkflowRunRecord } from './model.ts';
import { timestamp } from './timestamp.ts';

/** Artifact records: zipping files as GitHub serves them, and new/finished records. */

/** Files for an artifact: path inside the zip → content. */
export type ArtifactFiles = Record<string, string | Uint8Array>;

/** Artifacts expire after 90 days unless the upload asks for less, as on GitHub. */
export function defaultExpiry(): string {
  return timestamp(new Date(Date.now() + 90 * 24 * 3_600_000));
}

/** An artifact record whose upload has not been finalized yet. */
export function pendingArtifact(
  core: SandboxCore,
  run: WorkflowRunRecord,
  name: string,
  expiresAt?: string,
): ArtifactRecord {
  const now = timestamp();
  return {
    id: core.store.id(),
    name,
    runId: run.id,
    zip: null,
    stagedBlocks: new Map(),
    blob: null,
    digest: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: expiresAt ?? defaultExpiry(),
  };
}

/** Zips files with deflate, the format of GitHub's artifact downloads. */
export function zipFiles(files: ArtifactFiles): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of Object.entries(files)) {
    entries[path] = typeof content === 'string' ? Buffer.from(content) : content;
  }
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/** A finalized artifact record around a zip. */
export function finishedArtifact(
  core: SandboxCore,
  run: WorkflowRunRecord,
  name: string,
  zip: Buffer,
): ArtifactRecord {
  return {
    ...pendingArtifact(core, run, name),
    zip,
    digest: `sha256:${createHash('sha256').update(zip).digest('hex')}`,
  };
}
