import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PerformanceMonitor } from '../core/config/schema.ts';
import { MODEL_FILES, RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { MetricsReportSchema } from '../core/metrics-report.ts';
import type { PerformanceReport } from '../core/performance/performance-report.ts';
import { writeFileAtomic } from '../data/atomic-write.ts';
import { downloadReleaseAsset } from '../github/release-lookup.ts';
import { parseUntrustedJson } from '../github/untrusted-json.ts';
import { judgeProduction } from '../train/judge-production.ts';
import { measureProduction } from '../train/measure-production.ts';
import type { Inputs } from './inputs.ts';
import type { ActionOctokit } from './octokit.ts';
import { bundledWasmDirectory } from './wasm-binaries.ts';

/** A released model is a few MB; an asset beyond this is not one of ours. */
const MAX_MODEL_ASSET_BYTES = 100 * 1024 * 1024;

/** The release assets that make up a model directory, and whether each must be there. */
const MODEL_ASSETS = [
  { name: MODEL_FILES.modelJson, required: true },
  { name: MODEL_FILES.weights, required: true },
  { name: MODEL_FILES.preprocessing, required: true },
  // Releases made before CBPE, and models other than binary classifiers, have none.
  { name: MODEL_FILES.calibration, required: false },
] as const;

/** Input of `measureReleasedModel`. */
export interface ReleasedModelInput {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  releaseTag: string;
  dataPath: string;
  settings: PerformanceMonitor;
  inputs: Inputs;
  configSource: string;
}

/**
 * Evaluates the release's own model (its model assets, downloaded into a temporary model
 * directory) on the production data and judges it against the release's metrics.json.
 */
export async function measureReleasedModel(input: ReleasedModelInput): Promise<PerformanceReport> {
  const { octokit, owner, repo, releaseTag } = input;
  const download = (name: string) =>
    downloadReleaseAsset({
      octokit,
      owner,
      repo,
      tag: releaseTag,
      name,
      maxBytes: MAX_MODEL_ASSET_BYTES,
    });
  const release = parseUntrustedJson(
    await download(RUN_FILES.metrics),
    MetricsReportSchema,
    `${RUN_FILES.metrics} of release ${releaseTag}`,
  );
  const modelDir = await mkdtemp(join(tmpdir(), 'modelgate-release-'));
  try {
    for (const asset of MODEL_ASSETS) {
      let bytes: Uint8Array;
      try {
        bytes = await download(asset.name);
      } catch (error) {
        if (!asset.required && error instanceof InputError) continue;
        throw error;
      }
      await writeFileAtomic(join(modelDir, asset.name), bytes);
    }
    const wasmDir = bundledWasmDirectory();
    const measure = await measureProduction({
      modelDir,
      dataPath: input.dataPath,
      ...(input.inputs.backend === undefined ? {} : { backend: input.inputs.backend }),
      ...(wasmDir === null ? {} : { wasmDir }),
    });
    return judgeProduction({
      measure,
      releaseTag,
      releaseMetrics: release.metrics,
      settings: input.settings,
      source: input.configSource,
    });
  } finally {
    await rm(modelDir, { recursive: true, force: true });
  }
}
