import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import type { Config } from '../core/config/schema.ts';
import type { CrossEvaluation } from '../core/data-diff/data-summary-schema.ts';
import { errorMessage, InputError } from '../core/errors.ts';
import { readTable } from '../data/read-table.ts';
import { inferSchema, readLabels } from '../data/schema.ts';
import { splitRows } from '../data/split.ts';
import type { Table } from '../data/table.ts';
import type { BackendChoice } from './backend.ts';
import { evaluateSavedModel } from './evaluate-run.ts';

/** What the 2×2 table needs beyond the two runs' own metrics. */
export interface CrossEvaluateInput {
  config: Config;
  /** The comparison's primary metric (`accuracy`, `r2`). */
  metric: string;
  /** The pull request's table and its test rows (table row indices). */
  prTable: Table;
  prTestRows: Int32Array;
  /** The pull request's `model/` directory, as written to the run directory. */
  prModelDir: string;
  /** The base model's files (`model/model.json`, …) from the default-branch run's artifact. */
  baseModel: ReadonlyMap<string, Uint8Array>;
  baseSha: string;
  /** The base commit's data file, as bytes (`git show <sha>:<path>`). */
  baseData: Uint8Array;
  backend?: BackendChoice;
  wasmDir?: string;
}

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of a table as CSV text, with its header; a missing value is an empty cell. */
export function tableRowsCsv(table: Table, rows: Int32Array): string {
  const lines = [table.columns.map((c) => cell(c.name)).join(',')];
  for (const row of rows) {
    lines.push(
      table.columns
        .map((c) => {
          const value = c.values[row];
          if (value === null || value === undefined) return '';
          return typeof value === 'number'
            ? Number.isNaN(value)
              ? ''
              : String(value)
            : cell(value);
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The held-out rows of `table` under the config's split, as training chose them. */
function testRowsOf(table: Table, config: Config): Int32Array {
  const schema = inferSchema(table, {
    label: config.data.label,
    features: config.data.features,
    task: config.task,
    categorical: config.data.categorical,
  });
  const labelled = readLabels(table, schema);
  const strata = labelled.task === 'classification' ? labelled.values : undefined;
  const split = splitRows(labelled.rows.length, config.train.test_split, config.train.seed, strata);
  return Int32Array.from(split.test, (p) => labelled.rows[p] ?? 0);
}

/**
 * The off-diagonal cells of the 2×2 table: the base model on the pull request's test rows and
 * the pull request's model on the base's test rows (the base data split as training splits
 * it). Each model is scored with its own preprocessing by `evaluateSavedModel`, from CSV files
 * in a temp dir that is always removed. A model that cannot read the other side's rows (a
 * column was removed or retyped) makes the table not comparable, said in one sentence.
 */
export async function crossEvaluate(input: CrossEvaluateInput): Promise<CrossEvaluation> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-cross-'));
  const result = (
    status: CrossEvaluation['status'],
    detail: string,
    cells: [number | null, number | null] = [null, null],
  ): CrossEvaluation => ({
    metric: input.metric,
    status,
    detail,
    base_sha: input.baseSha,
    base_model_on_pr_rows: cells[0],
    pr_model_on_base_rows: cells[1],
  });
  try {
    const baseModelDir = join(dir, 'base-model');
    for (const [path, bytes] of input.baseModel) {
      const relative = normalize(path.replace(/^model\//, ''));
      if (relative.startsWith('..') || relative.includes('/')) continue;
      await mkdir(dirname(join(baseModelDir, relative)), { recursive: true });
      await writeFile(join(baseModelDir, relative), bytes);
    }
    const prRows = join(dir, 'pr-test.csv');
    await writeFile(prRows, tableRowsCsv(input.prTable, input.prTestRows));
    const basePath = join(dir, 'base-data.csv');
    await writeFile(basePath, input.baseData);
    const baseTable = await readTable(basePath, {
      categorical: input.config.data.categorical,
      delimiter: input.config.data.delimiter,
    });
    const baseRows = join(dir, 'base-test.csv');
    await writeFile(baseRows, tableRowsCsv(baseTable, testRowsOf(baseTable, input.config)));
    const options = {
      ...(input.backend === undefined ? {} : { backend: input.backend }),
      ...(input.wasmDir === undefined ? {} : { wasmDir: input.wasmDir }),
    };
    const score = async (modelDir: string, dataPath: string) => {
      const { metrics } = await evaluateSavedModel({ modelDir, dataPath, ...options });
      return metrics.metrics[input.metric] ?? null;
    };
    return result('ok', '', [
      await score(baseModelDir, prRows),
      await score(input.prModelDir, baseRows),
    ]);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return result(
      'not-comparable',
      `one model cannot be scored on the other's test rows (${errorMessage(error)})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
