import semver from 'semver';
import { RELEASE_LABELS } from '../constants.ts';

/** The part of a version a release bumps. */
export type Bump = 'major' | 'minor' | 'patch';

/** How the bump is chosen (`release.bump` in the config). */
export type BumpPolicy = 'labels' | Bump;

/** What decides the next release version: the previous tag, the PR's labels and title. */
export interface NextVersionInput {
  /** The latest release tag, e.g. `model-v1.4.0`; null/undefined or unparseable → first release. */
  readonly previousTag?: string | null;
  /** Tag prefix from the config, e.g. `model-v`. */
  readonly prefix: string;
  /** Labels of the merged pull request. */
  readonly labels?: readonly string[];
  /** Title of the merged pull request, read as a conventional commit. */
  readonly title?: string;
  /** Body of the merged pull request; a `BREAKING CHANGE:` footer there means major. */
  readonly body?: string;
  /** `labels` (default) or a fixed bump for every release. */
  readonly bump?: BumpPolicy;
  /** Version of the first release; `0.1.0` unless configured. */
  readonly initialVersion?: string;
}

/** The version to release and its tag. */
export interface NextVersion {
  readonly version: string;
  readonly tag: string;
  /** The bump applied, or `initial` for the first release. */
  readonly bump: Bump | 'initial';
  /** Why, for the release notes and logs: "label release:minor", "title feat: …". */
  readonly reason: string;
}

/**
 * A model's first release is 0.1.0, as `npm init` and Cargo start: semver's 0.y.z says "initial
 * development", which is honest for the first model behind a gate that has no history yet;
 * teams that want 1.0.0 set `release.initial_version`.
 */
export const DEFAULT_INITIAL_VERSION = '0.1.0';

const ORDER: readonly Bump[] = ['major', 'minor', 'patch'];

/** The highest `release:*` label, `skip`, or undefined when none is set. */
function bumpFromLabels(labels: readonly string[]): Bump | 'skip' | undefined {
  // An explicit opt-out wins over any bump label on the same PR.
  if (labels.includes(RELEASE_LABELS.skip)) return 'skip';
  return ORDER.find((bump) => labels.includes(RELEASE_LABELS[bump]));
}

/** Conventional Commits 1.0: `type(scope)!: subject`; `feat` → minor, `!`/BREAKING CHANGE → major. */
function bumpFromTitle(title: string, body: string): Bump | undefined {
  if (/^BREAKING[ -]CHANGE:/m.test(body)) return 'major';
  const match = /^\s*([a-z]+)(\([^)]*\))?(!)?:\s*\S/i.exec(title);
  if (match === null) return undefined;
  if (match[3] === '!' || /BREAKING[ -]CHANGE/.test(title)) return 'major';
  return match[1]?.toLowerCase() === 'feat' ? 'minor' : 'patch';
}

/** The version in a tag with this prefix, or null when the tag is not `<prefix><semver>`. */
export function versionOfTag(tag: string, prefix: string): string | null {
  if (!tag.startsWith(prefix)) return null;
  return semver.valid(tag.slice(prefix.length));
}

/** The latest release tag among `tags` (highest version with the prefix); others are ignored. */
export function latestReleaseTag(tags: readonly string[], prefix: string): string | null {
  let best: { tag: string; version: string } | null = null;
  for (const tag of tags) {
    const version = versionOfTag(tag, prefix);
    if (version !== null && (best === null || semver.gt(version, best.version))) {
      best = { tag, version };
    }
  }
  return best?.tag ?? null;
}

/**
 * The version and tag of the next release, or null when the PR carries `release:skip`.
 * With `bump: labels`: a `release:*` label, else the conventional-commit title, else patch.
 */
export function nextVersion(input: NextVersionInput): NextVersion | null {
  const labels = input.labels ?? [];
  const policy = input.bump ?? 'labels';
  const fromLabels = bumpFromLabels(labels);
  if (fromLabels === 'skip') return null;

  const previous =
    input.previousTag === undefined || input.previousTag === null
      ? null
      : versionOfTag(input.previousTag, input.prefix);
  if (previous === null) {
    const version = semver.valid(input.initialVersion ?? DEFAULT_INITIAL_VERSION);
    if (version === null) {
      throw new RangeError(`initial version "${input.initialVersion}" is not a semantic version`);
    }
    return { version, tag: `${input.prefix}${version}`, bump: 'initial', reason: 'first release' };
  }

  let bump: Bump = 'patch';
  let reason = 'default (patch)';
  if (policy !== 'labels') {
    bump = policy;
    reason = `release.bump: ${policy}`;
  } else if (fromLabels !== undefined) {
    bump = fromLabels;
    reason = `label ${RELEASE_LABELS[fromLabels]}`;
  } else {
    const fromTitle = bumpFromTitle(input.title ?? '', input.body ?? '');
    if (fromTitle !== undefined) {
      bump = fromTitle;
      reason = `conventional-commit title (${fromTitle})`;
    }
  }
  // semver.inc of a valid version with a valid release type cannot return null.
  const version = semver.inc(previous, bump) ?? previous;
  return { version, tag: `${input.prefix}${version}`, bump, reason };
}
