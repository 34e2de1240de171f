/**
 * profile.json for the faces: the pure building, merging and schema live in
 * `core/drift`; this module adds reading a profile file as untrusted input.
 */
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../core/errors.ts';
import { ProfileSchema, type Profile } from '../core/drift/profile-schema.ts';

export { buildProfile, mergeProfiles, type BuildProfileOptions } from '../core/drift/profile.ts';
export {
  ProfileSchema,
  DEFAULT_SAMPLE_CAP,
  type Profile,
  type ProfileFeature,
} from '../core/drift/profile-schema.ts';

/** Whether parsed JSON claims to be a profile (has the profile schema name). */
export function looksLikeProfile(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    'schema' in json &&
    typeof json.schema === 'string' &&
    json.schema.startsWith('modelgate/profile')
  );
}

/** Validates parsed JSON as a profile; `source` names it in the one-sentence error. */
export function parseProfile(json: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new InputError(
      `${source} is not a valid modelgate profile: ${where} ${issue?.message ?? 'is invalid'}.`,
    );
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
