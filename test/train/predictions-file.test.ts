import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePredictionMetrics } from '../../src/cli/commands/metrics.ts';
import { compareSignificance } from '../../src/cli/commands/significance.ts';
import { RUN_FILES } from '../../src/core/constants.ts';
import { readTable } from '../../src/data/read-table.ts';
import { inferSchema } from '../../src/data/schema.ts';
import { rowIds } from '../../src/train/predictions-file.ts';
import { trainAndEvaluate } from '../../src/train/train-run.ts';
import { writeRunDirectory } from '../../src/train/write-run.ts';
import { classificationCsv, regressionCsv, tempDir, testConfig, writeData } from './fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('predictions');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('predictions.csv', () => {
  it('holds the held-out rows, scored exactly as metrics.json, and pairs with itself', async () => {
    const data = await writeData(dir, 'cls.csv', classificationCsv());
    const result = await trainAndEvaluate({ config: testConfig(data, 'label') });
    const out = join(dir, 'run');
    await writeRunDirectory(out, {
      metrics: result.metrics,
      report: '',
      predictions: result.predictions.text,
    });
    const file = join(out, RUN_FILES.predictions);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe('row_id,y_true,y_pred,y_score');
    expect(result.predictions.rows).toBe(result.metrics.n_test);
    const rescored = await computePredictionMetrics({ predictions: file });
    expect(rescored.metrics.accuracy).toBe(result.metrics.metrics.accuracy);
    // float32 scores at 8 digits: the AUC is the run's up to rounding ties.
    expect(rescored.metrics.roc_auc).toBeCloseTo(result.metrics.metrics.roc_auc ?? NaN, 6);
    const self = await compareSignificance({ baseline: file, candidate: file });
    expect(self.pairing).toMatchObject({ by: 'row_id', paired_rows: 48, paired: true });
    expect(self.metrics.accuracy?.p_value).toBe(1);
  });

  it('writes a regression run without scores', async () => {
    const data = await writeData(dir, 'reg.csv', regressionCsv());
    const result = await trainAndEvaluate({ config: testConfig(data, 'y') });
    const [header, first] = result.predictions.text.split('\n');
    expect(header).toBe('row_id,y_true,y_pred');
    expect(first).toMatch(/^[0-9a-f]{16},-?[\d.e-]+,-?[\d.e-]+$/);
  });
});

describe('rowIds', () => {
  it('hashes features and label, not the row position, and numbers duplicates', async () => {
    const data = await writeData(dir, 'ids.csv', 'a,b,label\n1,x,yes\n2,y,no\n1,x,yes\n');
    const table = await readTable(data);
    const schema = inferSchema(table, { label: 'label' });
    const ids = rowIds(table, schema, Int32Array.from([0, 1, 2]));
    expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids[2]).toBe(`${ids[0]}.2`);
    expect(ids[1]).not.toBe(ids[0]);
    // The same row read from a reordered file keeps its id.
    const moved = await writeData(dir, 'ids2.csv', 'a,b,label\n2,y,no\n1,x,yes\n');
    const table2 = await readTable(moved);
    const ids2 = rowIds(table2, inferSchema(table2, { label: 'label' }), Int32Array.from([0, 1]));
    expect(ids2).toEqual([ids[1], ids[0]]);
  });
});
