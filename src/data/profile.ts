/**
 * profile.json for the faces: the pure building, merging and schema live in
 * `core/drift`; this module adds reading a profile file as untrusted input.
 */
import { readFile } from 'node:fs/promises';
import { formatIssue } from '../core/config/format-issue.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import { PROFILE_SCHEMA } from '../core/constants.ts';
import { ProfileSchema, type Profile } from '../core/drift/profile-schema.ts';

export { buildProfile, mergeProfiles, type BuildProfileOptions } from '../core/drift/profile.ts';
export {
  ProfileSchema,
  DEFAULT_SAMPLE_CAP,
  type Profile,
  type ProfileFeature,
} from '../core/drift/profile-schema.ts';

/**
 * Whether parsed JSON claims to be a profile, of any version: another version then gets the
 * schema's own `must be "modelgate/profile@1"` sentence rather than "not a profile".
 */
export function looksLikeProfile(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    'schema' in json &&
    typeof json.schema === 'string' &&
    json.schema.startsWith(PROFILE_SCHEMA.slice(0, PROFILE_SCHEMA.indexOf('@')))
  );
}

/** Validates parsed JSON as a profile; `source` names it in the one-sentence error. */
export function parseProfile(json: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const [issue] = result.error.issues;
    const detail =
      issue === undefined ? 'does not match the schema' : formatIssue(ProfileSchema, issue);
    throw new InputError(`${source} is not a valid modelgate profile: ${detail}.`);
  }
  return result.data;
}

/** Reads and validates a profile.json. */
export async function readProfile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read profile ${path}: ${errorMessage(error)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not valid JSON: ${errorMessage(error)}.`);
  }
  return parseProfile(json, path);
}
