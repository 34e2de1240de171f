import { RUN_FILES } from '../constants.ts';
import { InputError } from '../errors.ts';

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

/** A model file name that is plainly safe as an asset name, in notes and in a download URL. */
const SAFE_ASSET_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** The TF.js model files, which a run of a model modelgate did not train need not have. */
const TFJS_FILES: ReadonlySet<string> = new Set([RUN_FILES.modelJson, RUN_FILES.weights]);

/**
 * The release assets of a run's files (path → bytes); the missing required files, by path,
 * when it lacks one, so nothing is tagged for a release that could not be published.
 * `external`: the run scored another framework's predictions (metrics.json's `model.type` is
 * `external`); its model is whatever files sit directly under `model/` (a file, or a folder
 * packed as one archive), and there may be none. Throws InputError for a model file whose
 * name is not safe as an asset name: the files come from a workflow's artifact.
 */
export function releaseAssetsOf(
  files: ReadonlyMap<string, Uint8Array | string>,
  options: { external?: boolean } = {},
): {
  assets: ReleaseAsset[];
  missing: string[];
} {
  const assets: ReleaseAsset[] = [];
  const missing: string[] = [];
  const known = new Set(RELEASE_FILES.map((file) => file.path));
  for (const file of RELEASE_FILES) {
    const data = files.get(file.path);
    if (data === undefined) {
      const optional = file.optional || (options.external === true && TFJS_FILES.has(file.path));
      if (!optional) missing.push(file.path);
      continue;
    }
    assets.push({
      name: file.name,
      data,
      contentType: contentTypeOf(file.name),
    });
  }
  if (options.external === true) {
    for (const [path, data] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (known.has(path) || !path.startsWith(`${RUN_FILES.modelDir}/`)) continue;
      const name = path.slice(RUN_FILES.modelDir.length + 1);
      if (!SAFE_ASSET_NAME.test(name) || RELEASE_FILES.some((file) => file.name === name))
        throw new InputError(
          `The run's model file ${JSON.stringify(path.slice(0, 120))} cannot be a release asset; expected one file directly under model/ named with letters, digits, '.', '_' or '-'.`,
        );
      assets.push({ name, data, contentType: contentTypeOf(name) });
    }
  }
  return { assets, missing };
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'application/gzip';
  return 'application/octet-stream';
}
