import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * The package as a user gets it: `npm pack` (which builds the CLI bundle), `npm i -D` of the
 * tarball into a fresh repository, then the README's own config and commands there. npm reads
 * its local cache first (`--prefer-offline`); the tarball has no dependencies to fetch.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = join(ROOT, 'README.md');
const TRAIN_CSV = join(ROOT, 'examples', 'data', 'train.csv');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The README section a new user follows, so the test breaks when the README and the package disagree. */
async function readmeSection(): Promise<string> {
  const text = await readFile(README, 'utf8');
  const start = text.indexOf('## Use the CLI in your own repository');
  const end = text.indexOf('\n## ', start + 1);
  if (start < 0 || end < 0)
    throw new Error('README has no "Use the CLI in your own repository" section.');
  return text.slice(start, end);
}

function codeBlocks(section: string, language: string): string[] {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...section.matchAll(fence)].map((match) => match[1] ?? '');
}

let dir: string;
let repo: string;
let section: string;
let tarball: string;
let install: Result;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-install-test-'));
  section = await readmeSection();
  const pack = await run('npm', ['pack', '--silent', '--pack-destination', dir], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const [name] = (await readdir(dir)).filter((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack wrote no tarball: ${pack.stdout}${pack.stderr}`);
  tarball = join(dir, name);

  repo = join(dir, 'my-model');
  await mkdir(join(repo, '.github'), { recursive: true });
  await mkdir(join(repo, 'data'));
  await mkdir(join(repo, 'notebooks'));
  await run('git', ['init', '-q'], repo);
  await writeFile(join(repo, 'package.json'), '{ "name": "my-model", "private": true }\n');
  await cp(TRAIN_CSV, join(repo, 'data', 'train.csv'));
  const [config] = codeBlocks(section, 'yaml');
  if (!config) throw new Error('The README section has no yaml config block.');
  await writeFile(join(repo, '.github', 'modelgate.yml'), config);
  install = await run(
    'npm',
    ['i', '-D', '--prefer-offline', '--no-audit', '--no-fund', tarball],
    repo,
  );
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the npm package installed into a new repository', () => {
  it('installs with nothing but itself: no dependency tree, no sources, no tests', async () => {
    expect(install.code, install.stderr).toBe(0);
    const modules = (await readdir(join(repo, 'node_modules'))).filter((n) => !n.startsWith('.'));
    expect(modules).toEqual(['modelgate']);
    const shipped = await readdir(join(repo, 'node_modules', 'modelgate'));
    expect(shipped).not.toContain('src');
    expect(shipped).not.toContain('test');
    expect(shipped).toContain('bin');
    expect(shipped).toContain('dist');
  });

  it('the README names the tarball install', () => {
    expect(codeBlocks(section, 'sh').join('\n')).toMatch(/npm i -D \.\/modelgate-[\d.]+\.tgz/);
  });

  it('prints its version', async () => {
    const version = await run('npx', ['--no-install', 'modelgate', '--version'], repo);
    const manifest = z
      .object({ version: z.string() })
      .parse(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')));
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it("trains and compares with the README's commands, on the wasm backend", async () => {
    const commands = codeBlocks(section, 'sh')
      .join('\n')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line.startsWith('npx modelgate') || line.startsWith('cp '));
    expect(commands.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'npx modelgate train',
      'cp -r .modelgate/run',
      'npx modelgate compare',
    ]);
    for (const line of commands) {
      const [command = '', ...args] = line.split(/\s+/);
      const result = await run(command, command === 'npx' ? ['--no-install', ...args] : args, repo);
      expect(result.code, `${line}\n${result.stdout}${result.stderr}`).toBe(0);
      if (line.includes('compare')) expect(result.stdout).toMatch(/Gate passed/);
    }
    const metrics: unknown = JSON.parse(
      await readFile(join(repo, '.modelgate', 'run', 'metrics.json'), 'utf8'),
    );
    expect(metrics).toMatchObject({ schema: 'modelgate/metrics@1', model: { backend: 'wasm' } });
  });
});
