import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';
import { computePredictionMetrics } from '../../src/cli/commands/metrics.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import { sha256Hex } from '../../src/github/asset-digest.ts';
import { runStep } from './action-world.ts';

/**
 * The modelgate half of `examples/sklearn`'s workflow, on the committed predictions of two
 * runs of its `train.py`: the bundled Action's `train` mode with `predictions:` and `model:`
 * skips training and writes the run a trained model writes, scored as `modelgate metrics`
 * scores the file. No Python needed.
 */

const EXAMPLE = fileURLToPath(new URL('../../examples/sklearn', import.meta.url));
const temps: string[] = [];
let bundle: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-predictions-dist-'));
  temps.push(dir);
  bundle = (await bundleAction({ outDir: dir })).outFile;
});
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** A checkout of the example after its Python step wrote `out/`. */
async function workspace(predictions: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-predictions-ws-'));
  temps.push(dir);
  await cp(join(EXAMPLE, '.github'), join(dir, '.github'), { recursive: true });
  await cp(join(EXAMPLE, 'data'), join(dir, 'data'), { recursive: true });
  await mkdir(join(dir, 'out/model/extra'), { recursive: true });
  if (predictions !== null) await writeFile(join(dir, 'out/predictions.csv'), predictions);
  await writeFile(join(dir, 'out/model/model.joblib'), 'a pickled scikit-learn pipeline');
  await writeFile(join(dir, 'out/model/extra/notes.txt'), 'C=1.0');
  return dir;
}

function step(ws: string, inputs: Record<string, string>) {
  return runStep({
    bundle,
    workspace: ws,
    runnerTemp: ws,
    env: {
      GITHUB_REPOSITORY: 'acme/tumours',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/heads/feature',
    },
    inputs: { mode: 'train', 'upload-artifact': 'false', ...inputs },
    event: { name: 'workflow_dispatch', payload: {} },
  });
}

describe('train mode with predictions', () => {
  it('scores the predictions as `modelgate metrics` does and writes a releasable run', async () => {
    const file = join(EXAMPLE, 'predictions/pull-request.csv');
    const ws = await workspace(await readFile(file, 'utf8'));
    const ran = await step(ws, { predictions: 'out/predictions.csv', model: 'out/model' });
    expect(ran.exitCode, ran.errors.join('\n') + ran.stderr).toBe(0);

    const expected = await computePredictionMetrics({ predictions: file });
    const run = join(ws, '.modelgate/run');
    const metrics = MetricsReportSchema.parse(
      JSON.parse(await readFile(join(run, 'metrics.json'), 'utf8')),
    );
    expect(metrics.metrics).toEqual(expected.metrics);
    expect(metrics.confusion_matrix).toEqual(expected.confusion_matrix);
    expect(metrics.model).toMatchObject({ type: 'external', params: 0 });
    expect(Number(ran.outputs.accuracy)).toBe(expected.metrics.accuracy);
    expect(ran.outputs.gate).toBe('no-baseline');

    // The model folder travels as one archive; the profile leaves the label out.
    expect((await readdir(join(run, 'model'))).sort()).toEqual(['model.tar.gz']);
    const profile: unknown = JSON.parse(await readFile(join(run, 'profile.json'), 'utf8'));
    expect(JSON.stringify(profile)).not.toContain('"name":"target"');
    expect(JSON.stringify(profile)).toContain('"name":"mean_radius"');
    expect(await readFile(join(run, 'predictions.csv'), 'utf8')).toBe(await readFile(file, 'utf8'));

    // The same folder packs to the same bytes in a second run.
    const again = await workspace(await readFile(file, 'utf8'));
    expect(
      (await step(again, { predictions: 'out/predictions.csv', model: 'out/model' })).exitCode,
    ).toBe(0);
    const archive = (dir: string) => readFile(join(dir, '.modelgate/run/model/model.tar.gz'));
    expect(sha256Hex(await archive(again))).toBe(sha256Hex(await archive(ws)));
  });

  it('fails with one sentence naming the file and the missing column', async () => {
    const ws = await workspace('row_id,y_true,prediction\nr1,benign,benign\n');
    const ran = await step(ws, { predictions: 'out/predictions.csv' });
    expect(ran.exitCode).toBe(1);
    expect(ran.errors).toHaveLength(1);
    expect(ran.errors[0]).toMatch(
      /out\/predictions\.csv has no "y_pred" column; expected columns y_true and y_pred .*found: row_id, y_true, prediction/,
    );
  });

  it('fails clearly when the predictions file is missing or a probability is out of range', async () => {
    const missing = await step(await workspace(null), { predictions: 'out/predictions.csv' });
    expect(missing.exitCode).toBe(1);
    expect(missing.errors[0]).toMatch(/out\/predictions\.csv/);
    expect(missing.errors[0]).not.toMatch(/\n\s+at /);

    const ws = await workspace('y_true,y_pred,y_score\nbenign,benign,0.2\nmalignant,benign,1.7\n');
    const ran = await step(ws, { predictions: 'out/predictions.csv' });
    expect(ran.exitCode).toBe(1);
    expect(ran.errors[0]).toMatch(
      /"y_score" is 1\.7 on data row 2; expected a probability between 0 and 1/,
    );
  });

  it('refuses a model input without predictions', async () => {
    const ran = await step(await workspace(null), { model: 'out/model' });
    expect(ran.exitCode).toBe(1);
    expect(ran.errors[0]).toMatch(/'model' input needs 'predictions'/);
  });
});
