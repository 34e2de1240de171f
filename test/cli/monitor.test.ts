import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { CalibrationFileSchema } from '../../src/core/performance/calibration-file.ts';
import { PerformanceReportSchema } from '../../src/core/performance/performance-report.ts';
import { classificationCsv, tempDir, writeData } from '../train/fixtures.ts';

let dir: string;
let model: string;

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'modelgate', ...args]);
    const text = (spy: typeof out) => spy.mock.calls.map((call) => String(call[0])).join('');
    return { code, stdout: text(out), stderr: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The label flipped on every row: the inputs are the same, their relation to the label is not. */
function flipped(text: string): string {
  return text.replace(/,(yes|no)$/gm, (_, label: string) => (label === 'yes' ? ',no' : ',yes'));
}

beforeAll(async () => {
  dir = await tempDir('cli-monitor');
  const data = await writeData(dir, 'data.csv', classificationCsv(240));
  const out = join(dir, 'run');
  const trained = await run(
    'train',
    '--data',
    data,
    '--label',
    'label',
    '--out',
    out,
    '--epochs',
    '20',
    '--backend',
    'cpu',
  );
  expect(trained.code).toBe(0);
  model = join(out, 'model');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelgate monitor', () => {
  it('training wrote a valid isotonic calibrator beside the model', async () => {
    const file = CalibrationFileSchema.parse(
      JSON.parse(await readFile(join(model, 'calibration.json'), 'utf8')),
    );
    expect(file.positive_label).toBe('yes');
    expect(file.n).toBe(48);
  });

  it('estimates without labels and exits 0 when no rule breaks', async () => {
    const production = classificationCsv(200, 7).replace(/,(yes|no)$/gm, ',');
    const data = await writeData(dir, 'unlabelled.csv', production);
    const result = await run(
      'monitor',
      '--model',
      model,
      '--data',
      data,
      '--json',
      '--backend',
      'cpu',
    );
    expect(result.stderr).toBe('');
    const report = PerformanceReportSchema.parse(JSON.parse(result.stdout));
    expect(report.basis).toBe('estimated');
    expect(report.realised).toBeNull();
    expect(report.estimated?.accuracy).toBeGreaterThan(0.7);
    expect(result.code).toBe(0);
  });

  it('exits 1 on a realised drop and says the estimate cannot be trusted', async () => {
    const data = await writeData(dir, 'flipped.csv', flipped(classificationCsv(200, 8)));
    const result = await run(
      'monitor',
      '--model',
      model,
      '--data',
      data,
      '--format',
      'md',
      '--backend',
      'cpu',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '**Performance dropped** (judged on realised metrics on 200 labelled rows)',
    );
    expect(result.stdout).toContain('**The estimate cannot be trusted**');
    expect(result.stderr).toMatch(/^modelgate: performance dropped \(realised\): dropped/);
  });

  it('fails on a misspelt performance metric when it reads the config, before any model is loaded', async () => {
    const config = await writeData(
      dir,
      'bad-rules.yml',
      'data: { path: data.csv, label: label }\nmonitor: { performance: { rules: [{ metric: acurracy, max_drop: 0.05 }] } }\n',
    );
    // A model folder with nothing in it: the config is the first thing to fail.
    const result = await run(
      'monitor',
      '--model',
      join(dir, 'no-model'),
      '--data',
      join(dir, 'data.csv'),
      '--config',
      config,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /monitor\.performance\.rules\[0\]\.metric 'acurracy' is not a known metric \(did you mean 'accuracy'\?\); expected one of accuracy, /,
    );
  });

  it('names the missing release metrics in one sentence', async () => {
    const result = await run('monitor', '--model', dir, '--data', join(dir, 'flipped.csv'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--release-metrics is required: no metrics\.json beside/);
  });
});
