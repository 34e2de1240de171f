import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `modelgate demo --predictions` end to end, as a Python user runs it: the CLI as a child
 * process on `examples/sklearn/`, the Python step played by its committed predictions files.
 */

const CLI = fileURLToPath(new URL('../../bin/modelgate.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/sklearn/', import.meta.url));

let dir: string;
let result: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-demo-predictions-test-'));
  await mkdir(join(dir, 'tmp'));
  result = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'demo', '--predictions', '--report-dir', join(dir, 'demo-report')],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', TMPDIR: join(dir, 'tmp') },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('modelgate demo --predictions', () => {
  it('plays every step on the scikit-learn example and exits 0', () => {
    expect(result.stderr, result.stdout).not.toMatch(/modelgate:|Error|✘/);
    expect(result.stdout).not.toContain('✘');
    expect(result.stdout).toMatch(/repository ada\/tumour-classifier-sklearn/);
    expect(result.stdout).toMatch(
      /^modelgate demo passed: 4\/4 steps as told — baseline accuracy 0\.943, PR #1 gate passed, released model-v0\.1\.0/m,
    );
    expect(result.code).toBe(0);
  });

  it('says the Python step was replaced by the committed predictions, and nothing was trained', () => {
    const out = result.stdout;
    expect(out).toMatch(
      /Python step replaced: train\.py --c 0\.01 → committed predictions\/main\.csv copied to out\/predictions\.csv; the Action scored, without training, the predictions of [0-9a-f]{7} on main: accuracy 0\.943/,
    );
    expect(out).toMatch(/the record's model is "external": predictions only/);
    expect(out).toMatch(
      /train\.py --c 1\.0 → committed predictions\/pull-request\.csv .* with a read-only token: accuracy 0\.971/,
    );
  });

  it('gates the improving pull request, releases the model folder and monitors from its profile', () => {
    const out = result.stdout;
    expect(out).toMatch(/accuracy 0\.943 on main → 0\.971 on #1/);
    expect(out).toMatch(/one sticky comment on #1: the check's verdict and the metric table/);
    expect(out).toMatch(/gate passed: "modelgate \/ gate" is success — Gate passed: 3 of 3 rules/);
    expect(out).toMatch(/tag model-v0\.1\.0 on the merge commit/);
    expect(out).toMatch(/release model-v0\.1\.0 with metrics\.json, model\.tar\.gz, profile\.json/);
    expect(out).toMatch(/the notes list model\.tar\.gz with sha256 [0-9a-f]{12}…, the downloaded/);
    expect(out).toMatch(/the notes name the framework: scikit-learn/);
    expect(out).toMatch(
      /profile\.json of model-v0\.1\.0 profiles 10 features .* "target" left out/,
    );
    expect(out).toMatch(/dataset drift: no, 0 of 10 columns drifted/);
  });

  it('leaves the example and the temp dir as they were, and writes the report', async () => {
    // The story's first model (C = 0.01) is edited into a copy, never into examples/sklearn.
    expect(await readFile(join(EXAMPLE, 'train.py'), 'utf8')).toContain('default=1.0');
    const left = (await readdir(join(dir, 'tmp'))).filter((name) => !name.startsWith('tsx-'));
    expect(left).toEqual([]);
    const html = await readFile(join(dir, 'demo-report', 'index.html'), 'utf8');
    expect(html).toContain('model-v0.1.0');
    expect(html).not.toMatch(/<script|<link |\ssrc=/i);
  });
});
