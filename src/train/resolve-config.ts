import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue } from '../core/config/format-issue.ts';
import { parseConfig } from '../core/config/load.ts';
import { formatPath } from '../core/config/schema-walk.ts';
import { ConfigSchema, type Config } from '../core/config/schema.ts';
import { CONFIG_PATH } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { readUserText } from '../data/read-text.ts';
import { findConfig, rebaseConfigPaths } from './find-config.ts';

/** Command-line values that win over the config file. */
export interface ConfigOverrides {
  data?: string;
  label?: string;
  epochs?: number;
}

const CONFIG_EXPECTED = `a modelgate config like ${CONFIG_PATH}`;

/** The config key each flag overrides, for messages that name the flag the user typed. */
const FLAG_OF_KEY: Record<string, string> = {
  'data.path': '--data',
  'data.label': '--label',
  'train.epochs': '--epochs',
};

/** `.github/modelgate.yml` when present; one that cannot be read (a directory) is bad input. */
async function readDefaultConfig(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  return readUserText(path, 'The config file', CONFIG_EXPECTED);
}

/**
 * Checks the values the flags put into the config against the config schema, in the config
 * loader's words but with the flag as the subject: `--label must be a non-empty string, got ""`.
 */
function validateOverrides(config: {
  data: { path: string | undefined; label: string | undefined };
  train: { epochs: number | undefined };
}): Config {
  const result = ConfigSchema.safeParse(config, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = formatPath(issue.path);
    const sentence = formatIssue(ConfigSchema, issue);
    const flag = FLAG_OF_KEY[key];
    return flag !== undefined && sentence.startsWith(`${key} `)
      ? `${flag}${sentence.slice(key.length)}.`
      : `${sentence}.`;
  });
  throw new InputError(problems.join('\n'));
}

/**
 * The config a `train` run uses: `--config F` when given (it must exist), else
 * `.github/modelgate.yml` in `cwd` or the nearest folder above it up to the repository root
 * (its paths then read from that root), else the defaults; `--data`, `--label`
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
    const text = await readUserText(options.configPath, 'The config file', CONFIG_EXPECTED);
    config = parseConfig(text, options.configPath);
    source = options.configPath;
  } else {
    const cwd = options.cwd ?? process.cwd();
    const found = findConfig(cwd);
    const text = found === undefined ? undefined : await readDefaultConfig(join(cwd, found.path));
    if (found !== undefined && text !== undefined) {
      config = rebaseConfigPaths(parseConfig(text, found.path), found.root, cwd);
      source = found.path;
    }
  }
  if (config === undefined && overrides.data === undefined) {
    throw new InputError(
      `No data to train on: pass --data <file> --label <column>, or --config <file>, or create ${CONFIG_PATH}.`,
    );
  }
  // Flags bypass the config file's validation, so their values are checked here: an empty
  // --label would otherwise reach the data as a column named "".
  const checked = validateOverrides({
    data: {
      path: overrides.data ?? config?.data.path,
      label: overrides.label ?? config?.data.label,
    },
    train: { epochs: overrides.epochs ?? config?.train.epochs },
  });
  return {
    source,
    config:
      config === undefined
        ? checked
        : {
            ...config,
            data: { ...config.data, path: checked.data.path, label: checked.data.label },
            train: { ...config.train, epochs: checked.train.epochs },
          },
  };
}
