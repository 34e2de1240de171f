import { readFile } from 'node:fs/promises';
import { DataSummarySchema } from '../src/core/data-diff/data-summary-schema.ts';
import { dataChange } from '../src/core/data-diff/diff-data.ts';
import { dataSection } from '../src/core/render/data-section.ts';

/**
 * The gate's side of the data diff as a process of its own, so `data-diff.bench.ts` measures
 * its wall time and peak RSS as the drift benchmark measures `modelgate drift`: read both
 * summaries, validate them, diff (rows, schema, labels, drift on the profiles) and render.
 */
const [basePath, prPath] = process.argv.slice(2);
const read = async (path: string | undefined) =>
  DataSummarySchema.parse(JSON.parse(await readFile(path ?? '', 'utf8')));
const change = dataChange({
  base: await read(basePath),
  pr: await read(prPath),
  baseProblem: null,
  fileChanged: true,
  dvc: null,
});
const rows = change?.rows;
const drifted = change?.drift?.columns.filter((c) => c.drifted).map((c) => c.name) ?? [];
process.stdout.write(
  `${JSON.stringify({ added: rows?.added, removed: rows?.removed, exact: rows?.exact, drifted, chars: dataSection(change)?.length })}\n`,
);
