import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  comparedWithBaseline,
  openPullRequest,
  pullRequestRepo,
  removeRepo,
  runAction,
  timedNode,
  type Timed,
} from './action-pull-request.ts';
import { median } from './median.ts';

/**
 * The Action's cold start (issue 5): wall time of `node dist/index.js` in `train` mode, as a
 * runner starts it, on a 50-row dataset with 1 epoch — the fixed cost every workflow run
 * pays before its own training: Node parsing the bundle, the wasm backend compiling its
 * binary, reading the data, writing the run directory and the job summary. Goal: under 0.5 s
 * (issue 20). No token and no results service, so the time is the Action's own, not the
 * network's. Then issue 20's whole pull-request run on breast_cancer (action-pull-request.ts).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'index.js');
const DATA = new URL('../../shared/datasets/breast_cancer.csv', import.meta.url);
const RUNS = 7;
const GOAL_S = 0.5;
/** Timed pull request runs, and issue 20's goal for one. */
const PR_RUNS = 3;
const PR_GOAL_S = 10;

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

function runOnce(dir: string, sha: string, index: number): Timed {
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
  return timedNode([BUNDLE], dir, env);
}

export default async function bench(): Promise<void> {
  if (!existsSync(BUNDLE)) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  }
  const dir = await repository();
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    // Interleaved with a bare `node -e 0`: how loaded the machine is shows in the same run.
    const runs: Timed[] = [];
    const bare: Timed[] = [];
    for (let index = 0; index < RUNS; index++) {
      runs.push(runOnce(dir, sha, index));
      bare.push(timedNode(['-e', '0'], dir, { PATH: process.env.PATH ?? '' }));
    }
    const times = runs.map((run) => run.seconds).sort((a, b) => a - b);
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
    const middle = median(times);
    const row = (label: string, value: number | undefined) =>
      `| ${label} | ${(value ?? Number.NaN).toFixed(2)} |`;
    process.stdout.write(
      [
        `Cold start of \`node dist/index.js\` (mode train, 50 rows, 1 epoch, ${backend} backend), ${RUNS} runs:`,
        '',
        '| | seconds |',
        '| :-- | --: |',
        row('min', times[0]),
        row('median', middle),
        row('max', times[times.length - 1]),
        row('median CPU (user + sys)', median(runs.map((run) => run.cpu))),
        row(
          'bare `node -e 0` in the same run, median wall',
          median(bare.map((run) => run.seconds)),
        ),
        '',
        `Goal: median under ${GOAL_S} s — ${middle < GOAL_S ? 'met' : 'NOT met'}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await pullRequestRun();
}

/** The whole pull request run (action-pull-request.ts), after main's run wrote the baseline. */
async function pullRequestRun(): Promise<void> {
  const repo = await pullRequestRepo();
  try {
    const main = await runAction(BUNDLE, repo, 'push', 0);
    await openPullRequest(repo);
    const times: Timed[] = [];
    for (let i = 0; i < PR_RUNS; i++) times.push(await runAction(BUNDLE, repo, 'pull_request', i));
    const baseline = await comparedWithBaseline(repo, 0);
    const middle = median(times.map((run) => run.seconds));
    process.stdout.write(
      [
        '',
        `Whole pull request run of \`node dist/index.js\` (mode train, pull_request event, breast_cancer.csv 569 rows x 30 features, MLP 64-64, batch 256, 50 epochs, baseline from the history branch${baseline ? '' : ' — NOT found'}; checkout, token and artifact upload excluded), ${PR_RUNS} runs:`,
        '',
        '| | seconds |',
        '| :-- | --: |',
        `| median | ${middle.toFixed(2)} |`,
        `| median CPU (user + sys) | ${median(times.map((run) => run.cpu)).toFixed(2)} |`,
        `| runs | ${times.map((run) => run.seconds.toFixed(2)).join(', ')} |`,
        `| main's run before it (records the baseline) | ${main.seconds.toFixed(2)} |`,
        '',
        `Goal: median under ${PR_GOAL_S} s — ${middle < PR_GOAL_S ? 'met' : 'NOT met'}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await removeRepo(repo);
  }
}
