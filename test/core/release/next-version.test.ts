import { describe, expect, it } from 'vitest';
import {
  latestReleaseTag,
  nextVersion,
  versionOfTag,
} from '../../../src/core/release/next-version.ts';

const prefix = 'model-v';

describe('nextVersion', () => {
  it('starts at 0.1.0 when there is no previous release', () => {
    expect(nextVersion({ previousTag: null, prefix, labels: ['release:major'] })).toEqual({
      version: '0.1.0',
      tag: 'model-v0.1.0',
      bump: 'initial',
      reason: 'first release',
    });
  });

  it('starts at the configured initial version', () => {
    expect(nextVersion({ prefix, initialVersion: '1.0.0' })?.tag).toBe('model-v1.0.0');
  });

  it('treats a previous tag that does not parse as no release', () => {
    expect(nextVersion({ previousTag: 'model-vlatest', prefix })?.tag).toBe('model-v0.1.0');
    expect(nextVersion({ previousTag: 'v1.2.3', prefix })?.tag).toBe('model-v0.1.0');
  });

  it.each([
    [['release:major'], 'model-v2.0.0', 'label release:major'],
    [['release:minor'], 'model-v1.5.0', 'label release:minor'],
    [['release:patch'], 'model-v1.4.1', 'label release:patch'],
    [['bug', 'release:minor', 'release:major'], 'model-v2.0.0', 'label release:major'],
  ])('bumps from labels %j', (labels, tag, reason) => {
    const next = nextVersion({ previousTag: 'model-v1.4.0', prefix, labels, title: 'fix: x' });
    expect(next?.tag).toBe(tag);
    expect(next?.reason).toBe(reason);
  });

  it('skips the release on release:skip, even next to a bump label', () => {
    expect(
      nextVersion({ previousTag: 'model-v1.4.0', prefix, labels: ['release:skip'] }),
    ).toBeNull();
    expect(
      nextVersion({ previousTag: null, prefix, labels: ['release:major', 'release:skip'] }),
    ).toBeNull();
  });

  it.each([
    ['feat: wider hidden layers', 'model-v1.5.0'],
    ['feat(model): add dropout', 'model-v1.5.0'],
    ['feat!: new label encoding', 'model-v2.0.0'],
    ['refactor(data)!: drop column', 'model-v2.0.0'],
    ['fix: seed the split', 'model-v1.4.1'],
    ['perf: batch 256', 'model-v1.4.1'],
    ['chore: BREAKING CHANGE in inputs', 'model-v2.0.0'],
    ['Retrain on November data', 'model-v1.4.1'],
  ])('reads the conventional-commit title %j', (title, tag) => {
    expect(nextVersion({ previousTag: 'model-v1.4.0', prefix, title })?.tag).toBe(tag);
  });

  it('takes a BREAKING CHANGE footer in the body as major', () => {
    const next = nextVersion({
      previousTag: 'model-v1.4.0',
      prefix,
      title: 'fix: column order',
      body: 'Reorders features.\n\nBREAKING CHANGE: models trained before need retraining.',
    });
    expect(next?.bump).toBe('major');
    expect(next?.version).toBe('2.0.0');
  });

  it('uses a fixed bump policy over labels and titles', () => {
    const next = nextVersion({
      previousTag: 'model-v1.4.0',
      prefix,
      bump: 'minor',
      labels: ['release:major'],
      title: 'fix: x',
    });
    expect(next).toMatchObject({
      tag: 'model-v1.5.0',
      bump: 'minor',
      reason: 'release.bump: minor',
    });
  });

  it('defaults to patch', () => {
    expect(nextVersion({ previousTag: 'model-v0.3.9', prefix })).toMatchObject({
      tag: 'model-v0.3.10',
      bump: 'patch',
      reason: 'default (patch)',
    });
  });
});

describe('release tags', () => {
  it('reads the version behind a prefix and nothing else', () => {
    expect(versionOfTag('model-v1.2.3', prefix)).toBe('1.2.3');
    expect(versionOfTag('model-v1.2', prefix)).toBeNull();
    expect(versionOfTag('other-v1.2.3', prefix)).toBeNull();
  });

  it('picks the highest version, ignoring tags that do not parse', () => {
    expect(
      latestReleaseTag(
        ['model-v1.9.0', 'model-v1.10.0', 'model-vnext', 'v9.9.9', 'model-v1.2.3'],
        prefix,
      ),
    ).toBe('model-v1.10.0');
    expect(latestReleaseTag(['v1.0.0'], prefix)).toBeNull();
  });
});
