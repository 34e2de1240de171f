import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Coordinator } from '../../src/app/coordination/coordinator.ts';
import { currentFence, StaleFenceError } from '../../src/app/coordination/fence.ts';
import { redisCoordinator } from '../../src/app/coordination/redis-coordinator.ts';
import { redisUnavailable, startRedisServer, type RedisServer } from '../support/redis-server.ts';

/** The Redis coordinator against a real redis-server: dedupe, fenced locks, shared rerun limit. */

const skip = redisUnavailable() !== null;

describe.skipIf(skip)('redisCoordinator', () => {
  let server: RedisServer;
  let a: Coordinator;
  let b: Coordinator;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    a = await redisCoordinator({ url: server.url, leaseMs: 600 });
    b = await redisCoordinator({ url: server.url, leaseMs: 600 });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), admin?.quit()]);
    await server?.stop();
  });

  test('a delivery sent to two replicas runs once; a failed one runs again', async () => {
    let runs = 0;
    const handle = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await Promise.all([a.once('d1', handle), b.once('d1', handle)]);
    await a.once('d1', handle);
    expect(runs).toBe(1);
    await expect(a.once('d2', () => Promise.reject(new Error('GitHub down')))).rejects.toThrow();
    await b.once('d2', handle);
    expect(runs).toBe(2);
  });

  test('a lock holder whose lock passed to a newer token has its writes refused', async () => {
    const order: string[] = [];
    await a.lock('octo/repo#1', async () => {
      const fence = currentFence();
      expect(fence?.token).toBeGreaterThan(0);
      await fence?.assertCurrent(); // still current
      // The holder stalls past its lease (simulated by the lock vanishing); another replica
      // takes the lock with a newer token.
      await admin.del('modelgate:lock:octo/repo#1');
      await b.lock('octo/repo#1', async () => {
        order.push('newer');
      });
      await expect(fence?.assertCurrent()).rejects.toBeInstanceOf(StaleFenceError);
    });
    expect(order).toEqual(['newer']);
  });

  test('locks of one key are held one at a time across replicas', async () => {
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, 40));
      events.push(`${name}-`);
    };
    await Promise.all([a.lock('k', job('a')), b.lock('k', job('b'))]);
    expect(
      [events.slice(0, 2), events.slice(2)].map((pair) => pair[0]?.[0] === pair[1]?.[0]),
    ).toEqual([true, true]);
  });

  test('the rerun limit is shared: three allowed, then one answer, then silence', async () => {
    const takes = [];
    for (const coordinator of [a, b, a, b, a])
      takes.push(await coordinator.rerunLimiter.take('o/r#5'));
    expect(takes).toEqual(['allowed', 'allowed', 'allowed', 'limited', 'dropped']);
  });
});
