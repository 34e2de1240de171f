import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computePredictionMetrics } from '../../src/cli/commands/metrics.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import { testTempDir } from '../support/temp-dir.ts';
import { runCli } from './metrics-cli.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/sklearn/', import.meta.url));
const PREDICTIONS = join(EXAMPLE, 'predictions/main.csv');

describe('modelgate evaluate --predictions', () => {
  it('writes the run the Action writes, with the metrics of `modelgate metrics`', async () => {
    const dir = await testTempDir('evaluate-predictions');
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model/model.joblib'), 'pipeline');
    const out = join(dir, 'run');
    const ran = await runCli([
      'evaluate',
      '--predictions',
      PREDICTIONS,
      '--data',
      join(EXAMPLE, 'data/train.csv'),
      '--model',
      join(dir, 'model'),
      '--out',
      out,
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const metrics = MetricsReportSchema.parse(
      JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')),
    );
    expect(metrics.metrics).toEqual(
      (await computePredictionMetrics({ predictions: PREDICTIONS })).metrics,
    );
    expect(metrics.model.type).toBe('external');
    expect((await readdir(out)).sort()).toEqual([
      'metrics.json',
      'model',
      'predictions.csv',
      'profile.json',
      'report.md',
    ]);
    expect(await readdir(join(out, 'model'))).toEqual(['model.tar.gz']);
  });

  it('says what it needs when given neither a model and data nor predictions', async () => {
    const ran = await runCli(['evaluate', '--data', 'x.csv']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/evaluate needs --model and --data .*, or --predictions/);
  });

  it('names the file and the missing column of a bad predictions file', async () => {
    const ran = await runCli(['evaluate', '--predictions', join(EXAMPLE, 'data/train.csv')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /train\.csv has no "y_true" column; expected columns y_true and y_pred/,
    );
  });
});
