import { z } from 'zod';
import { parseConfig } from '../core/config/load.ts';
import { ConfigSchema, type Config } from '../core/config/schema.ts';
import { CONFIG_PATH } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { isHttpStatus, type RepoContext } from '../github/octokit.ts';

/** The settings the App acts on, from the default branch's `.github/modelgate.yml`. */
export interface RepoSettings {
  gate: Config['gate'];
  release: Config['release'];
  monitor: Config['monitor'];
  historyBranch: string;
  /** Said in the comment when the file is missing, so nobody wonders where the rules went. */
  notice: string | null;
}

/** The config file is YAML a person writes; anything this large is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;

const FileContentSchema = z.object({
  type: z.literal('file'),
  encoding: z.literal('base64'),
  content: z.string(),
  size: z.number(),
});

/**
 * Reads the config from the default branch only: a pull request must not loosen its own
 * gate, so the head's copy of the file is never read. A missing file means "no rules yet"
 * (the pull request that adds modelgate is gated by absolute nothing, and the comment says
 * so); an invalid file throws InputError whose message names the key, the value and what was
 * expected, which the caller turns into a failing gate.
 */
export async function loadRepoSettings(
  context: RepoContext & { defaultBranch: string },
): Promise<RepoSettings> {
  const { octokit, owner, repo, defaultBranch } = context;
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: CONFIG_PATH,
      ref: defaultBranch,
    }));
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
    return settingsOf(
      defaultConfig(),
      `No \`${CONFIG_PATH}\` on \`${defaultBranch}\` yet, so no gate rules apply.`,
    );
  }
  const file = FileContentSchema.safeParse(data);
  const source = `${CONFIG_PATH} on ${defaultBranch}`;
  if (!file.success) {
    throw new InputError(`${source} is not a regular file; expected the YAML config file.`);
  }
  if (file.data.size > MAX_CONFIG_BYTES) {
    throw new InputError(
      `${source} is ${file.data.size} bytes; a config file is expected to be under ${MAX_CONFIG_BYTES}.`,
    );
  }
  const text = Buffer.from(file.data.content, 'base64').toString('utf8');
  return settingsOf(parseConfig(text, source), null);
}

function defaultConfig(): Config {
  // `data.path` is required in a real file; the App never reads the data, so any value does.
  return ConfigSchema.parse({ data: { path: 'data.csv' } });
}

function settingsOf(config: Config, notice: string | null): RepoSettings {
  return {
    gate: config.gate,
    release: config.release,
    monitor: config.monitor,
    historyBranch: config.history.branch,
    notice,
  };
}
