import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonStepStandIn, sklearnExample } from '../../src/demo/predictions-example.ts';

/** The Python step's stand-in of `demo --predictions`: which committed run it copies, and when it refuses. */

const EXAMPLE = fileURLToPath(new URL('../../examples/sklearn/', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function checkout(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-python-stand-in-'));
  temps.push(dir);
  await cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

const committed = (name: string) => readFile(join(EXAMPLE, 'predictions', name), 'utf8');
const written = (dir: string) => readFile(join(dir, 'out/predictions.csv'), 'utf8');

describe('the Python step stand-in', () => {
  it("copies the run of train.py's default C when the workflow gives no --c", async () => {
    const dir = await checkout();
    expect(await pythonStepStandIn(dir)).toBe(
      'Python step replaced: train.py --c 1.0 → committed predictions/pull-request.csv copied to out/predictions.csv',
    );
    expect(await written(dir)).toBe(await committed('pull-request.csv'));
    expect(await readFile(join(dir, 'out/model/model.joblib'), 'utf8')).toContain('stand-in');
  });

  it('follows --c on the workflow command over the default', async () => {
    const dir = await checkout();
    const path = join(dir, '.github/workflows/modelgate.yml');
    const workflow = await readFile(path, 'utf8');
    await writeFile(path, workflow.replace('python train.py ', 'python train.py --c 0.01 '));
    await pythonStepStandIn(dir);
    expect(await written(dir)).toBe(await committed('main.csv'));
  });

  it('refuses a C it has no committed run for, in one sentence', async () => {
    const dir = await checkout();
    const path = join(dir, 'train.py');
    const script = await readFile(path, 'utf8');
    await writeFile(path, script.replace('default=1.0,', 'default=5,'));
    await expect(pythonStepStandIn(dir)).rejects.toThrow(
      /^train\.py --c 5 has no committed predictions; expected --c 0\.01 or 1\.0/,
    );
  });

  it("starts the story's repository at C = 0.01, leaving examples/sklearn untouched", async () => {
    const work = await mkdtemp(join(tmpdir(), 'modelgate-sklearn-example-'));
    temps.push(work);
    const example = await sklearnExample(work);
    expect(await readFile(join(example.source, 'train.py'), 'utf8')).toContain('default=0.01,');
    expect(await pythonStepStandIn(example.source)).toContain('predictions/main.csv');
    expect(await readFile(join(EXAMPLE, 'train.py'), 'utf8')).toContain('default=1.0,');
  });
});
