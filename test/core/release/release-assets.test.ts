import { describe, expect, it } from 'vitest';
import { releaseAssetsOf } from '../../../src/core/release/release-assets.ts';

const run = (extra: Record<string, string>) =>
  new Map<string, string>([
    ['metrics.json', '{}'],
    ['profile.json', '{}'],
    ...Object.entries(extra),
  ]);

describe('releaseAssetsOf', () => {
  it('requires the TF.js model of a run modelgate trained, and ignores other model files', () => {
    const { assets, missing } = releaseAssetsOf(run({ 'model/model.joblib': 'x' }));
    expect(missing).toEqual(['model/model.json', 'model/weights.bin']);
    expect(assets.map((asset) => asset.name)).toEqual(['metrics.json', 'profile.json']);
  });

  it('releases whatever file an external run put under model/, with a fitting media type', () => {
    const { assets, missing } = releaseAssetsOf(run({ 'model/model.tar.gz': 'gz' }), {
      external: true,
    });
    expect(missing).toEqual([]);
    expect(assets.map((asset) => [asset.name, asset.contentType])).toEqual([
      ['metrics.json', 'application/json'],
      ['profile.json', 'application/json'],
      ['model.tar.gz', 'application/gzip'],
    ]);
    // No model at all is fine too: the metrics and the profile are still released.
    expect(releaseAssetsOf(run({}), { external: true }).missing).toEqual([]);
    // The profile is what monitoring needs: an external run is not released without it.
    expect(releaseAssetsOf(new Map([['metrics.json', '{}']]), { external: true }).missing).toEqual([
      'profile.json',
    ]);
  });

  it('refuses a model file from an artifact whose name is nested, unsafe or taken', () => {
    for (const path of ['model/sub/x.bin', 'model/../x', 'model/<img>.bin', 'model/metrics.json'])
      expect(() => releaseAssetsOf(run({ [path]: 'x' }), { external: true })).toThrow(
        /cannot be a release asset; expected one file directly under model\//,
      );
  });
});
