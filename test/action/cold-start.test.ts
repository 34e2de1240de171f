import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundleAction } from '../../scripts/bundle.mjs';
import { git, modelgateConfig, tinyDataset } from './scenario.ts';

const exec = promisify(execFile);

/**
 * Issue 20's cold start: `train` mode without a token and without the artifact upload (the
 * bench's run, and the CLI-like use of the Action) must not load the code only a token or an
 * upload needs. Each of these was parsed at every start before the bundle was split; a static
 * import added in the wrong place brings it back silently, which this test catches.
 */
const NOT_FOR_A_TOKENLESS_TRAIN_RUN = [
  '@actions/artifact',
  '@actions/github',
  '@azure/storage-blob',
  '@octokit/core',
  '@octokit/plugin-rest-endpoint-methods',
  'undici',
  'marked',
  // The umbrella's parts that Node never runs (src/train/tf.ts).
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data',
  // Git runs only to compare with a base commit or to record on the default branch.
  'simple-git',
  // Behind tfjs-core's fallback for a Node without fetch (scripts/bundle-plugins.mjs).
  'node-fetch',
  'tr46',
];

/** Modules of packages that the run does load, but not these parts of them. */
const NOT_THESE_MODULES: Record<string, RegExp> = {
  // zod's messages in other languages (scripts/bundle-plugins.mjs).
  'a zod locale other than English': /node_modules\/zod\/v4\/locales\/(?!en\.js)/,
  // The fallback backend, loaded only when wasm cannot start (src/train/cpu-backend.ts); the
  // wasm backend does use some of its kernel functions (`dist/shared.js`), not the backend.
  'the cpu backend':
    /node_modules\/@tensorflow\/tfjs-backend-cpu\/dist\/(?:index|base|backend_cpu|register_all_kernels|tf-backend-cpu\.node)\.js$/,
  // TensorFlow.js in its Node build: ES5, twice the size (scripts/bundle-plugins.mjs).
  "tfjs's CommonJS Node build": /node_modules\/@tensorflow\/[^/]+\/dist\/[^/]+\.node\.js$/,
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The part of esbuild's metafile this test reads: which inputs each output file holds. */
const MetafileSchema = z.object({
  outputs: z.record(z.string(), z.object({ inputs: z.record(z.string(), z.unknown()) })),
});

/** The package an input path belongs to (the last `node_modules/` in it), or null for ours. */
function packageOf(input: string): string | null {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1] ?? null;
}

// Records every module file Node loads: a module hook sees static and dynamic imports alike.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(process.env.MODELGATE_LOAD_LOG, url + '\\n');
  return nextLoad(url, context);
}
`;
const REGISTER = `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`;

describe('train mode without a token, from the split bundle', () => {
  let dir = '';
  /** Package name → the loaded chunk files that hold a module of it. */
  const loadedPackages = new Map<string, string[]>();
  let loadedFiles: string[] = [];
  /** Every module bundled into a loaded chunk, as esbuild names it. */
  const loadedInputs: string[] = [];
  let metrics: unknown;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelgate-cold-start-'));
    const dist = join(dir, 'dist');
    const { metafile } = await bundleAction({ outDir: dist });
    const outputs = MetafileSchema.parse(metafile).outputs;

    const workspace = join(dir, 'workspace');
    await mkdir(join(workspace, 'data'), { recursive: true });
    await mkdir(join(workspace, '.github'));
    await writeFile(join(workspace, 'data', 'train.csv'), await tinyDataset());
    await writeFile(join(workspace, '.github', 'modelgate.yml'), modelgateConfig(1));
    await git(workspace, ['init', '--quiet', '-b', 'main']);
    await git(workspace, ['add', '-A']);
    await git(workspace, [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-qm',
      'model',
    ]);
    const sha = await git(workspace, ['rev-parse', 'HEAD']);

    const runner = join(dir, 'runner');
    await mkdir(runner);
    await writeFile(join(runner, 'hooks.mjs'), HOOKS);
    await writeFile(join(runner, 'register.mjs'), REGISTER);
    await writeFile(join(runner, 'event.json'), '{}');
    const log = join(runner, 'loaded.log');
    await exec(
      process.execPath,
      ['--import', join(runner, 'register.mjs'), join(dist, 'index.js')],
      {
        cwd: workspace,
        env: {
          PATH: process.env.PATH ?? '',
          MODELGATE_LOAD_LOG: log,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_REPOSITORY: 'owner/model',
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: join(runner, 'event.json'),
          GITHUB_SHA: sha,
          GITHUB_REF: 'refs/heads/main',
          INPUT_MODE: 'train',
          'INPUT_UPLOAD-ARTIFACT': 'false',
        },
      },
    );
    metrics = JSON.parse(
      await readFile(join(workspace, '.modelgate', 'run', 'metrics.json'), 'utf8'),
    );

    loadedFiles = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .filter((path) => path.startsWith(`${dist}/`));
    for (const [output, { inputs }] of Object.entries(outputs)) {
      const file = resolve(ROOT, output);
      if (!loadedFiles.includes(file)) continue;
      for (const input of Object.keys(inputs)) {
        loadedInputs.push(input);
        const name = packageOf(input);
        if (name === null) continue;
        loadedPackages.set(name, [...new Set([...(loadedPackages.get(name) ?? []), file])]);
      }
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, on the wasm backend, loading chunks beyond the entry (the log sees them)', () => {
    expect(metrics).toMatchObject({ model: { backend: 'wasm' } });
    expect(loadedFiles.length).toBeGreaterThan(2);
    expect([...loadedPackages.keys()]).toEqual(
      expect.arrayContaining(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'zod']),
    );
  });

  it('loads no chunk of the upload, Octokit, markdown, WebGL, git or node-fetch', () => {
    const loaded = NOT_FOR_A_TOKENLESS_TRAIN_RUN.filter((name) => loadedPackages.has(name));
    expect(loaded).toEqual([]);
  });

  it("loads none of zod's other languages, the cpu backend or tfjs's Node build", () => {
    expect(loadedInputs.some((input) => input.includes('node_modules/zod/v4/locales/en.js'))).toBe(
      true,
    );
    const loaded = Object.entries(NOT_THESE_MODULES).flatMap(([what, pattern]) =>
      loadedInputs.filter((input) => pattern.test(input)).map((input) => `${what}: ${input}`),
    );
    expect(loaded).toEqual([]);
  });
});
