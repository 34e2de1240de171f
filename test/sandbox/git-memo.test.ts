import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitMemo } from '../../src/sandbox/git-memo.ts';
import { GitRepo } from '../../src/sandbox/git-repo.ts';

const author = { name: 'Ada', email: 'ada@example.com', date: '2026-01-01T00:00:00Z' };
let dir: string;
let repo: GitRepo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-git-memo-'));
  repo = await GitRepo.init(join(dir, 'r.git'), 'main');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function commit(parents: string[], files: Record<string, string>): Promise<string> {
  return repo.createCommit({ parents, files, message: 'change', author });
}

describe('answers remembered by object id', () => {
  it('gives every caller its own copy of a remembered answer', async () => {
    const sha = await commit([], { 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
    const first = await repo.entry(sha, 'a.txt');
    if (!first) throw new Error('a.txt missing');
    first.path = 'changed by a caller';
    expect((await repo.entry(sha, 'a.txt'))?.path).toBe('a.txt');

    const blob = await repo.blob(first.sha);
    expect(Buffer.isBuffer(blob)).toBe(true);
    blob.fill(0);
    expect((await repo.blob(first.sha)).toString()).toBe('a\n');

    const parsed = await repo.commit(sha);
    parsed.message = 'changed';
    expect((await repo.commit(sha)).message).not.toBe('changed');
    const tree = await repo.listTree(parsed.tree, '', true);
    tree.pop();
    expect((await repo.listTree(parsed.tree, '', true)).map((e) => e.path)).toEqual([
      'a.txt',
      'dir/b.txt',
    ]);
  });

  it('asks again about an object that did not exist yet', async () => {
    const blob = '2e65efe2a145dda7ee51d1741299f848e5bf752e'; // git hash-object of "a"
    expect(await repo.objectType(blob)).toBeNull();
    await repo.writeBlob('a');
    expect(await repo.objectType(blob)).toBe('blob');
  });

  it('never remembers a question asked by ref: a moved branch answers with its new commit', async () => {
    const one = await commit([], { 'x.txt': '1\n' });
    await repo.updateRef('refs/heads/moving', one, null);
    expect(await repo.log('refs/heads/moving', {})).toEqual([one]);
    const two = await commit([one], { 'x.txt': '2\n' });
    await repo.updateRef('refs/heads/moving', two, one);
    expect(await repo.log('refs/heads/moving', {})).toEqual([two, one]);
    expect(await repo.resolve('refs/heads/moving')).toBe(two);
    // The same question by id is fixed forever, and still right.
    expect(await repo.log(one, {})).toEqual([one]);
    expect(await repo.diffNames(one, two)).toEqual([{ status: 'M', path: 'x.txt' }]);
    expect(await repo.mergeBase(one, two)).toBe(one);
  });

  it('answers a second read of an object from memory: git is not asked again', async () => {
    const sha = await repo.writeBlob('kept\n');
    expect((await repo.blob(sha)).toString()).toBe('kept\n');
    // Without its loose object git could no longer answer; the memo still can.
    await rm(join(repo.dir, 'objects', sha.slice(0, 2), sha.slice(2)));
    expect((await repo.blob(sha)).toString()).toBe('kept\n');
  });

  it('forgets a failed read: an object written afterwards is read', async () => {
    const sha = 'c1b0730e0133447badcfd47fd144e254807b06e1'; // git hash-object of "x"
    await expect(repo.blob(sha)).rejects.toThrow();
    await repo.writeBlob('x');
    expect((await repo.blob(sha)).toString()).toBe('x');
  });
});

describe('GitMemo', () => {
  const id = 'a'.repeat(40);
  const mib = (n: number) => Buffer.alloc(n * 2 ** 20);

  it('keeps at most its budget, dropping the least recently asked first', async () => {
    const memo = new GitMemo();
    const computed: string[] = [];
    const ask = (key: string, size: number) =>
      memo.ask(key, [id], async () => {
        computed.push(key);
        return mib(size);
      });
    await ask('a', 20);
    await ask('b', 10);
    await ask('a', 20); // a hit: 'a' is now the most recently asked
    await ask('c', 10); // 40 MiB asked: the least recent, 'b', goes
    expect(memo.keptBytes).toBeLessThanOrEqual(32 * 2 ** 20);
    await ask('a', 20);
    expect(computed).toEqual(['a', 'b', 'c']);
    await ask('b', 10);
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  it('asks every time when a question names something other than a full object id', async () => {
    const memo = new GitMemo();
    let calls = 0;
    const compute = async () => ++calls;
    for (const ids of [['refs/heads/main'], ['HEAD'], ['abc1234'], [id, 'main']])
      await memo.ask(`q ${ids.join(' ')}`, ids, compute);
    await memo.ask('q refs/heads/main', ['refs/heads/main'], compute);
    expect(calls).toBe(5);
    await memo.ask('q id', [id], compute);
    await memo.ask('q id', [id], compute);
    expect(calls).toBe(6);
  });
});
