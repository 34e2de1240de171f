import { parseConfig } from '../../core/config/load.ts';
import type { PerformanceMonitor } from '../../core/config/schema.ts';
import type { DRIFT_TESTS } from '../../core/drift/index.ts';
import { InputError } from '../../core/errors.ts';
import { readUserText } from '../../data/read-text.ts';
import { findConfig, rebaseConfigPaths } from '../../train/find-config.ts';
import { CONFIG_PATH } from '../../core/constants.ts';

/** What `drift --config` takes from the config: the `monitor:` settings and the training data. */
export interface DriftDefaults {
  source: string;
  /** `data.path`: the data the model was trained on, the natural reference. */
  reference: string;
  current?: string | undefined;
  driftShare: number;
  method?: (typeof DRIFT_TESTS)[number] | undefined;
  threshold?: number | undefined;
  categorical?: string[] | undefined;
  /** `monitor.performance`, for `modelgate monitor`. */
  performance?: PerformanceMonitor | undefined;
}

/**
 * Reads `monitor.*` (and `data.path`) from `--config F`, or from the repository's
 * `.github/modelgate.yml` found upwards with `--config` given without a file, so a local
 * `modelgate drift` runs the same test as the scheduled monitoring run. Flags still win.
 */
export async function readDriftDefaults(config: string | true): Promise<DriftDefaults> {
  let path: string;
  let root: string | undefined;
  if (config === true) {
    const found = findConfig();
    if (found === undefined) {
      throw new InputError(
        `--config without a file looks for ${CONFIG_PATH} in this folder and those above it up to the repository root, and found none; pass --config <file>.`,
      );
    }
    path = found.path;
    root = found.root;
  } else {
    path = config;
  }
  const text = await readUserText(
    path,
    'The config file',
    `a modelgate config like ${CONFIG_PATH}`,
  );
  const parsed = parseConfig(text, path);
  const rebased = root === undefined ? parsed : rebaseConfigPaths(parsed, root);
  const { monitor } = rebased;
  return {
    source: path,
    reference: rebased.data.path,
    current: monitor.data,
    driftShare: monitor.drift_share,
    method: monitor.method,
    threshold: monitor.threshold,
    categorical: monitor.categorical,
    performance: monitor.performance,
  };
}
