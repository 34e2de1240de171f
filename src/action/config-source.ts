import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseConfig } from '../core/config/load.ts';
import type { Config } from '../core/config/schema.ts';
import { InputError } from '../core/errors.ts';
import type { ActionOctokit } from './octokit.ts';

function hasStatus(error: unknown, status: number): boolean {
  return (
    typeof error === 'object' && error !== null && 'status' in error && error.status === status
  );
}

/** The config of the checked-out commit (`train`, `release`, `monitor`). */
export async function readWorkspaceConfig(workingDirectory: string, path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(resolve(workingDirectory, path), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new InputError(
        `No config file at ${path}: add one with at least \`data: { path: <csv>, label: <column> }\`, or point the 'config' input at it.`,
      );
    }
    throw error;
  }
  return parseConfig(text, path);
}

/**
 * The config as committed on the default branch, read through the API. The `report` mode
 * judges a pull request, so it must not take the gate from the pull request's own head: a
 * change could loosen the rules it is judged by (DESIGN.md §3).
 */
export async function readDefaultBranchConfig(input: {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  branch: string;
  path: string;
}): Promise<Config> {
  const { octokit, owner, repo, branch, path } = input;
  let response;
  try {
    response = await octokit.rest.repos.getContent({
      owner,
      repo,
      path,
      ref: branch,
      mediaType: { format: 'raw' },
    });
  } catch (error) {
    if (hasStatus(error, 404)) {
      throw new InputError(
        `No config file ${path} on the default branch ${branch} of ${owner}/${repo}: the gate is read from there, so commit it to ${branch} first.`,
      );
    }
    throw error;
  }
  // With the raw media type GitHub answers with the file's bytes, which Octokit hands back as
  // a string even though the typings describe the JSON envelope.
  const data: unknown = response.data;
  if (typeof data !== 'string') {
    throw new InputError(`${path} on ${branch} of ${owner}/${repo} is not a file.`);
  }
  return parseConfig(data, `${path}@${branch}`);
}
