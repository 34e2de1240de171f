import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../core/config/load.ts';
import { ConfigSchema, type Config } from '../core/config/schema.ts';
import { CONFIG_PATH } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { readUserText } from '../data/read-text.ts';

/** Command-line values that win over the config file. */
export interface ConfigOverrides {
  data?: string;
  label?: string;
  epochs?: number;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The config a `train` run uses: `--config F` when given (it must exist), else
 * `.github/modelgate.yml` in `cwd` when present, else the defaults; `--data`, `--label`
 * and `--epochs` then override it. Without any config, `--data` is required.
 */
export async function resolveTrainConfig(options: {
  configPath?: string;
  cwd?: string;
  overrides?: ConfigOverrides;
}): Promise<{ config: Config; source: string | null }> {
  const overrides = options.overrides ?? {};
  let config: Config | undefined;
  let source: string | null = null;
  if (options.configPath !== undefined) {
    const text = await readUserText(
      options.configPath,
      'The config file',
      `a modelgate config like ${CONFIG_PATH}`,
    );
    config = parseConfig(text, options.configPath);
    source = options.configPath;
  } else {
    const path = join(options.cwd ?? process.cwd(), CONFIG_PATH);
    const text = await readText(path);
    if (text !== undefined) {
      config = parseConfig(text, CONFIG_PATH);
      source = CONFIG_PATH;
    }
  }
  if (config === undefined) {
    if (overrides.data === undefined) {
      throw new InputError(
        `No data to train on: pass --data <file> --label <column>, or --config <file>, or create ${CONFIG_PATH}.`,
      );
    }
    config = ConfigSchema.parse({ data: { path: overrides.data, label: overrides.label } });
  }
  return {
    source,
    config: {
      ...config,
      data: {
        ...config.data,
        path: overrides.data ?? config.data.path,
        label: overrides.label ?? config.data.label,
      },
      train: { ...config.train, epochs: overrides.epochs ?? config.train.epochs },
    },
  };
}
