import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';

const exec = promisify(execFile);

describe('the Action bundle', () => {
  let outDir = '';
  beforeAll(async () => {
    // Outside the repository, so nothing can be resolved from node_modules at run time: the
    // bundle must carry everything, the wasm binaries included.
    outDir = await mkdtemp(join(tmpdir(), 'modelgate-bundle-'));
    await bundleAction({ entry: 'test/action/fixtures/wasm-probe.ts', outDir });
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('copies the wasm binaries next to the bundle', async () => {
    const files = await readdir(outDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.js',
        'package.json',
        'tfjs-backend-wasm.wasm',
        'tfjs-backend-wasm-simd.wasm',
      ]),
    );
  });

  it('runs a TensorFlow.js op on the wasm backend loaded from the bundle directory', async () => {
    const { stdout } = await exec(process.execPath, [join(outDir, 'index.js')], { cwd: outDir });
    expect(JSON.parse(stdout)).toEqual({
      directory: `${outDir}/`,
      backend: 'wasm',
      result: [11],
      gradient: [6],
    });
  });

  it('runs a TensorFlow.js op on the cpu backend, the fallback when wasm cannot start', async () => {
    // tfjs-backend-cpu registers itself when imported, but its package.json declares it free
    // of side effects: a bare import of it is dropped from the bundle without a trace.
    const { stdout } = await exec(process.execPath, [join(outDir, 'index.js'), 'cpu'], {
      cwd: outDir,
    });
    expect(JSON.parse(stdout)).toEqual({
      directory: `${outDir}/`,
      backend: 'cpu',
      result: [11],
      gradient: [6],
    });
  });

  it('fails to start the wasm backend once the binaries are gone (the probe really uses them)', async () => {
    for (const name of await readdir(outDir)) {
      if (name.endsWith('.wasm')) await rm(join(outDir, name));
    }
    const { stdout } = await exec(process.execPath, [join(outDir, 'index.js')], { cwd: outDir });
    expect(JSON.parse(stdout)).toEqual({
      directory: null,
      error: expect.stringContaining('The TensorFlow.js backend "wasm" is not available here'),
    });
  });
});

describe('the committed dist/index.js', () => {
  it('starts as an ES module and reports a bad input as one sentence, exit code 1', async () => {
    const bundle = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const result = await exec(process.execPath, [bundle], {
      env: { PATH: process.env.PATH ?? '', INPUT_MODE: 'deploy' },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code?: number; stdout?: string }) => ({
        code: error.code,
        stdout: error.stdout ?? '',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      `::error::Invalid 'mode' input: expected one of "train", "report", "release", "monitor", got "deploy".`,
    );
  });
});
