/**
 * profile.json for the faces: the pure building, merging and schema live in
 * `core/drift`; this module adds reading a profile file as untrusted input.
 */
import { formatIssue } from '../core/config/format-issue.ts';
import { InputError } from '../core/errors.ts';
import { parseJsonText } from '../core/json-text.ts';
import { PROFILE_SCHEMA } from '../core/constants.ts';
import { ProfileSchema, type Profile } from '../core/drift/profile-schema.ts';
import { readUserText } from './read-text.ts';

/** What a profile path should hold, for error messages. */
export const PROFILE_EXPECTED = 'a profile.json written by modelgate profile or train';

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
  const text = await readUserText(path, 'the profile', PROFILE_EXPECTED);
  return parseProfile(parseJsonText(text, path, PROFILE_EXPECTED), path);
}
