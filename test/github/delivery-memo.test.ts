import { expect, test } from 'vitest';
import { memoise } from '../../src/github/delivery-memo.ts';

test('a lookup is made once per arguments, also when the second ask comes before the answer', async () => {
  const asked: string[] = [];
  const lookup = memoise(async (path: string, ref?: string) => {
    asked.push(`${path}@${ref ?? '-'}`);
    return path.length;
  });
  const [a, b] = await Promise.all([lookup('x.yml', 'main'), lookup('x.yml', 'main')]);
  expect([a, b, await lookup('x.yml', 'main')]).toEqual([5, 5, 5]);
  await lookup('x.yml', 'dev');
  await lookup('x.yml');
  expect(asked).toEqual(['x.yml@main', 'x.yml@dev', 'x.yml@-']);
});

test('a failed lookup is forgotten, so the next ask tries again', async () => {
  let calls = 0;
  const lookup = memoise(async (id: number) => {
    calls += 1;
    if (calls === 1) throw new Error('GitHub answered 502');
    return id;
  });
  await expect(lookup(1)).rejects.toThrow('502');
  expect(await lookup(1)).toBe(1);
  expect(calls).toBe(2);
});
