import { z } from 'zod';
import { CONFIG_PATH } from '../core/constants.ts';
import { parseConfig } from '../core/config/load.ts';
import { ConfigSchema } from '../core/config/schema.ts';
import { InputError } from '../core/errors.ts';
import type { RepoConfig } from '../flows/ports.ts';
import { isHttpStatus, type RepoContext } from './octokit.ts';

/** The config file is YAML a person writes; anything this large is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;

/** Where `readRepoConfig` reads. */
export interface RepoConfigSource extends RepoContext {
  defaultBranch: string;
  /** The config file's path in the repository; `.github/modelgate.yml` by default. */
  configPath?: string;
  /** The history branch when the face is told one (the Action's input), over the config's. */
  historyBranch?: string;
}

/**
 * The config of the default branch, never a pull request's head (a pull request must not
 * loosen its own gate), validated; an invalid one is returned with one sentence saying why.
 */
export async function readRepoConfig(options: RepoConfigSource): Promise<RepoConfig> {
  const { octokit, owner, repo } = options;
  const configPath = options.configPath ?? CONFIG_PATH;
  const source = `${configPath}@${options.defaultBranch}`;
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: configPath,
      ref: options.defaultBranch,
    }));
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
    // The pull request that adds modelgate is judged by no rules, and the comment says so.
    return {
      kind: 'ok',
      config: ConfigSchema.parse({ data: { path: 'data.csv' } }),
      notice: `No \`${configPath}\` on \`${options.defaultBranch}\` yet, so no gate rules apply.`,
      source,
    };
  }
  const file = z
    .object({ type: z.literal('file'), content: z.string(), size: z.number() })
    .safeParse(data);
  if (!file.success)
    return { kind: 'invalid', path: configPath, detail: `${source} is not a regular file.` };
  if (file.data.size > MAX_CONFIG_BYTES) {
    return {
      kind: 'invalid',
      path: configPath,
      detail: `${source} is ${file.data.size} bytes; a config file is expected to be under ${MAX_CONFIG_BYTES}.`,
    };
  }
  try {
    const text = Buffer.from(file.data.content, 'base64').toString('utf8');
    const config = parseConfig(text, source);
    if (options.historyBranch !== undefined) config.history.branch = options.historyBranch;
    return { kind: 'ok', config, notice: null, source };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'invalid', path: configPath, detail: error.message };
  }
}
