import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../src/core/drift/index.ts';
import { csv, runCli, tempDir } from './metrics-cli.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());

const shard = (from: number, rows: number) =>
  dir.write(
    `shard-${from}.csv`,
    csv({
      x: Array.from({ length: rows }, (_, i) => (from + i) / 7),
      label: Array.from({ length: rows }, (_, i) => ((from + i) % 2 === 0 ? 'even' : 'odd')),
      zip: Array.from({ length: rows }, (_, i) => 10_000 + ((from + i) % 5)),
    }),
  );

function readProfile(path: string) {
  return ProfileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

describe('modelgate profile', () => {
  it('writes a valid profile with the options applied', async () => {
    const out = dir.path('p.json');
    const run = await runCli([
      'profile',
      '--data',
      shard(0, 400),
      '--out',
      out,
      '--categorical',
      'zip',
      '--exclude',
      'label',
      '--sample-cap',
      '100',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Profiled 400 rows, 2 columns (1 sampled at 100 values) → ${out}\n`);
    const profile = readProfile(out);
    expect(profile.features.map((f) => [f.name, f.type])).toEqual([
      ['x', 'numerical'],
      ['zip', 'categorical'],
    ]);
    expect(profile.sample_cap).toBe(100);
  });

  it('merges shard profiles into the profile of the whole data', async () => {
    const [a, b, whole] = [dir.path('a.json'), dir.path('b.json'), dir.path('whole.json')];
    await runCli(['profile', '--data', shard(0, 250), '--out', a]);
    await runCli(['profile', '--data', shard(250, 150), '--out', b]);
    await runCli(['profile', '--data', shard(0, 400), '--out', whole]);
    const merged = dir.path('merged.json');
    const run = await runCli(['profile', '--merge', a, b, '--out', merged]);
    expect(run.code).toBe(0);
    const m = readProfile(merged);
    const w = readProfile(whole);
    expect(m.rows).toBe(400);
    expect(m.sources).toHaveLength(2);
    const samples = (p: typeof m) =>
      p.features.map((f) => (f.type === 'numerical' ? f.sample : f.categories));
    expect(samples(m)).toEqual(samples(w));
  });

  it.each([
    [
      ['--out', dir.path('x.json')],
      'Give either --data <file> to profile data or --merge <profiles...> to merge profiles.',
    ],
    [['--merge', dir.path('only.json')], '--merge needs at least two profiles, got 1.'],
    [['--data', dir.path('nope.csv')], 'does not exist'],
    [
      ['--data', dir.path('nope.csv'), '--sample-cap', '0'],
      '--sample-cap must be an integer >= 1, got "0".',
    ],
  ])('exits 2 with one sentence for bad input %#', async (args, message) => {
    const run = await runCli(['profile', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
