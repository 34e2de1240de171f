import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { resolveTrainConfig } from '../../src/train/resolve-config.ts';
import { tempDir } from './fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('resolve-config');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveTrainConfig', () => {
  it('reads .github/modelgate.yml from cwd and lets flags win over it', async () => {
    await mkdir(join(dir, '.github'), { recursive: true });
    await writeFile(
      join(dir, '.github', 'modelgate.yml'),
      'data: { path: train.csv, label: y }\ntrain: { epochs: 7 }\n',
    );
    const fromFile = await resolveTrainConfig({ cwd: dir });
    expect(fromFile.source).toBe('.github/modelgate.yml');
    expect(fromFile.config.data).toMatchObject({ path: 'train.csv', label: 'y' });
    expect(fromFile.config.train.epochs).toBe(7);

    const overridden = await resolveTrainConfig({
      cwd: dir,
      overrides: { data: 'other.csv', label: 'z', epochs: 2 },
    });
    expect(overridden.config.data).toMatchObject({ path: 'other.csv', label: 'z' });
    expect(overridden.config.train.epochs).toBe(2);
  });

  it('names a --config that is missing or a directory in one sentence', async () => {
    const missing = join(dir, 'nope.yml');
    await expect(resolveTrainConfig({ configPath: missing })).rejects.toThrow(
      `The config file ${missing} does not exist; expected a modelgate config like .github/modelgate.yml.`,
    );
    await expect(resolveTrainConfig({ configPath: dir })).rejects.toThrow(
      `The config file ${dir} is a directory; expected a modelgate config like .github/modelgate.yml.`,
    );
    // Not "The config file  does not exist", with the path gone from the sentence.
    await expect(resolveTrainConfig({ configPath: '' })).rejects.toThrow(
      'The config file path is empty; expected a modelgate config like .github/modelgate.yml.',
    );
  });

  it('checks flag values against the config schema, naming the flag', async () => {
    await expect(resolveTrainConfig({ cwd: dir, overrides: { label: '' } })).rejects.toThrow(
      new InputError('--label must be a non-empty string, got "".'),
    );
    const empty = join(dir, 'no-config');
    await mkdir(empty, { recursive: true });
    await expect(
      resolveTrainConfig({ cwd: empty, overrides: { data: '', label: '' } }),
    ).rejects.toThrow(
      new InputError(
        '--data must be a non-empty string, got "".\n--label must be a non-empty string, got "".',
      ),
    );
  });

  it('names a .github/modelgate.yml that is a directory instead of crashing on it', async () => {
    const cwd = join(dir, 'config-dir');
    await mkdir(join(cwd, '.github', 'modelgate.yml'), { recursive: true });
    const path = join(cwd, '.github', 'modelgate.yml');
    await expect(resolveTrainConfig({ cwd })).rejects.toThrow(
      new InputError(
        `The config file ${path} is a directory; expected a modelgate config like .github/modelgate.yml.`,
      ),
    );
  });

  it('asks for data when there is neither a config nor --data', async () => {
    // A repository root of its own: the search for a config stops at its .git and does not
    // find the one in the folder above.
    const empty = join(dir, 'empty');
    await mkdir(join(empty, '.git'), { recursive: true });
    await expect(resolveTrainConfig({ cwd: empty })).rejects.toThrow(
      'No data to train on: pass --data <file> --label <column>, or --config <file>, or create .github/modelgate.yml.',
    );
  });
});
