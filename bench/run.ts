import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench [-- name ...]`: runs every `bench/*.bench.ts` (or the ones named, as
 * `train`, `train.bench.ts` or a path) one after another — never in parallel, since each
 * measures throughput on the same cores. Each file's default export prints its own table.
 */

const SUFFIX = '.bench.ts';
const here = dirname(fileURLToPath(import.meta.url));

function stem(file: string): string {
  return basename(file).replace(SUFFIX, '');
}

async function selectFiles(names: string[]): Promise<string[] | string> {
  const available = (await readdir(here)).filter((file) => file.endsWith(SUFFIX)).sort();
  if (names.length === 0) return available;
  const chosen: string[] = [];
  for (const name of names) {
    const match = available.find((file) => stem(file) === stem(name));
    if (!match)
      return `No benchmark "${name}"; expected one of: ${available.map(stem).join(', ')}.`;
    chosen.push(match);
  }
  return chosen;
}

async function main(): Promise<number> {
  const files = await selectFiles(process.argv.slice(2));
  if (typeof files === 'string') {
    process.stderr.write(`${files}\n`);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n## ${stem(file)}\n\n`);
    const started = performance.now();
    try {
      const module: unknown = await import(pathToFileURL(join(here, file)).href);
      const run =
        typeof module === 'object' && module !== null && 'default' in module
          ? module.default
          : undefined;
      if (typeof run !== 'function') throw new Error(`${file} has no default export function.`);
      await run();
      process.stdout.write(
        `\n(${stem(file)}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    } catch (error) {
      failed++;
      process.stderr.write(
        `${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
