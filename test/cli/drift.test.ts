import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DriftReportSchema } from '../../src/core/drift/index.ts';
import { seededRandom } from '../../src/core/drift/samples/reservoir.ts';
import { csv, runCli, tempDir } from './metrics-cli.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());

function column(n: number, seed: number, shift = 0): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Number((random() + shift).toFixed(6)));
}

function letters(n: number, p: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => (random() < p ? 'a' : 'b'));
}

const n = 300;
const reference = dir.write('reference.csv', csv({ x: column(n, 1), plan: letters(n, 0.5, 2) }));
const same = dir.write('same.csv', csv({ x: column(n, 3), plan: letters(n, 0.5, 4) }));
const shifted = dir.write('shifted.csv', csv({ x: column(n, 5, 0.5), plan: letters(n, 0.9, 6) }));

describe('modelgate drift', () => {
  it('exits 0 and prints the verdict first when nothing drifted', async () => {
    const run = await runCli(['drift', '--reference', reference, '--current', same]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      '✓ No dataset drift: 0 of 2 columns drifted (0%; dataset drift from 50%)',
    );
    // A text table: a header, a rule, one line per column, no markdown pipes or HTML.
    expect(lines[5]).toBe(
      '   Column  Test                  Score  Drift when  Reference     Current',
    );
    expect(lines[6]).toMatch(/^─ {2}─+ {2}─+/);
    expect(lines.slice(7, 9).map((line) => line.split(/\s{2,}/).slice(0, 5))).toEqual([
      ['✓', 'plan', 'Z-test p', expect.stringMatching(/^0\.\d+$/), '< 0.05'],
      ['✓', 'x', 'Kolmogorov–Smirnov p', expect.stringMatching(/^0\.\d+$/), '≤ 0.05'],
    ]);
    expect(run.stdout).not.toMatch(/\||<br>|&\w+;|###|`/);
  });

  it('prints GitHub markdown with --format md and JSON with --json', async () => {
    const md = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      same,
      '--format',
      'md',
    ]);
    expect(md.stdout.split('\n')[0]).toBe(
      '### 🟢 No dataset drift: 0 of 2 columns drifted (0%; dataset drift from 50%)',
    );
    const json = await runCli(['drift', '--reference', reference, '--current', same, '--json']);
    expect(DriftReportSchema.parse(JSON.parse(json.stdout)).dataset_drift).toBe(false);
  });

  it('exits 1 on dataset drift, prints JSON with --format json and writes --out atomically', async () => {
    const out = dir.path('drift.json');
    const run = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('modelgate: data drift in 2 of 2 columns.\n');
    const printed = DriftReportSchema.parse(JSON.parse(run.stdout));
    const written = DriftReportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(written).toEqual(printed);
    expect(printed.features.map((f) => [f.name, f.test, f.drifted])).toEqual([
      ['x', 'ks', true],
      ['plan', 'z', true],
    ]);
  });

  it('honours --method, --columns, --threshold and --drift-share', async () => {
    const run = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--format',
      'json',
      '--method',
      'psi',
      '--columns',
      'x',
      '--threshold',
      '100',
      '--drift-share',
      '0.9',
    ]);
    expect(run.code).toBe(0);
    const report = DriftReportSchema.parse(JSON.parse(run.stdout));
    expect(report.features[0]).toMatchObject({
      name: 'x',
      test: 'psi',
      threshold: 100,
      drifted: false,
    });
    expect(report.features[1]).toMatchObject({
      name: 'plan',
      test: 'z',
      threshold: 0.05,
      drifted: true,
    });
    expect(report.drift_share).toBe(0.9);
  });

  it('compares against a profile as against the data it was built from', async () => {
    const profile = dir.path('profile.json');
    expect((await runCli(['profile', '--data', reference, '--out', profile])).code).toBe(0);
    const fromProfile = await runCli([
      'drift',
      '--reference',
      profile,
      '--current',
      shifted,
      '--format',
      'json',
    ]);
    const fromData = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      shifted,
      '--format',
      'json',
    ]);
    expect(fromProfile.code).toBe(1);
    expect(DriftReportSchema.parse(JSON.parse(fromProfile.stdout)).features).toEqual(
      DriftReportSchema.parse(JSON.parse(fromData.stdout)).features,
    );
  });

  it('drops missing and infinite values, and reports an emptied column instead of failing', async () => {
    const gaps = dir.write(
      'gaps.csv',
      csv({
        x: column(n, 7).map((v, i) => (i % 3 === 0 ? 'inf' : i % 3 === 1 ? '' : v)),
        plan: Array.from({ length: n }, () => ''),
      }),
    );
    const run = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      gaps,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = DriftReportSchema.parse(JSON.parse(run.stdout));
    expect(report.features[0]).toMatchObject({
      status: 'ok',
      n_current: 100,
      dropped: { current: { missing: 100, infinite: 100 } },
    });
    expect(report.features[1]).toMatchObject({ status: 'error', drifted: false });
    expect(report.features[1]?.error).toMatch(/numerical in the current data|No current values/);
  });

  it.each([
    [
      ['--current', same],
      '--reference is required; expected a file, or --config with a config that sets data.path.',
    ],
    [['--reference', dir.path('missing.csv'), '--current', same], 'does not exist'],
    [
      ['--reference', reference, '--current', same, '--threshold', 'abc'],
      '--threshold must be a positive number, got "abc".',
    ],
    [
      ['--reference', reference, '--current', same, '--method', 'ks', '--columns', 'plan'],
      "'plan' is categorical",
    ],
    [
      ['--reference', reference, '--current', same, '--method', 'magic'],
      "argument 'magic' is invalid",
    ],
    [['--reference', reference, '--current', same, '--categorical', 'nope'], 'no column "nope"'],
    [
      ['--reference', reference, '--current', same, '--method', 'ks', '--columns', ','],
      'modelgate: --columns names no column, got ","; expected comma-separated column names.\n',
    ],
  ])('exits 2 with one sentence for bad input %#', async (args, message) => {
    const run = await runCli(['drift', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('    at ');
  });

  it('exits 2, not the 1 of "drift found", when --out cannot be written', async () => {
    const run = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      same,
      '--out',
      dir.path(''),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `modelgate: Cannot write --out ${dir.path('')}: it is a directory; expected a file path such as ${dir.path('drift.json')}.\n`,
    );
    // Checked before reading anything: a missing --current is not reached.
    const early = await runCli([
      'drift',
      '--reference',
      reference,
      '--current',
      dir.path('missing.csv'),
      '--out',
      dir.path(''),
    ]);
    expect(early.stderr).toBe(run.stderr);
  });

  it('refuses an --out that is the reference or the current file, before comparing', async () => {
    const profile = dir.path('reference-profile.json');
    expect((await runCli(['profile', '--data', reference, '--out', profile])).code).toBe(0);
    const before = readFileSync(profile, 'utf8');
    const drift = (ref: string, current: string, out: string) =>
      runCli(['drift', '--reference', ref, '--current', current, '--out', out]);
    const run = await drift(profile, same, profile);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `modelgate: --out ${profile} is the --reference file (${profile}) and writing would overwrite it; expected another path for the report.\n`,
    );
    expect(readFileSync(profile, 'utf8')).toBe(before);
    const current = await drift(reference, same, same);
    expect(current.stderr).toContain(`--out ${same} is the --current file (${same})`);
  });

  it('refuses to call data drift-free when no column could be tested, and writes nothing', async () => {
    const blank = dir.write('blank.csv', csv({ x: ['', '', ''], other: [1, 2, 3] }));
    const out = dir.path('untested.json');
    const run = await runCli(['drift', '--reference', reference, '--current', blank, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `modelgate: No column of ${blank} could be tested against ${reference} (x: No current values to test: all 3 missing values were dropped; plan: The column is missing from the current data; other: The column is only in the current data); expected values to compare on both sides.\n`,
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it('refuses a JSON reference that is not a profile, and a tampered profile', async () => {
    const notProfile = dir.write('metrics.json', JSON.stringify({ schema: 'modelgate/metrics@1' }));
    const run = await runCli(['drift', '--reference', notProfile, '--current', same]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is JSON but not a modelgate profile');
    const tampered = dir.write(
      'tampered.json',
      JSON.stringify({ schema: 'modelgate/profile@1', rows: -1 }),
    );
    const bad = await runCli(['drift', '--reference', tampered, '--current', same]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `modelgate: ${tampered} is not a valid modelgate profile: rows must be an integer ≥ 0, got -1.\n`,
    );
    const future = dir.write('future.json', JSON.stringify({ schema: 'modelgate/profile@2' }));
    const version = await runCli(['drift', '--reference', future, '--current', same]);
    expect(version.code).toBe(2);
    expect(version.stderr).toBe(
      `modelgate: ${future} is not a valid modelgate profile: schema must be "modelgate/profile@1", got "modelgate/profile@2".\n`,
    );
  });
});
