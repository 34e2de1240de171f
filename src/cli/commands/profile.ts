import type { Command } from 'commander';
import { z } from 'zod';
import {
  buildProfile,
  DEFAULT_SAMPLE_CAP,
  mergeProfiles,
  type Profile,
} from '../../core/drift/index.ts';
import { InputError } from '../../core/errors.ts';
import { countOf, listNames, nearName } from '../../core/name-list.ts';
import { writeJsonAtomic } from '../../data/atomic-write.ts';
import { readProfile } from '../../data/profile.ts';
import { readTable } from '../../data/read-table.ts';
import { strayTextWarnings } from '../../data/stray-text.ts';
import { commaList, numberFlag } from './drift-input.ts';
import { assertOutFile } from './out-target.ts';
import { groupDigits } from '../../core/group-digits.ts';

const ProfileOptionsSchema = z.object({
  data: z.string().optional(),
  merge: z.array(z.string()).optional(),
  out: z.string(),
  categorical: z.string().optional(),
  exclude: z.string().optional(),
  sampleCap: z.string().optional(),
  seed: z.string().optional(),
});

function integerFlag(value: string | undefined, flag: string, min: number): number | undefined {
  const number = numberFlag(value, flag, `an integer >= ${min}`);
  if (number !== undefined && !(Number.isInteger(number) && number >= min)) {
    throw new InputError(`${flag} must be an integer >= ${min}, got ${JSON.stringify(value)}.`);
  }
  return number;
}

/** The flags of `--data` profiling, which `--merge` would ignore, by option key. */
const FLAG_NAMES = {
  categorical: '--categorical',
  exclude: '--exclude',
  sampleCap: '--sample-cap',
  seed: '--seed',
} as const;

/** A profile, and what its data made questionable (sentences for stderr). */
export interface ComputedProfile {
  profile: Profile;
  warnings: string[];
}

/** Profiles a data file, or merges profiles of shards, as `modelgate profile` does. */
export async function computeProfile(options: {
  data?: string;
  merge?: string[];
  categorical?: string[];
  exclude?: string[];
  sampleCap?: number;
  seed?: number;
}): Promise<ComputedProfile> {
  if ((options.data === undefined) === (options.merge === undefined)) {
    throw new InputError(
      'Give either --data <file> to profile data or --merge <profiles...> to merge profiles.',
    );
  }
  if (options.merge !== undefined) {
    // Shard profiles keep the columns and settings they were made with; a flag that changes
    // neither would be ignored without a word.
    const ignored = (Object.keys(FLAG_NAMES) as (keyof typeof FLAG_NAMES)[]).filter(
      (key) => options[key] !== undefined,
    );
    if (ignored.length > 0) {
      const flags = ignored.map((key) => FLAG_NAMES[key]).join(', ');
      throw new InputError(
        `${flags} ${ignored.length === 1 ? 'applies' : 'apply'} to --data only; --merge keeps the columns and settings each profile was made with, so expected ${ignored.length === 1 ? 'it' : 'them'} on the profile commands of the shards.`,
      );
    }
    if (options.merge.length < 2)
      throw new InputError(`--merge needs at least two profiles, got ${options.merge.length}.`);
    const [first, ...rest] = await Promise.all(options.merge.map((path) => readProfile(path)));
    if (first === undefined) throw new InputError('--merge needs at least two profiles.');
    return {
      profile: rest.reduce((merged, next) => mergeProfiles(merged, next), first),
      warnings: [],
    };
  }
  const table = await readTable(
    options.data ?? '',
    options.categorical === undefined ? {} : { categorical: options.categorical },
  );
  const names = table.columns.map((column) => column.name);
  const unknown = (options.exclude ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `${table.path} has no column ${unknown.map((n) => `"${n}"${nearName(n, names)}`).join(', ')} (listed in --exclude); its columns are ${listNames(names, { max: Infinity })}.`,
    );
  }
  const skipped = new Set([...(options.categorical ?? []), ...(options.exclude ?? [])]);
  // Production data is profiled to be watched: a shard with a few typo cells must not stop
  // the monitoring job, so they are warned about here (training refuses them).
  const warnings = strayTextWarnings(
    table,
    names.filter((name) => !skipped.has(name)),
    (name) => `pass --categorical ${name}`,
  );
  const profile = buildProfile(table, {
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
    ...(options.sampleCap === undefined ? {} : { sampleCap: options.sampleCap }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  return { profile, warnings };
}

/** `modelgate profile`: the profile.json that drift monitoring compares new data with. */
export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description(
      `Write a data profile (profile.json): exact values per numerical column up to --sample-cap (default ${groupDigits(DEFAULT_SAMPLE_CAP)}), a seeded uniform sample beyond, and category counts. Profiles of shards merge.`,
    )
    .option('--data <file>', 'CSV or JSONL data to profile')
    .option('--merge <profiles...>', 'merge these profiles (of shards of one dataset) into one')
    .option('--out <file>', 'where to write the profile', 'profile.json')
    .option(
      '--categorical <columns>',
      'comma-separated columns to profile as categories even when numeric',
    )
    .option('--exclude <columns>', 'comma-separated columns to leave out (e.g. the label)')
    .option('--sample-cap <n>', 'exact values kept per numerical column before sampling')
    .option('--seed <n>', 'seed of the reservoir sampling')
    .action(async (raw: unknown) => {
      const options = ProfileOptionsSchema.parse(raw);
      const categorical = commaList(options.categorical, '--categorical');
      const exclude = commaList(options.exclude, '--exclude');
      const sampleCap = integerFlag(options.sampleCap, '--sample-cap', 1);
      const seed = integerFlag(options.seed, '--seed', 0);
      if (seed !== undefined && seed > 2 ** 32 - 1)
        throw new InputError(`--seed must be below 2^32, got ${seed}.`);
      await assertOutFile(options.out, {
        inputs: [
          ...(options.data === undefined ? [] : [{ what: 'the --data file', path: options.data }]),
          ...(options.merge ?? []).map((path) => ({ what: 'a --merge profile', path })),
        ],
        expected: 'another path for the profile',
        fileName: 'profile.json',
      });
      const { profile, warnings } = await computeProfile({
        ...(options.data === undefined ? {} : { data: options.data }),
        ...(options.merge === undefined ? {} : { merge: options.merge }),
        ...(categorical === undefined ? {} : { categorical }),
        ...(exclude === undefined ? {} : { exclude }),
        ...(sampleCap === undefined ? {} : { sampleCap }),
        ...(seed === undefined ? {} : { seed }),
      });
      for (const warning of warnings) process.stderr.write(`modelgate: warning: ${warning}\n`);
      await writeJsonAtomic(options.out, profile);
      const sampled = profile.features.filter(
        (f) => f.type === 'numerical' && !f.sample.exact,
      ).length;
      process.stdout.write(
        `Profiled ${countOf(profile.rows, 'row')}, ${countOf(profile.features.length, 'column')}${sampled > 0 ? ` (${sampled} sampled at ${countOf(profile.sample_cap, 'value')})` : ''} → ${options.out}\n`,
      );
    });
}
