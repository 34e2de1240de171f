import { RUN_FILES } from '../constants.ts';

/** A file attached to a release (model.json, weights.bin, metrics.json, profile.json, …). */
export interface ReleaseAsset {
  name: string;
  data: Uint8Array | string;
  contentType: string;
}

/**
 * The files of a run that a release carries, by their path in the run directory (and in the
 * artifact, which holds the same tree), with their names as assets and media types. One list
 * for both faces: the App reads these files from the artifact, the Action from its run
 * directory, and a release looks the same whoever made it.
 */
export const RELEASE_FILES: readonly { path: string; name: string; optional: boolean }[] = [
  { path: RUN_FILES.modelJson, name: 'model.json', optional: false },
  { path: RUN_FILES.weights, name: 'weights.bin', optional: false },
  { path: RUN_FILES.preprocessing, name: 'preprocessing.json', optional: true },
  // Performance monitoring without labels (CBPE) needs the calibrator of the released model.
  { path: RUN_FILES.calibration, name: 'calibration.json', optional: true },
  { path: RUN_FILES.metrics, name: 'metrics.json', optional: false },
  // Monitoring compares production data with the released profile: no release without it.
  { path: RUN_FILES.profile, name: 'profile.json', optional: false },
];

/**
 * The release assets of a run's files (path → bytes); the missing required files, by path,
 * when it lacks one, so nothing is tagged for a release that could not be published.
 */
export function releaseAssetsOf(files: ReadonlyMap<string, Uint8Array | string>): {
  assets: ReleaseAsset[];
  missing: string[];
} {
  const assets: ReleaseAsset[] = [];
  const missing: string[] = [];
  for (const file of RELEASE_FILES) {
    const data = files.get(file.path);
    if (data === undefined) {
      if (!file.optional) missing.push(file.path);
      continue;
    }
    assets.push({
      name: file.name,
      data,
      contentType: file.name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    });
  }
  return { assets, missing };
}
