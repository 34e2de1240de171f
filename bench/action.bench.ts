import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/**
 * The Action's cold start (issue 5): wall time of `node dist/index.js` in `train` mode, as a
 * runner starts it, on a 50-row dataset with 1 epoch — the fixed cost every workflow run
 * pays before its own training: Node parsing the bundle, the wasm backend compiling its
 * binary, reading the data, writing the run directory and the job summary. Goal: under 2 s.
 * No token and no results service, so the time is the Action's own, not the network's.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'index.js');
const DATA = new URL('../../shared/datasets/breast_cancer.csv', import.meta.url);
const RUNS = 7;
const GOAL_S = 2;

/** 50 rows of breast_cancer.csv, 25 per class, all 30 features. */
async function dataset(): Promise<string> {
  const [header = '', ...rows] = (await readFile(DATA, 'utf8')).trim().split('\n');
  const malignant = rows.filter((row) => row.endsWith(',malignant')).slice(0, 25);
  const benign = rows.filter((row) => row.endsWith(',benign')).slice(0, 25);
  return `${header}\n${[...malignant, ...benign].join('\n')}\n`;
}

async function repository(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-bench-action-'));
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, '.github'));
  await writeFile(join(dir, 'data', 'train.csv'), await dataset());
  await writeFile(
    join(dir, '.github', 'modelgate.yml'),
    'data: { path: data/train.csv, label: target }\ntrain: { epochs: 1 }\n',
  );
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'maintenance.auto=false', ...args], { cwd: dir });
  git('init', '--quiet', '-b', 'main');
  git('add', '-A');
  git(
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.com',
    'commit',
    '--quiet',
    '-m',
    'bench',
  );
  return dir;
}

function runOnce(dir: string, sha: string, index: number): number {
  const files = join(dir, `.runner-${index}`);
  execFileSync('mkdir', ['-p', files]);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'bench/model',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
    INPUT_MODE: 'train',
    'INPUT_UPLOAD-ARTIFACT': 'false',
  };
  execFileSync('sh', [
    '-c',
    `echo '{}' > "$1"; : > "$2"; : > "$3"`,
    'sh',
    env.GITHUB_EVENT_PATH,
    env.GITHUB_OUTPUT,
    env.GITHUB_STEP_SUMMARY,
  ]);
  const started = performance.now();
  const result = spawnSync(process.execPath, [BUNDLE], { cwd: dir, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(
      `dist/index.js failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  return seconds;
}

export default async function bench(): Promise<void> {
  if (!existsSync(BUNDLE)) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  }
  const dir = await repository();
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const times = Array.from({ length: RUNS }, (_, index) => runOnce(dir, sha, index)).sort(
      (a, b) => a - b,
    );
    const metrics: unknown = JSON.parse(
      await readFile(join(dir, '.modelgate', 'run', 'metrics.json'), 'utf8'),
    );
    const backend =
      typeof metrics === 'object' &&
      metrics !== null &&
      'model' in metrics &&
      typeof metrics.model === 'object' &&
      metrics.model !== null &&
      'backend' in metrics.model
        ? String(metrics.model.backend)
        : 'unknown';
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const row = (label: string, value: number | undefined) =>
      `| ${label} | ${(value ?? Number.NaN).toFixed(2)} |`;
    process.stdout.write(
      [
        `Cold start of \`node dist/index.js\` (mode train, 50 rows, 1 epoch, ${backend} backend), ${RUNS} runs:`,
        '',
        '| | seconds |',
        '| :-- | --: |',
        row('min', times[0]),
        row('median', median),
        row('max', times[times.length - 1]),
        '',
        `Goal: median under ${GOAL_S} s — ${median < GOAL_S ? 'met' : 'NOT met'}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
