/**
 * Generates the README's config reference from the zod schema of `.github/modelgate.yml`.
 *
 *   npm run docs:config            rewrite the block between the config-reference markers
 *   npm run docs:config -- --check exit 1 when the block is stale (CI)
 *
 * The table is formatted with the repository's Prettier settings before it is written or
 * compared, so `npm run format` and this script agree on every byte.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import {
  REFERENCE_END,
  REFERENCE_START,
  renderConfigReference,
  replaceReferenceBlock,
} from '../src/core/config/config-reference.ts';
import { writeFileAtomic } from '../src/data/atomic-write.ts';

export type SyncStatus = 'written' | 'current' | 'stale' | 'no-markers';

/** Brings the reference block of `readmePath` up to date, or only checks it with `check`. */
export async function syncConfigReference(options: {
  readmePath: string;
  check: boolean;
}): Promise<SyncStatus> {
  const readme = await readFile(options.readmePath, 'utf8');
  const prettierConfig = (await prettier.resolveConfig(options.readmePath)) ?? {};
  const table = (
    await prettier.format(renderConfigReference(), { ...prettierConfig, parser: 'markdown' })
  ).trimEnd();
  const updated = replaceReferenceBlock(readme, table);
  if (updated === null) return 'no-markers';
  if (updated === readme) return 'current';
  if (options.check) return 'stale';
  await writeFileAtomic(options.readmePath, updated);
  return 'written';
}

async function run(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`config-docs: unknown argument ${unknown[0]}; expected only --check.\n`);
    return 2;
  }
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
  const status = await syncConfigReference({ readmePath, check: argv.includes('--check') });
  switch (status) {
    case 'written':
      process.stdout.write('README.md: config reference updated.\n');
      return 0;
    case 'current':
      process.stdout.write('README.md: config reference is up to date.\n');
      return 0;
    case 'stale':
      process.stderr.write(
        'README.md: the config reference does not match src/core/config/schema.ts; run `npm run docs:config`.\n',
      );
      return 1;
    case 'no-markers':
      process.stderr.write(
        `README.md has no config reference block; add a line ${REFERENCE_START} and a line ${REFERENCE_END} where it belongs.\n`,
      );
      return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await run(process.argv.slice(2));
}
