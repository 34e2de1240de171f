import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedFile } from '../support/shared-data.ts';

const exec = promisify(execFile);

/** Columns of the tiny dataset: six features of Breast Cancer Wisconsin and the label. */
const FEATURES = [
  'mean_radius',
  'mean_texture',
  'mean_perimeter',
  'mean_area',
  'mean_smoothness',
  'mean_compactness',
];

/**
 * A 60-row, two-class slice of `breast_cancer.csv` (30 rows per class), small enough that a
 * training run of a few epochs takes well under a second. `scale` multiplies every feature,
 * which makes production data that has drifted.
 */
export async function tinyDataset(scale = 1): Promise<string> {
  const text = await readFile(sharedFile('datasets/breast_cancer.csv'), 'utf8');
  const [header = '', ...rows] = text.trim().split('\n');
  const columns = header.split(',');
  const keep = [...FEATURES, 'target'].map((name) => columns.indexOf(name));
  if (keep.includes(-1)) throw new Error('breast_cancer.csv lacks an expected column');
  const byClass = new Map<string, string[][]>();
  for (const row of rows) {
    const cells = row.split(',');
    const label = cells[cells.length - 1] ?? '';
    const list = byClass.get(label) ?? [];
    if (list.length < 30) list.push(keep.map((index) => cells[index] ?? ''));
    byClass.set(label, list);
  }
  const picked = [...byClass.values()].flat();
  const lines = picked.map((cells) =>
    cells
      .map((cell, index) => (index < FEATURES.length ? String(Number(cell) * scale) : cell))
      .join(','),
  );
  return `${[...FEATURES, 'target'].join(',')}\n${lines.join('\n')}\n`;
}

/** The repository's config: tiny and fast, with an absolute floor and a relative rule. */
export function modelgateConfig(epochs: number): string {
  return [
    'data: { path: data/train.csv, label: target }',
    'model: { type: logistic }',
    `train: { epochs: ${epochs}, batch_size: 16, learning_rate: 0.1, seed: 7 }`,
    'gate:',
    '  - { metric: accuracy, min: 0.5 }',
    '  - { metric: accuracy, max_drop: 0.3 }',
    'release: { tag_prefix: model-v, environment: production }',
    'monitor: { data: monitoring/current.csv, labels: [drift] }',
    '',
  ].join('\n');
}

/** Runs git in `cwd` with background maintenance off (it races with temp-dir cleanup). */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'maintenance.auto=false', '-c', 'gc.auto=0', ...args],
    { cwd },
  );
  return stdout.trim();
}

/**
 * A runner's workspace: a fresh clone of `url` with `sha` checked out (detached, as
 * actions/checkout leaves it) and the remote URL kept as `origin`, so the Action pushes with
 * whatever credentials the URL carries, like checkout's persisted token.
 */
export async function checkout(url: string, sha: string): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'modelgate-workspace-'));
  await git(workspace, ['init', '--quiet', '-b', 'main']);
  await git(workspace, ['remote', 'add', 'origin', url]);
  await git(workspace, ['fetch', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
  await git(workspace, ['checkout', '--quiet', '--detach', sha]);
  return workspace;
}

/** The repository's training workflow: the one the App's tests use. */
export { WORKFLOW_YAML as TRAINING_WORKFLOW } from '../app/fixtures.ts';
