import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findRecordWithGit,
  readHistoryWithGit,
  recordHistoryWithGit,
} from '../../src/history/git-store.ts';
import { fakeSha, metricsFixture } from './fixtures.ts';
import { bareRemote, git } from './git-repos.ts';

const branch = 'modelgate-history';
let remote: Awaited<ReturnType<typeof bareRemote>>;

beforeEach(async () => {
  remote = await bareRemote();
});
afterEach(async () => {
  await remote.cleanup();
});

async function recordOn(url: string, path: string): Promise<unknown> {
  const dir = await remote.clone(`reader-${Math.random().toString(36).slice(2)}`);
  await git(dir, 'fetch', '--quiet', url, `${branch}:${branch}`);
  return JSON.parse(await git(dir, 'show', `${branch}:${path}`));
}

describe('recordHistoryWithGit', () => {
  it('creates the orphan history branch without touching the checkout', async () => {
    const work = await remote.clone('work');
    await git(work, 'checkout', '--quiet', '-b', 'feature');
    const before = {
      head: await git(work, 'rev-parse', 'HEAD'),
      branch: await git(work, 'branch', '--show-current'),
      status: await git(work, 'status', '--porcelain'),
      remotes: await git(work, 'for-each-ref', 'refs/remotes', 'refs/heads'),
    };

    const sha = fakeSha(1);
    const result = await recordHistoryWithGit({
      cwd: work,
      branch,
      sha,
      metrics: metricsFixture(0.9, sha),
    });

    expect(result.action).toBe('created');
    expect(result.path).toBe(`history/${sha}.json`);
    expect(await recordOn(remote.url, result.path)).toEqual(metricsFixture(0.9, sha));
    // An orphan: no shared history with main.
    const log = await git(work, 'log', '--format=%P', result.commit ?? '');
    expect(log).toBe('');
    expect(await git(work, 'ls-tree', '--name-only', '-r', result.commit ?? '')).toBe(
      `README.md\nhistory/${sha}.json`,
    );
    expect({
      head: await git(work, 'rev-parse', 'HEAD'),
      branch: await git(work, 'branch', '--show-current'),
      status: await git(work, 'status', '--porcelain'),
      remotes: await git(work, 'for-each-ref', 'refs/remotes', 'refs/heads'),
    }).toEqual(before);
  });

  it('never overwrites an existing record', async () => {
    const work = await remote.clone('work');
    const sha = fakeSha(2);
    await recordHistoryWithGit({ cwd: work, branch, sha, metrics: metricsFixture(0.9, sha) });
    const again = await recordHistoryWithGit({
      cwd: work,
      branch,
      sha,
      metrics: metricsFixture(0.5, sha),
    });
    expect(again).toEqual({
      action: 'exists',
      path: `history/${sha}.json`,
      commit: null,
      attempts: 1,
    });
    expect(await recordOn(remote.url, `history/${sha}.json`)).toEqual(metricsFixture(0.9, sha));
  });

  it('keeps every record when writers in different clones race, retrying rejected pushes', async () => {
    const clones = await Promise.all([remote.clone('a'), remote.clone('b'), remote.clone('c')]);
    const shas = Array.from({ length: 6 }, (_, i) => fakeSha(100 + i));
    const results = await Promise.all(
      shas.map((sha, i) =>
        recordHistoryWithGit({
          cwd: clones[i % 3] ?? '',
          branch,
          sha,
          metrics: metricsFixture(0.8 + i / 100, sha),
        }),
      ),
    );
    expect(results.map((r) => r.action)).toEqual(Array(6).fill('created'));

    const reader = await remote.clone('reader');
    await git(reader, 'fetch', '--quiet', 'origin', `${branch}:${branch}`);
    const files = (await git(reader, 'ls-tree', '-r', '--name-only', branch)).split('\n');
    expect(files.sort()).toEqual(['README.md', ...shas.map((sha) => `history/${sha}.json`)].sort());
    // Linear: one root commit holding the README and the first record, then one commit per record.
    expect((await git(reader, 'rev-list', '--count', branch)).trim()).toBe('6');
    for (const [i, sha] of shas.entries()) {
      expect(JSON.parse(await git(reader, 'show', `${branch}:history/${sha}.json`))).toEqual(
        metricsFixture(0.8 + i / 100, sha),
      );
    }
  });

  it('rebuilds on the new tip when another writer pushed between fetch and push', async () => {
    const [a, b] = await Promise.all([remote.clone('a'), remote.clone('b')]);
    const first = fakeSha(11);
    await recordHistoryWithGit({ cwd: a, branch, sha: first, metrics: metricsFixture(0.9, first) });
    // Prepare a competing record on top of the current tip, kept aside on 'staging'.
    await git(b, 'fetch', '--quiet', 'origin', `${branch}:staging`);
    await git(b, 'push', '--quiet', 'origin', 'staging');
    const competitor = fakeSha(12);
    await recordHistoryWithGit({
      cwd: b,
      branch: 'staging',
      sha: competitor,
      metrics: metricsFixture(0.8, competitor),
    });
    // The remote's pre-receive hook lands the competitor on the history branch during our
    // first push, exactly as a concurrent run would.
    await writeFile(
      join(remote.root, 'remote.git', 'hooks', 'pre-receive'),
      `#!/bin/sh\nif [ ! -f raced ]; then touch raced; env -u GIT_QUARANTINE_PATH git update-ref refs/heads/${branch} refs/heads/staging; fi\n`,
      { mode: 0o755 },
    );

    const third = fakeSha(13);
    const result = await recordHistoryWithGit({
      cwd: a,
      branch,
      sha: third,
      metrics: metricsFixture(0.95, third),
    });

    expect(result.action).toBe('created');
    expect(result.attempts).toBe(2);
    const reader = await remote.clone('reader');
    await git(reader, 'fetch', '--quiet', 'origin', `${branch}:${branch}`);
    expect((await git(reader, 'ls-tree', '-r', '--name-only', branch)).split('\n')).toEqual([
      'README.md',
      `history/${first}.json`,
      `history/${competitor}.json`,
      `history/${third}.json`,
    ]);
  });

  it('records one commit once when the same record is written twice at the same time', async () => {
    const [a, b] = await Promise.all([remote.clone('a'), remote.clone('b')]);
    const sha = fakeSha(7);
    const results = await Promise.all([
      recordHistoryWithGit({ cwd: a, branch, sha, metrics: metricsFixture(0.9, sha) }),
      recordHistoryWithGit({ cwd: b, branch, sha, metrics: metricsFixture(0.9, sha) }),
    ]);
    // Either the second writer saw the record, or both built the identical commit (same
    // content, author and second) and the second push was a no-op.
    expect(results.filter((r) => r.action === 'created').length).toBeGreaterThanOrEqual(1);
    const reader = await remote.clone('reader');
    await git(reader, 'fetch', '--quiet', 'origin', `${branch}:${branch}`);
    expect(await git(reader, 'rev-list', '--count', branch)).toBe('1');
    expect(await git(reader, 'ls-tree', '-r', '--name-only', branch)).toBe(
      `README.md\nhistory/${sha}.json`,
    );
  });

  it('leaves no refs behind in the checkout', async () => {
    const work = await remote.clone('work');
    await recordHistoryWithGit({
      cwd: work,
      branch,
      sha: fakeSha(8),
      metrics: metricsFixture(0.9),
    });
    expect(await git(work, 'for-each-ref', '--format=%(refname)')).toBe(
      'refs/heads/main\nrefs/remotes/origin/HEAD\nrefs/remotes/origin/main',
    );
  });

  it('refuses a SHA that is not a full commit SHA before touching git', async () => {
    const work = await remote.clone('work');
    await expect(
      recordHistoryWithGit({ cwd: work, branch, sha: '../../etc', metrics: metricsFixture(0.9) }),
    ).rejects.toThrow(
      'History records are keyed by a full commit SHA (40 hex digits), got "../../etc".',
    );
  });
});

describe('readHistoryWithGit', () => {
  it('reads a record, and gives null for a missing record or branch', async () => {
    const work = await remote.clone('work');
    const sha = fakeSha(3);
    expect(await readHistoryWithGit({ cwd: work, branch, sha })).toBeNull();
    await recordHistoryWithGit({ cwd: work, branch, sha, metrics: metricsFixture(0.93, sha) });
    expect(await readHistoryWithGit({ cwd: work, branch, sha })).toEqual(metricsFixture(0.93, sha));
    expect(await readHistoryWithGit({ cwd: work, branch, sha: fakeSha(4) })).toBeNull();
  });
});

describe('findRecordWithGit', () => {
  it('finds the first candidate with a record, in the order given, with one fetch', async () => {
    const work = await remote.clone('find');
    const [a, b, c] = [fakeSha(11), fakeSha(12), fakeSha(13)];
    expect(
      await findRecordWithGit({ cwd: work, branch: 'find-history', candidates: [a] }),
    ).toBeNull();
    await recordHistoryWithGit({
      cwd: work,
      branch: 'find-history',
      sha: b,
      metrics: metricsFixture(0.8, b),
    });
    await recordHistoryWithGit({
      cwd: work,
      branch: 'find-history',
      sha: c,
      metrics: metricsFixture(0.9, c),
    });
    expect(
      await findRecordWithGit({ cwd: work, branch: 'find-history', candidates: [a, c, b] }),
    ).toEqual({ sha: c, index: 1, metrics: metricsFixture(0.9, c), predictions: null });
    expect(
      await findRecordWithGit({ cwd: work, branch: 'find-history', candidates: [a] }),
    ).toBeNull();
  });

  it('reads the predictions kept beside a record, and ignores ones that do not match it', async () => {
    const work = await remote.clone('predictions');
    const [a, b] = [fakeSha(21), fakeSha(22)];
    // 100 test rows, 80 right: the fixture's accuracy 0.8.
    const csv = (right: number) =>
      [
        'row_id,y_true,y_pred',
        ...Array.from(
          { length: 100 },
          (_, i) => `${i.toString(16).padStart(16, '0')},1,${i < right ? 1 : 0}`,
        ),
      ].join('\n');
    const options = { cwd: work, branch: 'p-history' };
    await recordHistoryWithGit({
      ...options,
      sha: a,
      metrics: metricsFixture(0.8, a),
      predictions: csv(80),
    });
    await recordHistoryWithGit({
      ...options,
      sha: b,
      metrics: metricsFixture(0.8, b),
      predictions: csv(90),
    });
    const found = await findRecordWithGit({ ...options, candidates: [a] });
    expect(found?.predictions?.rowIds).toHaveLength(100);
    expect(found?.predictions?.yPred.slice(78, 82)).toEqual(['1', '1', '0', '0']);
    // A file that gives another accuracy than its record is not this run's: no predictions.
    expect((await findRecordWithGit({ ...options, candidates: [b] }))?.predictions).toBeNull();
  });
});
