import { RUN_FILES } from '../core/constants.ts';
import type { Profile } from '../core/drift/index.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import { parseProfile } from '../data/profile.ts';
import { downloadReleaseAsset } from '../github/release-lookup.ts';
import type { ActionOctokit } from './octokit.ts';

/** A profile keeps capped samples per feature; a release asset beyond this is not one of ours. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/** Parses a downloaded profile.json, which is untrusted input: a sentence, not a stack trace. */
function decodeProfile(bytes: Uint8Array, tag: string): Profile {
  const source = `${RUN_FILES.profile} of release ${tag}`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InputError(`${source} is not valid JSON: ${errorMessage(error)}.`);
  }
  return parseProfile(json, source);
}

/**
 * The `profile.json` asset of release `tag`: what monitoring compares production data with,
 * so the training data is not needed.
 */
export async function downloadReleaseProfile(input: {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  tag: string;
}): Promise<Profile> {
  const bytes = await downloadReleaseAsset({
    ...input,
    name: RUN_FILES.profile,
    maxBytes: MAX_PROFILE_BYTES,
  });
  return decodeProfile(bytes, input.tag);
}
