import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { MetricsReportSchema } from '../../src/core/metrics-report.ts';
import { ProfileSchema } from '../../src/core/drift/profile-schema.ts';
import { PreprocessingSchema } from '../../src/data/preprocess.ts';
import { classificationCsv, tempDir, writeData } from '../train/fixtures.ts';

let dir: string;
let data: string;
beforeAll(async () => {
  dir = await tempDir('cli-train');
  data = await writeData(dir, 'data.csv', classificationCsv(120));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process and captures what it printed. */
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

describe('modelgate train', () => {
  it('writes model/, metrics.json and report.md, and prints metrics.json with --json', async () => {
    const out = join(dir, 'run');
    const { code, stdout, stderr } = await run(
      'train',
      '--data',
      data,
      '--label',
      'label',
      '--out',
      out,
      '--epochs',
      '3',
      '--backend',
      'cpu',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const printed = MetricsReportSchema.parse(JSON.parse(stdout));
    const written = MetricsReportSchema.parse(
      JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')),
    );
    expect(written).toEqual(printed);
    expect(written.model.backend).toBe('cpu');
    expect((await readdir(join(out, 'model'))).sort()).toEqual([
      // A binary classifier's isotonic calibrator, for CBPE in monitoring.
      'calibration.json',
      'model.json',
      'preprocessing.json',
      'weights.bin',
    ]);
    PreprocessingSchema.parse(
      JSON.parse(await readFile(join(out, 'model', 'preprocessing.json'), 'utf8')),
    );
    const profile = ProfileSchema.parse(
      JSON.parse(await readFile(join(out, 'profile.json'), 'utf8')),
    );
    expect(profile.features.map((feature) => feature.name)).toEqual(['a', 'b', 'colour']);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(
      /^# modelgate run\n\n\*\*Accuracy: /,
    );
    const modelJson: unknown = JSON.parse(await readFile(join(out, 'model', 'model.json'), 'utf8'));
    expect(modelJson).toMatchObject({
      format: 'layers-model',
      weightsManifest: [{ paths: ['weights.bin'] }],
    });
  });

  it('reads the config file, lets --data/--label override it, and prints a summary', async () => {
    const config = join(dir, 'modelgate.yml');
    await writeFile(
      config,
      `data: { path: missing.csv, label: nope }\ntrain: { epochs: 2, backend: cpu }\n`,
    );
    const out = join(dir, 'run-config');
    const { code, stdout } = await run(
      'train',
      '--config',
      config,
      '--data',
      data,
      '--label',
      'label',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Trained mlp \(classification\) on .*data\.csv: 96 train \/ 24 test rows, cpu backend/,
    );
    expect(stdout).toContain(`Wrote ${out}`);
  });

  it('checks gate rules against the classes of the label before it trains', async () => {
    const config = join(dir, 'three-classes.yml');
    await writeFile(
      config,
      `data: { path: ${JSON.stringify(data)}, label: colour }\ngate:\n  - { metric: roc_auc, min: 0.8 }\n  - { metric: f1, min: 0.5 }\n`,
    );
    const out = join(dir, 'run-three-classes');
    const { code, stdout, stderr } = await run('train', '--config', config, '--out', out);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `${config}: gate[0].metric 'roc_auc' is for two classes, but the label has 3 (did you mean 'roc_auc_ovr_macro'?)`,
    );
    expect(stderr).toContain(
      `${config}: gate[1].metric 'f1' is for two classes, but the label has 3 (did you mean 'f1_macro'?)`,
    );
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('evaluates the saved model on labelled data', async () => {
    const out = join(dir, 'run-eval');
    expect(
      (
        await run(
          'train',
          '--data',
          data,
          '--label',
          'label',
          '--out',
          out,
          '--epochs',
          '2',
          '--json',
        )
      ).code,
    ).toBe(0);
    const evalOut = join(dir, 'eval');
    const { code, stdout } = await run(
      'evaluate',
      '--model',
      join(out, 'model'),
      '--data',
      data,
      '--out',
      evalOut,
      '--json',
    );
    expect(code).toBe(0);
    const metrics = MetricsReportSchema.parse(JSON.parse(stdout));
    expect(metrics.n_test).toBe(120);
    expect((await readdir(evalOut)).sort()).toEqual(['metrics.json', 'report.md']);
    const summary = await run('evaluate', '--model', join(out, 'model'), '--data', data);
    expect(summary.stdout).toMatch(
      /^Evaluated mlp \(classification\) on .*data\.csv: 120 rows, wasm backend, /,
    );
    const oneRow = await writeData(
      dir,
      'one-row.csv',
      (await readFile(data, 'utf8')).split('\n').slice(0, 2).join('\n'),
    );
    const single = await run('evaluate', '--model', join(out, 'model'), '--data', oneRow);
    expect(single.stdout).toMatch(/ on .*one-row\.csv: 1 row, wasm backend, /);
    // Writing the evaluation over the run that holds the model would delete the model.
    const over = await run('evaluate', '--model', join(out, 'model'), '--data', data, '--out', out);
    expect(over.code).toBe(2);
    expect(over.stderr).toBe(
      `modelgate: --out ${out} holds the model being evaluated (${join(out, 'model')}) and would replace it; expected another directory.\n`,
    );
    expect((await readdir(join(out, 'model'))).sort()).toEqual([
      // A binary classifier's isotonic calibrator, for CBPE in monitoring.
      'calibration.json',
      'model.json',
      'preprocessing.json',
      'weights.bin',
    ]);
  });

  const badInputs: [string, () => Promise<string[]>, RegExp][] = [
    [
      'a missing data file',
      async () => ['--data', join(dir, 'absent.csv'), '--label', 'label'],
      /absent\.csv does not exist/,
    ],
    [
      'a missing label column',
      async () => ['--data', data, '--label', 'target'],
      /has no label column "target"; expected one of: a, b, colour, label\./,
    ],
    [
      'an empty file',
      async () => ['--data', await writeData(dir, 'empty.csv', ''), '--label', 'y'],
      /empty\.csv is empty/,
    ],
    [
      'a ragged row',
      async () => ['--data', await writeData(dir, 'ragged.csv', 'a,y\n1,2\n3\n'), '--label', 'y'],
      /ragged\.csv: line 3 has 1 field, expected 2/,
    ],
    [
      'a label with one class',
      async () => [
        '--data',
        await writeData(dir, 'one.csv', 'a,y\n1,x\n2,x\n3,x\n'),
        '--label',
        'y',
      ],
      /label "y" has only the class "x"; classification needs at least two classes/,
    ],
    [
      'an invalid config key',
      async () => [
        '--config',
        await writeData(
          dir,
          'bad.yml',
          `data: { path: ${JSON.stringify(data)}, label: label }\ntrain: { epoch: 3 }\n`,
        ),
      ],
      /bad\.yml: .*epoch/,
    ],
    [
      'too few rows for a test set',
      async () => ['--data', await writeData(dir, 'two.csv', 'a,y\n1,x\n2,z\n'), '--label', 'y'],
      /two\.csv has too few labelled rows \(2\) to hold out a test set/,
    ],
    [
      'a non-integer --epochs',
      async () => ['--data', data, '--label', 'label', '--epochs', '2.5'],
      /expected a positive integer, got "2\.5"/,
    ],
  ];

  for (const [what, args, message] of badInputs) {
    it(`exits 2 on ${what}, with one clear message, leaving --out as it was`, async () => {
      const out = join(dir, `kept-${what.replaceAll(' ', '-')}`);
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'metrics.json'), 'previous run');
      const { code, stderr, stdout } = await run(
        'train',
        ...(await args()),
        '--out',
        out,
        '--backend',
        'cpu',
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
      expect(await readdir(out)).toEqual(['metrics.json']);
      expect(await readFile(join(out, 'metrics.json'), 'utf8')).toBe('previous run');
      expect((await readdir(dir)).filter((name) => name.includes('staging'))).toEqual([]);
    });
  }

  it('refuses an --out that replacing would destroy: a file, or a directory without a run', async () => {
    const before = await readFile(data, 'utf8');
    const onData = await run('train', '--data', data, '--label', 'label', '--out', data);
    expect(onData.code).toBe(2);
    expect(onData.stderr).toBe(
      `modelgate: --out ${data} is a file; expected a directory for the run, which is replaced as a whole.\n`,
    );
    expect(await readFile(data, 'utf8')).toBe(before);

    const project = join(dir, 'project');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'src', 'keep.ts'), 'keep');
    const onProject = await run('train', '--data', data, '--label', 'label', '--out', project);
    expect(onProject.code).toBe(2);
    expect(onProject.stderr).toBe(
      `modelgate: --out ${project} is a directory that holds no modelgate run (no metrics.json); the run directory is replaced as a whole, so expected a new, empty or previous-run directory.\n`,
    );
    expect(await readFile(join(project, 'src', 'keep.ts'), 'utf8')).toBe('keep');
  });

  it('refuses an --out that cannot be written before training, leaving nothing behind', async () => {
    const before = await readdir(dir);
    for (const out of [join(data, 'run'), join(data, 'deeper', 'run')]) {
      for (const command of [
        ['train', '--data', data, '--label', 'label', '--epochs', '1'],
        ['evaluate', '--model', join(dir, 'run', 'model'), '--data', data],
      ]) {
        const { code, stdout, stderr } = await run(...command, '--out', out);
        expect(stdout).toBe('');
        expect(stderr).toBe(
          `modelgate: Cannot write --out ${out}: ${data} is a file, not a directory; expected a path in a writable directory.\n`,
        );
        expect(code).toBe(2);
      }
    }
    const empty = await run('train', '--data', data, '--label', 'label', '--out', '');
    expect(empty.stderr).toBe(
      'modelgate: --out is empty; expected a path in a writable directory.\n',
    );
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses an --out run directory that holds an input, which replacing it would delete', async () => {
    const out = join(dir, 'run-with-data');
    await mkdir(out);
    await writeFile(join(out, 'metrics.json'), 'previous run');
    const inside = join(out, 'data.csv');
    await writeFile(inside, await readFile(data, 'utf8'));
    const train = await run('train', '--data', inside, '--label', 'label', '--out', out);
    expect(train.code).toBe(2);
    expect(train.stderr).toBe(
      `modelgate: --out ${out} holds the training data (${inside}) and would replace it; expected another directory.\n`,
    );
    const evaluate = await run(
      'evaluate',
      '--model',
      join(dir, 'run', 'model'),
      '--data',
      inside,
      '--out',
      out,
    );
    expect(evaluate.code).toBe(2);
    expect(evaluate.stderr).toBe(
      `modelgate: --out ${out} holds the --data file (${inside}) and would replace it; expected another directory.\n`,
    );
    expect((await readdir(out)).sort()).toEqual(['data.csv', 'metrics.json']);
  });

  it('names an empty --label or --data flag in one sentence', async () => {
    const label = await run('train', '--data', data, '--label', '', '--out', join(dir, 'x'));
    expect(label.code).toBe(2);
    expect(label.stderr).toBe('modelgate: --label must be a non-empty string, got "".\n');
    const path = await run('train', '--data', '', '--label', 'label', '--out', join(dir, 'x'));
    expect(path.stderr).toBe('modelgate: --data must be a non-empty string, got "".\n');
    const evaluate = await run('evaluate', '--model', join(dir, 'run', 'model'), '--data', '');
    expect(evaluate.stderr).toBe(
      'modelgate: The data file path is empty; expected a CSV or JSONL file.\n',
    );
  });

  it('exits 2 when there is no data to train on', async () => {
    // From a directory without .github/modelgate.yml.
    const cwd = process.cwd();
    process.chdir(dir);
    const { code, stderr } = await run('train', '--out', join(dir, 'none')).finally(() =>
      process.chdir(cwd),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/No data to train on: pass --data <file> --label <column>/);
  });
});
