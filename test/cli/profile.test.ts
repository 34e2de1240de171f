import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('refuses an --out that is an input, leaving the input as it was', async () => {
    const data = dir.write('victim.csv', readFileSync(shard(0, 30), 'utf8'));
    const before = readFileSync(data, 'utf8');
    const run = await runCli(['profile', '--data', data, '--out', data]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `modelgate: --out ${data} is the --data file (${data}) and writing would overwrite it; expected another path for the profile.\n`,
    );
    expect(readFileSync(data, 'utf8')).toBe(before);

    const [a, b] = [dir.path('in-a.json'), dir.path('in-b.json')];
    await runCli(['profile', '--data', data, '--out', a]);
    await runCli(['profile', '--data', data, '--out', b]);
    const merged = await runCli(['profile', '--merge', a, b, '--out', b]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain(`--out ${b} is a --merge profile (${b})`);
  });

  it('refuses a directory as --out before profiling, leaving it as it was', async () => {
    const out = dir.path('outdir');
    mkdirSync(out);
    const run = await runCli(['profile', '--data', shard(0, 30), '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `modelgate: Cannot write --out ${out}: it is a directory; expected a file path such as ${join(out, 'profile.json')}.\n`,
    );
    expect(readdirSync(out)).toEqual([]);
    // Before any reading: a missing --data is not reached.
    const early = await runCli(['profile', '--data', dir.path('missing.csv'), '--out', out]);
    expect(early.stderr).toBe(run.stderr);
  });

  it('warns about a numeric column with a stray text cell and still writes the profile', async () => {
    const values = Array.from({ length: 120 }, (_, i) => String(i / 4));
    values[60] = '1O.5';
    const data = dir.write('typo.csv', csv({ x: values, y: values.map((_, i) => i) }));
    const out = dir.path('typo.json');
    const run = await runCli(['profile', '--data', data, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `modelgate: warning: ${data}: column "x" holds numbers but line 62 has "1O.5", so the column is profiled as categories and a drift check against its numbers reports a type mismatch; fix the cell (or leave it empty for a missing value), or pass --categorical x if the column is meant as categories.\n`,
    );
    expect(run.stdout).toBe(`Profiled 120 rows, 2 columns → ${out}\n`);
    expect(readProfile(out).features.map((f) => [f.name, f.type])).toEqual([
      ['x', 'categorical'],
      ['y', 'numerical'],
    ]);
    const declared = await runCli([
      'profile',
      '--data',
      data,
      '--out',
      dir.path('typo.json'),
      '--categorical',
      'x',
    ]);
    expect(declared.code).toBe(0);
    expect(declared.stderr).toBe('');
  });

  it('counts one row as a row', async () => {
    const out = dir.path('one.json');
    const run = await runCli(['profile', '--data', dir.write('one.csv', 'a\n1\n'), '--out', out]);
    expect(run.stdout).toBe(`Profiled 1 row, 1 column → ${out}\n`);
  });

  it.each([
    [
      ['--data', shard(0, 10), '--out', dir.path('x.json'), '--exclude', 'label,nosuch'],
      'has no column "nosuch" (listed in --exclude); its columns are x, label, zip.',
    ],
    [
      ['--merge', dir.path('a.json'), dir.path('b.json'), '--exclude', 'label', '--seed', '1'],
      '--exclude, --seed apply to --data only; --merge keeps the columns and settings each profile was made with, so expected them on the profile commands of the shards.',
    ],
    [
      ['--data', shard(0, 10), '--out', join(shard(0, 10), 'p.json')],
      `Cannot write --out ${join(shard(0, 10), 'p.json')}: ${shard(0, 10)} is a file, not a directory; expected a path in a writable directory.`,
    ],
    [
      ['--data', shard(0, 10), '--out', ''],
      '--out is empty; expected a path in a writable directory.',
    ],
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
