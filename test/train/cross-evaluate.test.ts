import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossEvaluate } from '../../src/train/cross-evaluate.ts';
import { trainAndEvaluate, type TrainResult } from '../../src/train/train-run.ts';
import { writeRunDirectory } from '../../src/train/write-run.ts';
import { renderRunReport } from '../../src/core/render/run-report.ts';
import { classificationCsv, tempDir, testConfig, writeData } from './fixtures.ts';

/**
 * The 2×2 table's cells with real models: the base trained on one data set, the pull request
 * on another (new rows, flipped labels); each is scored on the other's test rows.
 */
let dir: string;
let basePath: string;
let prPath: string;
let base: TrainResult;
let pr: TrainResult;

async function modelFiles(runDir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const name of ['model.json', 'weights.bin', 'preprocessing.json'])
    files.set(`model/${name}`, await readFile(join(runDir, 'model', name)));
  return files;
}

beforeAll(async () => {
  dir = await tempDir('cross');
  basePath = await writeData(dir, 'base.csv', classificationCsv(240, 1));
  // The pull request's data: other rows whose labels are flipped, so the base model does badly on them.
  const flipped = classificationCsv(240, 7)
    .split('\n')
    .map((line, i) =>
      i === 0
        ? line
        : line.replace(/,yes$/, ',tmp').replace(/,no$/, ',yes').replace(/,tmp$/, ',no'),
    )
    .join('\n');
  prPath = await writeData(dir, 'pr.csv', flipped);
  base = await trainAndEvaluate({ config: testConfig(basePath, 'label') });
  pr = await trainAndEvaluate({ config: testConfig(prPath, 'label') });
  for (const [name, run] of [
    ['base-run', base],
    ['pr-run', pr],
  ] as const)
    await writeRunDirectory(join(dir, name), {
      metrics: run.metrics,
      report: renderRunReport(run.metrics),
      model: { serialized: run.model, preprocessing: run.preprocessing },
    });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('crossEvaluate', () => {
  it('scores each model on the other side test rows', async () => {
    const cross = await crossEvaluate({
      config: testConfig(prPath, 'label'),
      metric: 'accuracy',
      prTable: pr.table,
      prTestRows: pr.testRows,
      prModelDir: join(dir, 'pr-run', 'model'),
      baseModel: await modelFiles(join(dir, 'base-run')),
      baseSha: 'a'.repeat(40),
      baseData: await readFile(basePath),
    });
    expect(cross.status).toBe('ok');
    // Flipped labels: each model is right on its own rows and wrong on the other's.
    expect(base.metrics.metrics.accuracy).toBeGreaterThan(0.8);
    expect(pr.metrics.metrics.accuracy).toBeGreaterThan(0.8);
    expect(cross.base_model_on_pr_rows).toBeLessThan(0.2);
    expect(cross.pr_model_on_base_rows).toBeLessThan(0.2);
  });

  it('says the table is not comparable when the base model cannot read the new rows', async () => {
    const table = { ...pr.table, columns: pr.table.columns.filter((c) => c.name !== 'colour') };
    const cross = await crossEvaluate({
      config: testConfig(prPath, 'label'),
      metric: 'accuracy',
      prTable: table,
      prTestRows: pr.testRows,
      prModelDir: join(dir, 'pr-run', 'model'),
      baseModel: await modelFiles(join(dir, 'base-run')),
      baseSha: 'a'.repeat(40),
      baseData: await readFile(basePath),
    });
    expect(cross.status).toBe('not-comparable');
    expect(cross.detail).toMatch(/cannot be scored on the other's test rows \(.*colour/);
  });
});
