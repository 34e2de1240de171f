import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/**
 * Issue 20's whole pull-request run: the bundled Action in `train` mode on a `pull_request`
 * event, on all 569 rows of breast_cancer.csv with the reference MLP (64, 64), Adam, batch 256,
 * 50 epochs — Node start, training, evaluation, profile, run directory, the baseline fetched
 * from the history branch of the repository's origin (a local bare repository here, which the
 * default branch's run wrote first, as `train-main` does) and the job summary. The checkout is
 * excluded (it is made before timing), and so are the network calls a runner would make (no
 * token, no artifact upload), so the figure is the Action's own work.
 */

const DATA = fileURLToPath(new URL('../../shared/datasets/breast_cancer.csv', import.meta.url));
const CONFIG = [
  'data: { path: data/train.csv, label: target }',
  'model: { type: mlp, hidden: [64, 64], dropout: 0, activation: relu }',
  'train: { epochs: 50, batch_size: 256, learning_rate: 0.001, seed: 0, test_split: 0.2 }',
  'gate:',
  '  - { metric: accuracy, max_drop: 0.02 }',
  '',
].join('\n');

const TIME = '/usr/bin/time';

/** Wall seconds, and user + system CPU seconds (steadier on a shared machine; NaN without /usr/bin/time). */
export interface Timed {
  seconds: number;
  cpu: number;
}

/** Runs `args` with Node under /usr/bin/time when it exists; a failure throws with its output. */
export function timedNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Timed {
  const wrapped = existsSync(TIME);
  const started = performance.now();
  const result = wrapped
    ? spawnSync(TIME, ['-f', 'CPU=%U+%S', process.execPath, ...args], {
        cwd,
        env,
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(
      `node ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? '');
  return { seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN };
}

/** A clone of a fresh origin with main (data + config) pushed, and a pull request commit on top. */
export interface PullRequestRepo {
  dir: string;
  root: string;
  baseSha: string;
  headSha: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'maintenance.auto=false',
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.com',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/** Origin, clone, main's commit pushed, then a pull request commit (a changed learning rate). */
export async function pullRequestRepo(): Promise<PullRequestRepo> {
  const root = await mkdtemp(join(tmpdir(), 'modelgate-bench-pr-'));
  const origin = join(root, 'origin.git');
  const dir = join(root, 'work');
  execFileSync('git', ['init', '--quiet', '--bare', '-b', 'main', origin]);
  execFileSync('git', ['clone', '--quiet', origin, dir], { stdio: 'ignore' });
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, '.github'));
  await copyFile(DATA, join(dir, 'data', 'train.csv'));
  await writeFile(join(dir, '.github', 'modelgate.yml'), CONFIG);
  git(dir, 'checkout', '--quiet', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'model');
  git(dir, 'push', '--quiet', 'origin', 'main');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  return { dir, root, baseSha, headSha: baseSha };
}

/** Moves the clone to a pull request branch whose commit changes the config. */
export async function openPullRequest(repo: PullRequestRepo): Promise<void> {
  git(repo.dir, 'checkout', '--quiet', '-b', 'feature');
  await writeFile(
    join(repo.dir, '.github', 'modelgate.yml'),
    CONFIG.replace('learning_rate: 0.001', 'learning_rate: 0.002'),
  );
  git(repo.dir, 'commit', '--quiet', '-am', 'faster learning rate');
  repo.headSha = git(repo.dir, 'rev-parse', 'HEAD');
}

/**
 * Runs `bundle` once as a runner would for `event` (`push` to main, or the pull request),
 * returning its wall time in seconds; a failure throws with the Action's output.
 */
export async function runAction(
  bundle: string,
  repo: PullRequestRepo,
  event: 'push' | 'pull_request',
  index: number,
): Promise<Timed> {
  const files = join(repo.root, `runner-${event}-${index}`);
  await mkdir(files, { recursive: true });
  const payload =
    event === 'push'
      ? { before: '0'.repeat(40), repository: { default_branch: 'main' } }
      : {
          pull_request: {
            number: 1,
            title: 'faster learning rate',
            base: { sha: repo.baseSha, ref: 'main' },
            head: { sha: repo.headSha, ref: 'feature' },
            labels: [],
          },
          repository: { default_branch: 'main' },
        };
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? repo.root,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_REPOSITORY: 'bench/model',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_SHA: event === 'push' ? repo.baseSha : repo.headSha,
    GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/1/merge',
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
    INPUT_MODE: 'train',
    'INPUT_UPLOAD-ARTIFACT': 'false',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  await writeFile(env.GITHUB_EVENT_PATH, JSON.stringify(payload));
  await writeFile(env.GITHUB_OUTPUT, '');
  await writeFile(env.GITHUB_STEP_SUMMARY, '');
  return timedNode([bundle], repo.dir, env);
}

/** Whether the pull request run's summary compares with a baseline (else the figure means less). */
export async function comparedWithBaseline(repo: PullRequestRepo, index: number): Promise<boolean> {
  const summary = await readFile(
    join(repo.root, `runner-pull_request-${index}`, 'summary.md'),
    'utf8',
  );
  return summary.includes(repo.baseSha.slice(0, 7));
}

/** Removes the bench repositories. */
export async function removeRepo(repo: PullRequestRepo): Promise<void> {
  await rm(repo.root, { recursive: true, force: true });
}
