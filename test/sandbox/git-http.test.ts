import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { simpleGit, type SimpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sandbox: Sandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  work = await mkdtemp(join(tmpdir(), 'sandbox-git-test-'));
});

afterAll(async () => {
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
});

async function git(dir: string): Promise<SimpleGit> {
  const local = simpleGit(dir);
  // Background maintenance races with removing the temp dir.
  await local.addConfig('maintenance.auto', 'false');
  await local.addConfig('user.name', 'Dev');
  await local.addConfig('user.email', 'dev@example.com');
  return local;
}

describe('git over HTTP', () => {
  it('clones, pushes, and REST sees the pushed commit', async () => {
    const repo = await sandbox.createRepo({
      name: 'model',
      files: { 'data/train.csv': 'x,y\n1,0\n' },
    });
    const dir = join(work, 'clone');
    await simpleGit().clone(repo.gitUrl, dir);
    expect(await readFile(join(dir, 'data/train.csv'), 'utf8')).toBe('x,y\n1,0\n');

    await writeFile(join(dir, 'notes.md'), 'pushed over http\n');
    const local = await git(dir);
    await local.add('notes.md');
    await local.commit('Add notes');
    await local.push('origin', 'main');
    const sha = (await local.revparse(['HEAD'])).trim();

    const octokit = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    const { data: commits } = await octokit.rest.repos.listCommits({
      owner: repo.owner,
      repo: repo.name,
    });
    expect(commits[0]?.sha).toBe(sha);
    expect(commits[0]?.commit.message).toBe('Add notes');
    expect(sandbox.pushes.map((push) => [push.ref, push.after])).toEqual([
      ['refs/heads/main', sha],
    ]);

    // A commit made through REST is visible to git fetch.
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: repo.owner,
      repo: repo.name,
      path: 'api.txt',
      message: 'From the API',
      content: Buffer.from('api\n').toString('base64'),
    });
    await local.pull('origin', 'main');
    expect(await readFile(join(dir, 'api.txt'), 'utf8')).toBe('api\n');
  });

  it('refuses anonymous and read-only pushes', async () => {
    const repo = await sandbox.createRepo({ name: 'guarded' });
    const dir = join(work, 'guarded');
    await simpleGit().clone(repo.cloneUrl, dir);
    await writeFile(join(dir, 'x.txt'), 'x\n');
    const local = await git(dir);
    await local.add('x.txt');
    await local.commit('x');
    await expect(local.push('origin', 'main')).rejects.toThrow(
      /Authentication|401|could not read Username/i,
    );
    const readOnly = new URL(repo.cloneUrl);
    readOnly.username = 'x-access-token';
    readOnly.password = sandbox.createToken({
      repo: repo.fullName,
      permissions: { contents: 'read' },
    });
    await expect(local.push(readOnly.href, 'main')).rejects.toThrow(/403|denied/i);
  });
});
