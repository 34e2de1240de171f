import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../core/config/schema.ts';
import { CONFIG_PATH } from '../core/constants.ts';

/** A config file found by `findConfig`, and the folder its relative paths start from. */
export interface FoundConfig {
  /** The file, as a path from `cwd` (what messages show). */
  path: string;
  /** The folder holding `.github/`: the repository root the config's paths are relative to. */
  root: string;
}

/**
 * `.github/modelgate.yml` in `cwd` or the nearest folder above it, stopping at the repository
 * root (the first folder with a `.git`), like git finds its own config: running from `src/`
 * or a notebook folder finds the repository's config instead of silently using none.
 */
export function findConfig(cwd: string = process.cwd()): FoundConfig | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_PATH);
    if (existsSync(candidate)) return { path: relative(cwd, candidate) || candidate, root: dir };
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) return undefined;
    dir = parent;
  }
}

function fromRoot(path: string, root: string, cwd: string): string {
  return isAbsolute(path) ? path : relative(cwd, join(root, path)) || '.';
}

/**
 * The config with its file paths (`data.path`, `model.module`, `monitor.data`) made relative
 * to `cwd` instead of the repository root, so a run from a sub-folder reads the same files.
 */
export function rebaseConfigPaths(
  config: Config,
  root: string,
  cwd: string = process.cwd(),
): Config {
  if (resolve(root) === resolve(cwd)) return config;
  return {
    ...config,
    data: { ...config.data, path: fromRoot(config.data.path, root, cwd) },
    model:
      config.model.module === undefined
        ? config.model
        : { ...config.model, module: fromRoot(config.model.module, root, cwd) },
    monitor:
      config.monitor.data === undefined
        ? config.monitor
        : { ...config.monitor, data: fromRoot(config.monitor.data, root, cwd) },
  };
}
