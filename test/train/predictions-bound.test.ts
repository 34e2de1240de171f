import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPROCESSING_SCHEMA } from '../../src/core/constants.ts';
import { readTable } from '../../src/data/read-table.ts';
import { inferSchema } from '../../src/data/schema.ts';
import { parsePredictionsCsv } from '../../src/github/predictions-csv.ts';
import { MAX_PREDICTION_CELLS, predictionsFile } from '../../src/train/predictions-file.ts';
import { metricsReport } from '../app/fixtures.ts';
import { tempDir, writeData } from './fixtures.ts';

/**
 * predictions.csv above its bound: 20 classes make 23 columns, so at most ⌊10^6 / 23⌋ =
 * 43,478 of the 50,000 test rows are kept — the rows with the smallest ids, the same sample
 * whatever order the split gives them, so a baseline and a pull request still pair.
 */

const ROWS = 50_000;
const CLASSES = Array.from({ length: 20 }, (_, k) => `c${String(k).padStart(2, '0')}`);

let dir: string;
beforeAll(async () => {
  dir = await tempDir('predictions-bound');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function build(order: Int32Array) {
  const lines = ['x,label'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},${CLASSES[i % CLASSES.length] ?? ''}`);
  const table = await readTable(await writeData(dir, 'many.csv', `${lines.join('\n')}\n`));
  const schema = inferSchema(table, { label: 'label' });
  const output = new Float32Array(ROWS * CLASSES.length).fill(1 / CLASSES.length);
  return predictionsFile({
    table,
    schema,
    preprocessing: {
      schema: PREPROCESSING_SCHEMA,
      task: 'classification',
      label: 'label',
      classes: CLASSES,
      target: null,
      features: [{ name: 'x', kind: 'numeric', fill: 0, mean: 0, scale: 1 }],
      inputs: 1,
    },
    testRows: order,
    yTest: Array.from(order, (row) => CLASSES[row % CLASSES.length] ?? ''),
    output,
  });
}

describe('predictions.csv above its bound', () => {
  it('keeps the same sample of rows in every run, says so, and still reads as the run’s', async () => {
    const forward = Int32Array.from({ length: ROWS }, (_, i) => i);
    const file = await build(forward);
    const limit = Math.floor(MAX_PREDICTION_CELLS / (3 + CLASSES.length));
    expect(file.rows).toBe(limit);
    expect(file.testRows).toBe(ROWS);
    expect(file.warning).toBe(
      `predictions.csv keeps ${limit} of the ${ROWS} test rows (those with the smallest row ids, the same sample in every run), so significance tests see that sample.`,
    );
    const ids = (text: string) =>
      new Set(
        text
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]),
      );
    const reversed = await build(forward.slice().reverse());
    expect(ids(reversed.text)).toEqual(ids(file.text));
    // The gate reads the sample as this run's predictions (fewer rows than n_test).
    const report = { ...metricsReport({ accuracy: 0.05 }), labels: CLASSES, n_test: ROWS };
    const set = parsePredictionsCsv(new TextEncoder().encode(file.text), report, 'p.csv');
    expect(set.yTrue).toHaveLength(limit);
  });
});
