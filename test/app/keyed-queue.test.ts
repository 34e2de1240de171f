import { expect, test } from 'vitest';
import { KeyedQueue } from '../../src/app/keyed-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

test('runs jobs of one key in order and jobs of different keys side by side', async () => {
  const queue = new KeyedQueue();
  const events: string[] = [];
  const gate = deferred();
  const first = queue.run('pr-1', async () => {
    events.push('1a start');
    await gate.promise;
    events.push('1a end');
  });
  const second = queue.run('pr-1', async () => {
    events.push('1b');
  });
  const other = queue.run('pr-2', async () => {
    events.push('2');
  });
  await other;
  expect(events).toEqual(['1a start', '2']);
  gate.resolve();
  await Promise.all([first, second]);
  expect(events).toEqual(['1a start', '2', '1a end', '1b']);
});

test('a failed job rejects its caller but does not block the next job of the key', async () => {
  const queue = new KeyedQueue();
  const failed = queue.run('pr-1', () => Promise.reject(new Error('boom')));
  const next = queue.run('pr-1', () => Promise.resolve('ok'));
  await expect(failed).rejects.toThrow('boom');
  await expect(next).resolves.toBe('ok');
});

test('onIdle resolves when every queued job has settled', async () => {
  const queue = new KeyedQueue();
  await queue.onIdle();
  const gate = deferred();
  let done = false;
  void queue.run('a', async () => {
    await gate.promise;
    done = true;
  });
  expect(queue.size).toBe(1);
  const idle = queue.onIdle();
  gate.resolve();
  await idle;
  expect(done).toBe(true);
  expect(queue.size).toBe(0);
});

test('runOnce shares a queued or running twin, and runs again once it is done', async () => {
  const queue = new KeyedQueue();
  const gate = deferred();
  let runs = 0;
  const job = async (): Promise<void> => {
    runs += 1;
    await gate.promise;
  };
  const first = queue.runOnce('run-1', 'success', job);
  await Promise.resolve();
  const second = queue.runOnce('run-1', 'success', job);
  const other = queue.runOnce('run-1', 'failure', job);
  expect(second).toBe(first);
  gate.resolve();
  await Promise.all([first, second, other]);
  expect(runs).toBe(2);
  await queue.runOnce('run-1', 'success', job);
  expect(runs).toBe(3);
});
