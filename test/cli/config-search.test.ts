import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DriftReportSchema } from '../../src/core/drift/index.ts';
import { seededRandom } from '../../src/core/drift/samples/reservoir.ts';
import { findConfig } from '../../src/train/find-config.ts';
import { resolveTrainConfig } from '../../src/train/resolve-config.ts';
import { csv, runCli, tempDir } from './metrics-cli.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

function column(n: number, seed: number, shift = 0): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Number((random() + shift).toFixed(6)));
}

// A repository: .git at the root, the config in .github/, data and a notebooks/ sub-folder.
mkdirSync(dir.path('repo/.git'), { recursive: true });
mkdirSync(dir.path('repo/.github'), { recursive: true });
mkdirSync(dir.path('repo/data'), { recursive: true });
mkdirSync(dir.path('repo/monitoring'), { recursive: true });
mkdirSync(dir.path('repo/notebooks/deep'), { recursive: true });
dir.write(
  'repo/.github/modelgate.yml',
  'data: { path: data/train.csv, label: y }\nmonitor: { data: monitoring/current.csv, method: psi, drift_share: 0.9 }\n',
);
dir.write(
  'repo/data/train.csv',
  csv({ x: column(3000, 1), z: column(3000, 2), y: column(3000, 3) }),
);
dir.write(
  'repo/monitoring/current.csv',
  csv({ x: column(3000, 4, 0.5), z: column(3000, 5), y: column(3000, 6) }),
);

describe('the config found from a sub-folder', () => {
  it('is the nearest .github/modelgate.yml up to the repository root, and no further', () => {
    expect(findConfig(dir.path('repo/notebooks/deep'))).toEqual({
      path: '../../.github/modelgate.yml',
      root: dir.path('repo'),
    });
    // Outside the repository (above its .git) nothing is found.
    mkdirSync(dir.path('other/.git'), { recursive: true });
    expect(findConfig(dir.path('other'))).toBeUndefined();
  });

  it('gives train the data path from the repository root', async () => {
    const { config, source } = await resolveTrainConfig({ cwd: dir.path('repo/notebooks') });
    expect(source).toBe('../.github/modelgate.yml');
    expect(config.data.path).toBe('../data/train.csv');
  });

  it('gives drift --config its monitor settings: current data, method and drift share', async () => {
    process.chdir(dir.path('repo/notebooks'));
    const run = await runCli(['drift', '--config', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = DriftReportSchema.parse(JSON.parse(run.stdout));
    expect(report.reference.source).toBe('../data/train.csv');
    expect(report.current.source).toBe('../monitoring/current.csv');
    expect(report.drift_share).toBe(0.9);
    expect(report.features.map((f) => [f.name, f.test, f.drifted])).toEqual([
      ['x', 'psi', true],
      ['z', 'psi', false],
      ['y', 'psi', false],
    ]);
    // A flag wins over the config.
    const flagged = await runCli(['drift', '--config', '--json', '--drift-share', '0.3']);
    expect(flagged.code).toBe(1);
    expect(DriftReportSchema.parse(JSON.parse(flagged.stdout)).drift_share).toBe(0.3);
  });
});
