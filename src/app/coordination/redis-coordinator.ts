import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { RerunLimiter } from '../../flows/apply-command.ts';
import type { Coordinator } from './coordinator.ts';
import { StaleFenceError, withFence, type Fence } from './fence.ts';
import { redisRerunLimiter } from './redis-rerun-limiter.ts';

/** Options of `redisCoordinator`. */
export interface RedisCoordinatorOptions {
  url: string;
  /**
   * How long a claim (a delivery being handled, a lock) outlives its holder: a replica that
   * dies holding one frees it after this long. Live holders renew it every third of it.
   */
  leaseMs?: number;
  /** Prefix of every key, so one Redis can serve several installations of the App. */
  prefix?: string;
}

const DEFAULT_LEASE_MS = 10_000;
/** A handled delivery is remembered this long; GitHub redelivers within hours, not days. */
const DONE_TTL_S = 3 * 24 * 3600;
const POLL_MS = 25;

// Scripts run atomically in Redis: a check and the write it guards cannot be split.
const ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const FINISH = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], 'done', 'EX', ARGV[2]) end return 0`;

/**
 * A coordinator over Redis: deliveries deduplicated across replicas (`SET NX` with a lease,
 * then `done`), per-key locks with fencing tokens (`INCR`), and the rerun limit shared.
 * Connects before it returns, so a wrong `REDIS_URL` stops the App at start, not mid-delivery.
 */
export async function redisCoordinator(options: RedisCoordinatorOptions): Promise<Coordinator> {
  const { Redis: RedisClient } = await importIoredis();
  const redis: Redis = new RedisClient(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Cannot connect to REDIS_URL ${hostOf(options.url)} (${error instanceof Error ? error.message : String(error)}); expected a reachable Redis, or no REDIS_URL for the mode without Redis.`,
    );
  }
  const lease = options.leaseMs ?? DEFAULT_LEASE_MS;
  const prefix = options.prefix ?? 'modelgate:';
  const script = async (body: string, keys: string[], args: Array<string | number>) =>
    Number(await redis.eval(body, keys.length, ...keys, ...args.map(String)));

  /** Renews `key` while `job` runs, as long as it still holds `value`. */
  const holding = async <T>(key: string, value: string, job: () => Promise<T>): Promise<T> => {
    const timer = setInterval(() => {
      void script(RENEW, [key], [value, lease]).catch(() => undefined);
    }, lease / 3);
    try {
      return await job();
    } finally {
      clearInterval(timer);
    }
  };

  const rerunLimiter: RerunLimiter = redisRerunLimiter(redis, `${prefix}rerun:`);
  return {
    mode: `Redis at ${hostOf(options.url)}: deliveries deduplicated, pull requests locked with fencing tokens, the rerun limit and Octokit throttling shared across replicas`,
    async once(id, handle) {
      const key = `${prefix}delivery:${id}`;
      const mine = `running:${randomUUID()}`;
      for (;;) {
        if ((await redis.set(key, mine, 'PX', lease, 'NX')) === 'OK') break;
        const state = await redis.get(key);
        if (state === 'done') return;
        // Another replica is handling it: wait until it is done, or its lease lapses (it died).
        if (state !== null) await sleep(POLL_MS);
      }
      try {
        await holding(key, mine, handle);
      } catch (error) {
        await script(RELEASE, [key], [mine]);
        throw error;
      }
      await script(FINISH, [key], [mine, DONE_TTL_S]);
    },
    async lock(name, job) {
      const key = `${prefix}lock:${name}`;
      const fenceKey = `${prefix}fence:${name}`;
      let token = 0;
      while ((token = await script(ACQUIRE, [key, fenceKey], [lease, DONE_TTL_S * 1000])) === 0)
        await sleep(POLL_MS + Math.random() * POLL_MS);
      const fence: Fence = {
        key: name,
        token,
        async assertCurrent() {
          const latest = await redis.get(fenceKey);
          if (latest !== null && Number(latest) > token)
            throw new StaleFenceError(name, token, latest);
        },
      };
      try {
        return await holding(key, String(token), () => withFence(fence, job));
      } finally {
        await script(RELEASE, [key], [String(token)]);
      }
    },
    rerunLimiter,
    redisUrl: options.url,
    async close() {
      await redis.quit();
    },
  };
}

/** `host:port` of a Redis URL, without the password it may carry. */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unparsable URL';
  }
}

async function importIoredis(): Promise<{ Redis: typeof Redis }> {
  try {
    const { Redis: client } = await import('ioredis');
    return { Redis: client };
  } catch {
    throw new Error(
      'REDIS_URL is set but the optional dependency ioredis is not installed; run `npm install ioredis`, or unset REDIS_URL.',
    );
  }
}
